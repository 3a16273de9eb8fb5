"""Lesson 02's learned codec: its probability models and its bitstream.

* :func:`encode_streams` / :func:`decode_streams` turn integer latents into real bytes with the ``constriction``
  range coder and back, one or many images per stream, under a Gaussian per code value from a probability model:
  :class:`StaticPrior` (one Gaussian per code position, the same for every image) or :class:`ContextPrior` (the
  channel-conditional context model: each slice of channels predicted from the slices decoded before it, computed
  in float64 NumPy from the trained Keras layer's weights). The Gaussians are snapped to fixed grids
  (:func:`quantize_parameters`) before they reach the coder, so the decoder computes exactly what the encoder
  used, on any backend. Each stream has a 13-byte header whose CRC-32 covers the header and the payload, so a
  truncated, corrupted or edited file is refused with :class:`BitstreamError` instead of decoding to garbage, and
  the decoder checks that the payload is exactly what the decoded values code to, so a hostile one is refused too.
  :func:`code_lengths` gives each symbol's ideal cost in bits (where the bytes go).

The classical codecs it is measured against (JPEG, WebP, PNG), mosaics, rate-distortion curves and the BD-rate are
in :mod:`aecourse.classical`. The model (encoder, decoder) lives in the notebook; its Keras layers that a saved codec
needs are in :mod:`aecourse.codec_layers`. This module needs only the probability model's parameters or weights.
"""

from __future__ import annotations

import struct
import zlib

import numpy as np

MAGIC = b"AE"
VERSION = 2
_FIELDS = struct.Struct("<2sBHBBBB")  # magic, version, n images, latent H, W, C, coding steps (channel slices)
_CRC = struct.Struct("<I")  # CRC-32 of the fields above and of the payload
HEADER_BYTES = _FIELDS.size + _CRC.size  # 13

#: The fixed grids the coder sees (CompressAI's idea of a scale table): predicted scales are snapped to one of
#: ``len(SCALE_TABLE)`` log-spaced values and means to multiples of ``MEAN_STEP``, so that a decoder whose float
#: arithmetic differs in the last bits still hands the range coder the very same numbers in all but the rarest cases.
SCALE_TABLE = np.exp(np.linspace(np.log(0.11), np.log(64.0), 64))
MEAN_STEP = 1.0 / 64


class BitstreamError(ValueError):
    """A compressed stream that cannot be decoded: truncated, corrupted, hostile, or not ours."""


#: The most code values a call of :func:`decode_streams` allocates (about 85,000 images of lesson 02's 7×7×16 code):
#: a header claiming more is refused before any memory is taken.
MAX_SYMBOLS = 2**26


# ----------------------------------------------------------------------------- probability models of the code


def quantize(latents, bound: int) -> np.ndarray:
    """Round to the nearest integer and clip to ``[-bound, bound]``: what the codec stores (int32)."""
    return np.clip(np.rint(np.asarray(latents, dtype="float64")), -bound, bound).astype(np.int32)


def quantize_parameters(means, scales) -> tuple[np.ndarray, np.ndarray]:
    """Snap a Gaussian's means to the ``MEAN_STEP`` grid and its scales to the nearest ``SCALE_TABLE`` entry (in log)."""
    means = np.round(np.asarray(means, dtype=np.float64) / MEAN_STEP) * MEAN_STEP
    log_table = np.log(SCALE_TABLE)
    step = log_table[1] - log_table[0]
    index = np.rint((np.log(np.maximum(np.asarray(scales, dtype=np.float64), 1e-12)) - log_table[0]) / step)
    return means, SCALE_TABLE[np.clip(index, 0, len(SCALE_TABLE) - 1).astype(int)]


def gaussian_bits(q, means, scales) -> np.ndarray:
    """``-log2`` of the mass a Gaussian puts on ``[q - ½, q + ½]``, per symbol (the ideal code length, in bits)."""
    from scipy.special import ndtr

    q, means, scales = (np.asarray(a, dtype=np.float64) for a in (q, means, scales))
    upper, lower = (q - means + 0.5) / scales, (q - means - 0.5) / scales
    # use the tail on the near side of the mean, where ndtr keeps its precision
    flip = (q - means) > 0
    mass = np.where(flip, ndtr(-lower) - ndtr(-upper), ndtr(upper) - ndtr(lower))
    return -np.log2(np.maximum(mass, 1e-12))


