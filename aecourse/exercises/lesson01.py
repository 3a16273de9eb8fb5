"""Lesson 01 · Dimensionality reduction: checkers for the exercises."""

from __future__ import annotations

from collections.abc import Sequence

from ._common import check, dense_params

__all__ = ["check_dense_params", "check_linear_autoencoder"]


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
