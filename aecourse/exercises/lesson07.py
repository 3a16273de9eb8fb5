"""Lesson 07 · Recommendation: checkers for the exercises."""

from __future__ import annotations

import math

import numpy as np

from ._common import _missing, check_choice, dense_params

__all__ = ["check_ranking_by_hand", "check_uautorec_params", "check_beta_cap", "check_cold_users"]

# Exercise 1: the user hid A, B and C; the list is A, D, E, B, F, so ranks 1 and 4 hold a hit.
_HITS = (1, 0, 0, 1, 0)
_N_HIDDEN = 3


def _dcg(hits) -> float:
    return sum(h / math.log2(r + 1) for r, h in enumerate(hits, start=1))


def check_ranking_by_hand(recall, ndcg) -> bool:
    """Lesson 07, exercise 1: Recall@5 and NDCG@5 of the list A, D, E, B, F for a user who hid A, B and C."""
    what = "Recall@5 and NDCG@5 of A, D, E, B, F"
    if _missing(recall, what) or _missing(ndcg, what):
        return False
    k, hits = len(_HITS), sum(_HITS)
    dcg, ideal = _dcg(_HITS), _dcg([1] * min(k, _N_HIDDEN))
    right_recall, right_ndcg = hits / min(k, _N_HIDDEN), dcg / ideal
    ok_recall = abs(float(recall) - right_recall) <= 0.005
    ok_ndcg = abs(float(ndcg) - right_ndcg) <= 0.005
    near = lambda x, y: abs(float(x) - y) <= 0.005  # noqa: E731
    if ok_recall:
        print(f"✓ Recall@5 = {hits} hits / min(5, 3 hidden) = {right_recall:.3f}.")
    elif near(recall, hits / k):
        print(
            "✗ Recall@5: you divided by k = 5. Liang et al. divide by min(k, hidden films) = 3, so that a user "
            "who hid only three films can still reach 1."
        )
    elif near(recall, 1 / 3) or near(recall, 1 / 5):
        print("✗ Recall@5: count the hits again: A (rank 1) and B (rank 4) are both hidden films.")
    else:
        print(f"✗ Recall@5: {recall} is not it. Count the hidden films in the top five, then divide by min(5, 3).")
    if ok_ndcg:
        print(
            f"✓ NDCG@5 = (1/log2(2) + 1/log2(5)) / (1/log2(2) + 1/log2(3) + 1/log2(4)) = {right_ndcg:.3f} "
            "(the base of the logarithm cancels in the ratio)."
        )
    elif near(ndcg, dcg):
        print("✗ NDCG@5: that is the DCG. Divide it by the ideal DCG, the DCG of the best possible list.")
    elif near(ndcg, dcg / _dcg([1] * k)):
        print(
            "✗ NDCG@5: the ideal list can hold only the three hidden films, not five hits: IDCG sums min(k, 3) "
            "discounts."
        )
    elif near(ndcg, (1 + 1 / 4) / (1 + 1 / 2 + 1 / 3)):
        print("✗ NDCG@5: the discount of rank r is 1 / log2(r + 1), not 1 / r.")
    else:
        print(
            f"✗ NDCG@5: {ndcg} is not it. A hit at rank r earns 1 / log2(r + 1); divide the list's sum by the "
            "sum for a list with all three hidden films on top."
        )
    return ok_recall and ok_ndcg


def check_uautorec_params(count, n_items: int, hidden: int = 500) -> bool:
    """Lesson 07, exercise 2: trainable parameters of U-AutoRec (a user's ``n_items`` ratings -> 500 -> ``n_items``)."""
    what = "U-AutoRec's parameter count"
    if _missing(count, what):
        return False
    right = dense_params([n_items, hidden, n_items])
    count = int(count)
    if count == right:
        print(
            f"✓ {what}: {right:,} = ({n_items} + 1) × {hidden} + ({hidden} + 1) × {n_items}. I-AutoRec's count "
            "grows with the number of users instead; and U-AutoRec trains on one row per user, not one per film."
        )
        return True
    m, rest = divmod(count - hidden, 2 * hidden + 1)
    if count == 2 * n_items * hidden:
        print(f"✗ {what}: {count:,} counts the two kernels only; add the biases ({hidden} and {n_items}).")
    elif rest == 0 and m > 0:
        print(
            f"✗ {what}: {count:,} is the count for an input of {m:,} entries (I-AutoRec's if that is the number "
            f"of users). U-AutoRec reads one user's row: a rating for each of the {n_items:,} films."
        )
    else:
        print(
            f"✗ {what}: {count:,} is not it. Two Dense layers: {n_items} -> {hidden} and {hidden} -> {n_items}, "
            "each with a kernel and a bias."
        )
    return False