class StaticPrior:
    """One Gaussian per code position ``(H, W, C)`` (or per channel ``(C,)``), the same for every image.

    Everything is coded in one step. ``parameters(q)`` returns the (unquantised) means and scales broadcast to
    ``q``'s shape.
    """

    steps = 1

    def __init__(self, means, scales):
        self.means, self.scales = np.asarray(means, np.float64), np.asarray(scales, np.float64)

    @property
    def code_shape(self) -> tuple[int | None, int | None, int]:
        """``(H, W, C)`` of the codes this prior can code; ``None`` where any size will do (a per-channel prior)."""
        shape = np.broadcast_shapes(self.means.shape, self.scales.shape)
        return (shape[0], shape[1], shape[2]) if len(shape) == 3 else (None, None, shape[-1])

    def channels(self, step: int, n_channels: int) -> np.ndarray:
        return np.arange(n_channels)

    def parameters(self, q, step: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        shape = np.shape(q)
        return np.broadcast_to(self.means, shape), np.broadcast_to(self.scales, shape)


def _leaky_relu(x, slope):
    return np.where(x > 0, x, slope * x)


def _conv_same(x, kernel, bias):
    """A stride-1 'same' convolution as Keras computes it (cross-correlation, zero padding), in float64 NumPy."""
    kh, kw, c_in, c_out = kernel.shape
    n, h, w, _ = x.shape
    padded = np.pad(x, ((0, 0), (kh // 2, kh // 2), (kw // 2, kw // 2), (0, 0)))
    columns = np.empty((n, h, w, kh * kw, c_in))
    for i in range(kh):
        for j in range(kw):
            columns[:, :, :, i * kw + j] = padded[:, i : i + h, j : j + w]
    return (columns.reshape(n * h * w, -1) @ kernel.reshape(-1, c_out)).reshape(n, h, w, c_out) + bias


def slice_of(index, size: int, slices: int) -> np.ndarray:
    """Which of ``slices`` consecutive, equal slices each of ``size`` channels (or hidden units) belongs to."""
    return np.asarray(index) * slices // size


def context_masks(channels: int, width: int, slices: int, extra_inputs: int) -> list[np.ndarray]:
    """The connectivity of the channel-conditional context network (as in MADE, Germain et al. 2015).

    Returns masks for its three kernels, shaped ``(inputs, outputs)``: the first layer's hidden units of slice ``s``
    see the code's channels of slices ``< s`` (and every ``extra_inputs`` position feature); hidden layers and the
    output see units of slices ``<= s``. So the Gaussian of a channel in slice ``s`` depends only on slices already
    decoded, and slice 0 depends on the position alone: with one slice this is a per-position prior.
    """
    code, hidden = slice_of(np.arange(channels), channels, slices), slice_of(np.arange(width), width, slices)
    first = np.concatenate([code[:, None] < hidden[None, :], np.ones((extra_inputs, width), bool)])
    middle = hidden[:, None] <= hidden[None, :]
    last = np.concatenate([hidden[:, None] <= code[None, :]] * 2, axis=1)  # means, then log-scales
    return [first.astype(np.float32), middle.astype(np.float32), last.astype(np.float32)]


class ContextPrior:
    """The channel-conditional Gaussian of lesson 02's codec, computed in float64 NumPy from the trained weights.

    The code's ``C`` channels are split into ``steps`` slices, coded one after another; each slice's means and
    scales are predicted from the slices before it (at the same and neighbouring positions, through two 3×3
    convolutions) and a learned per-position feature map. ``weights`` are the Keras layer's, in the order
    ``position, kernel_1, bias_1, kernel_2, bias_2, kernel_3, bias_3``. Computing this model outside Keras, in
    float64, and snapping its output to fixed grids (:func:`quantize_parameters`) makes the stream decode the same on
    any backend. ``aecourse.codec_layers.ChannelContext`` is the same network in Keras, for training; a test keeps
    the two in agreement.
    """

    def __init__(self, weights, steps: int, slope: float = 0.2, min_scale: float = 0.11):
        self.position, *self.layers = [np.asarray(w, dtype=np.float64) for w in weights]
        self.steps, self.slope, self.min_scale = int(steps), slope, min_scale
        channels = self.layers[-1].shape[-1] // 2
        masks = context_masks(channels, self.layers[0].shape[-1], self.steps, self.position.shape[-1])
        self.kernels = [self.layers[i] * mask.reshape((1, 1, *mask.shape)) for i, mask in zip((0, 2, 4), masks)]
        self.channels_count = channels

    @property
    def code_shape(self) -> tuple[int, int, int]:
        """``(H, W, C)`` of the codes this model codes: its position map's size and its channels."""
        return (self.position.shape[0], self.position.shape[1], self.channels_count)

    def channels(self, step: int, n_channels: int) -> np.ndarray:
        return np.flatnonzero(slice_of(np.arange(n_channels), n_channels, self.steps) == step)

    def parameters(self, q, step: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Means and scales for every code value of ``q``, or, with ``step``, for the channels of that slice only.

        A slice's Gaussians depend on the channels of the slices before it, whatever ``q`` holds elsewhere. With
        ``step``, only the hidden units that slice can see are computed (the same numbers, fewer operations).
        """
        q = np.asarray(q, dtype=np.float64)
        c = self.channels_count
        hidden_slice = slice_of(np.arange(self.layers[0].shape[-1]), self.layers[0].shape[-1], self.steps)
        units = np.arange(len(hidden_slice)) if step is None else np.flatnonzero(hidden_slice <= step)
        chans = np.arange(c) if step is None else self.channels(step, c)
        known = np.arange(c) if step is None else np.flatnonzero(slice_of(np.arange(c), c, self.steps) < step)
        inputs = np.concatenate([known, c + np.arange(self.position.shape[-1])])
        position = np.broadcast_to(self.position, (len(q), *self.position.shape))
        h = np.concatenate([q[..., known], position], axis=-1)
        h = _leaky_relu(_conv_same(h, self.kernels[0][:, :, inputs][..., units], self.layers[1][units]), self.slope)
        h = _leaky_relu(_conv_same(h, self.kernels[1][:, :, units][..., units], self.layers[3][units]), self.slope)
        outputs = np.concatenate([chans, c + chans])
        out = _conv_same(h, self.kernels[2][:, :, units][..., outputs], self.layers[5][outputs])
        return out[..., : len(chans)], np.maximum(np.exp(out[..., len(chans) :]), self.min_scale)


def _step_parameters(prior, known, step):
    """Quantised means and scales of the channels coded at ``step``, from the channels decoded before it."""
    chans = prior.channels(step, known.shape[-1])
    means, scales = prior.parameters(known, step)
    return chans, *quantize_parameters(means, scales)


def coding_parameters(q, prior) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """What the coder uses for latents ``q``: per coding step, ``(channels, means, scales)``, snapped to the grids.

    Each step's Gaussians are computed from the channels coded before it, exactly as the decoder will. Computing
    them once lets :func:`encode_streams` and :func:`code_lengths` share them.
    """
    q = np.asarray(q)
    steps = []
    for step in range(prior.steps):
        known = np.where(slice_mask(prior, step, q.shape[-1]), q, 0)
        steps.append(_step_parameters(prior, known, step))
    return steps


def code_lengths(q, prior, parameters=None) -> np.ndarray:
    """Ideal bits of every symbol of ``q`` (shape ``(n, H, W, C)``) under the quantised parameters the coder uses."""
    q = np.asarray(q)
    bits = np.zeros(q.shape)
    for chans, means, scales in parameters or coding_parameters(q, prior):
        bits[..., chans] = gaussian_bits(q[..., chans], means, scales)
    return bits


def slice_mask(prior, step: int, n_channels: int) -> np.ndarray:
    """True for the channels decoded before ``step`` (what the decoder knows when it reaches it)."""
    before = np.zeros(n_channels, bool)
    for s in range(step):
        before[prior.channels(s, n_channels)] = True
    return before


def require_range_coder():
    """The ``constriction`` range coder, or an ImportError that says how to get it (it has no Linux aarch64 wheel)."""
    try:
        import constriction
    except ImportError as exc:
        raise ImportError(
            "lesson 02's range coder needs the 'constriction' package, which is not installed. It publishes wheels for "
            "Linux x86-64, macOS and Windows only: run 'pip install constriction' there; on Linux aarch64 build it from "
            "source with a Rust toolchain (https://github.com/bamler-lab/constriction), or run lesson 02 on Colab."
        ) from exc
    return constriction


def _model(bound: int):
    constriction = require_range_coder()

    return constriction.stream.model.QuantizedGaussian(-bound, bound)


def encode_streams(
    q: np.ndarray, prior, bound: int, images_per_stream: int | None = None, parameters=None
) -> list[bytes]:
    """Range-code integer latents ``q`` of shape ``(n, H, W, C)`` into streams of ``images_per_stream`` images each.

    Each stream has a header (magic, version, its number of images, the code's shape, the prior's number of coding
    steps) and a CRC-32 over header and payload. Within a stream, step by step, each symbol is coded under the
    Gaussian ``prior`` predicts for it from the channels coded before (:class:`StaticPrior`: one step;
    :class:`ContextPrior`: one per channel slice), its parameters snapped to the fixed grids, integrated over
    ``[q − ½, q + ½]`` and restricted to ``[-bound, bound]``. ``q`` must already lie in that range
    (:func:`quantize`). The default, ``images_per_stream=None``, writes one stream for all images.
    ``parameters``, from :func:`coding_parameters` for the same ``q`` and ``prior``, saves computing them again.
    """
    constriction = require_range_coder()

    q = np.asarray(q)
    if q.ndim != 4:
        raise ValueError(f"latents must be (n, H, W, C), got shape {q.shape}")
    if np.abs(q).max(initial=0) > bound:
        raise ValueError(f"latents outside [-{bound}, {bound}]: quantize() them first")
    n, *shape = q.shape
    size = n if images_per_stream is None else int(images_per_stream)
    if size > 0xFFFF or max(shape) > 0xFF or prior.steps > 0xFF:
        raise ValueError(f"at most 65535 images per stream, latents up to 255 per side, got {q.shape}")
    starts = range(0, n, max(size, 1))
    encoders = [constriction.stream.queue.RangeEncoder() for _ in starts]
    model = _model(bound)
    for chans, means, scales in parameters or coding_parameters(q, prior):  # for all images at once
        for encoder, start in zip(encoders, starts):
            part = slice(start, start + size)
            encoder.encode(
                q[part][..., chans].astype(np.int32).ravel(),
                model,
                means[part].ravel().copy(),
                scales[part].ravel().copy(),
            )
    streams = []
    for encoder, start in zip(encoders, starts):
        fields = _FIELDS.pack(MAGIC, VERSION, min(size, n - start), *shape, prior.steps)
        payload = encoder.get_compressed().astype("<u4").tobytes()
        streams.append(fields + _CRC.pack(zlib.crc32(fields + payload)) + payload)
    return streams


def encode_latents(q: np.ndarray, prior, bound: int) -> bytes:
    """All of ``q`` in one stream: :func:`encode_streams` with a single stream."""
    return encode_streams(q, prior, bound)[0]


def read_header(data: bytes) -> tuple[int, tuple[int, int, int], int]:
    """Check a stream's header and CRC; return ``(n_images, (H, W, C), steps)`` or raise :class:`BitstreamError`."""
    if len(data) < HEADER_BYTES:
        raise BitstreamError(
            f"stream too short ({len(data)} bytes; the header alone is {HEADER_BYTES}): truncated or empty"
        )
    magic, version, n, h, w, c, steps = _FIELDS.unpack_from(data)
    if magic != MAGIC:
        raise BitstreamError(f"not an autoencoder-codec stream (starts with {magic!r}, expected {MAGIC!r})")
    if version != VERSION:
        raise BitstreamError(f"stream version {version}, this reader understands version {VERSION}")
    payload = data[HEADER_BYTES:]
    if len(payload) % 4:
        raise BitstreamError(f"payload of {len(payload)} bytes is not whole 32-bit words: the stream is truncated")
    (crc,) = _CRC.unpack_from(data, _FIELDS.size)
    if zlib.crc32(data[: _FIELDS.size] + payload) != crc:
        raise BitstreamError(
            "checksum mismatch: the stream (header or payload) is corrupted or truncated; re-encode the image"
        )
    return n, (h, w, c), steps


def decode_streams(streams, prior, bound: int) -> np.ndarray:
    """Inverse of :func:`encode_streams`: the integer latents of all streams, concatenated, ``(n, H, W, C)`` int32.

    Raises :class:`BitstreamError`, and never returns an array, for a stream that is damaged (its CRC fails), that
    was written for another code shape or another number of coding steps than ``prior`` has, that claims more code
    values than :data:`MAX_SYMBOLS` (checked before anything is allocated), or whose payload is not exactly what
    coding the decoded values gives: a header with a recomputed CRC that claims more or fewer images than were coded,
    or a payload with words missing or added, decodes to values that do not code back to the same payload.
    """
    constriction = require_range_coder()

    headers = [read_header(data) for data in streams]
    shapes = {shape for _, shape, _ in headers}
    if len(shapes) > 1:
        raise BitstreamError(f"the streams hold codes of different shapes {sorted(shapes)}: decode them separately")
    expected = getattr(prior, "code_shape", (None, None, None))
    for shape in shapes:
        if any(want is not None and got != want for got, want in zip(shape, expected)):
            wanted = "×".join("any" if w is None else str(w) for w in expected)
            raise BitstreamError(
                f"the stream holds codes of shape {'×'.join(map(str, shape))}, this probability model codes "
                f"{wanted}: decode it with the model that wrote it"
            )
    for _, _, steps in headers:
        if steps != prior.steps:
            raise BitstreamError(
                f"the stream was written with {steps} coding step(s), this probability model has {prior.steps}: "
                "decode it with the model that wrote it"
            )
    counts = [n for n, _, _ in headers]
    symbols = sum(counts) * (int(np.prod(headers[0][1])) if headers else 0)
    if symbols > MAX_SYMBOLS:
        raise BitstreamError(
            f"the headers claim {sum(counts):,} images, {symbols:,} code values, more than the {MAX_SYMBOLS:,} a "
            "decode may allocate: the stream is hostile or damaged (decode fewer streams at a time if it is not)"
        )
    q = np.zeros((sum(counts), *headers[0][1]) if headers else (0, 1, 1, 1), dtype=np.int32)
    payloads = [np.frombuffer(data[HEADER_BYTES:], dtype="<u4").astype(np.uint32) for data in streams]
    decoders = [constriction.stream.queue.RangeDecoder(words) for words in payloads]
    starts = np.concatenate([[0], np.cumsum(counts)]).astype(int)
    model = _model(bound)
    used = []  # the Gaussians of every step, to code the decoded values again below
    for step in range(prior.steps):
        chans, means, scales = _step_parameters(prior, q, step)  # q holds exactly the slices decoded so far
        used.append((chans, means, scales))
        for decoder, start, end in zip(decoders, starts[:-1], starts[1:]):
            symbols = decoder.decode(model, means[start:end].ravel().copy(), scales[start:end].ravel().copy())
            q[start:end, ..., chans] = np.asarray(symbols, dtype=np.int32).reshape(
                end - start, *q.shape[1:3], len(chans)
            )
    for k, (words, start, end) in enumerate(zip(payloads, starts[:-1], starts[1:])):
        encoder = constriction.stream.queue.RangeEncoder()
        for chans, means, scales in used:
            encoder.encode(
                q[start:end][..., chans].ravel(),
                model,
                means[start:end].ravel().copy(),
                scales[start:end].ravel().copy(),
            )
        if not np.array_equal(encoder.get_compressed(), words):
            raise BitstreamError(
                f"stream {k}: its payload is not what its {end - start} image(s) code to (the header claims another "
                "image count than was coded, or words are missing or added): the stream is hostile or damaged"
            )
    return q


def decode_latents(data: bytes, prior, bound: int) -> np.ndarray:
    """Inverse of :func:`encode_latents`: the integer latents of one stream, ``(n, H, W, C)`` int32."""
    return decode_streams([data], prior, bound)
