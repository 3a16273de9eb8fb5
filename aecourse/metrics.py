"""Reconstruction metrics, with the units each lesson reports. Introduced in lesson 01.

Every function takes a *batch*: the first axis counts images (or vectors), the rest is one image. The course's
one PSNR convention (lessons 02, 03 and every later use):

    PSNR(x, y) = 10 · log10(MAX² / MSE(x, y)) per image, in dB, then averaged over the images,

with MAX the pixels' full range (1 for floats in [0, 1], 255 for ``uint8``) and identical images capped at
:data:`PSNR_CAP` dB, so that a lossless copy scores a finite number.
"""

from __future__ import annotations

import numpy as np

#: PSNR of an exact copy (the formula would give infinity), in dB.
PSNR_CAP = 100.0


def _pair(x: np.ndarray, y: np.ndarray, min_ndim: int = 2, what: str = "a batch") -> tuple[np.ndarray, np.ndarray]:
    """Both arrays as float64 ``(n, pixels)``; refuse different shapes and inputs that are not a batch."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if x.shape != y.shape:
        raise ValueError(f"shapes differ: {x.shape} against {y.shape}")
    if x.ndim < min_ndim or len(x) == 0:
        raise ValueError(
            f"expected {what} whose first axis counts the items, got shape {x.shape}; "
            "for a single image pass image[None] (a batch of one)"
        )
    return x.reshape(len(x), -1), y.reshape(len(y), -1)


def mse(x: np.ndarray, y: np.ndarray) -> float:
    """Mean squared error per pixel, averaged over every pixel of every item (same units as the pixels²).

    ``x`` and ``y`` are batches ``(n, …)``: images ``(n, h, w)`` or flattened vectors ``(n, d)``.
    """
    a, b = _pair(x, y)
    return float(np.mean((a - b) ** 2))


def sse_per_image(x: np.ndarray, y: np.ndarray) -> float:
    """Sum of squared errors over each image's pixels, averaged over the images.

    This is the measure of Hinton & Salakhutdinov (2006) when pixels lie in
    [0, 1]: 3.00 for their 30-d deep autoencoder on MNIST, 13.87 for 30-d PCA.
    """
    a, b = _pair(x, y)
    return float(np.mean(np.sum((a - b) ** 2, axis=1)))


def psnr_per_image(x: np.ndarray, y: np.ndarray, data_range: float = 1.0) -> np.ndarray:
    """PSNR in dB of each image of a batch ``(n, h, w)`` or ``(n, h, w, c)``; exact copies score :data:`PSNR_CAP`.

    ``data_range`` is the pixels' full range: 1.0 for floats in [0, 1], 255 for ``uint8``.
    """
    a, b = _pair(x, y, min_ndim=3, what="a batch of images (n, h, w) or (n, h, w, c)")
    err = np.mean((a - b) ** 2, axis=1)
    with np.errstate(divide="ignore"):
        values = 10 * np.log10(float(data_range) ** 2 / err)
    return np.minimum(values, PSNR_CAP)


def psnr(x: np.ndarray, y: np.ndarray, data_range: float = 1.0) -> float:
    """The course's PSNR: the mean over images of the per-image PSNR in dB (see :func:`psnr_per_image`).

    Used by lessons 02 (``data_range=255`` on ``uint8`` tiles) and 03 (floats in [0, 1]).
    """
    return float(np.mean(psnr_per_image(x, y, data_range)))


def ssim_per_image(x: np.ndarray, y: np.ndarray, data_range: float = 1.0) -> np.ndarray:
    """scikit-image's structural similarity of each image of a batch (1 = identical); lessons 03 and 06 pair these.

    ``x`` and ``y`` are batches of grey images ``(…, h, w)`` or ``(…, h, w, 1)``; every leading axis counts images,
    and the result has one value per image, in that order (flattened).
    """
    from skimage.metrics import structural_similarity

    a, b = (np.asarray(v, dtype=np.float64) for v in (x, y))
    if a.shape != b.shape:
        raise ValueError(f"shapes differ: {a.shape} against {b.shape}")
    if a.ndim >= 4 and a.shape[-1] == 1:  # a channel axis of one grey channel
        a, b = a[..., 0], b[..., 0]
    if a.ndim < 3:
        raise ValueError(
            f"expected a batch of grey images (n, h, w), got shape {a.shape}; for one image pass image[None]"
        )
    a, b = a.reshape(-1, *a.shape[-2:]), b.reshape(-1, *b.shape[-2:])
    return np.array([structural_similarity(p, q, data_range=data_range) for p, q in zip(a, b)])


def ssim(x: np.ndarray, y: np.ndarray, data_range: float = 1.0) -> float:
    """Mean over images of scikit-image's structural similarity (1 = identical). Used by lessons 02, 03 and 06.

    ``x`` and ``y`` are batches of grey images ``(…, h, w)`` or ``(…, h, w, 1)``; every leading axis counts images.
    """
    return float(np.mean(ssim_per_image(x, y, data_range)))
