"""Lesson 02's codecs: exact round trips, refused bad streams, the baselines, mosaics and BD-rate."""

import os
import sys

import numpy as np
import pytest

from aecourse import classical, codecs

MEANS, SCALES, BOUND = np.array([0.0, 0.5, -1.0]), np.array([1.0, 3.0, 0.4]), 40
PRIOR = codecs.StaticPrior(MEANS, SCALES)


def _latents(seed=0, n=5):
    rng = np.random.default_rng(seed)
    return codecs.quantize(rng.normal(MEANS, SCALES * 1.3, size=(n, 4, 4, 3)), BOUND)


def _context_prior(seed=0, channels=3, slices=3, width=6, features=2, h=4, w=4):
    rng = np.random.default_rng(seed)
    shapes = [(h, w, features), (3, 3, channels + features, width), (width,), (3, 3, width, width), (width,)]
    shapes += [(1, 1, width, 2 * channels), (2 * channels,)]
    return codecs.ContextPrior([rng.normal(0, 0.5, s) for s in shapes], slices)


def test_latents_round_trip_exactly():
    q = _latents()
    data = codecs.encode_latents(q, PRIOR, BOUND)
    assert codecs.read_header(data) == (5, (4, 4, 3), 1)
    np.testing.assert_array_equal(codecs.decode_latents(data, PRIOR, BOUND), q)


def test_context_prior_round_trips_in_one_stream_and_one_per_image():
    prior, q = _context_prior(), _latents(1, n=7)
    np.testing.assert_array_equal(codecs.decode_latents(codecs.encode_latents(q, prior, BOUND), prior, BOUND), q)
    streams = codecs.encode_streams(q, prior, BOUND, images_per_stream=2)  # 2 + 2 + 2 + 1 images
    assert [codecs.read_header(s)[0] for s in streams] == [2, 2, 2, 1]
    np.testing.assert_array_equal(codecs.decode_streams(streams, prior, BOUND), q)


