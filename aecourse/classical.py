"""Lesson 02's baselines and yardsticks: the classical codecs, mosaics, rate-distortion curves and the BD-rate.

* :func:`jpeg`, :func:`webp`, :func:`png` compress a grey ``uint8`` image with Pillow and return the bytes;
  :func:`decode_image` reads them back.
* :func:`mosaic` / :func:`unmosaic` tile many small images into one, so that a codec's fixed header cost is
  shared; :func:`grayscale_tiles` cuts grey tiles from photographs (the out-of-domain test).
* :func:`classical_rd` measures a JPEG or WebP rate-distortion curve on tiles, on mosaics or one file per image;
  :func:`rd_point` turns decoded tiles and a byte count into (bpp, PSNR, SSIM), with the course's one
  PSNR (:func:`aecourse.metrics.psnr`: per image, then averaged).
* :func:`bd_rate` is the Bjøntegaard delta rate between two rate-distortion curves, in percent; its uncertainty
  over the test images is :mod:`aecourse.rd_bootstrap`'s.

The learned codec they are compared with is :mod:`aecourse.codecs`.
"""

from __future__ import annotations

import io

import numpy as np

# ----------------------------------------------------------------------------- classical codecs (Pillow)


def _save(image: np.ndarray, fmt: str, **options) -> bytes:
    from PIL import Image

    image = np.asarray(image)
    if image.dtype != np.uint8 or image.ndim != 2:
        raise ValueError(f"expected a grey uint8 image (H, W), got {image.dtype} {image.shape}")
    buffer = io.BytesIO()
    Image.fromarray(image, mode="L").save(buffer, format=fmt, **options)
    return buffer.getvalue()


def jpeg(image: np.ndarray, quality: int) -> bytes:
    """Baseline JPEG, grey, optimised Huffman tables, no chroma (Pillow / libjpeg)."""
    return _save(image, "JPEG", quality=int(quality), optimize=True)


def webp(image: np.ndarray, quality: int) -> bytes:
    """Lossy WebP at ``quality`` 0..100, slowest (best) encoder effort (Pillow / libwebp)."""
    return _save(image, "WEBP", quality=int(quality), method=6)


def png(image: np.ndarray) -> bytes:
    """Lossless PNG at maximum zlib effort: the lossless reference."""
    return _save(image, "PNG", optimize=True)


