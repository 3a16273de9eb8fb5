"""How sure a BD-rate is: bootstrap replicates over the test images, for lesson 02's paired verdicts.

A BD-rate (:func:`aecourse.classical.bd_rate`) is not a mean over images, so it has no per-image difference to pair;
its uncertainty comes from *which* test images were coded. Each replicate draws the test images again, with
replacement, and recomputes both codecs' rate-distortion curves on that draw, then the BD-rate:

* **the autoencoder**: its bits per image are the ideal code lengths ``-log2 p`` of each image's code (the range
  coder adds only the header and a few padding bytes per stream, which are spread evenly over the images), and its
  PSNR per image is exact, since each image is decoded from its own code alone. Nothing is coded again.
* **JPEG or WebP, one file per image**: each image's bytes and PSNR at every quality are measured once (the
  ``detail`` of :func:`aecourse.classical.classical_rd`) and resampled with the images.
* **JPEG or WebP, mosaics**: a mosaic's bytes depend on all 256 images in it, so the resampled images are laid out in
  new mosaics and coded again, at every quality.

The replicates' standard deviation is the BD-rate's standard error, and :func:`aecourse.verdicts.from_replicates`
turns it into the course's verdict. Used by lesson 02.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from . import classical
from .metrics import psnr_per_image


def _mosaic_curve(tiles: np.ndarray, codec: str, qualities: Sequence[int]) -> tuple[list[float], list[float]]:
    """(bpp, PSNR) of a codec on ``tiles`` laid out in mosaics, one file per mosaic (no SSIM: it is not needed)."""
    encode = classical.CLASSICAL[codec]
    rates, psnrs = [], []
    for q in qualities:
        n_bytes, decoded = 0, []
        for part in classical.groups(tiles):
            data = encode(classical.mosaic(part, classical.GROUP), q)
            n_bytes += len(data)
            decoded.append(classical.unmosaic(classical.decode_image(data), *part.shape[1:]))
        rates.append(classical.bits_per_pixel(n_bytes, tiles.size))
        psnrs.append(float(psnr_per_image(tiles, np.concatenate(decoded), data_range=255).mean()))
    return rates, psnrs


def bd_rate_replicates(
    tiles: np.ndarray,
    ae_bits: np.ndarray,
    ae_overhead_bytes: Sequence[float],
    ae_psnr: np.ndarray,
    codec: str,
    qualities: Sequence[int],
    *,
    per_image: bool,
    replicates: int,
    seed: int = 0,
    detail: dict[str, np.ndarray] | None = None,
) -> np.ndarray:
    """BD-rates (%) of the autoencoder against ``codec`` on ``replicates`` bootstrap draws of the test ``tiles``.

    ``ae_bits`` and ``ae_psnr`` are ``(n_lambdas, n_tiles)``: each image's ideal code length in bits and its PSNR
    (dB) at every trade-off; ``ae_overhead_bytes[k]`` is what the real streams of trade-off ``k`` cost beyond the
    ideal bits, for the whole set (spread evenly over the images). ``detail`` (filled by
    ``classical.classical_rd(..., per_image=True, detail=...)``) is required when ``per_image``. A draw whose curves do not overlap in PSNR gives ``nan``.
    """
    tiles = np.asarray(tiles)
    n = len(tiles)
    ae_bits, ae_psnr = np.asarray(ae_bits, dtype=float), np.asarray(ae_psnr, dtype=float)
    if ae_bits.shape != ae_psnr.shape or ae_bits.shape[1] != n:
        raise ValueError(f"ae_bits {ae_bits.shape} and ae_psnr {ae_psnr.shape} must both be (n_lambdas, {n})")
    if per_image and detail is None:
        raise ValueError("per_image=True needs each image's bytes and PSNR: pass classical_rd's detail")
    overhead = np.asarray(ae_overhead_bytes, dtype=float)[:, None] / n  # bytes per image
    pixels = tiles[0].size
    rng = np.random.default_rng(seed)
    out = np.full(replicates, np.nan)
    for r in range(replicates):
        idx = rng.integers(0, n, n)
        ae_rate = 8 * (ae_bits[:, idx] / 8 + overhead).sum(axis=1) / (n * pixels)
        ae_quality = ae_psnr[:, idx].mean(axis=1)
        if per_image:
            rate = 8 * detail["bytes"][:, idx].sum(axis=1) / (n * pixels)
            quality = detail["psnr"][:, idx].mean(axis=1)
        else:
            rate, quality = _mosaic_curve(tiles[idx], codec, qualities)
        try:
            out[r] = classical.bd_rate(rate, quality, ae_rate, ae_quality)
        except ValueError:  # no overlap in PSNR on this draw
            pass
    return out