def test_a_slice_depends_only_on_the_slices_before_it():
    prior, q = _context_prior(), _latents(2)
    means, scales = prior.parameters(q)
    for step in range(prior.steps):
        changed = q.copy()
        later = ~codecs.slice_mask(prior, step + 1, 3)
        changed[..., later] += 5  # the channels of this slice and later ones
        m2, s2 = prior.parameters(changed)
        chans = prior.channels(step, 3)
        np.testing.assert_array_equal(m2[..., chans], means[..., chans])
        np.testing.assert_array_equal(s2[..., chans], scales[..., chans])
        # computed for this slice alone (as the coder does): the same Gaussians
        m3, s3 = prior.parameters(np.where(codecs.slice_mask(prior, step, 3), q, 0), step)
        np.testing.assert_allclose(m3, means[..., chans], rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(s3, scales[..., chans], rtol=1e-12, atol=1e-12)
    # and with one slice, the model is a per-position prior: the same Gaussians whatever the code
    single = codecs.ContextPrior([np.asarray(w) for w in [prior.position, *prior.layers]], 1)
    np.testing.assert_array_equal(single.parameters(q)[0], single.parameters(q * 0 + 3)[0])


def test_code_lengths_predict_the_bytes():
    # symbols drawn from the prior: the range coder's payload is within a few words of the ideal code length
    rng = np.random.default_rng(3)
    q = codecs.quantize(rng.normal(MEANS, SCALES, size=(300, 4, 4, 3)), BOUND)
    ideal = codecs.code_lengths(q, PRIOR).sum() / 8
    payload = len(codecs.encode_latents(q, PRIOR, BOUND)) - codecs.HEADER_BYTES
    assert ideal - 4 <= payload < ideal * 1.01 + 8
    # with context the coder never needs much more than the ideal (it may need less in the far tails, where
    # constriction keeps every symbol a minimum probability and code_lengths does not)
    prior, q = _context_prior(), _latents(3, n=200)
    payload = len(codecs.encode_latents(q, prior, BOUND)) - codecs.HEADER_BYTES
    assert payload < codecs.code_lengths(q, prior).sum() / 8 * 1.01 + 8


def test_parameters_snap_to_the_grids():
    means, scales = codecs.quantize_parameters([0.005, -0.3, 2.0], [0.01, 0.5, 1000.0])
    np.testing.assert_allclose(means, [0.0, -19 / 64, 2.0])
    assert scales[0] == codecs.SCALE_TABLE[0] and scales[2] == codecs.SCALE_TABLE[-1]
    assert (
        scales[1] in codecs.SCALE_TABLE
        and abs(np.log(scales[1] / 0.5)) <= np.log(codecs.SCALE_TABLE[1] / codecs.SCALE_TABLE[0]) / 2
    )
    # a difference in the last bits of a float does not change what the coder sees (away from a grid boundary)
    np.testing.assert_array_equal(
        codecs.quantize_parameters([0.3 + 1e-12], [0.7 * (1 + 1e-12)])[1], codecs.quantize_parameters([0.3], [0.7])[1]
    )


def test_rate_follows_the_prior():
    # symbols that are likely under the prior cost few bits, unlikely ones many
    likely = np.zeros((20, 4, 4, 3), np.int32) + np.rint(MEANS).astype(np.int32)
    unlikely = np.full((20, 4, 4, 3), 12, np.int32)
    assert len(codecs.encode_latents(likely, PRIOR, BOUND)) < len(codecs.encode_latents(unlikely, PRIOR, BOUND)) / 5


def test_quantize_rounds_and_clips():
    np.testing.assert_array_equal(codecs.quantize(np.array([0.4, 0.6, -2.5, 99.0, -99.0]), 10), [0, 1, -2, 10, -10])
    with pytest.raises(ValueError, match="quantize"):
        codecs.encode_latents(np.full((1, 1, 1, 3), 50, np.int32), PRIOR, BOUND)


def _set_count(data, n):  # rewrite the header's image count, keep its old CRC
    return data[:3] + n.to_bytes(2, "little") + data[5:]


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda d: d[:-4], "checksum"),
        (lambda d: d[:-1], "truncated"),
        (lambda d: d[:5], "too short"),
        (lambda d: b"", "too short"),
        (lambda d: d[:-3] + bytes([d[-3] ^ 0xFF]) + d[-2:], "corrupted"),
        (lambda d: _set_count(d, 6), "header or payload"),  # a header edited to claim another image count
        (lambda d: d[:5] + bytes([2]) + d[6:], "header or payload"),  # ... or another latent shape
        (lambda d: b"XX" + d[2:], "not an autoencoder-codec stream"),
        (lambda d: d[:2] + bytes([9]) + d[3:], "version 9"),
    ],
)
def test_damaged_streams_are_refused_with_a_clear_error(damage, message):
    data = codecs.encode_latents(_latents(), PRIOR, BOUND)
    with pytest.raises(codecs.BitstreamError, match=message):
        codecs.decode_latents(damage(data), PRIOR, BOUND)


def test_a_stream_is_refused_by_a_model_with_other_coding_steps():
    data = codecs.encode_latents(_latents(), _context_prior(slices=3), BOUND)
    with pytest.raises(codecs.BitstreamError, match="3 coding step"):
        codecs.decode_latents(data, _context_prior(slices=1), BOUND)


def _forged(data, n=None, shape=None, payload=None):
    """A stream with header fields rewritten and its CRC recomputed: what a hostile writer, not noise, produces."""
    import zlib

    fields = list(codecs._FIELDS.unpack_from(data))
    if n is not None:
        fields[2] = n
    if shape is not None:
        fields[3:6] = shape
    head = codecs._FIELDS.pack(*fields)
    body = data[codecs.HEADER_BYTES :] if payload is None else payload
    return head + codecs._CRC.pack(zlib.crc32(head + body)) + body


