"""Lesson 05 · Image generation (VAE): checkers for the exercises."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from ._common import _missing, check_choice

__all__ = ["check_active_units", "check_beta_vae", "check_gaussian_kl", "check_tightening"]


def check_gaussian_kl(answer: float, mu: Sequence[float] = (1.0, 0.0), sigma: Sequence[float] = (0.5, 1.0)) -> bool:
    """Lesson 05, exercise 1: KL(N(mu, diag sigma²) || N(0, I)) worked out by hand, in nats.

    Checked exactly (to the rounding of three significant digits); a ✗ says which usual slip the answer matches.
    """
    if _missing(answer, "KL in nats"):
        return False
    mu, var = np.asarray(mu, "float64"), np.asarray(sigma, "float64") ** 2
    per_unit = 0.5 * (var + mu**2 - 1.0 - np.log(var))
    expected = float(per_unit.sum())
    value = float(answer)
    if abs(value - expected) <= 1e-3 * abs(expected) + 1e-9:
        print(
            f"✓ KL = {value:.4g} nats: unit by unit {', '.join(f'{u:.4g}' for u in per_unit)}. A unit whose q equals "
            "the prior costs nothing (and tells the decoder nothing); an offset mean and a narrow σ each cost nats."
        )
        return True
    slips = {
        "this is the KL in bits (log base 2); the course counts nats (natural log)": expected / math.log(2),
        "this is twice the KL: the closed form has a factor ½": 2 * expected,
        "this uses σ where the formula has σ² (σ² + μ² − 1 − log σ²)": float(
            0.5 * (np.sqrt(var) + mu**2 - 1.0 - np.log(np.sqrt(var))).sum()
        ),
        "this is only the first unit: the KL of a diagonal Gaussian sums over every unit": float(per_unit[0]),
    }
    reason = next((why for why, v in slips.items() if abs(value - v) <= 1e-3 * abs(v) + 1e-9), None)
    print(
        f"✗ KL: {value:.4g} nats is not it; "
        + (reason or "work each unit out with ½(σ² + μ² − 1 − log σ²), natural log, and add them up")
        + "."
    )
    return False


def check_tightening(nlls: Sequence[float], ks: Sequence[int] = (1, 10, 100), tolerance: float = 0.2) -> bool:
    """Lesson 05, exercise 2: the IWAE NLL must not rise as k grows (up to Monte-Carlo noise).

    Why it must fall: the mean of k + 1 importance weights is the average of its k + 1 leave-one-out means of k
    weights, and log is concave, so by Jensen E[log mean of k + 1] ≥ E[log mean of k] (Burda et al. 2016,
    Theorem 1): the bound on log p(x) rises with k and the NLL falls. The numbers are estimates from finitely many
    draws on a few hundred images, so a rise of at most ``tolerance`` nats (sampling noise) is forgiven; the
    expected steps between k = 1, 10 and 100 are larger than that.
    """
    if _missing(nlls, "IWAE NLLs for increasing k"):
        return False
    values, ks = [float(v) for v in nlls], [int(k) for k in ks]
    if len(values) != len(ks) or any(b <= a for a, b in zip(ks, ks[1:])):
        print(f"✗ give one NLL per k, in the order of increasing k {ks}; got {len(values)} numbers.")
        return False
    if not all(math.isfinite(v) for v in values):
        print(f"✗ some NLLs are not finite: {values}.")
        return False
    shown = ", ".join(f"k = {k}: {v:.2f}" for k, v in zip(ks, values))
    if all(v < 0 for v in values):
        print(f"✗ {shown}: these look like log-likelihoods (negative); the NLL is minus log p(x), in nats (> 0).")
        return False
    rises = [(k, v - u) for k, u, v in zip(ks[1:], values, values[1:]) if v > u + tolerance]
    if rises:
        k, up = rises[0]
        print(
            f"✗ {shown}: the NLL rose by {up:.2f} nats at k = {k}. It cannot, beyond noise: the mean of k + 1 weights "
            "averages k + 1 means of k weights, and log is concave, so E[log mean] only grows with k (Jensen). "
            "Check that the numbers are in the order of k and that each is minus the mean of scores['log_px']."
        )
        return False
    print(
        f"✓ {shown}: the NLL does not rise with k (beyond sampling noise): the bound tightens as k grows, as "
        "Jensen's inequality on the concave log promises, and k = 1 is the ELBO itself."
    )
    return True


def check_active_units(answer: int, mu: np.ndarray, threshold: float = 1e-2) -> bool:
    """Lesson 05, exercise 3: count the units j with Var_x[mu_j(x)] > ``threshold`` (Burda et al. 2016).

    ``mu``: the encoder's means on the test images, shape (images, units). The count is recomputed from it, so the
    check depends only on the learner's own encoder, not on how well any run trained.
    """
    if _missing(answer, "active units"):
        return False
    mu = np.asarray(mu, "float64")
    if mu.ndim != 2:
        print(f"✗ pass the means μ(x) of the test images as a (images, units) array; got shape {mu.shape}.")
        return False
    expected = int((mu.var(axis=0) > threshold).sum())
    if int(answer) == expected:
        print(
            f"✓ {expected} of {mu.shape[1]} units are active: their mean moves with the image. The others sit at "
            "the prior (μ ≈ 0, σ ≈ 1), cost no KL and carry no information: the VAE chose to leave them unused."
        )
        return True
    if int(answer) == int((mu.var(axis=1) > threshold).sum()):
        reason = "that counts images, with the variance taken across units: take it across images (axis 0)"
    elif int(answer) == mu.shape[1]:
        reason = "that is every unit: count only those whose μ varies by more than the threshold across images"
    else:
        reason = f"compute the variance of each unit's μ over the images and count those above {threshold:g}"
    print(f"✗ active units: {answer} is not it; {reason}.")
    return False


def check_beta_vae(answer: str) -> bool:
    """Lesson 05, exercise 4: what weighting the KL by β = 4 does (multiple choice, with the reason for each)."""
    return check_choice(
        answer,
        "b",
        {
            "a": "no: the KL is the price, in nats, of the information the code carries about x; raising its "
            "weight makes the encoder carry less, so the decoder can only give blurrier, more average images, and "
            "the model no longer maximises the likelihood's bound, so its NLL rises.",
            "b": "yes: each nat of information in the code now costs β nats of loss, so units that do not buy β "
            "times as much reconstruction collapse to the prior (fewer active units); with less information the "
            "decoder averages more (blurrier), and a model trained for another objective scores a worse ELBO and "
            "NLL. Higgins et al. (2017) accept this price for more disentangled units.",
            "c": "no: what matters is the trade-off at the margin, not the term's size: multiplying the KL's "
            "gradient by 4 moves the optimum, and the KL (tens of nats) is far from negligible.",
            "d": "no: a q(z|x) closer to the prior makes the ELBO's gap to the IWAE bound smaller, but the bound is "
            "of a worse model: the decoder has less information to work with, so log p(x) itself falls (NLL rises).",
        },
        "β-VAE with β = 4",
    )
