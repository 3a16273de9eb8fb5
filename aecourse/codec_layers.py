"""Keras layers of lesson 02's learned codec that a saved model must find again when it is loaded.

* :class:`GDN`, generalised divisive normalisation (Ballé, Laparra & Simoncelli 2016), and its inverse: the
  analysis and synthesis transforms' non-linearity.
* :class:`ChannelContext`: the channel-conditional probability model of the code (Minnen & Singh 2020, without
  their hyperprior): each slice of channels gets a Gaussian mean and scale per position, predicted from the slices
  before it. :class:`aecourse.codecs.ContextPrior` is the same network in float64 NumPy, which is what the range
  coder uses; ``tests/test_codecs.py`` checks that the two agree.

Both are registered with Keras (package ``aecourse``), so a codec saved as ``.keras`` on one backend loads on
another. Import this module after :func:`aecourse.setup` has chosen the backend.
"""

from __future__ import annotations

import keras
import numpy as np
from keras import ops

from .codecs import context_masks


@keras.saving.register_keras_serializable(package="aecourse")
class GDN(keras.layers.Layer):
    """Generalised divisive normalisation: ``x / sqrt(beta + Gamma x²)``; the inverse multiplies instead."""

    def __init__(self, inverse=False, **kwargs):
        super().__init__(**kwargs)
        self.inverse = inverse

    def build(self, input_shape):
        c = input_shape[-1]
        self.beta = self.add_weight(shape=(c,), initializer="ones", name="beta")
        self.gamma = self.add_weight(shape=(c, c), initializer=keras.initializers.Identity(0.1), name="gamma")

    def call(self, x):
        norm = ops.sqrt(ops.abs(self.beta) + 1e-6 + ops.matmul(ops.square(x), ops.abs(self.gamma)))
        return x * norm if self.inverse else x / norm

    def get_config(self):
        return {**super().get_config(), "inverse": self.inverse}


@keras.saving.register_keras_serializable(package="aecourse")
class ChannelContext(keras.layers.Layer):
    """Predicts a Gaussian (mean, scale) for every code value from the channel slices coded before it.

    Input: the (noisy or rounded) code ``(batch, H, W, C)``. Output: ``(means, scales)``, each ``(batch, H, W, C)``.
    A learned ``H×W×position_features`` map is concatenated to the code; two masked 3×3 convolutions of
    ``width`` units and a masked 1×1 convolution follow (leaky ReLU, slope 0.2). The masks
    (:func:`aecourse.codecs.context_masks`) let a slice see only earlier slices, so the decoder, which decodes slice
    after slice, can compute the same Gaussians. ``slices=1`` makes it a per-position prior.
    """

    def __init__(self, slices=4, width=64, position_features=8, min_scale=0.11, **kwargs):
        super().__init__(**kwargs)
        self.slices, self.width, self.position_features, self.min_scale = slices, width, position_features, min_scale

    def build(self, input_shape):
        _, h, w, c = input_shape
        p, width = self.position_features, self.width
        self.channels = c
        normal = keras.initializers.RandomNormal(stddev=0.1)
        self.position = self.add_weight(shape=(h, w, p), initializer=normal, name="position")
        shapes = [(3, 3, c + p, width), (width,), (3, 3, width, width), (width,), (1, 1, width, 2 * c), (2 * c,)]
        self.params = [
            self.add_weight(shape=s, initializer="glorot_uniform" if len(s) == 4 else "zeros", name=f"w{i}")
            for i, s in enumerate(shapes)
        ]
        self.masks = [m.reshape((1, 1, *m.shape)) for m in context_masks(c, width, self.slices, p)]

    def numpy_weights(self):
        """The weights in the order :class:`aecourse.codecs.ContextPrior` expects."""
        return [ops.convert_to_numpy(w) for w in (self.position, *self.params)]

    def call(self, y):
        position = ops.broadcast_to(self.position[None], (ops.shape(y)[0], *self.position.shape))
        h = ops.concatenate([y, ops.cast(position, y.dtype)], axis=-1)
        k1, b1, k2, b2, k3, b3 = self.params
        h = ops.leaky_relu(ops.conv(h, k1 * self.masks[0], padding="same") + b1, negative_slope=0.2)
        h = ops.leaky_relu(ops.conv(h, k2 * self.masks[1], padding="same") + b2, negative_slope=0.2)
        out = ops.conv(h, k3 * self.masks[2], padding="same") + b3
        means, log_scales = out[..., : self.channels], out[..., self.channels :]
        return means, ops.maximum(ops.exp(log_scales), self.min_scale)

    def get_config(self):
        return {
            **super().get_config(),
            "slices": self.slices,
            "width": self.width,
            "position_features": self.position_features,
            "min_scale": self.min_scale,
        }