@pytest.mark.parametrize(
    "forge, message",
    [
        (lambda d: _forged(d, n=6), "not what its 6 image"),  # more images than were coded
        (lambda d: _forged(d, n=2), "not what its 2 image"),  # fewer
        (lambda d: _forged(d, payload=b""), "not what its 5 image"),  # no payload at all
        (lambda d: _forged(d, payload=d[codecs.HEADER_BYTES :] + b"\0\0\0\0"), "not what"),  # a word added
        (lambda d: _forged(d, payload=d[codecs.HEADER_BYTES : -4]), "not what"),  # a word dropped
        (lambda d: _forged(d, shape=(8, 8, 16)), "shape 8×8×16"),  # another code shape than the model's
        (lambda d: _forged(d, n=65535, shape=(255, 255, 3)), "shape 255×255×3"),
    ],
)
def test_hostile_streams_with_a_valid_crc_are_refused(forge, message):
    prior, q = _context_prior(), _latents(3)
    data = codecs.encode_latents(q, prior, BOUND)
    with pytest.raises(codecs.BitstreamError, match=message):
        codecs.decode_latents(forge(data), prior, BOUND)


def test_a_header_claiming_too_much_is_refused_before_allocating():
    """A per-channel prior fixes only C, so the size cap is what stops a claim of 65,535 images of 255×255."""
    data = _forged(codecs.encode_latents(_latents(), PRIOR, BOUND), n=65535, shape=(255, 255, 3))
    with pytest.raises(codecs.BitstreamError, match="more than the"):
        codecs.decode_latents(data, PRIOR, BOUND)
    assert 65535 * 255 * 255 * 3 > codecs.MAX_SYMBOLS


def test_random_damage_never_decodes_silently():
    """Every single-bit flip of a stream is refused (by the CRC, or by the payload check behind it)."""
    prior, q = _context_prior(), _latents(4, n=3)
    data = codecs.encode_latents(q, prior, BOUND)
    for bit in range(0, 8 * len(data), 7):
        damaged = bytearray(data)
        damaged[bit // 8] ^= 1 << (bit % 8)
        with pytest.raises(codecs.BitstreamError):
            codecs.decode_latents(bytes(damaged), prior, BOUND)


def test_classical_codecs_round_trip_and_png_is_lossless():
    rng = np.random.default_rng(0)
    image = (rng.random((56, 84)) * 255).astype(np.uint8)
    assert (classical.decode_image(classical.png(image)) == image).all()
    for encode in (lambda x: classical.jpeg(x, 75), lambda x: classical.webp(x, 75)):
        out = classical.decode_image(encode(image))
        assert out.shape == image.shape and out.dtype == np.uint8
    assert len(classical.jpeg(image, 10)) < len(classical.jpeg(image, 90))
    with pytest.raises(ValueError, match="grey uint8"):
        classical.jpeg(image.astype(np.float32), 50)


def test_mosaic_round_trip():
    tiles = np.arange(6 * 2 * 3).reshape(6, 2, 3)
    grid = classical.mosaic(tiles, cols=3)
    assert grid.shape == (4, 9)
    assert (grid[:2, 3:6] == tiles[1]).all() and (grid[2:, :3] == tiles[3]).all()
    np.testing.assert_array_equal(classical.unmosaic(grid, 2, 3), tiles)
    with pytest.raises(ValueError, match="rows of 4"):
        classical.mosaic(tiles, cols=4)


def test_grayscale_tiles():
    rng = np.random.default_rng(0)
    photos = [(rng.random((60, 90, 3)) * 255).astype(np.uint8), (rng.random((90, 60, 3)) * 255).astype(np.uint8)]
    tiles = classical.grayscale_tiles(photos, size=28, n=10, seed=1)
    assert tiles.shape == (10, 28, 28) and tiles.dtype == np.uint8
    np.testing.assert_array_equal(tiles, classical.grayscale_tiles(photos, size=28, n=10, seed=1))


def test_bd_rate_hand_checked():
    # Hand-checked: the test codec needs exactly half the bits of the anchor at every PSNR -> -50 %.
    psnr = np.array([30.0, 32.0, 34.0, 36.0, 38.0])
    anchor = np.array([0.2, 0.35, 0.6, 1.0, 1.7])
    assert classical.bd_rate(anchor, psnr, anchor / 2, psnr) == pytest.approx(-50.0, abs=1e-9)
    assert classical.bd_rate(anchor, psnr, anchor * 1.2, psnr) == pytest.approx(20.0, abs=1e-9)
    # Hand-checked with an offset curve: test is anchor shifted +1 dB, log-rate linear in PSNR with slope s:
    # log R_test(p) = log R_anchor(p - 1) => delta log R = -s  => BD-rate = exp(-s) - 1.
    s = 0.25
    log_rate = -3 + s * psnr
    bd = classical.bd_rate(np.exp(log_rate), psnr, np.exp(log_rate), psnr + 1.0)
    assert bd == pytest.approx(100 * (np.exp(-s) - 1), abs=1e-9)  # -22.12 %


def test_bd_rate_refuses_curves_that_do_not_overlap():
    with pytest.raises(ValueError, match="do not overlap"):
        classical.bd_rate([1, 2], [30, 32], [1, 2], [40, 42])
    with pytest.raises(ValueError, match="two points"):
        classical.bd_rate([1, 1], [30, 30], [1, 2], [30, 32])


def test_rd_point_uses_the_course_psnr_on_uint8_tiles():
    a = np.zeros((2, 8, 8), np.uint8)
    b = a.copy()
    b[0, 0, 0] = 64  # image 0: one pixel off by 64 among 64 -> MSE 64; image 1 exact (capped at 100 dB)
    point = classical.rd_point(a, b, n_bytes=4)
    assert point["psnr"] == pytest.approx((10 * np.log10(255**2 / 64.0) + 100.0) / 2)
    assert point["bpp"] == pytest.approx(4 * 8 / 128)
    with pytest.raises(ValueError, match="shapes differ"):
        classical.rd_point(a, b[:1], 4)


def test_groups_split_whole_mosaics_only():
    tiles = np.zeros((8, 2, 2), np.uint8)
    assert [len(g) for g in classical.groups(tiles, group=2)] == [4, 4]
    with pytest.raises(ValueError, match="whole mosaics"):
        classical.groups(tiles[:6], group=2)


def _smooth_tiles(n=16, seed=0):
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:28, 0:28]
    tiles = [
        128 + 60 * np.sin(xx / rng.uniform(3, 6) + rng.uniform(0, 6)) * np.cos(yy / rng.uniform(3, 6)) for _ in range(n)
    ]
    return np.clip(tiles, 0, 255).astype(np.uint8)


