"""Lesson 07's recommender helpers: splits, baselines and ranking metrics, on tiny cases."""

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import ndcg_score

from aecourse import recsys


def _random_case(seed, n_users=12, n_items=30):
    rng = np.random.default_rng(seed)
    scores = rng.normal(size=(n_users, n_items))
    heldout = (rng.random((n_users, n_items)) < 0.2).astype("float32")
    heldout[np.arange(n_users), rng.integers(0, n_items, n_users)] = 1  # at least one each
    return scores, heldout


@pytest.mark.parametrize("k", [1, 5, 10, 30])
def test_ndcg_matches_scikit_learn_without_fold_in(k):
    scores, heldout = _random_case(k)
    ours = recsys.ndcg_at_k(scores, np.zeros_like(heldout), heldout, k)
    theirs = [ndcg_score(heldout[u : u + 1], scores[u : u + 1], k=k) for u in range(len(scores))]
    np.testing.assert_allclose(ours, theirs, rtol=1e-10)


def test_ndcg_excludes_fold_in_items_like_scikit_learn_on_the_remaining_items():
    scores, heldout = _random_case(7)
    rng = np.random.default_rng(1)
    fold_in = ((rng.random(heldout.shape) < 0.3) & (heldout == 0)).astype("float32")
    ours = recsys.ndcg_at_k(scores, fold_in, heldout, 10)
    for u in range(len(scores)):
        keep = fold_in[u] == 0
        theirs = ndcg_score(heldout[u : u + 1, keep], scores[u : u + 1, keep], k=10)
        assert ours[u] == pytest.approx(theirs, rel=1e-10)


def test_recall_by_hand():
    scores = np.array([[0.9, 0.8, 0.7, 0.1, 0.0]])
    fold_in = np.array([[1, 0, 0, 0, 0]])  # item 0 is known: skipped
    heldout = np.array([[0, 1, 0, 0, 1]])
    # top 2 without item 0: items 1, 2; one hit of min(2, 2) possible
    assert recsys.recall_at_k(scores, fold_in, heldout, 2)[0] == pytest.approx(0.5)
    # top 1: item 1, a hit; normalised by min(1, 2) = 1
    assert recsys.recall_at_k(scores, fold_in, heldout, 1)[0] == pytest.approx(1.0)
    # ndcg@2 by hand: hit at rank 1 only -> 1 / (1 + 1/log2(3))
    assert recsys.ndcg_at_k(scores, fold_in, heldout, 2)[0] == pytest.approx(1 / (1 + 1 / np.log2(3)))


def test_top_k_never_recommends_a_fold_in_item_and_is_sorted():
    scores, _ = _random_case(3)
    fold_in = (scores > 1).astype("float32")
    top = recsys.top_k(scores, fold_in, 5)
    assert not np.take_along_axis(fold_in, top, 1).any()
    picked = np.take_along_axis(scores, top, 1)
    assert (np.diff(picked, axis=1) <= 0).all()


def test_ndcg_refuses_a_user_with_nothing_held_out():
    with pytest.raises(ValueError, match="held-out"):
        recsys.ndcg_at_k(np.ones((1, 3)), np.zeros((1, 3)), np.zeros((1, 3)), 2)


def test_ease_equals_one_ridge_regression_per_item():
    rng = np.random.default_rng(0)
    X = (rng.random((40, 8)) < 0.3).astype("float64")
    lam = 3.0
    B = recsys.ease_weights(X, lam)
    assert np.allclose(np.diag(B), 0)
    for j in range(X.shape[1]):
        others = np.delete(np.arange(X.shape[1]), j)
        A = X[:, others]
        b = np.linalg.solve(A.T @ A + lam * np.eye(len(others)), A.T @ X[:, j])
        np.testing.assert_allclose(B[others, j], b, atol=1e-10)


def test_popularity_ranks_items_by_count():
    train = np.array([[1, 0, 1], [1, 0, 0], [1, 1, 0]])
    scores = recsys.popularity_scores(train, 2)
    assert scores.shape == (2, 3) and list(scores[0]) == [3, 1, 1]