def decode_image(data: bytes) -> np.ndarray:
    """Decode JPEG/WebP/PNG bytes to a grey ``uint8`` array."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as img:
        return np.asarray(img.convert("L"))


def bits_per_pixel(n_bytes: int, n_pixels: int) -> float:
    """Rate: ``n_bytes · 8 / n_pixels`` (headers included: count every byte that is stored)."""
    return 8.0 * n_bytes / n_pixels


# ----------------------------------------------------------------------------- mosaics and tiles


def mosaic(tiles: np.ndarray, cols: int) -> np.ndarray:
    """Lay ``(n, h, w)`` tiles out row by row in a grid ``cols`` wide (``n`` must be a multiple of ``cols``)."""
    tiles = np.asarray(tiles)
    n, h, w = tiles.shape
    if n % cols:
        raise ValueError(f"{n} tiles do not fill rows of {cols}")
    return tiles.reshape(n // cols, cols, h, w).transpose(0, 2, 1, 3).reshape(n // cols * h, cols * w)


def unmosaic(image: np.ndarray, h: int, w: int) -> np.ndarray:
    """Inverse of :func:`mosaic`: the ``(n, h, w)`` tiles, row by row."""
    rows, cols = image.shape[0] // h, image.shape[1] // w
    return np.asarray(image).reshape(rows, h, cols, w).transpose(0, 2, 1, 3).reshape(rows * cols, h, w)


def grayscale_tiles(photos, size: int = 28, n: int = 256, seed: int = 0) -> np.ndarray:
    """``n`` grey ``size``×``size`` ``uint8`` tiles cut at seeded random grid positions from RGB photographs.

    Grey is ITU-R 601 luma, as Pillow's ``convert("L")``. Used for lesson 02's out-of-domain test on Kodak.
    """
    from PIL import Image

    rng = np.random.default_rng(seed)
    pool = []
    for photo in photos:
        grey = np.asarray(Image.fromarray(np.asarray(photo, dtype=np.uint8)).convert("L"))
        pool.append(unmosaic(grey[: grey.shape[0] // size * size, : grey.shape[1] // size * size], size, size))
    pool = np.concatenate(pool)
    return pool[np.sort(rng.choice(len(pool), size=n, replace=False))]


# ----------------------------------------------------------------------------- Bjøntegaard delta rate


def bd_rate(anchor_rate, anchor_psnr, test_rate, test_psnr) -> float:
    """Bjøntegaard delta rate of ``test`` against ``anchor``, in percent (negative: test needs fewer bits).

    Each curve's log-rate is interpolated as a function of PSNR with a monotone piecewise-cubic (PCHIP)
    interpolant, as in the common "bjontegaard" implementations, and the average log-rate difference over the
    PSNR range both curves cover is turned into a percentage: ``100·(exp(mean Δ log R) − 1)``.
    Raises ``ValueError`` when a curve has fewer than two distinct points or the curves do not overlap.
    """
    from scipy.interpolate import PchipInterpolator

    def curve(rate, quality, name):
        rate, quality = np.asarray(rate, dtype=float), np.asarray(quality, dtype=float)
        if np.any(rate <= 0) or not (np.isfinite(rate).all() and np.isfinite(quality).all()):
            raise ValueError(f"{name}: rates must be positive and every value finite")
        order = np.argsort(quality)
        quality, log_rate = quality[order], np.log(rate[order])
        keep = np.concatenate([[True], np.diff(quality) > 0])
        if keep.sum() < 2:
            raise ValueError(f"{name}: need at least two points with different PSNR")
        return PchipInterpolator(quality[keep], log_rate[keep]), quality[keep][0], quality[keep][-1]

    f_anchor, lo_a, hi_a = curve(anchor_rate, anchor_psnr, "anchor")
    f_test, lo_t, hi_t = curve(test_rate, test_psnr, "test")
    lo, hi = max(lo_a, lo_t), min(hi_a, hi_t)
    if hi <= lo:
        raise ValueError(
            f"the curves do not overlap in PSNR (anchor {lo_a:.2f}–{hi_a:.2f}, test {lo_t:.2f}–{hi_t:.2f})"
        )
    grid = np.linspace(lo, hi, 1001)
    diff = f_test(grid) - f_anchor(grid)
    mean_diff = float(np.mean(diff[:-1] + diff[1:]) / 2)  # trapezoid rule on the even grid, any NumPy version
    return float(100.0 * (np.exp(mean_diff) - 1.0))


# ----------------------------------------------------------------------------- rate-distortion points

GROUP = 16  # mosaics are GROUP × GROUP tiles: 256 images of 28×28 make one 448×448 picture


def rd_point(tiles: np.ndarray, decoded: np.ndarray, n_bytes: int) -> dict[str, float]:
    """One rate-distortion point for a set of ``(n, h, w)`` ``uint8`` tiles: bpp, PSNR (dB) and mean SSIM.

    PSNR and SSIM are the course's (:mod:`aecourse.metrics`): computed per tile, then averaged over the tiles.
    """
    from .metrics import psnr, ssim

    return {
        "bpp": bits_per_pixel(n_bytes, np.asarray(tiles).size),
        "psnr": psnr(tiles, decoded, data_range=255),
        "ssim": ssim(tiles, decoded, data_range=255),
    }


def groups(tiles: np.ndarray, group: int = GROUP) -> list[np.ndarray]:
    """Split ``(n, h, w)`` tiles into consecutive sets of ``group²`` (``n`` must be a multiple of it)."""
    tiles = np.asarray(tiles)
    size = group * group
    if len(tiles) % size or len(tiles) == 0:
        raise ValueError(f"{len(tiles)} tiles do not make whole mosaics of {group}×{group}")
    return [tiles[i : i + size] for i in range(0, len(tiles), size)]


CLASSICAL = {"jpeg": jpeg, "webp": webp}


def classical_rd(
    tiles: np.ndarray, codec: str, qualities, per_image: bool = False, group: int = GROUP, detail: dict | None = None
) -> dict:
    """Rate-distortion curve of a Pillow codec (``"jpeg"`` or ``"webp"``) on ``uint8`` tiles.

    With ``per_image=False`` the tiles are laid out in ``group``×``group`` mosaics and each mosaic is one file
    (headers shared by 256 images); with ``per_image=True`` every tile is its own file. Returns
    ``{"quality": [...], "bpp": [...], "psnr": [...], "ssim": [...]}``, one entry per quality, rate counting
    every byte of every file. With ``per_image=True``, a dict passed as ``detail`` receives each tile's bytes and
    PSNR (dB) at every quality, ``{"bytes": (n_q, n), "psnr": (n_q, n)}``, for :mod:`aecourse.rd_bootstrap`.
    Used by lesson 02.
    """
    from .metrics import psnr_per_image

    if codec not in CLASSICAL:
        raise ValueError(f"unknown codec {codec!r}; choose one of {sorted(CLASSICAL)}")
    encode = CLASSICAL[codec]
    curve: dict[str, list] = {"quality": [], "bpp": [], "psnr": [], "ssim": []}
    for q in qualities:
        n_bytes, decoded, sizes = 0, [], []
        if per_image:
            for tile in tiles:
                data = encode(tile, q)
                n_bytes += len(data)
                sizes.append(len(data))
                decoded.append(decode_image(data))
        else:
            for part in groups(tiles, group):
                data = encode(mosaic(part, group), q)
                n_bytes += len(data)
                decoded.append(unmosaic(decode_image(data), *part.shape[1:]))
        point = rd_point(tiles, np.concatenate(decoded) if not per_image else np.stack(decoded), n_bytes)
        if per_image and detail is not None:
            detail.setdefault("bytes", []).append(sizes)
            detail.setdefault("psnr", []).append(psnr_per_image(tiles, np.stack(decoded), data_range=255))
        curve["quality"].append(int(q))
        for key, value in point.items():
            curve[key].append(value)
    if detail is not None:
        detail.update({key: np.asarray(value, dtype=float) for key, value in detail.items()})
    return curve
