"""Lesson 03's noise model and the classical denoisers a practitioner would reach for.

Images are float arrays in [0, 1], shape ``(n, h, w)``. Each denoiser takes a batch and one parameter, and
:func:`tune` picks that parameter on *validation* images, never on the test set. The denoisers:

* ``gaussian``: Gaussian blur, parameter: the blur's standard deviation in pixels;
* ``median``: median filter, parameter: the window's side in pixels;
* ``nl_means``: non-local means (scikit-image), parameter: the filtering strength ``h``;
* ``bm3d``: BM3D (the ``bm3d`` package, Dabov et al. 2007), parameter: the noise standard deviation it assumes.
  About half a second per 28×28 digit on a laptop CPU: the lesson runs it on a smaller subset.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np


def add_noise(images: np.ndarray, factor: float, seed: int = 0) -> np.ndarray:
    """``clip(x + factor · N(0, 1), 0, 1)`` with seeded noise; float32, same shape as ``images``."""
    noise = np.random.default_rng(seed).standard_normal(np.shape(images))
    return np.clip(np.asarray(images, dtype=np.float64) + factor * noise, 0.0, 1.0).astype(np.float32)


def _each(images: np.ndarray, fn: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    images = np.asarray(images, dtype=np.float64)
    if images.ndim != 3:
        raise ValueError(f"expected a batch of grey images (n, h, w), got shape {images.shape}")
    return np.clip(np.stack([fn(img) for img in images]), 0.0, 1.0).astype(np.float32)


def gaussian(images: np.ndarray, sigma: float) -> np.ndarray:
    """Gaussian blur of standard deviation ``sigma`` pixels."""
    from scipy.ndimage import gaussian_filter

    return _each(images, lambda img: gaussian_filter(img, sigma=sigma, mode="nearest"))


def median(images: np.ndarray, size: int) -> np.ndarray:
    """Median filter over a ``size``×``size`` window."""
    from scipy.ndimage import median_filter

    return _each(images, lambda img: median_filter(img, size=int(size), mode="nearest"))


def nl_means(images: np.ndarray, h: float) -> np.ndarray:
    """Non-local means (scikit-image) with 3×3 patches searched within 5 pixels; ``h`` sets the strength."""
    from skimage.restoration import denoise_nl_means

    return _each(images, lambda img: denoise_nl_means(img, h=h, patch_size=3, patch_distance=5, fast_mode=True))


def bm3d(images: np.ndarray, sigma: float) -> np.ndarray:
    """BM3D assuming white noise of standard deviation ``sigma`` (in the [0, 1] pixel scale)."""
    import bm3d as _bm3d

    return _each(images, lambda img: _bm3d.bm3d(img, sigma_psd=sigma))


METHODS: dict[str, Callable[[np.ndarray, float], np.ndarray]] = {
    "gaussian blur": gaussian,
    "median filter": median,
    "non-local means": nl_means,
    "BM3D": bm3d,
}


def tune(
    method: Callable[[np.ndarray, float], np.ndarray],
    grid: Sequence[float],
    noisy: np.ndarray,
    clean: np.ndarray,
    score: Callable[[np.ndarray, np.ndarray], float],
) -> tuple[float, dict[float, float]]:
    """The parameter in ``grid`` with the best ``score(clean, denoised)`` (higher is better) on these
    *validation* images, and the score of every candidate."""
    scores = {p: float(score(clean, method(noisy, p))) for p in grid}
    return max(scores, key=scores.get), scores
