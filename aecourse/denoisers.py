"""Lesson 03's noise model and the classical denoisers a practitioner would reach for.

Images are float arrays in [0, 1], shape ``(n, h, w)``. Each denoiser takes a batch and one parameter, and
:func:`tune` picks that parameter on *validation* images, never on the test set. The denoisers:

* ``gaussian``: Gaussian blur, parameter: the blur's standard deviation in pixels;
* ``median``: median filter, parameter: the window's side in pixels;
* ``nl_means``: non-local means (scikit-image), parameter: the filtering strength ``h``;
* ``bm3d``: BM3D (the ``bm3d`` package, Dabov et al. 2007), parameter: the noise standard deviation it assumes.
  About half a second per 28×28 digit on a laptop CPU: the lesson runs it on a smaller subset.

Clipping ``x + σ·N(0, 1)`` to [0, 1] makes the noise *biased*: its mean is positive on black pixels and negative
on white ones (:func:`clipped_noise_bias`), which filters built for zero-mean noise do not know.
:func:`fit_correction` learns a monotone intensity map (isotonic regression) from a filter's output to the clean
pixels on validation images, and :func:`tune_corrected` tunes a filter followed by that map, so the classical
methods get the same knowledge of the noise that the autoencoder learns from its training pairs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np


def add_noise(images: np.ndarray, factor: float, seed: int = 0) -> np.ndarray:
    """``clip(x + factor · N(0, 1), 0, 1)`` with seeded noise; float32, same shape as ``images``."""
    noise = np.random.default_rng(seed).standard_normal(np.shape(images))
    return np.clip(np.asarray(images, dtype=np.float64) + factor * noise, 0.0, 1.0).astype(np.float32)


def clipped_noise_bias(intensity, factor: float) -> np.ndarray:
    """Mean of the clipped noise, ``E[clip(x + factor·Z, 0, 1)] − x`` for ``Z ~ N(0, 1)``, at clean intensity ``x``.

    With ``a = −x/σ`` and ``b = (1 − x)/σ``: ``E[clip] = x(Φ(b) − Φ(a)) + σ(φ(a) − φ(b)) + 1 − Φ(b)``.
    About +0.2 on black pixels and −0.2 on white ones at ``factor = 0.5``.
    """
    from scipy.stats import norm

    x = np.asarray(intensity, dtype=np.float64)
    if factor <= 0:
        return np.zeros_like(x)
    a, b = -x / factor, (1.0 - x) / factor
    mean = x * (norm.cdf(b) - norm.cdf(a)) + factor * (norm.pdf(a) - norm.pdf(b)) + norm.sf(b)
    return mean - x


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
    """BM3D assuming white noise of standard deviation ``sigma`` (in the [0, 1] pixel scale).

    Single-threaded: the package's default (all cores) aggregates in a changing order, so two runs differ in the last
    digits and the lesson's seed would not reproduce its numbers (the package's own note on ``num_threads``).
    """
    import bm3d as _bm3d

    profile = _bm3d.BM3DProfile()  # the default profile ("np")
    profile.num_threads = 1
    return _each(images, lambda img: _bm3d.bm3d(img, sigma_psd=sigma, profile=profile))


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


def fit_correction(denoised: np.ndarray, clean: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    """A monotone (non-decreasing) map from a denoiser's output intensities to clean ones, fitted on these images.

    Isotonic regression (scikit-learn) of every clean pixel on the matching denoised pixel; returns a function
    that applies the map to a batch and keeps its shape, float32 in [0, 1]. Fit it on *validation* images only.
    """
    from sklearn.isotonic import IsotonicRegression

    denoised, clean = np.asarray(denoised, dtype=np.float64), np.asarray(clean, dtype=np.float64)
    if denoised.shape != clean.shape:
        raise ValueError(f"shapes differ: {denoised.shape} against {clean.shape}")
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, increasing=True, out_of_bounds="clip")
    iso.fit(denoised.ravel(), clean.ravel())

    def correct(images: np.ndarray) -> np.ndarray:
        images = np.asarray(images, dtype=np.float64)
        return iso.predict(images.ravel()).reshape(images.shape).astype(np.float32)

    return correct


def tune_corrected(
    method: Callable[[np.ndarray, float], np.ndarray],
    grid: Sequence[float],
    noisy: np.ndarray,
    clean: np.ndarray,
    score: Callable[[np.ndarray, np.ndarray], float],
) -> tuple[float, Callable[[np.ndarray], np.ndarray], dict[float, float]]:
    """Like :func:`tune`, for the filter *followed by* its intensity correction (:func:`fit_correction`).

    For every parameter the correction is fitted on these validation images and the corrected output scored;
    returns the best parameter, its fitted correction, and the score of every candidate.
    """
    _, corrected = tune_both(method, grid, noisy, clean, score)
    return corrected


def tune_both(
    method: Callable[[np.ndarray, float], np.ndarray],
    grid: Sequence[float],
    noisy: np.ndarray,
    clean: np.ndarray,
    score: Callable[[np.ndarray, np.ndarray], float],
):
    """:func:`tune` and :func:`tune_corrected` at once, running the (possibly slow) filter once per parameter.

    Returns ``((best, scores), (best_corrected, correction, scores_corrected))``.
    """
    plain, corrected, corrections = {}, {}, {}
    for p in grid:
        out = method(noisy, p)
        plain[p] = float(score(clean, out))
        corrections[p] = fit_correction(out, clean)
        corrected[p] = float(score(clean, corrections[p](out)))
    best, best_c = max(plain, key=plain.get), max(corrected, key=corrected.get)
    return (best, plain), (best_c, corrections[best_c], corrected)
