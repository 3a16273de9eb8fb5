"""Lesson 02's codecs: exact round trips, refused bad streams, the baselines, mosaics and BD-rate."""

import sys

import numpy as np
import pytest

from aecourse import codecs

MEANS, SCALES, BOUND = np.array([0.0, 0.5, -1.0]), np.array([1.0, 3.0, 0.4]), 40


def _latents(seed=0, n=5):
    rng = np.random.default_rng(seed)
    return codecs.quantize(rng.normal(MEANS, SCALES * 1.3, size=(n, 4, 4, 3)), BOUND)


def test_latents_round_trip_exactly():
    q = _latents()
    data = codecs.encode_latents(q, MEANS, SCALES, BOUND)
    assert codecs.read_header(data) == (5, (4, 4, 3))
    np.testing.assert_array_equal(codecs.decode_latents(data, MEANS, SCALES, BOUND), q)


def test_rate_follows_the_prior():
    # symbols that are likely under the prior cost few bits, unlikely ones many
    likely = np.zeros((20, 4, 4, 3), np.int32) + np.rint(MEANS).astype(np.int32)
    unlikely = np.full((20, 4, 4, 3), 12, np.int32)
    assert (
        len(codecs.encode_latents(likely, MEANS, SCALES, BOUND))
        < len(codecs.encode_latents(unlikely, MEANS, SCALES, BOUND)) / 5
    )


def test_quantize_rounds_and_clips():
    np.testing.assert_array_equal(codecs.quantize(np.array([0.4, 0.6, -2.5, 99.0, -99.0]), 10), [0, 1, -2, 10, -10])
    with pytest.raises(ValueError, match="quantize"):
        codecs.encode_latents(np.full((1, 1, 1, 3), 50, np.int32), MEANS, SCALES, BOUND)


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda d: d[:-4], "checksum"),
        (lambda d: d[:-1], "truncated"),
        (lambda d: d[:5], "too short"),
        (lambda d: b"", "too short"),
        (lambda d: d[:-3] + bytes([d[-3] ^ 0xFF]) + d[-2:], "corrupted"),
        (lambda d: b"XX" + d[2:], "not an autoencoder-codec stream"),
        (lambda d: d[:2] + bytes([9]) + d[3:], "version 9"),
    ],
)
def test_damaged_streams_are_refused_with_a_clear_error(damage, message):
    data = codecs.encode_latents(_latents(), MEANS, SCALES, BOUND)
    with pytest.raises(codecs.BitstreamError, match=message):
        codecs.decode_latents(damage(data), MEANS, SCALES, BOUND)


def test_classical_codecs_round_trip_and_png_is_lossless():
    rng = np.random.default_rng(0)
    image = (rng.random((56, 84)) * 255).astype(np.uint8)
    assert (codecs.decode_image(codecs.png(image)) == image).all()
    for encode in (lambda x: codecs.jpeg(x, 75), lambda x: codecs.webp(x, 75)):
        out = codecs.decode_image(encode(image))
        assert out.shape == image.shape and out.dtype == np.uint8
    assert len(codecs.jpeg(image, 10)) < len(codecs.jpeg(image, 90))
    with pytest.raises(ValueError, match="grey uint8"):
        codecs.jpeg(image.astype(np.float32), 50)


def test_mosaic_round_trip():
    tiles = np.arange(6 * 2 * 3).reshape(6, 2, 3)
    grid = codecs.mosaic(tiles, cols=3)
    assert grid.shape == (4, 9)
    assert (grid[:2, 3:6] == tiles[1]).all() and (grid[2:, :3] == tiles[3]).all()
    np.testing.assert_array_equal(codecs.unmosaic(grid, 2, 3), tiles)
    with pytest.raises(ValueError, match="rows of 4"):
        codecs.mosaic(tiles, cols=4)


def test_grayscale_tiles():
    rng = np.random.default_rng(0)
    photos = [(rng.random((60, 90, 3)) * 255).astype(np.uint8), (rng.random((90, 60, 3)) * 255).astype(np.uint8)]
    tiles = codecs.grayscale_tiles(photos, size=28, n=10, seed=1)
    assert tiles.shape == (10, 28, 28) and tiles.dtype == np.uint8
    np.testing.assert_array_equal(tiles, codecs.grayscale_tiles(photos, size=28, n=10, seed=1))