def gaussian_bits(y_hat, means, scales):
    """``-log2`` of a Gaussian's mass on ``[y_hat − ½, y_hat + ½]``, per value (Keras ops; the training rate)."""
    z = (y_hat - means) / (scales * np.sqrt(2.0))
    half = 0.5 / (scales * np.sqrt(2.0))
    mass = ops.maximum(0.5 * (ops.erf(z + half) - ops.erf(z - half)), 1e-9)
    return -ops.log(mass) / np.log(2.0)


# ----------------------------------------------------------------------------- decoding elsewhere


def to_uint8(images) -> np.ndarray:
    """Decoder output in ``[0, 1]``, shape ``(n, h, w, 1)``, to ``uint8`` pixels ``(n, h, w)``."""
    return np.rint(np.clip(np.asarray(images)[..., 0], 0, 1) * 255).astype(np.uint8)


def save_receiver(path, decoder: keras.Model, context: ChannelContext) -> None:
    """Save what a receiver needs, the synthesis transform and the probability model, as one ``.keras`` file."""
    code = keras.Input(shape=decoder.input_shape[1:], name="quantised_code")
    receiver = keras.Model(code, [decoder(code), *context(code)], name="receiver")
    receiver.save(path)


def decode_with_saved(model_path, streams, bound: int) -> tuple[np.ndarray, np.ndarray]:
    """Load a receiver saved by :func:`save_receiver` and decode ``streams``: ``(integer latents, uint8 images)``."""
    from .codecs import ContextPrior, decode_streams

    receiver = keras.saving.load_model(model_path, compile=False)
    context = next(layer for layer in receiver.layers if isinstance(layer, ChannelContext))
    decoder = next(layer for layer in receiver.layers if isinstance(layer, keras.Model))
    q = decode_streams(streams, ContextPrior(context.numpy_weights(), context.slices), bound)
    return q, to_uint8(decoder.predict(q.astype("float32"), batch_size=256, verbose=0))


def decode_on_backend(backend: str, model_path, streams, bound: int, timeout: int = 600):
    """Decode ``streams`` with the saved receiver in a fresh Python process running Keras on ``backend``.

    Returns ``(integer latents, uint8 images)`` as that process decoded them. Used by lesson 02 and its test to
    check that a stream written on one backend decodes exactly on another.
    """
    import os
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory(prefix="aecourse-codec-") as tmp:
        packed = Path(tmp) / "streams.npz"
        np.savez(packed, *[np.frombuffer(s, dtype=np.uint8) for s in streams])
        out = Path(tmp) / "decoded.npz"
        env = {**os.environ, "KERAS_BACKEND": backend}
        cmd = [sys.executable, "-m", "aecourse.codec_layers", str(model_path), str(packed), str(out), str(bound)]
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
        if proc.returncode != 0:
            raise RuntimeError(f"decoding on the {backend} backend failed:\n{proc.stderr[-3000:]}")
        with np.load(out) as decoded:
            return decoded["latents"], decoded["images"]


if __name__ == "__main__":  # python -m aecourse.codec_layers MODEL.keras STREAMS.npz OUT.npz BOUND
    import sys

    _model_path, _packed, _out, _bound = sys.argv[1:5]
    with np.load(_packed) as _files:
        _streams = [_files[k].tobytes() for k in sorted(_files.files, key=lambda k: int(k.split("_")[1]))]
    _q, _images = decode_with_saved(_model_path, _streams, int(_bound))
    np.savez(_out, latents=_q, images=_images, backend=keras.backend.backend())
