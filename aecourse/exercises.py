"""Checks a learner can call on an exercise's answer. Each prints a verdict and returns it."""

from __future__ import annotations

from collections.abc import Sequence


def dense_params(sizes: Sequence[int]) -> int:
    """Parameters of a stack of Dense layers ``sizes[0] -> sizes[1] -> …`` (weights plus biases)."""
    return int(sum((a + 1) * b for a, b in zip(sizes[:-1], sizes[1:])))


def check(answer: float, expected: float, what: str, rel_tol: float = 0.0, hint: str = "") -> bool:
    """Compare ``answer`` with ``expected`` (within ``rel_tol``); print ✓ or ✗ with the hint."""
    ok = abs(float(answer) - float(expected)) <= rel_tol * abs(float(expected))
    if ok:
        print(f"✓ {what}: {answer} is right.")
    else:
        print(f"✗ {what}: {answer} is not it yet. {hint}".rstrip())
    return ok


def check_at_least(value: float, threshold: float, what: str, hint: str = "") -> bool:
    """Say whether ``value`` reached ``threshold`` (print ✓ or ✗ with the hint)."""
    ok = float(value) >= float(threshold)
    print(
        f"✓ {what}: {value:.4g} reaches {threshold:.4g}."
        if ok
        else f"✗ {what}: {value:.4g} is below {threshold:.4g}. {hint}".rstrip()
    )
    return ok


def check_at_most(value: float, threshold: float, what: str, hint: str = "") -> bool:
    """Say whether ``value`` stayed at or below ``threshold`` (an error, a loss); print ✓ or ✗ with the hint."""
    ok = float(value) <= float(threshold)
    print(
        f"✓ {what}: {value:.4g} is at or below {threshold:.4g}."
        if ok
        else f"✗ {what}: {value:.4g} is above {threshold:.4g}. {hint}".rstrip()
    )
    return ok


def check_dense_params(answer: int, sizes: Sequence[int]) -> bool:
    """Lesson 01, exercise 1: the parameter count of a Dense stack, counted by hand."""
    return check(
        answer,
        dense_params(sizes),
        f"parameters of Dense {'-'.join(map(str, sizes))}",
        hint="Each Dense layer from a to b units has a·b weights and b biases.",
    )


def check_linear_autoencoder(linear_ae_mse: float, pca_mse: float) -> bool:
    """Lesson 01, exercise 3: a trained linear autoencoder should come close to PCA, never clearly beat it.

    Right when the autoencoder's test MSE lies within 10 % above PCA's (PCA is the
    optimum among linear codes of that size; a tiny margin below it is noise).
    """
    ratio = float(linear_ae_mse) / float(pca_mse)
    if ratio < 0.98:
        print(f"✗ ratio {ratio:.3f}: below PCA — is the autoencoder really linear, and is the code the same size?")
        return False
    if ratio > 1.10:
        print(f"✗ ratio {ratio:.3f}: not there yet — train longer or raise the learning rate.")
        return False
    print(f"✓ ratio {ratio:.3f}: the linear autoencoder has found PCA's subspace (up to training noise).")
    return True