def test_bd_rate_hand_checked():
    # Hand-checked: the test codec needs exactly half the bits of the anchor at every PSNR -> -50 %.
    psnr = np.array([30.0, 32.0, 34.0, 36.0, 38.0])
    anchor = np.array([0.2, 0.35, 0.6, 1.0, 1.7])
    assert codecs.bd_rate(anchor, psnr, anchor / 2, psnr) == pytest.approx(-50.0, abs=1e-9)
    assert codecs.bd_rate(anchor, psnr, anchor * 1.2, psnr) == pytest.approx(20.0, abs=1e-9)
    # Hand-checked with an offset curve: test is anchor shifted +1 dB, log-rate linear in PSNR with slope s:
    # log R_test(p) = log R_anchor(p - 1) => delta log R = -s  => BD-rate = exp(-s) - 1.
    s = 0.25
    log_rate = -3 + s * psnr
    bd = codecs.bd_rate(np.exp(log_rate), psnr, np.exp(log_rate), psnr + 1.0)
    assert bd == pytest.approx(100 * (np.exp(-s) - 1), abs=1e-9)  # -22.12 %


def test_bd_rate_refuses_curves_that_do_not_overlap():
    with pytest.raises(ValueError, match="do not overlap"):
        codecs.bd_rate([1, 2], [30, 32], [1, 2], [40, 42])
    with pytest.raises(ValueError, match="two points"):
        codecs.bd_rate([1, 1], [30, 30], [1, 2], [30, 32])


def test_rd_point_uses_the_course_psnr_on_uint8_tiles():
    a = np.zeros((2, 8, 8), np.uint8)
    b = a.copy()
    b[0, 0, 0] = 64  # image 0: one pixel off by 64 among 64 -> MSE 64; image 1 exact (capped at 100 dB)
    point = codecs.rd_point(a, b, n_bytes=4)
    assert point["psnr"] == pytest.approx((10 * np.log10(255**2 / 64.0) + 100.0) / 2)
    assert point["bpp"] == pytest.approx(4 * 8 / 128)
    with pytest.raises(ValueError, match="shapes differ"):
        codecs.rd_point(a, b[:1], 4)


def test_groups_split_whole_mosaics_only():
    tiles = np.zeros((8, 2, 2), np.uint8)
    assert [len(g) for g in codecs.groups(tiles, group=2)] == [4, 4]
    with pytest.raises(ValueError, match="whole mosaics"):
        codecs.groups(tiles[:6], group=2)


def _smooth_tiles(n=16, seed=0):
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:28, 0:28]
    tiles = [
        128 + 60 * np.sin(xx / rng.uniform(3, 6) + rng.uniform(0, 6)) * np.cos(yy / rng.uniform(3, 6)) for _ in range(n)
    ]
    return np.clip(tiles, 0, 255).astype(np.uint8)


def test_classical_rd_counts_every_byte_and_gets_better_with_quality():
    tiles = _smooth_tiles()
    mosaic = codecs.classical_rd(tiles, "jpeg", [10, 50, 90], group=4)
    single = codecs.classical_rd(tiles, "jpeg", [10, 50, 90], per_image=True)
    # rate is the bytes of the files themselves
    expected = codecs.bits_per_pixel(len(codecs.jpeg(codecs.mosaic(tiles, 4), 50)), tiles.size)
    assert mosaic["bpp"][1] == pytest.approx(expected)
    assert single["bpp"][1] == pytest.approx(
        codecs.bits_per_pixel(sum(len(codecs.jpeg(t, 50)) for t in tiles), tiles.size)
    )
    assert mosaic["quality"] == [10, 50, 90]
    assert np.all(np.diff(mosaic["bpp"]) > 0) and np.all(np.diff(mosaic["psnr"]) > 0)
    # sixteen headers cost more than one: per-image files need more bits at every quality
    assert all(s > m for s, m in zip(single["bpp"], mosaic["bpp"]))
    assert all(0 < v <= 1 for v in mosaic["ssim"])
    webp = codecs.classical_rd(tiles, "webp", [5, 80], group=4)
    assert webp["psnr"][1] > webp["psnr"][0]
    with pytest.raises(ValueError, match="unknown codec"):
        codecs.classical_rd(tiles, "avif", [50])


def test_without_constriction_the_codec_says_how_to_get_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "constriction", None)  # as on Linux aarch64, where it has no wheel
    q = codecs.quantize(np.zeros((1, 2, 2, 1)), 4)
    with pytest.raises(ImportError, match="constriction.*aarch64.*Colab"):
        codecs.encode_latents(q, np.zeros(1), np.ones(1), 4)
