"""Classical baselines the autoencoders are measured against. PCA introduced in lesson 01."""

from __future__ import annotations

import numpy as np


def pca_fit(x_train: np.ndarray, n_components: int, seed: int = 0):
    """Fit and return :class:`sklearn.decomposition.PCA` with ``n_components`` on ``x_train`` (rows: flattened images).

    The randomised solver is used when few components are asked for, the exact one otherwise. Lessons 01 and 04.
    """
    from sklearn.decomposition import PCA

    train = np.asarray(x_train, dtype=np.float32).reshape(len(x_train), -1)
    solver = "randomized" if n_components < min(train.shape) // 4 else "full"
    return PCA(n_components=n_components, svd_solver=solver, random_state=seed).fit(train)


def pca_reconstruct(x_train: np.ndarray, x_test: np.ndarray, n_components: int, seed: int = 0):
    """Fit PCA with ``n_components`` on ``x_train`` (rows are flattened images); encode and decode ``x_test``.

    Returns ``(reconstruction, codes, pca)``: the reconstruction has ``x_test``'s
    shape and dtype ``float32``; ``codes`` is ``(n, n_components)``; ``pca`` is the
    fitted :class:`sklearn.decomposition.PCA` (the best linear autoencoder of that size).
    """
    shape = x_test.shape
    test = np.asarray(x_test, dtype=np.float32).reshape(len(x_test), -1)
    pca = pca_fit(x_train, n_components, seed)
    codes = pca.transform(test)
    recon = pca.inverse_transform(codes).astype(np.float32).reshape(shape)
    return recon, codes.astype(np.float32), pca
