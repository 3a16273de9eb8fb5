"""Reconstruction metrics, with the units each lesson reports. Introduced in lesson 01."""

from __future__ import annotations

import numpy as np


def _pair(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if x.shape != y.shape:
        raise ValueError(f"shapes differ: {x.shape} against {y.shape}")
    return x.reshape(len(x), -1), y.reshape(len(y), -1)


def mse(x: np.ndarray, y: np.ndarray) -> float:
    """Mean squared error per pixel, averaged over every pixel of every image (same units as the pixels²)."""
    a, b = _pair(x, y)
    return float(np.mean((a - b) ** 2))


def sse_per_image(x: np.ndarray, y: np.ndarray) -> float:
    """Sum of squared errors over each image's pixels, averaged over the images.

    This is the measure of Hinton & Salakhutdinov (2006) when pixels lie in
    [0, 1]: 3.00 for their 30-d deep autoencoder on MNIST, 13.87 for 30-d PCA.
    """
    a, b = _pair(x, y)
    return float(np.mean(np.sum((a - b) ** 2, axis=1)))


def psnr(x: np.ndarray, y: np.ndarray, data_range: float = 1.0) -> float:
    """Mean over images of the per-image PSNR in dB (``data_range`` is the pixels' full range)."""
    a, b = _pair(x, y)
    per_image = np.mean((a - b) ** 2, axis=1)
    with np.errstate(divide="ignore"):
        values = 10 * np.log10(data_range**2 / per_image)
    return float(np.mean(np.minimum(values, 100.0)))  # identical images: cap at 100 dB


def ssim(x: np.ndarray, y: np.ndarray, data_range: float = 1.0) -> float:
    """Mean over images of scikit-image's structural similarity (1 = identical). Used by lessons 03 and 06."""
    from skimage.metrics import structural_similarity

    a, b = (np.asarray(v, dtype=np.float64) for v in (x, y))
    if a.shape != b.shape:
        raise ValueError(f"shapes differ: {a.shape} against {b.shape}")
    a, b = a.reshape(-1, *a.shape[-2:]), b.reshape(-1, *b.shape[-2:])
    return float(np.mean([structural_similarity(p, q, data_range=data_range) for p, q in zip(a, b)]))
