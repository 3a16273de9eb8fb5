"""Lesson 01 · Dimensionality reduction: checkers for the exercises."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ._common import check, dense_params

__all__ = [
    "check_dense_params",
    "check_linear_autoencoder",
    "check_hardest_class",
    "check_components_for_variance",
]


def check_dense_params(answer: int, sizes: Sequence[int]) -> bool:
    """Lesson 01, exercise 1: the parameter count of a Dense stack, counted by hand."""
    return check(
        answer,
        dense_params(sizes),
        f"parameters of Dense {'-'.join(map(str, sizes))}",
        hint="Each Dense layer from a to b units has a·b weights and b biases; did you count every layer's biases?",
    )


def _is_affine(model, dim: int, seed: int = 0) -> bool:
    """Whether ``model`` maps (n, dim) vectors affinely: f(a) + f(b) == f(a + b) + f(0), to float32 precision."""
    rng = np.random.default_rng(seed)
    a, b = rng.random((2, 4, dim), dtype=np.float32)
    f = lambda x: np.asarray(model.predict(x, verbose=0), dtype="float64")  # noqa: E731
    lhs, rhs = f(a) + f(b), f(a + b) + f(np.zeros_like(a))
    return bool(np.allclose(lhs, rhs, rtol=1e-3, atol=1e-3 * float(np.abs(lhs).max() + 1e-9)))


def check_linear_autoencoder(model, x_train: np.ndarray, x_test: np.ndarray, code_size: int = 10) -> bool:
    """Lesson 01, exercise 2: a linear autoencoder approaches PCA's error and spans PCA's subspace, never beats it.

    Right when the model is linear (affine), its code layer has ``code_size`` units, and its test MSE is within 50 %
    above PCA's and not clearly below it (below by more than 2 % would mean a non-linearity slipped in). How close it
    gets depends on training; the angle between its subspace and PCA's is printed, not graded.
    """
    from ..baselines import pca_reconstruct

    x_train = np.asarray(x_train, dtype=np.float32).reshape(len(x_train), -1)
    x_test = np.asarray(x_test, dtype=np.float32).reshape(len(x_test), -1)
    units = getattr(model.get_layer("code"), "units", None) if "code" in [la.name for la in model.layers] else None
    if units != code_size:
        print(f"✗ the model needs a layer named 'code' with {code_size} units (build_autoencoder names it so).")
        return False
    if not _is_affine(model, x_test.shape[1]):
        print("✗ the model is not linear: f(a) + f(b) differs from f(a + b) + f(0). Remove every activation.")
        return False
    pca_recon, _, pca = pca_reconstruct(x_train, x_test, code_size)
    ae_mse = float(np.mean((model.predict(x_test, verbose=0) - x_test) ** 2))
    ratio = ae_mse / float(np.mean((pca_recon - x_test) ** 2))
    decoder = np.asarray(model.layers[-1].get_weights()[0], dtype="float64")  # (code_size, 784): its rows span
    q_ae, _ = np.linalg.qr(decoder.T)
    cosines = np.clip(np.linalg.svd(q_ae.T @ pca.components_.T.astype("float64"), compute_uv=False), -1, 1)
    angle = float(np.degrees(np.arccos(cosines.min())))
    print(f"  test MSE / PCA's = {ratio:.3f}; largest angle between its subspace and PCA's: {angle:.1f}°")
    if ratio < 0.98:
        print("✗ below PCA: no linear code of this size can beat PCA on average; is a non-linearity left somewhere?")
        return False
    if ratio > 1.5:
        print("✗ not there yet: train longer. Gradient descent closes in on PCA slowly along low-variance directions.")
        return False
    print("✓ linear, and close to PCA from above: it is learning the same subspace (PCA is the optimum).")
    return True


def check_hardest_class(answer: str, x_test: np.ndarray, y_test: np.ndarray, recon: np.ndarray) -> bool:
    """Lesson 01, exercise 3: the class with the largest test MSE, recomputed from *your* run's reconstructions."""
    from ..data import FASHION_CLASSES

    x = np.asarray(x_test, dtype="float64").reshape(len(x_test), -1)
    r = np.asarray(recon, dtype="float64").reshape(len(recon), -1)
    per_class = {FASHION_CLASSES[c]: float(np.mean((x[y_test == c] - r[y_test == c]) ** 2)) for c in np.unique(y_test)}
    worst = max(per_class, key=per_class.get)
    if str(answer).strip().lower() == worst.lower():
        print(f"✓ {worst} is reconstructed worst in your run (MSE {per_class[worst]:.4f}).")
        return True
    if str(answer).strip().lower() not in (name.lower() for name in per_class):
        print(f"✗ {answer!r} is not a class name; the classes are: {', '.join(per_class)}.")
        return False
    mine = next(name for name in per_class if name.lower() == str(answer).strip().lower())
    print(
        f"✗ {mine} has MSE {per_class[mine]:.4f}, but another class is higher in your run; sort the per-class errors "
        "and take the largest (the error of a class is the mean over its images and pixels)."
    )
    return False


def check_components_for_variance(answer: int, x_train: np.ndarray, share: float = 0.9) -> bool:
    """Lesson 01, exercise 4: the fewest principal components that keep ``share`` of the training variance."""
    x = np.asarray(x_train, dtype="float64").reshape(len(x_train), -1)
    eigenvalues = np.linalg.eigvalsh(np.cov(x - x.mean(axis=0), rowvar=False))[::-1]
    needed = int(np.searchsorted(np.cumsum(eigenvalues) / eigenvalues.sum(), share) + 1)
    return check(
        answer,
        needed,
        f"components for {share:.0%} of the variance",
        hint="Cumulate the explained-variance ratios (largest first) and find where the sum first reaches the share; "
        "count components from 1, not from 0.",
    )
