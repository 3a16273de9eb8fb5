"""Lesson 04's feature-judging helpers: label budgets, the linear probe, retrieval, on tiny cases."""

import numpy as np
import pytest

from aecourse import features


def _blobs(seed, n_per_class=60, dim=8, classes=3, spread=0.3):
    centres = np.random.default_rng(100).normal(size=(classes, dim)) * 3  # the same classes for every seed
    rng = np.random.default_rng(seed)
    y = np.repeat(np.arange(classes), n_per_class)
    x = centres[y] + spread * rng.normal(size=(len(y), dim))
    return x.astype("float32"), y


def test_per_class_indices_draws_the_asked_number_of_each_class_reproducibly():
    y = np.repeat(np.arange(4), [10, 12, 15, 20])
    idx = features.per_class_indices(y, 5, seed=3)
    assert np.bincount(y[idx]).tolist() == [5, 5, 5, 5]
    assert len(set(idx.tolist())) == 20 and np.all(np.diff(idx) > 0)
    np.testing.assert_array_equal(idx, features.per_class_indices(y, 5, seed=3))
    assert not np.array_equal(idx, features.per_class_indices(y, 5, seed=4))
    np.testing.assert_array_equal(features.per_class_indices(y, "all", seed=0), np.arange(len(y)))


def test_per_class_indices_refuses_a_budget_a_class_cannot_fill():
    y = np.array([0] * 10 + [1] * 3)
    with pytest.raises(ValueError, match="class 1 has 3 examples"):
        features.per_class_indices(y, 5, seed=0)


def test_scale_like_centres_on_train_and_uses_one_scale_for_all_columns():
    rng = np.random.default_rng(0)
    train = rng.normal(size=(100, 3)) * [1.0, 10.0, 0.1] + 5
    test = rng.normal(size=(7, 3))
    train_s, test_s = features.scale_like(train, test)
    np.testing.assert_allclose(train_s.mean(axis=0), 0, atol=1e-12)
    assert np.sqrt((train_s**2).mean()) == pytest.approx(1.0)
    # relative column sizes are kept: a per-column standardiser would make these stds equal
    ratio = train_s.std(axis=0) / train.std(axis=0)
    np.testing.assert_allclose(ratio, ratio[0])
    np.testing.assert_allclose(test_s, (test - train.mean(axis=0)) * ratio[0])


def test_linear_probe_separates_separable_classes_and_is_at_chance_on_random_labels():
    x, y = _blobs(0)
    xt, yt = _blobs(0, n_per_class=30)
    assert features.linear_probe(x, y, xt, yt, c=1.0) == 1.0
    rng = np.random.default_rng(1)
    noise, noise_test = rng.normal(size=(300, 20)), rng.normal(size=(3000, 20))
    acc = features.linear_probe(noise, rng.integers(0, 3, 300), noise_test, rng.integers(0, 3, 3000))
    assert 0.28 < acc < 0.39


def test_linear_probe_is_unchanged_by_a_rotation_so_full_pca_scores_like_raw_pixels():
    x, y = _blobs(2, spread=2.0, dim=6)
    xt, yt = _blobs(3, spread=2.0, dim=6, n_per_class=200)
    q, _ = np.linalg.qr(np.random.default_rng(5).normal(size=(6, 6)))
    raw = features.linear_probe(x, y, xt, yt, c=0.05, max_iter=500)
    rotated = features.linear_probe(x @ q, y, xt @ q, yt, c=0.05, max_iter=500)
    assert rotated == pytest.approx(raw, abs=1.0 / len(yt) + 1e-12)
    assert 0.5 < raw < 1.0  # overlapping classes: a real test, not a trivial 1.0


def test_probe_budgets_gives_every_method_the_same_draws():
    x, y = _blobs(4, n_per_class=40, spread=1.5)
    xv, yv = _blobs(6, n_per_class=30, spread=1.5)
    xt, yt = _blobs(5, n_per_class=40, spread=1.5)
    feats = {
        "a": (x, xv, xt),
        "a again": (x.copy(), xv.copy(), xt.copy()),
        "noise": (np.random.default_rng(0).normal(size=x.shape), xv, xt),
    }
    table = features.probe_budgets(feats, y, yv, yt, {2: 3, "all": 5}, seed=7, log=None)
    assert list(table) == ["2", "all"]
    assert table["2"]["a"] == table["2"]["a again"]  # identical features, identical draws, identical numbers
    assert table["2"]["a"]["n"] == 3 and table["all"]["a"]["n"] == 1  # one draw of "all" is all there is
    assert table["all"]["a"]["std"] == 0.0
    assert table["all"]["a"]["mean"] > table["all"]["noise"]["mean"]
    row = table["2"]["a"]
    assert row["c"] in features.C_GRID and row["converged"] and 0 < row["iterations"] < features.MAX_ITER
    other = features.probe_budgets(feats, y, yv, yt, {2: 3}, seed=8, log=None)
    assert other["2"]["a"] != row  # the lesson's seed reaches the label draws
    text = features.summarise(table, ["a", "noise"])
    assert "all" in text and f"{100 * table['all']['a']['mean']:.1f}" in text


