"""Recommender-system helpers for lesson 07: splits, baselines and ranking metrics.

Everything here is plain NumPy, so it is the same on every Keras backend. The autoencoders
(I-AutoRec, Mult-VAE, Mult-DAE) are written out in the notebook; this module holds what they are
measured against: the global mean, user+item biases and matrix factorisation for explicit ratings,
most-popular and EASE for implicit feedback, and the metrics RMSE, Recall@k and NDCG@k.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

# ----------------------------------------------------------------------------- explicit ratings


class Indexed(NamedTuple):
    """Ratings as 0-based index arrays: ``user[k]`` rated ``item[k]`` with ``rating[k]``."""

    user: np.ndarray  # int64, 0..n_users-1
    item: np.ndarray  # int64, 0..n_items-1
    rating: np.ndarray  # float32
    user_ids: np.ndarray  # the dataset's id of each user index
    item_ids: np.ndarray  # the dataset's id of each item index

    @property
    def n_users(self) -> int:
        return len(self.user_ids)

    @property
    def n_items(self) -> int:
        return len(self.item_ids)


def index_ratings(ratings) -> Indexed:
    """Turn a ratings DataFrame (``user_id, item_id, rating``) into 0-based index arrays."""
    user_ids, user = np.unique(ratings["user_id"].to_numpy(), return_inverse=True)
    item_ids, item = np.unique(ratings["item_id"].to_numpy(), return_inverse=True)
    return Indexed(user, item, ratings["rating"].to_numpy().astype("float32"), user_ids, item_ids)


def random_split(n: int, test_fraction: float = 0.1, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A seeded random split of ``n`` ratings: (train indices, test indices), both sorted."""
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must lie strictly between 0 and 1, got {test_fraction}")
    perm = np.random.default_rng(seed).permutation(n)
    n_test = int(round(n * test_fraction))
    return np.sort(perm[n_test:]), np.sort(perm[:n_test])


def rating_matrix(user, item, rating, n_users: int, n_items: int) -> np.ndarray:
    """Dense ``(n_items, n_users)`` float32 matrix of ratings, 0 where unrated (I-AutoRec's input)."""
    m = np.zeros((n_items, n_users), dtype="float32")
    m[item, user] = rating
    return m


def squared_errors(predicted, actual, clip: tuple[float, float] | None = (1.0, 5.0)) -> np.ndarray:
    """Squared error of each rating, in stars²; predictions are clipped to the rating scale first.

    Lesson 07 pairs these per test rating to compare two rating predictors (:func:`aecourse.verdicts.paired`).
    """
    predicted = np.asarray(predicted, dtype="float64")
    if clip is not None:
        predicted = np.clip(predicted, *clip)
    return (predicted - np.asarray(actual, dtype="float64")) ** 2


def rmse(predicted, actual, clip: tuple[float, float] | None = (1.0, 5.0)) -> float:
    """Root-mean-squared error, in rating units; predictions are clipped to the rating scale first."""
    return float(np.sqrt(np.mean(squared_errors(predicted, actual, clip))))


class Biases(NamedTuple):
    """``r̂(u, i) = mu + b_user[u] + b_item[i]``, the baseline every rating predictor must beat."""

    mu: float
    b_user: np.ndarray
    b_item: np.ndarray

    def predict(self, user, item) -> np.ndarray:
        return self.mu + self.b_user[user] + self.b_item[item]


def fit_biases(user, item, rating, n_users: int, n_items: int, reg: float = 5.0, sweeps: int = 10) -> Biases:
    """User and item biases by alternating ridge regression (shrinkage ``reg`` towards 0)."""
    rating = np.asarray(rating, dtype="float64")
    mu = float(rating.mean())
    b_user, b_item = np.zeros(n_users), np.zeros(n_items)
    n_per_item = np.bincount(item, minlength=n_items)
    n_per_user = np.bincount(user, minlength=n_users)
    for _ in range(sweeps):
        b_item = np.bincount(item, rating - mu - b_user[user], n_items) / (n_per_item + reg)
        b_user = np.bincount(user, rating - mu - b_item[item], n_users) / (n_per_user + reg)
    return Biases(mu, b_user, b_item)


