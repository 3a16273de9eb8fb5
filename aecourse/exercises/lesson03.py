"""Lesson 03 · Image denoising: checkers for the exercises."""

from __future__ import annotations

import math

import numpy as np

from ._common import _missing, check_choice

__all__ = [
    "check_black_pixel_mean",
    "check_ceiling",
    "check_denoiser_sides",
    "check_largest_gain",
    "check_psnr_average",
    "check_salt_and_pepper_winner",
]


def _denoiser_sides(input_side: int) -> tuple[int, int]:
    """(code side, output side) of the lesson's denoiser for a square input of ``input_side`` pixels."""
    code = input_side
    for _ in range(3):  # MaxPooling2D(2, padding="same") rounds up
        code = math.ceil(code / 2)
    return code, 2 * (2 * (2 * code) - 2)  # up, up, the unpadded 3×3 convolution trims 2, up


def check_denoiser_sides(code_side: int, output_side: int, input_side: int = 32) -> bool:
    """Lesson 03, exercise 1: the side of the code and of the output when the denoiser is fed larger images."""
    what = f"code and output sides for a {input_side}×{input_side} input"
    if _missing(code_side, what) or _missing(output_side, what):
        return False
    code, out = _denoiser_sides(input_side)
    ok = True
    if int(code_side) != code:
        ok = False
        print(
            f"✗ code side {code_side}: each of the three poolings halves the side, and 'same' padding rounds an odd "
            "side up, as 7 → 4 did for MNIST. Follow the input through the three poolings."
        )
    if int(output_side) != out:
        ok = False
        print(
            f"✗ output side {output_side}: the decoder never sees the input's size, only the code. It doubles the "
            "code's side twice, the unpadded convolution trims one pixel per side, and it doubles once more."
        )
    if ok:
        verdict = "the same as the input" if out == input_side else f"not {input_side}: the loss cannot compare them"
        print(f"✓ {what}: code {code}×{code}, output {out}×{out}, {verdict}.")
    return ok


def check_psnr_average(course_psnr: float, pooled_psnr: float | None = None, mses=(1e-2, 1e-4)) -> bool:
    """Lesson 03, exercise 2: the course's PSNR of two images (per image, then averaged), and the PSNR of their
    pooled MSE, from the images' MSEs (pixels in [0, 1])."""
    what = "PSNR of the pair, the course's way"
    if _missing(course_psnr, what):
        return False
    per_image = [10 * math.log10(1.0 / m) for m in mses]
    course, pooled = sum(per_image) / len(per_image), 10 * math.log10(1.0 / (sum(mses) / len(mses)))
    ok = abs(float(course_psnr) - course) <= 1e-3 * abs(course)
    if ok:
        print(
            f"✓ {what}: {float(course_psnr):.2f} dB is right (the images score {', '.join(f'{p:g}' for p in per_image)} dB)."
        )
    elif abs(float(course_psnr) - pooled) <= 1e-3 * abs(pooled):
        print(
            f"✗ {what}: {float(course_psnr):.2f} dB is the PSNR of the mean MSE. The course converts each image's MSE to dB "
            "first, then averages the decibels."
        )
    else:
        print(f"✗ {what}: {float(course_psnr):.2f} dB is not it. Each image: 10·log10(1² / its MSE); then the mean.")
    if pooled_psnr is None:
        return ok
    if abs(float(pooled_psnr) - pooled) <= 1e-3 * abs(pooled):
        print(
            f"✓ PSNR of the mean MSE: {float(pooled_psnr):.2f} dB, lower than the course's figure. The mean MSE is dominated by "
            "the worse image, while the mean of the logarithms weighs both equally; log is concave, so the mean of "
            "per-image PSNRs is never below the PSNR of the mean MSE (Jensen's inequality)."
        )
        return ok
    print(
        f"✗ PSNR of the mean MSE: {float(pooled_psnr):.2f} dB is not it. Average the two MSEs first, then convert to dB."
    )
    return False


def check_black_pixel_mean(answer: float, factor: float = 0.8) -> bool:
    """Lesson 03, exercise 3: the mean of ``clip(0 + factor·Z, 0, 1)``, the average noisy value of a black pixel."""
    from ..denoisers import clipped_noise_bias

    what = f"mean noisy value of a black pixel at noise {factor}"
    if _missing(answer, what):
        return False
    expected = float(clipped_noise_bias(0.0, factor))
    a = float(answer)
    if abs(a - expected) <= 0.01 * expected:  # a simulation of a million draws lands well within 1 %
        print(f"✓ {what}: {a:.4f} (closed form {expected:.4f}). A black pixel is brightened on average.")
        return True
    half_normal = factor / math.sqrt(2 * math.pi)
    if abs(a - half_normal) <= 0.01 * half_normal:
        why = (
            "that is the mean of max(0, σZ), which forgets the clip at 1: draws above 1 count as 1, not as themselves."
        )
    elif abs(a) <= 0.01:
        why = "the noise is zero-mean before clipping, not after: clipping turns every negative draw into 0."
    elif abs(a - float(clipped_noise_bias(0.0, 0.5))) <= 0.005:
        why = "that is the value at noise 0.5; this exercise asks for the noise factor given."
    else:
        why = "with x = 0 the formula of section 2 has a = 0 and b = 1/σ; or draw a million σ·Z, clip, and average."
    print(f"✗ {what}: {a:.4f} is not it; {why}")
    return False


