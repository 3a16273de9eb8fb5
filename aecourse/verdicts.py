"""Verdicts the evidence carries: paired comparisons, claims checked on the run, grid choices with room.

The course's one rule for calling a winner between two methods (introduced in lesson 03, used by lessons 02-07):
score both on the **same items** (test digits, images, clips, users, ratings, label draws), take the per-item
difference ``a - b`` in the metric's own unit, and report its mean, its standard error ``sd / sqrt(n)`` and ``n``.

The verdict word, from the point of view of ``a``:

* ``"ahead"`` when the mean difference favours ``a`` and lies more than ``t · SE`` from zero,
* ``"behind"`` when it favours ``b`` by the same margin,
* ``"not told apart at this sample size"`` otherwise,

where ``t`` is Student's t quantile at 97.5 % with ``n - 1`` degrees of freedom (about 2.0 for the hundreds of
items of a test set, 2.78 for five label draws): a two-sided test at the 5 % level. Never divide decibels,
accuracies or NDCG to call a winner; a ratio means something only for squared errors and bytes.

Where the statistic is not a mean over items (lesson 02's BD-rate), :func:`from_replicates` takes bootstrap
replicates over the items and applies the same rule with the replicates' standard deviation as the SE.

:func:`claim` prints whether a sentence of the lesson's prose held on this run; :func:`grid_choice` warns when a
validation choice lands on the edge of its grid.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

AHEAD, BEHIND, TIED = "ahead", "behind", "not told apart at this sample size"
#: Every verdict word a comparison can return.
WORDS = (AHEAD, BEHIND, TIED)


def critical_value(n: int) -> float:
    """Student's t quantile at 97.5 % with ``n - 1`` degrees of freedom (``n >= 2``): the verdict's threshold in SEs."""
    if n < 2:
        raise ValueError(f"a paired comparison needs at least 2 items, got {n}")
    from scipy.stats import t

    return float(t.ppf(0.975, n - 1))


@dataclass(frozen=True)
class Paired:
    """One comparison of method ``a`` against method ``b`` on the same ``n`` items."""

    a: str
    b: str
    metric: str  # what is compared, e.g. "PSNR per test digit"
    unit: str  # the metric's unit, e.g. "dB" ("" for a pure number)
    higher_is_better: bool
    mean_a: float
    mean_b: float
    mean_diff: float  # a - b, in the metric's unit
    se: float  # standard error of mean_diff
    n: int
    threshold: float  # the verdict's threshold, in standard errors
    verdict: str  # one of WORDS, from a's side

    def sentence(self) -> str:
        """One line for the notebook: the difference, its SE, n and the verdict."""
        unit = f" {self.unit}" if self.unit else ""
        return (
            f"{self.a} minus {self.b}, {self.metric}: {self.mean_diff:+.4g}{unit} "
            f"(standard error {self.se:.2g}{unit}, n = {self.n}) -> {self.verdict_phrase()}"
        )

    def verdict_phrase(self) -> str:
        """The verdict as a phrase: "A is ahead of B", "A is behind B", "A and B are not told apart …"."""
        if self.verdict == AHEAD:
            return f"{self.a} is ahead of {self.b}"
        if self.verdict == BEHIND:
            return f"{self.a} is behind {self.b}"
        return f"{self.a} and {self.b} are {TIED}"

    __str__ = sentence

    def as_record(self) -> dict[str, Any]:
        """The comparison as plain JSON values, for the results file's ``verdicts``."""
        return asdict(self)


def _decide(diff: float, se: float, threshold: float, higher_is_better: bool) -> str:
    if not (math.isfinite(diff) and math.isfinite(se)):
        raise ValueError(f"the difference ({diff}) and its standard error ({se}) must be finite")
    if abs(diff) <= threshold * se or diff == 0:
        return TIED
    return AHEAD if (diff > 0) == higher_is_better else BEHIND


def _comparison(a, b, metric, unit, higher_is_better, mean_a, mean_b, se, n, threshold, diff=None) -> Paired:
    diff = float(mean_a) - float(mean_b) if diff is None else float(diff)  # a paired mean is the mean of differences
    verdict = _decide(diff, float(se), threshold, higher_is_better)
    return Paired(
        a, b, metric, unit, higher_is_better, float(mean_a), float(mean_b), diff, float(se), int(n), threshold, verdict
    )