class Factorization(NamedTuple):
    """Biased matrix factorisation: ``r̂(u, i) = biases(u, i) + P[u] · Q[i]``."""

    biases: Biases
    P: np.ndarray  # (n_users, factors)
    Q: np.ndarray  # (n_items, factors)

    def predict(self, user, item) -> np.ndarray:
        return self.biases.predict(user, item) + np.einsum("nk,nk->n", self.P[user], self.Q[item])


def fit_mf(
    user,
    item,
    rating,
    n_users: int,
    n_items: int,
    factors: int = 20,
    reg: float = 20.0,
    bias_reg: float = 5.0,
    sweeps: int = 15,
    seed: int = 0,
) -> Factorization:
    """Matrix factorisation of the bias residuals by alternating least squares (ridge ``reg``).

    Each sweep solves, for every user, ``(Q_Iᵀ Q_I + reg·I) p = Q_Iᵀ residuals`` over the items
    ``I`` they rated, then the same for every item. A few seconds on MovieLens 100K.
    """
    biases = fit_biases(user, item, rating, n_users, n_items, reg=bias_reg)
    residual = np.asarray(rating, dtype="float64") - biases.predict(user, item)
    rng = np.random.default_rng(seed)
    P = rng.normal(0, 0.1, (n_users, factors))
    Q = rng.normal(0, 0.1, (n_items, factors))
    eye = reg * np.eye(factors)
    by_user = _groups(user, n_users)
    by_item = _groups(item, n_items)
    for _ in range(sweeps):
        for rows, A, B, other in ((by_user, P, Q, item), (by_item, Q, P, user)):
            for row, members in enumerate(rows):
                if len(members) == 0:
                    A[row] = 0.0
                    continue
                Bm = B[other[members]]
                A[row] = np.linalg.solve(Bm.T @ Bm + eye, Bm.T @ residual[members])
    return Factorization(biases, P, Q)


def _groups(keys, n: int) -> list[np.ndarray]:
    order = np.argsort(keys, kind="stable")
    bounds = np.searchsorted(keys[order], np.arange(n + 1))
    return [order[bounds[k] : bounds[k + 1]] for k in range(n)]


# ----------------------------------------------------------------------------- implicit feedback


class Implicit(NamedTuple):
    """A binary user × item matrix of positives, with the dataset ids of its rows and columns."""

    X: np.ndarray  # float32 (n_users, n_items), 1 = positive
    user_ids: np.ndarray
    item_ids: np.ndarray


def implicit_matrix(ratings, threshold: int = 4, min_items: int = 5) -> Implicit:
    """Ratings ≥ ``threshold`` become positives; users with fewer than ``min_items`` positives are dropped.

    This is Liang et al. (2018)'s pre-processing for MovieLens.
    """
    positive = ratings[ratings["rating"] >= threshold]
    counts = positive.groupby("user_id").size()
    positive = positive[positive["user_id"].isin(counts[counts >= min_items].index)]
    idx = index_ratings(positive)
    X = np.zeros((idx.n_users, idx.n_items), dtype="float32")
    X[idx.user, idx.item] = 1.0
    return Implicit(X, idx.user_ids, idx.item_ids)


class StrongSplit(NamedTuple):
    """Strong generalisation: training users, and held-out users whose items are split in two.

    For a held-out user the model sees ``*_in`` (the fold-in items) and is scored on ``*_out``.
    """

    train: np.ndarray
    val_in: np.ndarray
    val_out: np.ndarray
    test_in: np.ndarray
    test_out: np.ndarray
    train_users: np.ndarray  # row numbers in the full matrix
    val_users: np.ndarray
    test_users: np.ndarray