def test_classical_rd_counts_every_byte_and_gets_better_with_quality():
    tiles = _smooth_tiles()
    mosaic = classical.classical_rd(tiles, "jpeg", [10, 50, 90], group=4)
    single = classical.classical_rd(tiles, "jpeg", [10, 50, 90], per_image=True)
    # rate is the bytes of the files themselves
    expected = classical.bits_per_pixel(len(classical.jpeg(classical.mosaic(tiles, 4), 50)), tiles.size)
    assert mosaic["bpp"][1] == pytest.approx(expected)
    assert single["bpp"][1] == pytest.approx(
        classical.bits_per_pixel(sum(len(classical.jpeg(t, 50)) for t in tiles), tiles.size)
    )
    assert mosaic["quality"] == [10, 50, 90]
    assert np.all(np.diff(mosaic["bpp"]) > 0) and np.all(np.diff(mosaic["psnr"]) > 0)
    # sixteen headers cost more than one: per-image files need more bits at every quality
    assert all(s > m for s, m in zip(single["bpp"], mosaic["bpp"]))
    assert all(0 < v <= 1 for v in mosaic["ssim"])
    webp = classical.classical_rd(tiles, "webp", [5, 80], group=4)
    assert webp["psnr"][1] > webp["psnr"][0]
    with pytest.raises(ValueError, match="unknown codec"):
        classical.classical_rd(tiles, "avif", [50])