def check_salt_and_pepper_winner(answer: str) -> bool:
    """Lesson 03, exercise 4: which fast filter, tuned on validation digits, wins on salt-and-pepper noise."""
    return check_choice(
        answer,
        "median filter",
        {
            "gaussian blur": "no: a blur averages each impulse with its neighbours, so a white dot on the background "
            "becomes a grey smudge instead of disappearing; averaging dilutes outliers, it does not reject them.",
            "median filter": "yes: an impulse is an outlier in its window, and the median ignores outliers as long as "
            "fewer than half the window's pixels are hit (at 20 %, five or more hits among nine pixels is rare).",
            "non-local means": "no: it averages pixels whose patches look alike, and a patch with an impulse looks like "
            "no other, so the impulse is kept or, with a large h, blurred like Gaussian blur.",
        },
        "the best fast filter on salt-and-pepper noise",
    )


def check_ceiling(answer: float, model, clean, noisy_psnr: dict | None = None) -> bool:
    """Lesson 03, exercise 6 (a): the PSNR (dB) of ``model`` given the ``clean`` digits themselves, recomputed here.

    ``noisy_psnr``, optional: ``{noise level: PSNR of the noisy input}`` (section 8's ``sweep["noisy"]`` by level),
    to say at which levels the model makes its input worse.
    """
    from .. import metrics

    what = "the seed model's PSNR on clean digits (its ceiling)"
    if _missing(answer, what):
        return False
    clean = np.asarray(clean, dtype="float32")
    out = np.asarray(model.predict(clean[..., None], batch_size=500, verbose=0))[..., 0]
    expected = float(metrics.psnr(clean, out))
    a = float(answer)
    if abs(a - expected) <= 0.01:
        print(f"✓ {what}: {a:.2f} dB, recomputed from your model on the {len(clean)} digits given.")
        if noisy_psnr:
            worse = [lv for lv, p in noisy_psnr.items() if p > expected]
            print(
                f"  The noisy input scores above that ceiling at noise {worse}: there the model returns a digit worse "
                "than it received it, however long it trains." if worse else
                "  The noisy input scores below that ceiling at every level given."
            )  # fmt: skip
        return True
    pooled = float(10 * np.log10(1.0 / np.mean((clean.astype("float64") - out) ** 2)))
    if abs(a - pooled) <= 0.01:
        why = "that is the PSNR of the mean squared error; the course averages each digit's PSNR (section 2)."
    elif a >= 99:
        why = "that is the PSNR of the clean digits against themselves; pass the clean digits through the model."
    else:
        why = "give the model the clean digits (no noise), and score its output against the same clean digits."
    print(f"✗ {what}: {a:.2f} dB is not it ({expected:.2f} dB here); {why}")
    return False


#: Section 9's design steps: which validation lines each compares (the change, then the line without it).
GAIN_STEPS = {
    "skips": ("U-Net", "U-Net, skips zeroed"),
    "predicting the noise": ("U-Net, predicts the noise", "U-Net"),
    "mixed noise": ("U-Net, predicts the noise", "U-Net, predicts the noise, trained at 0.5"),
}


def check_largest_gain(answer: str, val_sweep: dict, level_index: int = 0) -> bool:
    """Lesson 03, exercise 6 (b): which design change of section 9 gains most at one noise level, from the learner's
    own validation table (``val_sweep``: ``{model name: [PSNR at each level]}``)."""
    what = "the design change that gains most at this noise level"
    if _missing(answer, what):
        return False
    missing = [name for pair in GAIN_STEPS.values() for name in pair if name not in val_sweep]
    if missing:
        print(f"✗ pass section 9's val_sweep: it lacks {', '.join(missing)}.")
        return False
    gains = {step: val_sweep[a][level_index] - val_sweep[b][level_index] for step, (a, b) in GAIN_STEPS.items()}
    right = max(gains, key=gains.get)
    listed = ", ".join(f"{step} {gain:+.2f} dB" for step, gain in gains.items())
    return check_choice(
        answer,
        right,
        {step: f"{'yes' if step == right else 'no'}: on your run the gains are {listed}." for step in gains},
        what,
    )
