"""Judging learned features: label budgets, a linear probe and nearest-neighbour retrieval. Lesson 04.

Every function takes plain NumPy feature matrices (one row per image), so the same code scores raw
pixels, PCA and any encoder's output, whichever Keras backend produced it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

ALL = "all"  # the label budget that uses every training label


def per_class_indices(labels: np.ndarray, per_class: int | str, seed) -> np.ndarray:
    """Indices of ``per_class`` randomly chosen examples of every class (sorted), or of all when ``per_class == "all"``.

    The draw depends only on ``labels``, ``per_class`` and ``seed`` (an int, or a tuple of ints such as
    ``(lesson seed, draw number)``), so every method sees the same labelled images.
    """
    labels = np.asarray(labels)
    if per_class == ALL:
        return np.arange(len(labels))
    per_class = int(per_class)
    rng = np.random.default_rng(list(seed) if isinstance(seed, tuple) else seed)
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


#: The probe's inverse L2 strengths, tried on validation labels for every feature set (strongest first). The walk
#: stops once validation accuracy falls, so the weakest values cost time only where the stronger ones were not enough.
C_GRID = (0.001, 0.01, 0.1, 1.0, 10.0, 100.0)
#: L-BFGS iterations allowed; a probe that needs more is reported as not converged, never silently cut short.
MAX_ITER = 5000
#: Convergence: the largest absolute gradient entry of the (sample-averaged) objective, as scikit-learn's ``tol``.
TOL = 1e-4


def _lbfgs(fun, x0: np.ndarray, max_iter: int, tol: float, memory: int = 100, ftol: float = 64 * np.finfo(float).eps):
    """Minimise ``fun`` (returning value and gradient) from ``x0`` by limited-memory BFGS: ``(x, iterations)``.

    The search direction is the compact-form product of the last ``memory`` pairs' inverse-Hessian estimate with the
    gradient (Byrd, Nocedal & Schnabel 1994): four matrix-vector products and two small triangular solves, instead
    of a Python loop over the pairs. The step backtracks from 1 until the value falls enough (Armijo); the probe's
    objective is strongly convex (the L2 term), so every pair has ``s·y > 0`` and no Wolfe search is needed. Stops
    like SciPy's L-BFGS-B: largest gradient entry ``<= tol``, or a relative fall of the value ``<= ftol``.
    """
    from scipy.linalg import solve_triangular

    x = np.array(x0, dtype=np.float64)
    f, g = fun(x)
    s_mem, y_mem = np.zeros((memory, len(x))), np.zeros((memory, len(x)))
    sy, yy = np.zeros((memory, memory)), np.zeros((memory, memory))  # s_i·y_j and y_i·y_j of the stored pairs
    used, gamma, iterations = 0, 1.0, 0
    while iterations < max_iter and np.max(np.abs(g)) > tol:
        iterations += 1
        if used == 0:  # steepest descent, with a first step of length at most one
            direction, step = -g, min(1.0, 1.0 / float(np.linalg.norm(g)))
        else:
            s_, y_ = s_mem[:used], y_mem[:used]
            r = np.triu(sy[:used, :used])
            r_inv_a = solve_triangular(r, s_ @ g)
            middle = (np.diag(np.diag(r)) + gamma * yy[:used, :used]) @ r_inv_a - gamma * (y_ @ g)
            top = solve_triangular(r, middle, trans="T")
            direction, step = -(gamma * g + top @ s_ - gamma * (r_inv_a @ y_)), 1.0
        slope = float(g @ direction)
        while True:
            x_new = x + step * direction
            f_new, g_new = fun(x_new)
            if f_new <= f + 1e-4 * step * slope or step < 1e-10:
                break
            step *= 0.5
        s, y = x_new - x, g_new - g
        if s @ y > 1e-10 * (y @ y):  # keep the pair (always, for a strongly convex objective)
            if used == memory:  # forget the oldest pair
                s_mem[:-1], y_mem[:-1] = s_mem[1:].copy(), y_mem[1:].copy()
                sy[:-1, :-1], yy[:-1, :-1] = sy[1:, 1:].copy(), yy[1:, 1:].copy()
                used -= 1
            s_mem[used], y_mem[used] = s, y
            used += 1
            sy[used - 1, :used], sy[:used, used - 1] = y_mem[:used] @ s, s_mem[:used] @ y
            yy[used - 1, :used] = yy[:used, used - 1] = y_mem[:used] @ y
            gamma = float(s @ y) / float(y @ y)
        stalled = f - f_new <= ftol * max(abs(f), abs(f_new), 1.0) or step < 1e-10
        x, f, g = x_new, f_new, g_new
        if stalled:
            break
    return x, iterations


class SoftmaxProbe:
    """Multinomial logistic regression with an L2 penalty: scikit-learn's ``LogisticRegression`` objective.

    Minimises ``mean_i(−log softmax(x_i W + b)[y_i]) + ‖W‖² / (2·C·n)`` (the intercept is not penalised) by
    limited-memory BFGS (:func:`_lbfgs`) to the same stopping rule as scikit-learn (gradient ``tol``), computing in
    float32 and keeping a long memory (100 pairs: these problems are ill-conditioned, and it halves the iterations),
    so that a probe on 55,000 images × 784 features converges in well under a minute on a laptop CPU. With fewer
    images than features (ten labels per class) it solves the same problem in the span of the training rows: the
    gradient of the loss and of the penalty both lie there, so the optimal ``W`` does too, and an orthonormal basis of
    that span turns an ``n × d`` problem into an ``n × n`` one with the same optimum (``coef_`` is mapped back to the
    ``d`` features). A unit test checks it against scikit-learn on the same data. Used by lesson 04's linear probe.
    """

    def __init__(self, c: float = 0.1, max_iter: int = MAX_ITER, tol: float = TOL):
        self.c, self.max_iter, self.tol = float(c), int(max_iter), float(tol)
        self.coef_: np.ndarray | None = None  # (n_classes, n_features), like scikit-learn's
        self.intercept_: np.ndarray | None = None
        self.n_iter_ = 0
        self.classes_: np.ndarray | None = None

    def fit(self, x: np.ndarray, y: np.ndarray, warm_start: SoftmaxProbe | None = None) -> SoftmaxProbe:
        x = np.ascontiguousarray(x, dtype=np.float32)
        self.classes_, codes = np.unique(np.asarray(y), return_inverse=True)
        n, k = len(x), len(self.classes_)
        basis = None  # (features, n) orthonormal basis of the training rows' span, when n < features
        if n < x.shape[1]:
            basis = np.linalg.qr(x.T.astype(np.float64))[0]
            x = np.ascontiguousarray(x @ basis.astype(np.float32))
        d = x.shape[1]
        x_t = np.ascontiguousarray(x.T)  # the gradient's product reads x by columns: keep a transposed copy
        onehot = np.zeros((n, k), np.float32)
        onehot[np.arange(n), codes] = 1.0
        penalty = 1.0 / (self.c * n)

        def objective(theta):
            w = theta[: d * k].reshape(d, k).astype(np.float32)
            z = x @ w + theta[d * k :].astype(np.float32)
            z -= z.max(axis=1, keepdims=True)
            e = np.exp(z)
            total = e.sum(axis=1, keepdims=True)
            loss = float(np.mean(np.log(total[:, 0]) - (z * onehot).sum(axis=1), dtype=np.float64))
            g = (e / total - onehot) / n
            grad_w = (x_t @ g).astype(np.float64) + penalty * theta[: d * k].reshape(d, k)
            value = loss + 0.5 * penalty * float(theta[: d * k] @ theta[: d * k])
            return value, np.concatenate([grad_w.ravel(), g.sum(axis=0, dtype=np.float64)])

        theta0 = np.zeros(d * k + k)
        full_d = d if basis is None else len(basis)
        if warm_start is not None and warm_start.coef_ is not None and warm_start.coef_.shape == (k, full_d):
            w0 = warm_start.coef_.T if basis is None else basis.T @ warm_start.coef_.T
            theta0 = np.concatenate([w0.ravel(), warm_start.intercept_]).astype(np.float64)
        theta, self.n_iter_ = _lbfgs(objective, theta0, self.max_iter, self.tol)
        w = theta[: d * k].reshape(d, k)
        self.coef_ = (w if basis is None else basis @ w).T.copy()
        self.intercept_ = theta[d * k :].copy()
        return self

    def decision_function(self, x: np.ndarray) -> np.ndarray:
        return np.asarray(x, dtype=np.float32) @ self.coef_.T.astype(np.float32) + self.intercept_.astype(np.float32)

    def predict(self, x: np.ndarray) -> np.ndarray:
        return self.classes_[np.argmax(self.decision_function(x), axis=1)]

    def score(self, x: np.ndarray, y: np.ndarray) -> float:
        """Accuracy, a fraction in [0, 1]."""
        return float(np.mean(self.predict(x) == np.asarray(y)))


def probe_path(train_x, train_y, c_grid=C_GRID, max_iter: int = MAX_ITER):
    """Fit the linear probe (:class:`SoftmaxProbe`) for every ``C`` in ``c_grid``, each to convergence.

    ``train_x`` must already be scaled (:func:`scale_like`). The fits run from the strongest regularisation to the
    weakest, each warm-started from the previous one (same optimum, fewer iterations). Returns
    ``{c: (probe, iterations)}``, with the L-BFGS iterations each ``c`` took.
    """
    fits, previous = {}, None
    for c in sorted(c_grid):
        previous = SoftmaxProbe(c, max_iter).fit(train_x, train_y, warm_start=previous)
        fits[c] = (previous, previous.n_iter_)
    return fits


def linear_probe(
    train_x: np.ndarray,
    train_y: np.ndarray,
    test_x: np.ndarray,
    test_y: np.ndarray,
    c: float = 0.1,
    max_iter: int = MAX_ITER,
) -> float:
    """Test accuracy (fraction in [0, 1]) of the probe with one given ``c``, fitted on ``train_x`` (scaled here)."""
    train_s, test_s = (a.astype(np.float32) for a in scale_like(train_x, test_x))
    (clf, _) = probe_path(train_s, train_y, (c,), max_iter)[c]
    return float(clf.score(test_s, test_y))


def probe_budgets(
    features: Mapping[str, tuple[np.ndarray, np.ndarray, np.ndarray]],
    train_y: np.ndarray,
    val_y: np.ndarray,
    test_y: np.ndarray,
    seeds: Mapping[int | str, int],
    seed: int = 0,
    c_grid=C_GRID,
    max_iter: int = MAX_ITER,
    log=print,
    keep: dict | None = None,
) -> dict[str, dict[str, dict]]:
    """Linear-probe every feature set at every label budget; ``C`` is chosen on validation labels, test touched once.

    ``features`` maps a method name to ``(train, validation, test)`` feature matrices; ``seeds`` maps a budget
    (labels per class, or ``"all"``) to the number of random draws of the labelled training images, drawn with
    ``(seed, draw)`` so that every method sees the same draws. For each method and budget the probe walks ``c_grid``
    from the strongest regularisation up, warm-starting each fit from the previous one, and stops at the first
    ``C`` whose mean validation accuracy over the draws falls below the best so far (the accuracy rises, then
    falls, along the path). The best ``C`` is kept and only its probes are scored on the test set. Returns
    ``{budget: {method: row}}`` with accuracies as fractions: ``mean``, ``std`` and ``n`` (test, over draws),
    ``draws`` (the test accuracy of each draw, in draw order: the same draws for every method, so two methods can
    be paired draw by draw),
    ``val_mean`` and ``val_std`` (validation, same ``C``), ``c``, ``iterations`` (the most L-BFGS iterations a
    chosen fit took) and ``converged``. Budgets are string keys (``"10"``, ``"all"``) so the result is
    JSON-ready. A dict passed as ``keep`` receives ``{(budget, method): (draws, probes)}``: the labelled indices of
    every draw and the probe fitted on it at the chosen ``C`` (with its ``coef_`` and ``intercept_``), so that a
    reader can recompute the accuracies from the weights. Used by lesson 04.
    """
    table: dict[str, dict[str, dict]] = {}
    for budget, n_seeds in seeds.items():
        draws = [per_class_indices(train_y, budget, (seed, d)) for d in range(1 if budget == ALL else n_seeds)]
        row = {}
        for name, (train_f, val_f, test_f) in features.items():
            scaled = [[a.astype(np.float32) for a in scale_like(train_f[idx], val_f, test_f)] for idx in draws]
            best, previous = None, [None] * len(draws)
            for c in sorted(c_grid):
                probes = [
                    SoftmaxProbe(c, max_iter).fit(tr, train_y[idx], warm_start=prev)
                    for (tr, _, _), idx, prev in zip(scaled, draws, previous)
                ]
                val = [p.score(v, val_y) for p, (_, v, _) in zip(probes, scaled)]
                if best is not None and np.mean(val) < np.mean(best[2]):
                    break  # past the best C on this path
                if best is None or np.mean(val) > np.mean(best[2]):
                    best = (c, probes, val)
                previous = probes
            c, probes, val = best
            if keep is not None:
                keep[(str(budget), name)] = (draws, probes)
            accs = [p.score(t, test_y) for p, (_, _, t) in zip(probes, scaled)]
            iterations = max(p.n_iter_ for p in probes)
            row[name] = {
                "mean": float(np.mean(accs)),
                "std": float(np.std(accs)),
                "n": len(accs),
                "draws": [float(a) for a in accs],
                "val_mean": float(np.mean(val)),
                "val_std": float(np.std(val)),
                "c": float(c),
                "iterations": int(iterations),
                "converged": bool(iterations < max_iter),
            }
        table[str(budget)] = row
        if log:
            log(f"{str(budget):>5} labels/class: " + ", ".join(f"{m} {v['mean']:.3f}" for m, v in row.items()))
    return table


def best_on_validation(row: Mapping[str, Mapping[str, float]], candidates) -> str:
    """The candidate method with the highest validation accuracy (``val_mean``) in one budget's row."""
    return max(candidates, key=lambda m: row[m]["val_mean"])


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


def precision_per_query(
    database: np.ndarray, database_labels: np.ndarray, queries: np.ndarray, query_labels: np.ndarray, k: int = 10
) -> np.ndarray:
    """Each query's fraction of its ``k`` nearest database items (cosine) that share its label, in [0, 1].

    Lesson 04 pairs these per query to compare two feature sets (:func:`aecourse.verdicts.paired`).
    """
    idx = nearest_neighbours(database, queries, k)
    return (np.asarray(database_labels)[idx] == np.asarray(query_labels)[:, None]).mean(axis=1)


def precision_at_k(
    database: np.ndarray, database_labels: np.ndarray, queries: np.ndarray, query_labels: np.ndarray, k: int = 10
) -> float:
    """Mean fraction of each query's ``k`` nearest database items (cosine) that share its label, in [0, 1]."""
    return float(np.mean(precision_per_query(database, database_labels, queries, query_labels, k)))


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