def test_without_constriction_the_codec_says_how_to_get_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "constriction", None)  # as on Linux aarch64, where it has no wheel
    q = codecs.quantize(np.zeros((1, 2, 2, 1)), 4)
    with pytest.raises(ImportError, match="constriction.*aarch64.*Colab"):
        codecs.encode_latents(q, codecs.StaticPrior(np.zeros(1), np.ones(1)), 4)


_WRITER = """
import sys
import numpy as np
import keras
from keras import layers
from aecourse import codecs
from aecourse.codec_layers import GDN, ChannelContext, save_receiver

keras.utils.set_random_seed(0)
image = keras.Input((28, 28, 1))
h = GDN()(layers.Conv2D(8, 3, strides=2, padding="same")(image))
encoder = keras.Model(image, layers.Conv2D(4, 3, strides=2, padding="same")(h) * 3.0)
code = keras.Input((7, 7, 4))
g = GDN(inverse=True)(layers.Conv2DTranspose(8, 3, strides=2, padding="same")(code))
decoder = keras.Model(code, layers.Conv2DTranspose(1, 3, strides=2, padding="same", activation="sigmoid")(g))
context = ChannelContext(slices=4, width=16, position_features=2)
context(keras.ops.zeros((1, 7, 7, 4)))
images = np.random.default_rng(0).random((40, 28, 28, 1)).astype("float32")
q = codecs.quantize(encoder.predict(images, verbose=0), 127)
prior = codecs.ContextPrior(context.numpy_weights(), context.slices)
streams = codecs.encode_streams(q, prior, 127, images_per_stream=8)
save_receiver(sys.argv[1], decoder, context)
np.savez(sys.argv[2], *[np.frombuffer(s, np.uint8) for s in streams], latents=q)
"""


@pytest.mark.parametrize(
    "writer, reader", [("tensorflow", "torch"), ("torch", "jax"), ("jax", "tensorflow")], ids=lambda b: b
)
def test_a_stream_written_on_one_backend_decodes_exactly_on_the_other(tmp_path, writer, reader):
    pytest.importorskip("keras")
    for backend in (writer, reader):
        pytest.importorskip(backend)
    import subprocess

    from aecourse.codec_layers import decode_on_backend

    model, written = tmp_path / "receiver.keras", tmp_path / "written.npz"
    env = {**os.environ, "KERAS_BACKEND": writer}
    proc = subprocess.run(
        [sys.executable, "-c", _WRITER, str(model), str(written)], env=env, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    with np.load(written) as f:
        expected = f["latents"]
        streams = [
            f[k].tobytes() for k in sorted((k for k in f.files if k.startswith("arr_")), key=lambda k: int(k[4:]))
        ]
    assert len(streams) == 5 and np.abs(expected).max() > 0  # the code is not trivially all zeros
    latents, images = decode_on_backend(reader, model, streams, 127)
    np.testing.assert_array_equal(latents, expected)
    _, images_writer = decode_on_backend(writer, model, streams, 127)
    assert np.abs(images.astype(int) - images_writer).max() <= 1  # the pixels: the same up to float rounding


def test_the_keras_context_model_and_the_coders_numpy_twin_agree():
    from aecourse import runtime

    runtime.setup("smoke", os.environ.get("KERAS_BACKEND", "tensorflow"), quiet=True)
    import keras

    from aecourse.codec_layers import ChannelContext

    layer = ChannelContext(slices=4, width=16, position_features=3)
    y = np.random.default_rng(0).normal(0, 2, (6, 7, 7, 8)).astype("float32")
    layer(keras.ops.zeros((1, 7, 7, 8)))
    for w in layer.weights:  # away from the initial zeros, so every path carries weight
        w.assign(np.random.default_rng(1).normal(0, 0.3, w.shape))
    means, scales = (keras.ops.convert_to_numpy(t) for t in layer(keras.ops.convert_to_tensor(y)))
    twin_means, twin_scales = codecs.ContextPrior(layer.numpy_weights(), 4).parameters(y)
    np.testing.assert_allclose(means, twin_means, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(scales, twin_scales, rtol=1e-4, atol=1e-4)
