"""Lesson 02 · Image compression: checkers for the exercises.

Each compares the learner's answer with what their own run implies (the rate points, the codes) or with a
deterministic computation (a Gaussian's mass, the BD-rate's definition), never with the author's numbers.
"""

from __future__ import annotations

import math

import numpy as np

from ._common import check, check_choice

__all__ = [
    "check_bytes_per_image",
    "check_gaussian_bits",
    "check_per_channel_cost",
    "check_less_than_a_bit",
    "check_swapped_bd_rate",
]

PIXELS = 28 * 28  # one Fashion-MNIST image


def _near(answer, value, rel_tol=0.01) -> bool:
    return value != 0 and abs(float(answer) - value) <= rel_tol * abs(value)


def _within(answer, expected, tolerance, what, hint) -> bool:
    """``check`` with an absolute ``tolerance`` (for answers that may be near zero)."""
    if answer is None:
        return check(answer, expected, what)
    ok = abs(float(answer) - expected) <= tolerance
    print(f"✓ {what}: {answer} is right." if ok else f"✗ {what}: {answer} is not it yet. {hint}")
    return ok


def check_bytes_per_image(answer, points, lam) -> bool:
    """Lesson 02, exercise 1: the average bytes one 28×28 image costs in the mosaic streams at trade-off ``lam``.

    ``points`` is the notebook's ``ae["fashion"]``: one dict per trade-off with its ``lambda`` and its ``bpp``
    (every stored byte × 8 / pixels, headers included).
    """
    bpp = next((p["bpp"] for p in points if math.isclose(p["lambda"], lam)), None)
    if bpp is None:
        print(f"✗ bytes per image: no trade-off {lam:g} among the points; pass the notebook's mid_lam.")
        return False
    expected = bpp * PIXELS / 8
    hint = "A rate in bits per pixel counts every stored bit (headers shared out) per pixel; an image has 784 pixels."
    if answer is not None:
        for wrong, why in (
            (bpp * PIXELS, "that is bits per image: a byte holds 8 bits."),
            (expected * 256, "that is a whole stream: a mosaic stream holds 256 images."),
            (bpp / 8, "that is bytes per pixel: an image has 784 pixels."),
            (bpp, "that is the rate itself, bits per pixel."),
        ):
            if _near(answer, wrong) and not _near(answer, expected):
                hint = f"Close to {wrong:.4g}: {why}"
    return check(answer, expected, "bytes per image", rel_tol=0.01, hint=hint)


def check_gaussian_bits(answer, value, mean, scale) -> bool:
    """Lesson 02, exercise 2: the ideal code length, in bits, of the integer ``value`` under a Gaussian
    ``N(mean, scale²)`` discretised to unit intervals, as ``aecourse.codecs.gaussian_bits`` computes it."""
    from aecourse.codecs import gaussian_bits

    expected = float(gaussian_bits(value, mean, scale))
    density = 0.5 * ((value - mean) / scale) ** 2 + math.log(scale * math.sqrt(2 * math.pi))  # -ln pdf(value)
    hint = (
        "The probability of an integer q is the Gaussian's mass on [q − ½, q + ½], Φ((q + ½ − μ)/σ) − Φ((q − ½ − μ)/σ) "
        "with Φ(x) = ½(1 + erf(x/√2)); the ideal length is −log2 of it."
    )
    if answer is not None:
        for wrong, why in (
            (density / math.log(2), "that is −log2 of the density at q: a density is not a probability."),
            (expected * math.log(2), "that is in nats (natural log): divide by ln 2 for bits."),
            (2.0**-expected, "that is the probability itself: the code length is −log2 of it."),
            (-expected, "the sign: a probability below 1 costs a positive number of bits."),
        ):
            if _near(answer, wrong, 1e-3) and not _near(answer, expected, 1e-3):
                hint = f"Close to {wrong:.4g}: {why} {hint}"
    return check(answer, expected, f"bits of {value} under N({mean}, {scale}²)", rel_tol=1e-3, hint=hint)