def _ratings(n_users=30, n_items=20, seed=0, noise=0.0, rank=0):
    rng = np.random.default_rng(seed)
    bu, bi = rng.normal(0, 0.5, n_users), rng.normal(0, 0.5, n_items)
    full = 3.5 + bu[:, None] + bi[None, :]
    if rank:
        full = full + rng.normal(0, 0.7, (n_users, rank)) @ rng.normal(0, 0.7, (rank, n_items))
    full = full + rng.normal(0, noise, full.shape)
    u, i = np.nonzero(rng.random(full.shape) < 0.6)
    return u, i, full[u, i], full


def test_biases_recover_an_additive_model():
    u, i, r, full = _ratings()
    model = recsys.fit_biases(u, i, r, 30, 20, reg=0.0, sweeps=50)
    uu, ii = np.indices(full.shape)
    np.testing.assert_allclose(model.predict(uu.ravel(), ii.ravel()), full.ravel(), atol=1e-3)


def test_mf_explains_low_rank_structure_the_biases_cannot():
    u, i, r, full = _ratings(rank=2, noise=0.05, seed=1)
    uu, ii = (a.ravel() for a in np.indices(full.shape))
    biases = recsys.fit_biases(u, i, r, 30, 20, reg=1.0)
    mf = recsys.fit_mf(u, i, r, 30, 20, factors=2, reg=0.1, sweeps=30)
    err_bias = recsys.rmse(biases.predict(uu, ii), full.ravel(), clip=None)
    err_mf = recsys.rmse(mf.predict(uu, ii), full.ravel(), clip=None)
    assert err_mf < 0.5 * err_bias


def test_random_split_is_seeded_disjoint_and_complete():
    train, test = recsys.random_split(100, 0.1, seed=3)
    assert len(test) == 10 and len(train) == 90
    assert set(train) | set(test) == set(range(100)) and not set(train) & set(test)
    again, _ = recsys.random_split(100, 0.1, seed=3)
    assert (again == train).all()
    with pytest.raises(ValueError, match="test_fraction"):
        recsys.random_split(100, 1.5)


def test_rmse_clips_to_the_rating_scale():
    assert recsys.rmse([6.0, 0.0], [5.0, 1.0]) == 0.0
    assert recsys.rmse([6.0], [5.0], clip=None) == 1.0


def test_implicit_matrix_and_strong_split():
    rng = np.random.default_rng(0)
    rows = [(u, i, int(rng.integers(1, 6))) for u in range(1, 41) for i in range(1, 26) if rng.random() < 0.6]
    rows += [(99, 1, 5), (99, 2, 5)]  # a user with two positives: dropped (min_items=5)
    ratings = pd.DataFrame(rows, columns=["user_id", "item_id", "rating"])
    data = recsys.implicit_matrix(ratings)
    assert 99 not in data.user_ids
    per_user = ratings[ratings.rating >= 4].groupby("user_id").size()
    assert data.X.sum() == per_user[per_user >= 5].sum()
    assert list(data.user_ids) == list(per_user[per_user >= 5].index)
    split = recsys.strong_split(data.X, n_heldout=5, seed=0)
    users = np.concatenate([split.train_users, split.val_users, split.test_users])
    assert sorted(users) == list(range(len(data.X)))
    np.testing.assert_array_equal(split.val_in + split.val_out, data.X[split.val_users])
    assert not (split.test_in * split.test_out).any()
    assert (split.test_out.sum(1) >= 1).all()
    share = split.test_out.sum() / data.X[split.test_users].sum()
    assert 0.1 < share < 0.3
    with pytest.raises(ValueError, match="no training users"):
        recsys.strong_split(data.X, n_heldout=len(data.X))


def test_top_k_breaks_ties_by_the_lower_item_index_and_skips_fold_in_items():
    scores = np.array([[1.0, 1.0, 2.0, 1.0, 1.0]])
    fold_in = np.array([[0, 1, 0, 0, 0]])
    assert recsys.top_k(scores, fold_in, 3).tolist() == [[2, 0, 3]]