def paired(
    scores_a: Sequence[float] | np.ndarray,
    scores_b: Sequence[float] | np.ndarray,
    *,
    a: str,
    b: str,
    metric: str,
    unit: str = "",
    higher_is_better: bool = True,
) -> Paired:
    """Compare two methods scored on the same items: the mean of ``a - b``, its SE, ``n`` and the verdict word.

    ``scores_a[i]`` and ``scores_b[i]`` must be the two methods' scores on item ``i`` (same length, finite, at
    least two items). The rule is the module's: ``"ahead"``/``"behind"`` when the mean difference lies more than
    Student's ``t`` (97.5 %, ``n - 1`` degrees of freedom) standard errors from zero, else not told apart.
    """
    x = np.asarray(scores_a, dtype=np.float64).ravel()
    y = np.asarray(scores_b, dtype=np.float64).ravel()
    if x.shape != y.shape:
        raise ValueError(
            f"paired scores must cover the same items: {a} has {x.size}, {b} has {y.size}; "
            "score both methods on the same items, in the same order"
        )
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        raise ValueError(f"scores of {a} or {b} are not all finite: a method diverged or failed on some item")
    d = x - y
    se = float(d.std(ddof=1) / math.sqrt(x.size))
    threshold = critical_value(x.size)
    return _comparison(a, b, metric, unit, higher_is_better, x.mean(), y.mean(), se, x.size, threshold, d.mean())


def from_replicates(
    estimate_a: float,
    estimate_b: float,
    replicates: Sequence[float] | np.ndarray,
    n: int,
    *,
    a: str,
    b: str,
    metric: str,
    unit: str = "",
    higher_is_better: bool = True,
) -> Paired:
    """The same verdict for a statistic that is not a mean over items, from bootstrap replicates of ``a - b``.

    ``estimate_a - estimate_b`` is the difference on the whole set of ``n`` items (for a BD-rate, where ``b``'s
    own rate is the reference: ``estimate_b = 0``); ``replicates`` are the same difference recomputed on item sets
    resampled with replacement, and their standard deviation is the standard error. At least 20 finite
    replicates are needed; the threshold is the normal 1.96 (the bootstrap has no degrees of freedom to count).
    """
    reps = np.asarray(replicates, dtype=np.float64).ravel()
    reps = reps[np.isfinite(reps)]
    if reps.size < 20:
        raise ValueError(f"{reps.size} finite bootstrap replicates; at least 20 are needed for a standard error")
    if n < 2:
        raise ValueError(f"a comparison needs at least 2 items, got {n}")
    return _comparison(a, b, metric, unit, higher_is_better, estimate_a, estimate_b, reps.std(ddof=1), n, 1.96)


def records(comparisons: dict[str, Paired]) -> dict[str, dict[str, Any]]:
    """``{name: comparison}`` as plain values, for ``aecourse.record(..., verdicts=records(...))``."""
    for name, value in comparisons.items():
        if not isinstance(value, Paired):
            raise TypeError(f"verdict {name!r} is a {type(value).__name__}; make it with verdicts.paired(...)")
    return {name: value.as_record() for name, value in comparisons.items()}


def claim(held: bool, statement: str) -> bool:
    """Print whether a sentence of the lesson's prose held on this run, and return ``held``.

    The markdown states what to look for; the code cell right after it calls ``claim`` with the test computed
    from the recorded values, so the verdict is true on every learner's run (the repository's tests require it
    after any markdown cell that uses a verdict word).
    """
    held = bool(held)
    print(f"{'held' if held else 'did NOT hold'} on this run: {statement}")
    return held


def grid_choice(what: str, grid: Sequence[Any], chosen: Any, reason: str = "") -> str | None:
    """Warn when a validation choice sits on the edge of its grid; return the warning (``None`` when inside).

    A choice at the smallest or largest value tried means the grid may have run out of room: the best value could
    lie beyond it. ``reason`` says why the grid was not widened (e.g. its measured cost); it is printed with the
    warning. Grids of fewer than three values have no inside and are not judged.
    """
    values = sorted(grid)
    if len(values) < 3 or chosen not in values:
        if chosen not in values:
            raise ValueError(f"{what}: the chosen value {chosen!r} is not in its grid {list(grid)}")
        return None
    if chosen not in (values[0], values[-1]):
        return None
    side = "smallest" if chosen == values[0] else "largest"
    message = f"warning: {what} chose {chosen!r}, the {side} value of its grid {values}: the best may lie beyond it"
    if reason:
        message += f" ({reason})"
    print(message)
    return message
