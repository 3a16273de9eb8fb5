"""Lesson 04 · Feature extraction: checkers for the exercises."""

from __future__ import annotations

import numpy as np

from ._common import _missing, check, check_choice, check_close

__all__ = [
    "check_probe_params",
    "toy_retrieval",
    "check_precision_at_10",
    "check_c_choice",
    "check_knn_accuracy",
]

CLASSES = 10


def _probe_hint(answer, features: int) -> str:
    """Why a probe's parameter count is off, for the usual slips."""
    if answer is None:
        return ""
    answer = int(answer)
    if answer == features:
        return "That is the number of features; the probe has a weight for every feature *and* every class."
    if answer == features * CLASSES:
        return "Those are the weights; each of the ten outputs also has a bias."
    if answer == features * CLASSES + 1:
        return "Each of the ten outputs has its own bias, not one bias for all."
    if answer == features + CLASSES:
        return "A weight for every (feature, class) pair: the weights multiply, they do not add."
    return "Count the weight matrix (features × classes) and the bias vector (one per class)."


def check_probe_params(flat: int, pooled: int) -> bool:
    """Lesson 04, exercise 1: parameters of a 10-class linear probe on the flattened 7×7×64 trunk maps and on the
    3×3×64 pooled intermediate features."""
    ok = True
    for answer, (h, w, c), what in ((flat, (7, 7, 64), "flattened trunk maps"), (pooled, (3, 3, 64), "pooled")):
        features = h * w * c
        ok &= check(
            answer,
            features * CLASSES + CLASSES,
            f"probe on the {what} ({h}×{w}×{c})",
            hint=_probe_hint(answer, features),
        )
    if ok:
        print(
            "  With ten labels per class the probe sees 100 images: both probes have far more parameters than "
            "labels, which is why the L2 strength C matters and is chosen on validation."
        )
    return ok


def toy_retrieval(seed: int = 4) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lesson 04, exercise 2: a toy retrieval problem, ``(sims, db_labels, query_labels)``.

    ``sims`` (4, 15) holds the cosine similarity of 4 queries to 15 database items (no ties); ``db_labels`` (15,)
    and ``query_labels`` (4,) their classes (0, 1 or 2). Same-class pairs tend to be more similar, as with features
    that work.
    """
    rng = np.random.default_rng(seed)
    db_labels = rng.integers(0, 3, 15)
    query_labels = np.array([0, 1, 2, 1])
    sims = np.round(0.35 * (query_labels[:, None] == db_labels) + rng.uniform(-0.6, 0.6, (4, 15)), 3)
    return sims, db_labels, query_labels


def check_precision_at_10(per_query) -> bool:
    """Lesson 04, exercise 2: each query's precision@10 on :func:`toy_retrieval`, computed by hand."""
    sims, db_labels, query_labels = toy_retrieval()
    top = np.argsort(-sims, axis=1)[:, :10]
    expected = (db_labels[top] == query_labels[:, None]).mean(axis=1)
    hint = "Take each query's ten most similar items (largest similarity) and count the share of its class."
    if per_query is not None:
        answer = np.asarray(per_query, dtype="float64")
        least = (db_labels[np.argsort(sims, axis=1)[:, :10]] == query_labels[:, None]).mean(axis=1)
        every = (db_labels == query_labels[:, None]).mean(axis=1)
        if answer.shape == ():
            hint = "Give one number per query (an array of 4); precision@10 of the whole set is their mean."
        elif answer.shape == expected.shape and np.allclose(answer, least):
            hint = "These are the ten *least* similar items: np.argsort sorts ascending; sort by -sims."
        elif answer.shape == expected.shape and np.allclose(answer, every):
            hint = "That is the share of the query's class in the whole database; only the ten nearest count."
        elif answer.shape == expected.shape and np.allclose(answer, expected * 10):
            hint = "Those are counts of hits; precision is the fraction of the ten, so divide by 10."
    ok = check_close(per_query, expected, "precision@10 per query", rtol=0, atol=1e-9, hint=hint)
    if ok:
        print(f"  precision@10 over the four queries: {expected.mean():.3f} (the mean of yours).")
    return ok


def check_c_choice(answer: str) -> bool:
    """Lesson 04, exercise 3: why C is chosen on validation, and what cross-validation on ten labels per class does."""
    return check_choice(
        answer,
        "b",
        {
            "a": "No: the grid is the same for all, but the choice would be made on the numbers we report. The best "
            "of several noisy test scores is optimistic by about the noise, and the test set would no longer be "
            "unseen.",
            "b": "Right: cross-validation never touches the test set, so it is honest; but each fold's probe learns "
            "from eight images per class and is scored on twenty images, so every C's estimate rests on a hundred "
            "predictions and the chosen C changes from draw to draw.",
            "c": "No: each label is used to score only once, so the estimate rests on a hundred predictions, against "
            "thousands in the lesson's validation set; reusing labels across folds adds no information.",
            "d": "No: fitting to convergence finds the best probe *for a given C*; C itself sets how strongly the "
            "weights are pulled to zero, and the validation accuracy along the C grid (section 5) shows it matters.",
        },
        "choosing C",
    )


def check_knn_accuracy(accuracy: float, database, database_labels, queries, query_labels, k: int = 10) -> bool:
    """Lesson 04, exercise 4: k-NN accuracy (majority vote of the ``k`` cosine-nearest database items), recomputed.

    Ties in the vote may be broken either way, so any answer between "every tie lost" and "every tie won" is right.
    """
    if _missing(accuracy, "k-NN accuracy"):
        return False
    from ..features import nearest_neighbours

    db_labels, q_labels = np.asarray(database_labels), np.asarray(query_labels)
    votes = db_labels[nearest_neighbours(database, queries, k)]
    counts = np.stack([(votes == c).sum(axis=1) for c in range(int(db_labels.max()) + 1)], axis=1)
    top = counts.max(axis=1)
    own = counts[np.arange(len(q_labels)), q_labels]
    alone = (counts == top[:, None]).sum(axis=1) == 1  # no other class has as many votes
    lowest, highest = float(np.mean((own == top) & alone)), float(np.mean(own == top))
    precision = float((votes == q_labels[:, None]).mean())
    ok = lowest - 1e-9 <= float(accuracy) <= highest + 1e-9
    if ok:
        majority = float(np.mean(own > k / 2))
        print(
            f"✓ k-NN accuracy: {float(accuracy):.4f} is right (ties decide between {lowest:.4f} and {highest:.4f}).\n"
            f"  precision@{k} on the same features: {precision:.4f}. A query with more than {k // 2} of {k} "
            f"neighbours in its class is always voted right, so k-NN accuracy is at least {majority:.4f} here."
        )
    elif abs(float(accuracy) - precision) < 1e-9:
        print(
            f"✗ k-NN accuracy: {float(accuracy):.4f} is precision@{k}, the share of neighbours in the query's class. "
            "The vote asks whether the most common class among the neighbours is the query's."
        )
    else:
        print(
            f"✗ k-NN accuracy: {float(accuracy):.4f} is outside [{lowest:.4f}, {highest:.4f}], what these features "
            f"give. Use cosine similarity, the {k} nearest database items, their labels, and the most common one."
        )
    return ok