def test_probe_chooses_c_on_validation_and_never_looks_at_test_labels():
    x, y = _blobs(4, n_per_class=40, spread=2.5)
    xv, yv = _blobs(6, n_per_class=100, spread=2.5)
    xt, yt = _blobs(5, n_per_class=40, spread=2.5)
    feats = {"a": (x, xv, xt)}
    table = features.probe_budgets(feats, y, yv, yt, {5: 2}, c_grid=(0.001, 0.1, 10.0), log=None)
    shuffled = features.probe_budgets(
        feats, y, yv, np.random.default_rng(0).permutation(yt), {5: 2}, c_grid=(0.001, 0.1, 10.0), log=None
    )
    assert table["5"]["a"]["c"] == shuffled["5"]["a"]["c"]  # the choice ignores the test labels
    assert table["5"]["a"]["val_mean"] == shuffled["5"]["a"]["val_mean"]
    paths = [features.probe_path(*features.scale_like(x)[:1], y, (0.001, 0.1, 10.0))]
    assert set(paths[0]) == {0.001, 0.1, 10.0} and all(it > 0 for _, it in paths[0].values())


def test_softmax_probe_finds_scikit_learns_logistic_regression():
    from sklearn.linear_model import LogisticRegression

    x, y = _blobs(7, n_per_class=50, dim=12, classes=4, spread=2.0)
    xs = features.scale_like(x)[0]
    for c in (0.01, 1.0):
        ours = features.SoftmaxProbe(c, tol=1e-6).fit(xs, y)
        theirs = LogisticRegression(C=c, max_iter=5000, tol=1e-8).fit(xs, y)
        np.testing.assert_allclose(ours.coef_, theirs.coef_, atol=2e-3 * np.abs(theirs.coef_).max())
        np.testing.assert_allclose(
            ours.intercept_, theirs.intercept_, atol=2e-3 * max(1.0, np.abs(theirs.intercept_).max())
        )
        assert (ours.predict(xs) == theirs.predict(xs)).mean() > 0.99
        assert 0 < ours.n_iter_ < features.MAX_ITER
    warm = features.SoftmaxProbe(1.0).fit(xs, y, warm_start=features.SoftmaxProbe(1.0).fit(xs, y))
    assert warm.n_iter_ <= 2  # started at the optimum


def test_best_on_validation_ignores_test_accuracy():
    row = {"x": {"val_mean": 0.8, "mean": 0.5}, "y": {"val_mean": 0.7, "mean": 0.9}}
    assert features.best_on_validation(row, ["x", "y"]) == "x"


def test_nearest_neighbours_match_a_brute_force_cosine_ranking():
    rng = np.random.default_rng(6)
    db, q = rng.normal(size=(50, 5)), rng.normal(size=(13, 5))
    got = features.nearest_neighbours(db, q, k=4, chunk=5)
    sims = (q / np.linalg.norm(q, axis=1, keepdims=True)) @ (db / np.linalg.norm(db, axis=1, keepdims=True)).T
    np.testing.assert_array_equal(got, np.argsort(-sims, axis=1)[:, :4])
    with pytest.raises(ValueError, match="k must be"):
        features.nearest_neighbours(db, q, k=51)


def test_precision_at_k_by_hand():
    # database on the unit circle; labels: first three points class 0, last two class 1
    angles = np.array([0.0, 0.1, 0.2, 3.0, 3.1])
    db = np.c_[np.cos(angles), np.sin(angles)]
    labels = np.array([0, 0, 0, 1, 1])
    queries = np.c_[np.cos([0.05, 3.05]), np.sin([0.05, 3.05])]
    # query 0 (class 0): nearest three are 0, 1, 2 -> 3/3; query 1 (class 1): 3, 4, then 2 -> 2/3
    assert features.precision_at_k(db, labels, queries, np.array([0, 1]), k=3) == pytest.approx((1 + 2 / 3) / 2)
    # with the wrong labels for the queries the complement comes out
    assert features.precision_at_k(db, labels, queries, np.array([1, 0]), k=3) == pytest.approx((0 + 1 / 3) / 2)
