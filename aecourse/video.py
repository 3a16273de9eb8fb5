"""Moving MNIST and next-frame metrics for lesson 06 (part B).

Moving MNIST (Srivastava et al., 2015): digits bouncing inside a 64×64 frame.
We generate it here from the real MNIST digits, seeded, so no file is
downloaded and the test clips use MNIST's *test* digits only.
"""

from __future__ import annotations

import io

import numpy as np


def moving_mnist(
    digits: np.ndarray,
    n_clips: int,
    seed: int,
    n_frames: int = 20,
    size: int = 64,
    n_digits: int = 2,
    speed: float = 3.6,
) -> np.ndarray:
    """Clips of ``n_digits`` MNIST digits bouncing in a ``size``×``size`` frame.

    ``digits`` is a ``uint8`` array ``(n, 28, 28)`` to draw from. Each digit
    starts at a random position with a random direction and moves ``speed``
    pixels per frame (the original's 0.1 of the free range), bouncing off the
    edges; overlapping digits combine by maximum. Returns ``uint8`` of shape
    ``(n_clips, n_frames, size, size)``.
    """
    rng = np.random.default_rng(seed)
    span = size - digits.shape[1]
    clips = np.zeros((n_clips, n_frames, size, size), dtype=np.uint8)
    for c in range(n_clips):
        for _ in range(n_digits):
            digit = digits[rng.integers(len(digits))]
            pos = rng.uniform(0, span, size=2)
            angle = rng.uniform(0, 2 * np.pi)
            vel = speed * np.array([np.sin(angle), np.cos(angle)])
            for t in range(n_frames):
                y, x = int(round(pos[0])), int(round(pos[1]))
                window = clips[c, t, y : y + 28, x : x + 28]
                np.maximum(window, digit, out=window)
                pos += vel
                for axis in (0, 1):  # bounce
                    if pos[axis] < 0:
                        pos[axis], vel[axis] = -pos[axis], -vel[axis]
                    elif pos[axis] > span:
                        pos[axis], vel[axis] = 2 * span - pos[axis], -vel[axis]
    return clips


def one_step_windows(clips: np.ndarray, given: int) -> tuple[np.ndarray, np.ndarray]:
    """Every window of ``given`` consecutive true frames, and the frame that follows it.

    ``clips`` is ``(n, T, H, W[, C])``. For each clip and each ``t`` in ``given..T-1``
    the input is frames ``t-given..t-1`` and the target is frame ``t`` (0-based).
    Returns ``(inputs, targets)`` of shapes ``(n, T - given, given, H, W[, C])`` and
    ``(n, T - given, H, W[, C])``. Lesson 06 scores one-step-ahead prediction this way:
    the forecaster sees only true frames, and only the first of its outputs counts.
    """
    clips = np.asarray(clips)
    steps = clips.shape[1]
    if not 1 <= given < steps:
        raise ValueError(f"given must lie in 1..{steps - 1} for clips of {steps} frames, got {given}")
    inputs = np.stack([clips[:, t - given : t] for t in range(given, steps)], axis=1)
    return inputs, clips[:, given:]


def copy_last(given: np.ndarray, horizon: int) -> np.ndarray:
    """The baseline every forecaster must beat: repeat the last given frame ``horizon`` times.

    ``given`` is ``(n, T, H, W[, C])``; returns ``(n, horizon, H, W[, C])``.
    """
    return np.repeat(given[:, -1:], horizon, axis=1)


def mse_per_frame(predicted: np.ndarray, true: np.ndarray) -> float:
    """Squared error summed over each frame's pixels (values in [0, 1]), averaged over frames and clips.

    The Moving MNIST convention of the video-prediction literature (e.g. OpenSTL).
    """
    p = np.asarray(predicted, dtype=np.float64)
    t = np.asarray(true, dtype=np.float64)
    if p.shape != t.shape:
        raise ValueError(f"shapes differ: {p.shape} against {t.shape}")
    per_frame = ((p - t) ** 2).reshape(p.shape[0] * p.shape[1], -1).sum(axis=1)
    return float(per_frame.mean())


def mse_by_step(predicted: np.ndarray, true: np.ndarray) -> np.ndarray:
    """Per-frame squared error (summed over pixels), averaged over clips, one value per time step."""
    return sse_by_clip_and_step(predicted, true).mean(axis=0)


def sse_by_clip_and_step(predicted: np.ndarray, true: np.ndarray) -> np.ndarray:
    """Squared error summed over each frame's pixels, ``(n clips, T steps)``: the per-clip scores lesson 06 pairs."""
    p = np.asarray(predicted, dtype=np.float64)
    t = np.asarray(true, dtype=np.float64)
    if p.shape != t.shape:
        raise ValueError(f"shapes differ: {p.shape} against {t.shape}")
    return ((p - t) ** 2).reshape(p.shape[0], p.shape[1], -1).sum(axis=2)


def ssim_by_clip_and_step(predicted: np.ndarray, true: np.ndarray) -> np.ndarray:
    """SSIM (scikit-image, data range 1) of every frame, ``(n clips, T steps)``; inputs ``(n, T, h, w[, 1])``."""
    from aecourse.metrics import ssim_per_image

    p, t = np.asarray(predicted), np.asarray(true)
    if p.shape != t.shape:
        raise ValueError(f"shapes differ: {p.shape} against {t.shape}")
    return ssim_per_image(p, t, data_range=1.0).reshape(p.shape[0], p.shape[1])


def ssim_by_step(predicted: np.ndarray, true: np.ndarray) -> np.ndarray:
    """Mean SSIM (scikit-image, data range 1) over clips, one value per time step; ``(n, T, h, w[, 1])``."""
    return ssim_by_clip_and_step(predicted, true).mean(axis=0)


def ssim_per_frame(predicted: np.ndarray, true: np.ndarray) -> float:
    """Mean SSIM (scikit-image, data range 1) over every predicted frame of every clip, ``(n, T, h, w)``."""
    from aecourse.metrics import ssim

    return ssim(predicted, true, data_range=1.0)


def gif_bytes(frames: np.ndarray, duration_ms: int = 120, scale: int = 2) -> bytes:
    """An animated GIF of ``frames`` (``(T, H, W)`` in [0, 1] or uint8), each pixel ``scale``×``scale``."""
    from PIL import Image

    frames = np.asarray(frames)
    if frames.dtype != np.uint8:
        frames = (np.clip(frames, 0, 1) * 255).round().astype(np.uint8)
    images = [Image.fromarray(f).resize((f.shape[1] * scale, f.shape[0] * scale), Image.NEAREST) for f in frames]
    buffer = io.BytesIO()
    images[0].save(buffer, format="GIF", save_all=True, append_images=images[1:], duration=duration_ms, loop=0)
    return buffer.getvalue()
