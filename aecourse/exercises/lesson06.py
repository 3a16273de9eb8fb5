"""Lesson 06 · Sequence to sequence: checkers for the exercises."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ._common import _missing, check_choice, check_close

__all__ = ["check_blank_ssim", "check_position_accuracy", "check_time_lags", "check_toy_errors"]


def check_time_lags(reversed_lags: Sequence[int], original_lags: Sequence[int], n_in: int = 6) -> bool:
    """Lesson 06, exercise 1: steps between reading a source token and emitting the target token that copies it.

    The encoder reads source token ``i`` at step ``i`` (1..n_in); the decoder emits target token ``k`` at step
    ``n_in + k``. Target ``k`` copies source token ``4 − k`` in the lesson's reversed task, token ``k`` in the
    original order; the lag is the difference of the two steps, one per target position.
    """
    if _missing(reversed_lags, "reversed lags") or _missing(original_lags, "original-order lags"):
        return False
    k = np.arange(1, 4)
    expected = {"reversed": (n_in + k) - (4 - k), "original order": (n_in + k) - k}
    ok = True
    for (name, want), got in zip(expected.items(), (reversed_lags, original_lags)):
        got = np.asarray(got).ravel()
        if got.shape != want.shape or not np.array_equal(got, want):
            source = "4 − k" if name == "reversed" else "k"
            print(
                f"✗ {name}: {got.tolist()} is not it. Target k is emitted at step {n_in} + k and copies source "
                f"token {source}, read at step {source}: give one lag per target position k = 1, 2, 3."
            )
            ok = False
        else:
            print(f"✓ {name}: lags {want.tolist()} (mean {want.mean():g}).")
    if ok:
        print(
            "  Reversal leaves the mean lag unchanged but shortens the first token's: the decoder gets its first "
            "answer right more easily, and every later step is fed that answer (Sutskever et al., 2014)."
        )
    return ok


def check_position_accuracy(answer, predicted, target) -> bool:
    """Lesson 06, exercise 2: token accuracy at each output position, from the learner's predictions and targets."""
    if _missing(answer, "token accuracy per position"):
        return False
    right = np.asarray(predicted) == np.asarray(target)
    expected = right.mean(axis=0)
    a = np.asarray(answer, dtype="float64")
    if a.ndim == 0:
        print(
            f"✗ one number ({float(a):.4g}) is the token accuracy over all positions: average the right/wrong "
            f"table over the sequences only, keeping one value per output position ({right.shape[1]} values)."
        )
        return False
    if a.shape == (right.shape[0],):
        print("✗ one value per *sequence*: you averaged over the positions; average over the sequences instead.")
        return False
    return check_close(
        a,
        expected,
        "token accuracy per position",
        hint="Compare predicted and target tokens elementwise, then take the fraction right in each column.",
    )


def _toy_clip(n_after: int = 3, speed: int = 2, side: int = 4) -> np.ndarray:
    """The exercise's toy clip: a side×side white square moving ``speed`` pixels right per frame, no edges hit.

    Frame 0 is the last given frame; frames 1..n_after are the future.
    """
    width = side + speed * n_after + 2
    frames = np.zeros((n_after + 1, side + 2, width))
    for t in range(n_after + 1):
        frames[t, 1 : 1 + side, 1 + speed * t : 1 + speed * t + side] = 1.0
    return frames


def check_toy_errors(copy_last: Sequence[float], blank: Sequence[float]) -> bool:
    """Lesson 06, exercise 3: squared error per frame of copy-last and of a blank frame on a moving square, by hand.

    The expected values are computed here from a drawn toy clip (a 4×4 white square moving 2 pixels right per
    frame), with the lesson's metric: squared error summed over each frame's pixels.
    """
    if _missing(copy_last, "copy-last errors") or _missing(blank, "blank-frame errors"):
        return False
    frames = _toy_clip()
    future = frames[1:]
    want_copy = ((frames[:1] - future) ** 2).sum(axis=(1, 2))
    want_blank = (future**2).sum(axis=(1, 2))
    ok = True
    for name, got, want, why in (
        (
            "copy-last",
            copy_last,
            want_copy,
            "A pixel counts where the guess and the truth differ: where the square was (guessed 1, truly 0) AND "
            "where it now is (guessed 0, truly 1), except where the old and new squares overlap.",
        ),
        (
            "blank frame",
            blank,
            want_blank,
            "A blank guess is wrong exactly on the square's pixels, wherever the square is, and right elsewhere.",
        ),
    ):
        got = np.asarray(got, dtype="float64").ravel()
        if got.shape != want.shape or not np.allclose(got, want):
            print(f"✗ {name}: {got.tolist()} is not it (one value per future frame, 1 to 3). {why}")
            ok = False
        else:
            print(f"✓ {name}: {want.astype(int).tolist()}.")
    if ok:
        print(
            "  Once the square has left its old place, copy-last pays twice for it and the blank frame once: on "
            "squared error doing nothing beats guessing a sharp shape in the wrong place."
        )
    return ok


BLANK_SSIM_OPTIONS = {
    "a": "Right. SSIM is averaged over small windows, and it compares each window's mean, contrast and "
    "correlation. Most windows of a Moving MNIST frame are black in the truth; there a black guess matches "
    "exactly and scores 1, so the blank frame collects 1 on most windows and about 0 only where a digit is.",
    "b": "No: black pixels count fully. Where the truth is black, a faintly grey guess scores close to 0 (the "
    "luminance term compares the two means, and the stabilising constant is tiny), which is why haze is punished.",
    "c": "No: among frames that are the same for every clip, the average frame has the lowest expected squared "
    "error (the mean minimises it), so the blank frame is not the best on squared error; and SSIM does not "
    "follow squared error: the two rank the trivial forecasters differently.",
    "d": "No: SSIM multiplies a luminance, a contrast and a structure term. Where the truth has a stroke, a blank "
    "window fails the luminance and contrast terms and scores about 0; the blank frame's score comes from the "
    "windows where the truth is black too.",
}


def check_blank_ssim(answer: str) -> bool:
    """Lesson 06, exercise 4: why a blank frame scores a high SSIM on Moving MNIST (multiple choice a-d)."""
    return check_choice(answer, "a", BLANK_SSIM_OPTIONS, "why a blank frame scores a high SSIM")
