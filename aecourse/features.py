"""Judging learned features: label budgets, a linear probe and nearest-neighbour retrieval. Lesson 04.

Every function takes plain NumPy feature matrices (one row per image), so the same code scores raw
pixels, PCA and any encoder's output, whichever Keras backend produced it.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence

import numpy as np

ALL = "all"  # the label budget that uses every training label


def per_class_indices(labels: np.ndarray, per_class: int | str, seed: int) -> np.ndarray:
    """Indices of ``per_class`` randomly chosen examples of every class (sorted), or of all when ``per_class == "all"``.

    The draw depends only on ``labels``, ``per_class`` and ``seed``, so every method sees the same labelled images.
    """
    labels = np.asarray(labels)
    if per_class == ALL:
        return np.arange(len(labels))
    per_class = int(per_class)
    rng = np.random.default_rng(seed)
    chosen = []
    for c in np.unique(labels):
        members = np.flatnonzero(labels == c)
        if len(members) < per_class:
            raise ValueError(f"class {c} has {len(members)} examples, fewer than the {per_class} asked for")
        chosen.append(rng.choice(members, per_class, replace=False))
    return np.sort(np.concatenate(chosen))


def scale_like(train: np.ndarray, *others: np.ndarray) -> list[np.ndarray]:
    """Centre every matrix on ``train``'s mean and divide all by one number, ``train``'s root-mean-square spread.

    One scale for all columns (not one per column) keeps the relative sizes of the features: PCA's weak
    last components stay weak instead of being blown up to unit variance, and an L2-regularised linear
    probe on PCA with every component gives exactly its accuracy on raw pixels (a rotation changes nothing).
    """
    train = np.asarray(train, dtype=np.float64).reshape(len(train), -1)
    mean = train.mean(axis=0)
    spread = float(np.sqrt(((train - mean) ** 2).mean()))
    spread = spread if spread > 0 else 1.0
    return [(train - mean) / spread] + [
        (np.asarray(o, dtype=np.float64).reshape(len(o), -1) - mean) / spread for o in others
    ]


def linear_probe(
    train_x: np.ndarray,
    train_y: np.ndarray,
    test_x: np.ndarray,
    test_y: np.ndarray,
    c: float = 0.1,
    max_iter: int = 200,
) -> float:
    """Test accuracy (fraction in [0, 1]) of multinomial logistic regression fitted on ``train_x``.

    Features are scaled with :func:`scale_like`; ``c`` is scikit-learn's inverse L2 strength, the same for
    every feature type so that no method is tuned on the test set. L-BFGS stops after ``max_iter``
    iterations even if not fully converged (the same cap for every method; the warning is silenced).
    """
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression

    train_s, test_s = scale_like(train_x, test_x)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf = LogisticRegression(C=c, max_iter=max_iter).fit(train_s, train_y)
    return float(clf.score(test_s, test_y))


def probe_budgets(
    features: Mapping[str, tuple[np.ndarray, np.ndarray]],
    train_y: np.ndarray,
    test_y: np.ndarray,
    seeds: Mapping[int | str, int],
    c: float = 0.1,
    max_iter: int = 200,
    log=print,
) -> dict[str, dict[str, dict[str, float]]]:
    """Linear-probe every feature type at every label budget, with ``seeds[budget]`` draws of the labelled set.

    ``features`` maps a method name to ``(train_features, test_features)``; ``seeds`` maps a budget (labels
    per class, or ``"all"``) to the number of draws. Returns ``{budget: {method: {"mean", "std", "n"}}}``
    with accuracies as fractions; budgets are string keys (``"10"``, ``"all"``) so the result is JSON-ready.
    The same draws are used for every method.
    """
    table: dict[str, dict[str, dict[str, float]]] = {}
    for budget, n_seeds in seeds.items():
        draws = [per_class_indices(train_y, budget, seed) for seed in range(1 if budget == ALL else n_seeds)]
        row = {}
        for name, (train_f, test_f) in features.items():
            accs = [linear_probe(train_f[idx], train_y[idx], test_f, test_y, c, max_iter) for idx in draws]
            row[name] = {"mean": float(np.mean(accs)), "std": float(np.std(accs)), "n": len(accs)}
        table[str(budget)] = row
        if log:
            log(f"{str(budget):>5} labels/class: " + ", ".join(f"{m} {v['mean']:.3f}" for m, v in row.items()))
    return table


def nearest_neighbours(database: np.ndarray, queries: np.ndarray, k: int = 10, chunk: int = 500) -> np.ndarray:
    """Indices ``(len(queries), k)`` of each query's ``k`` most cosine-similar database rows, most similar first."""
    db = np.asarray(database, dtype=np.float32).reshape(len(database), -1)
    q = np.asarray(queries, dtype=np.float32).reshape(len(queries), -1)
    db = db / np.maximum(np.linalg.norm(db, axis=1, keepdims=True), 1e-12)
    q = q / np.maximum(np.linalg.norm(q, axis=1, keepdims=True), 1e-12)
    if not 0 < k <= len(db):
        raise ValueError(f"k must be between 1 and the database size {len(db)}, got {k}")
    out = np.empty((len(q), k), dtype=np.int64)
    for start in range(0, len(q), chunk):
        sims = q[start : start + chunk] @ db.T
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        order = np.argsort(-np.take_along_axis(sims, top, axis=1), axis=1, kind="stable")
        out[start : start + chunk] = np.take_along_axis(top, order, axis=1)
    return out


def precision_at_k(
    database: np.ndarray, database_labels: np.ndarray, queries: np.ndarray, query_labels: np.ndarray, k: int = 10
) -> float:
    """Mean fraction of each query's ``k`` nearest database items (cosine) that share its label, in [0, 1]."""
    idx = nearest_neighbours(database, queries, k)
    return float((np.asarray(database_labels)[idx] == np.asarray(query_labels)[:, None]).mean())


def summarise(table: Mapping[str, Mapping[str, Mapping[str, float]]], methods: Sequence[str]) -> str:
    """A plain-text table of probe accuracies in percent (mean ± std over draws), one row per budget."""
    width = max(len(m) for m in methods) + 2
    lines = ["labels/class".ljust(13) + "".join(m.rjust(max(width, 14)) for m in methods)]
    for budget, row in table.items():
        cells = "".join(
            f"{100 * row[m]['mean']:.1f} ± {100 * row[m]['std']:.1f}".rjust(max(width, 14)) for m in methods if m in row
        )
        lines.append(budget.ljust(13) + cells)
    return "\n".join(lines)