def _moment_prior(codes, axis):
    """One Gaussian per entry left after averaging over ``axis``: the codes' mean, and their variance less rounding's
    1/12 (the notebook's ``per_position_prior`` with ``axis=0``)."""
    from aecourse.codecs import StaticPrior

    return StaticPrior(codes.mean(axis=axis), np.sqrt(np.maximum(codes.var(axis=axis) - 1 / 12, 0.11**2)))


def check_per_channel_cost(answer, codes) -> bool:
    """Lesson 02, exercise 3: how many percent more bits one Gaussian per channel needs than one per position, both
    fitted by moments to the integer ``codes`` ``(n, 7, 7, C)`` they then code.

    Fits that skip rounding's 1/12 or the scale floor move the answer by a little; the tolerance allows for that.
    """
    from aecourse.codecs import code_lengths

    codes = np.asarray(codes, dtype="float64")
    per_position = code_lengths(codes, _moment_prior(codes, 0)).sum()
    per_channel = code_lengths(codes, _moment_prior(codes, (0, 1, 2))).sum()
    expected = 100 * (per_channel / per_position - 1)
    hint = (
        "Code the same codes under both priors and compare the total bits: 100 · (per-channel / per-position − 1). "
        "A per-channel fit averages over the images and all 7×7 positions, axes (0, 1, 2)."
    )
    if answer is not None:
        saving = 100 * (1 - per_position / per_channel)
        if float(answer) < 0:
            hint = (
                "A negative answer says the per-channel prior needs fewer bits. It cannot, much: the per-position "
                "family contains it (the same Gaussian at every position), and both are fitted to the very codes "
                f"they code. {hint}"
            )
        elif _near(answer, expected / 100, 0.05):
            hint = "Close to the ratio minus one: give it in percent."
        elif _near(answer, saving, 0.05):
            hint = (
                "That is the saving relative to the per-channel prior; the question takes the per-position one as 100."
            )
    tolerance = max(0.05 * abs(expected), 0.5)  # percentage points
    return _within(answer, expected, tolerance, "percent more bits per channel", hint)


def check_less_than_a_bit(answer) -> bool:
    """Lesson 02, exercise 4 (multiple choice): how a range-coded stream stores a value in less than one bit."""
    return check_choice(
        answer,
        "b",
        {
            "a": "No: nothing is skipped. The decoder reads back every one of the 784 values of every image, zeros "
            "included (section 6 checks that the integers come back exactly); at a bit or more each, an image would "
            "cost at least 98 bytes.",
            "b": "Right: arithmetic (range) coding turns the whole sequence into one number inside an interval whose "
            "width is the product of the values' probabilities; writing it takes −log2 of that product, the sum of "
            "−log2 p, plus a few bits to end the number and padding to whole 32-bit words.",
            "c": "No: the stream has no run-lengths; every value is coded under its own Gaussian, slice after slice. "
            "Run-length coding is how JPEG, whose Huffman code spends whole bits per symbol, gets many zeros cheaply.",
            "d": "No: a value written with no bits could not be decoded, since the decoder would have nothing to tell "
            "it from any other value. A code with whole bits per symbol (Huffman) spends at least one bit on each.",
        },
        "less than a bit per value",
    )


def check_swapped_bd_rate(answer, bd_rate_pct) -> bool:
    """Lesson 02, exercise 5: the BD-rate with anchor and test swapped, predicted from ``bd_rate_pct`` (percent)."""
    if bd_rate_pct is None:
        print("✗ swapped BD-rate: that pair has no BD-rate in your run (no PSNR overlap); take one that was printed.")
        return False
    b = float(bd_rate_pct)
    expected = 100 * (1 / (1 + b / 100) - 1)
    hint = (
        "The BD-rate averages ln R_test − ln R_anchor over the shared PSNR interval, then takes exp(·) − 1. Swapping "
        "the curves negates the average in log, so the ratio of rates inverts: 1 / (1 + b/100) − 1, in percent."
    )
    if answer is not None and _near(answer, -b, 1e-3) and not _near(answer, expected, 1e-3):
        hint = f"−b would be right only if the BD-rate averaged rates, not log-rates. {hint}"
    return _within(answer, expected, max(2e-3 * abs(expected), 0.01), "swapped BD-rate", hint)
