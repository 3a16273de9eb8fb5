"""Lesson 03's noise model and the classical denoisers a practitioner would reach for.

Images are float arrays in [0, 1], shape ``(n, h, w)``. Each denoiser takes a batch and one parameter, and
:func:`tune` picks that parameter on *validation* images, never on the test set. The denoisers:

* ``gaussian``: Gaussian blur, parameter: the blur's standard deviation in pixels;
* ``median``: median filter, parameter: the window's side in pixels;
* ``nl_means``: non-local means (scikit-image), parameter: the filtering strength ``h``;
* ``bm3d``: BM3D (the ``bm3d`` package, Dabov et al. 2007), parameter: the noise standard deviation it assumes.
  About half a second per 28×28 digit on one core of a laptop CPU: the images are shared among the machine's cores,
  and the lesson runs it on a smaller subset.

Clipping ``x + σ·N(0, 1)`` to [0, 1] makes the noise *biased*: its mean is positive on black pixels and negative
on white ones (:func:`clipped_noise_bias`), which filters built for zero-mean noise do not know.
:func:`fit_correction` learns a monotone intensity map (isotonic regression) from a filter's output to the clean
pixels on validation images, and :func:`tune_corrected` tunes a filter followed by that map, so the classical
methods get the same knowledge of the noise that the autoencoder learns from its training pairs.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from subprocess import PIPE
from typing import IO

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


def _batch(images: np.ndarray) -> np.ndarray:
    """``images`` as a float64 batch of grey images ``(n, h, w)``, or a clear error."""
    images = np.asarray(images, dtype=np.float64)
    if images.ndim != 3:
        raise ValueError(f"expected a batch of grey images (n, h, w), got shape {images.shape}")
    return images


def _each(images: np.ndarray, fn: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    images = _batch(images)
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


def _bm3d_here(images: np.ndarray, sigma: float) -> np.ndarray:
    """BM3D of every image in this process, one image at a time and single-threaded (float64, not clipped)."""
    import bm3d as _bm3d

    profile = _bm3d.BM3DProfile()  # the default profile ("np")
    profile.num_threads = 1
    return np.stack([_bm3d.bm3d(image, sigma_psd=float(sigma), profile=profile) for image in images])


def usable_cores() -> int:
    """The CPU cores this process may run on (its affinity where the system says, else every core)."""
    if hasattr(os, "process_cpu_count"):  # Python 3.13+
        return os.process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


#: Below this many images BM3D runs in this process: starting a worker (about a second) would cost more than it saves.
WORKERS_MIN_IMAGES = 8


def _worker_command() -> list[str]:
    """A fresh interpreter that runs :func:`_worker_main` from this very copy of the package (put first on its path,
    so that another ``aecourse`` folder in the working directory cannot stand in for it)."""
    package_parent = str(Path(__file__).resolve().parents[1])
    code = f"import sys; sys.path.insert(0, {package_parent!r}); from aecourse.denoisers import _worker_main; _worker_main()"
    return [sys.executable, "-c", code]


def _in_workers(images: np.ndarray, sigma: float, workers: int) -> np.ndarray:
    """BM3D of ``images`` split into ``workers`` contiguous parts, each in a fresh Python process.

    A worker is a plain subprocess (:func:`_worker_command`) that reads its part on stdin and writes the
    result on stdout, rather than a ``multiprocessing`` pool: a pool's *spawned* workers re-run a script's top level
    (a lesson's solution script would train its model again in every worker), *forked* ones can deadlock in a
    process that runs TensorFlow's, PyTorch's or XLA's threads, and a pool's idle workers outlive a kernel that was
    killed. A worker ends when its part is done, or when this process stops reading from it.
    """
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    parts = np.array_split(images, workers)
    procs: list[tuple[subprocess.Popen, IO[bytes]]] = []
    try:
        for _ in parts:
            errors = tempfile.TemporaryFile()
            procs.append((subprocess.Popen(_worker_command(), stdin=PIPE, stdout=PIPE, stderr=errors, env=env), errors))
        for (proc, _), part in zip(procs, parts):
            message = io.BytesIO()
            np.savez(message, images=part, sigma=np.float64(sigma))
            try:
                proc.stdin.write(message.getvalue())
                proc.stdin.close()
            except BrokenPipeError:  # the worker died before reading: its exit status and stderr say why, below
                pass
        results = []
        for proc, errors in procs:
            data = proc.stdout.read()
            if proc.wait() != 0 or not data:
                errors.seek(0)
                said = " | ".join(errors.read().decode(errors="replace").strip().splitlines()[-5:])
                what = f"exit status {proc.returncode}" + ("" if data else ", no result")
                raise RuntimeError(
                    f"a BM3D worker process ({sys.executable}) failed ({what}): {said or 'no message'}. "
                    "Pass workers=1 to run BM3D in this process only."
                )
            results.append(np.load(io.BytesIO(data)))
        return np.concatenate(results)
    finally:
        for proc, errors in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            errors.close()


def bm3d(images: np.ndarray, sigma: float, workers: int | None = None) -> np.ndarray:
    """BM3D assuming white noise of standard deviation ``sigma`` (in the [0, 1] pixel scale).

    Each image is denoised single-threaded: the package's own threads (its default) aggregate in a changing order,
    so two runs differ in the last digits and the lesson's seed would not reproduce its numbers (the package's note
    on ``num_threads``). Instead the images are shared among ``workers`` processes (default: one per usable core,
    :func:`usable_cores`; see :func:`_in_workers`), which keeps every core busy and gives exactly the numbers of one
    process, image for image.
    """
    images = _batch(images)
    workers = usable_cores() if workers is None else int(workers)
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    workers = min(workers, len(images))
    if workers == 1 or len(images) < WORKERS_MIN_IMAGES or not sys.executable:
        out = _bm3d_here(images, sigma)
    else:
        out = _in_workers(images, float(sigma), workers)
    return np.clip(out, 0.0, 1.0).astype(np.float32)


def _worker_main() -> None:
    """A worker of :func:`_in_workers`: one ``.npz`` (``images``, ``sigma``) on stdin, the denoised ``.npy`` on stdout."""
    message = np.load(io.BytesIO(sys.stdin.buffer.read()))
    out = io.BytesIO()
    np.save(out, _bm3d_here(message["images"], float(message["sigma"])))
    sys.stdout.buffer.write(out.getvalue())
    sys.stdout.buffer.flush()


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