def check_beta_cap(choice) -> bool:
    """Lesson 07, exercise 3: why Mult-VAE caps the KL weight β below 1 (multiple choice)."""
    explanations = {
        "a": "No: with β < 1 the objective E[log p(x|z)] − β·KL is at least the ELBO and no longer guaranteed to lie "
        "below the log-likelihood: it gives the bound up rather than tightening it. Liang et al. do so on purpose, "
        "for better rankings.",
        "b": "Yes: the KL term rewards codes that look like the prior N(0, I). At full weight, a user who showed "
        "few films cannot pay for a code that differs from everyone's, so their list drifts towards the average "
        "(popular) one. A smaller β keeps more of each user's evidence; Liang et al. found β ≈ 0.2 best.",
        "c": "No: the model samples z at every training step whatever β is; β only weighs the KL term in the loss.",
        "d": "No: a KL divergence is never negative and the multinomial NLL neither, so the loss stays ≥ 0; and a "
        "negative loss would not trouble Adam anyway (it follows gradients, not signs).",
    }
    return check_choice(choice, "b", explanations, "Why cap β below 1")


def check_cold_users(answer, scores_vae, scores_ease, test_in, test_out, threshold: int = 20) -> bool:
    """Lesson 07, exercise 4: mean NDCG@100 of Mult-VAE and EASE for test users who showed fewer than ``threshold``
    films and for the rest, as ``[[vae, ease] cold, [vae, ease] warm]``; recomputed from the same scores."""
    from aecourse.recsys import ndcg_at_k

    what = "Cold and warm users' NDCG@100"
    if _missing(answer, what):
        return False
    a = np.asarray(answer, dtype="float64")
    if a.shape != (2, 2):
        print(
            f"✗ {what}: shape {a.shape}; give [[Mult-VAE, EASE] for fewer than {threshold}, [Mult-VAE, EASE] "
            f"for {threshold} or more]."
        )
        return False
    shown = np.asarray(test_in).sum(axis=1)
    per_user = np.stack([ndcg_at_k(s, test_in, test_out, 100) for s in (scores_vae, scores_ease)], axis=1)

    def table(cold):
        return np.array([per_user[cold].mean(axis=0), per_user[~cold].mean(axis=0)])

    expected = table(shown < threshold)
    close = lambda e: bool(np.allclose(a, e, rtol=1e-3, atol=1e-6))  # noqa: E731
    n_cold = int((shown < threshold).sum())
    if close(expected):
        gaps = expected[:, 0] - expected[:, 1]
        print(
            f"✓ {what}: matches ({n_cold} cold users, {len(shown) - n_cold} warm). Mult-VAE minus EASE: "
            f"{gaps[0]:+.4f} cold, {gaps[1]:+.4f} warm. With this few cold users, compare each gap with its "
            "standard error before you read much into it."
        )
        return True
    if close(expected[::-1]):
        print(f"✗ {what}: your rows are swapped: the first row is for users who showed fewer than {threshold} films.")
    elif close(expected[:, ::-1]):
        print(f"✗ {what}: your columns are swapped: Mult-VAE first, then EASE.")
    elif close(table(shown <= threshold)):
        print(
            f"✗ {what}: a user who showed exactly {threshold} films belongs to the second group ('{threshold} or "
            "more')."
        )
    elif close(table(np.asarray(test_out).sum(axis=1) < threshold)):
        print(f"✗ {what}: you grouped users by their hidden films; group them by the films they showed (test_in).")
    else:
        print(
            f"✗ {what}: expected about {np.round(expected, 4).tolist()}. Use recsys.ndcg_at_k(scores, test_in, "
            "test_out, 100) for per-user scores, then average each group."
        )
    return False