def strong_split(X: np.ndarray, n_heldout: int, holdout_fraction: float = 0.2, seed: int = 0) -> StrongSplit:
    """Hold out ``n_heldout`` validation and ``n_heldout`` test users; for each, ``holdout_fraction`` of
    their positives (at least one) go to ``*_out`` and the rest to ``*_in``. Seeded."""
    if 2 * n_heldout >= len(X):
        raise ValueError(f"n_heldout={n_heldout} leaves no training users out of {len(X)}")
    rng = np.random.default_rng(seed)
    perm = rng.permutation(len(X))
    val_users, test_users, train_users = perm[:n_heldout], perm[n_heldout : 2 * n_heldout], perm[2 * n_heldout :]

    def fold(rows):
        fold_in, out = np.zeros_like(X[rows]), np.zeros_like(X[rows])
        for k, row in enumerate(X[rows]):
            items = rng.permutation(np.flatnonzero(row))
            n_out = max(1, int(round(holdout_fraction * len(items))))
            out[k, items[:n_out]] = 1
            fold_in[k, items[n_out:]] = 1
        return fold_in, out

    val_in, val_out = fold(val_users)
    test_in, test_out = fold(test_users)
    return StrongSplit(X[train_users], val_in, val_out, test_in, test_out, train_users, val_users, test_users)


def top_k(scores, fold_in, k: int) -> np.ndarray:
    """Indices of each user's ``k`` best-scored items, best first, never one of their fold-in items.

    Ties go to the lower item index (a stable sort), so a list with tied scores (most-popular's counts) is the
    same on every machine, and a learner's ``np.argsort(-scores, kind="stable")`` reproduces it.
    """
    scores = np.where(np.asarray(fold_in) > 0, -np.inf, np.asarray(scores, dtype="float64"))
    return np.argsort(-scores, axis=1, kind="stable")[:, :k]


def recall_at_k(scores, fold_in, heldout, k: int) -> np.ndarray:
    """Per user: held-out items among the top ``k``, divided by ``min(k, number held out)``.

    The normalisation is Liang et al. (2018)'s, so that 1.0 is reachable for every user.
    """
    heldout = np.asarray(heldout)
    hits = np.take_along_axis(heldout, top_k(scores, fold_in, k), axis=1).sum(axis=1)
    return hits / np.minimum(k, heldout.sum(axis=1))


def ndcg_at_k(scores, fold_in, heldout, k: int) -> np.ndarray:
    """Per user: normalised discounted cumulative gain of the top ``k`` against the held-out items (0..1)."""
    heldout = np.asarray(heldout)
    if (heldout.sum(axis=1) == 0).any():
        raise ValueError("every user needs at least one held-out item to be scored")
    discount = 1.0 / np.log2(np.arange(2, k + 2))
    dcg = (np.take_along_axis(heldout, top_k(scores, fold_in, k), axis=1) * discount).sum(axis=1)
    ideal = np.cumsum(discount)[np.minimum(heldout.sum(axis=1).astype(int), k) - 1]
    return dcg / ideal


def popularity_scores(train: np.ndarray, n_users: int) -> np.ndarray:
    """Most-popular: every user gets the items' positive counts among the training users."""
    return np.tile(np.asarray(train).sum(axis=0), (n_users, 1))


def ease_weights(train: np.ndarray, lam: float) -> np.ndarray:
    """EASE (Steck 2019): the item-item matrix ``B`` with zero diagonal minimising ``‖X − XB‖² + lam·‖B‖²``.

    Closed form: ``P = (XᵀX + lam·I)⁻¹``, ``B = −P / diag(P)`` column-wise, diagonal set to 0.
    Scores for users with fold-in rows ``X_in`` are ``X_in @ B``.
    """
    X = np.asarray(train, dtype="float64")
    P = np.linalg.inv(X.T @ X + lam * np.eye(X.shape[1]))
    B = -P / np.diag(P)
    np.fill_diagonal(B, 0.0)
    return B
