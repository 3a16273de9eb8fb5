"""The course's lessons: titles, the metric names each must record, and the numbers the report shows.

The notebook tests check a lesson's results file with :func:`problems`: every key of :attr:`Lesson.required`
present (and not ``null`` where the profile produces it), every number inside its physical range
(:attr:`Lesson.bounds`), the facts that must hold in any run (:attr:`Lesson.equals`, :attr:`Lesson.relations`), and
that the run learned something (:attr:`Lesson.learned`: a smoke run too).
The report (:mod:`aecourse.report`) shows each lesson's :attr:`Lesson.headlines`, each with the paired comparison the
lesson recorded under the results file's ``verdicts`` (:mod:`aecourse.verdicts`); the tests require one for every
headline that names it. :attr:`Lesson.prose_numbers`
lists the only figures the lesson's markdown may state (published figures and design constants); every number
a run measures is printed by code. A notebook that is not listed here is still executed and checked for sane numbers.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from . import course
from .course import Headline, Lesson  # noqa: F401  (the contract's types, used as lessons.Headline and lessons.Lesson)

LESSONS: dict[str, Lesson] = {
    stem: Lesson(stem, module.TITLE, module.SUMMARY, **module.CONTRACT) for stem, module in course.MODULES.items()
}

#: Reference run times, in seconds, measured with ``python -m aecourse run`` on one machine, per (profile, backend);
#: the runner scales them by that machine's speed probe (``runner.speed_probe``) against the local one to estimate a
#: first run. Each lesson's file holds its own (``REFERENCE_SECONDS``); docs/measurements.md says how each was taken.
REFERENCE: dict[str, Any] = {
    "machine": course.REFERENCE_MACHINE,
    "probe_gflops": course.REFERENCE_PROBE_GFLOPS,
    "seconds": {},
}
for _stem, _module in course.MODULES.items():
    for _key, _seconds in _module.REFERENCE_SECONDS.items():
        REFERENCE["seconds"].setdefault(_key, {})[_stem] = _seconds

NOTEBOOKS_DIR = Path(__file__).resolve().parent.parent / "notebooks"


def notebooks(folder: Path | None = None) -> list[Path]:
    """The lesson notebooks present, in course order (``NN_name.ipynb``)."""
    folder = folder or NOTEBOOKS_DIR
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))


def required_metrics(stem: str) -> tuple[str, ...]:
    """Metric keys lesson ``stem`` must record (empty for a lesson not yet listed)."""
    lesson = LESSONS.get(stem)
    return lesson.required if lesson else ()


_OPS = {"<=": operator.le, "<": operator.lt, ">=": operator.ge, ">": operator.gt, "==": operator.eq}


def metric_values(value: Any, path: str = ""):
    """Yield ``(path, value)`` for every leaf of a nested metrics object: ``a.b``, ``a[0]``."""
    if isinstance(value, Mapping):
        for k, v in value.items():
            yield from metric_values(v, f"{path}.{k}" if path else str(k))
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            yield from metric_values(v, f"{path}[{i}]")
    else:
        yield path, value


def _pattern(glob: str) -> re.Pattern:
    return re.compile("^" + re.escape(glob).replace(r"\*", ".*") + "$")


def problems(stem: str, payload: Mapping[str, Any]) -> list[str]:
    """What is wrong with lesson ``stem``'s results file ``payload`` (an empty list when nothing is).

    Checks: every required key present and, except where a smoke run may lack it, not ``null``; every number
    finite and inside the lesson's :attr:`Lesson.bounds`; :attr:`Lesson.equals` and :attr:`Lesson.relations`; the
    "it learned something" checks of :attr:`Lesson.learned`.
    """
    metrics = payload.get("metrics", {})
    lesson = LESSONS.get(stem)
    found = []
    leaves = list(metric_values(metrics))
    for path, value in leaves:
        if isinstance(value, float) and not math.isfinite(value):
            found.append(f"{path} = {value}")
    if lesson is None:
        return found
    smoke = payload.get("profile") == "smoke"
    for key in lesson.required:
        if key not in metrics:
            found.append(f"{key} is missing")
        elif metrics[key] is None and not (smoke and key in lesson.nullable_in_smoke):
            found.append(f"{key} is null in a {payload.get('profile')} run")
    for glob, (low, high) in lesson.bounds.items():
        pattern = _pattern(glob)
        for path, value in leaves:
            if pattern.match(path) and isinstance(value, (int, float)) and not isinstance(value, bool):
                if not low <= value <= high:
                    found.append(f"{path} = {value} lies outside [{low}, {high}]")
    for key, wanted in lesson.equals.items():
        if key in metrics and metrics[key] != wanted:
            found.append(f"{key} = {metrics[key]!r}, must be {wanted!r}")
    found += _verdict_problems(lesson, metrics, payload.get("verdicts"))
    for a, op, b in lesson.relations:
        if isinstance(metrics.get(a), (int, float)) and isinstance(metrics.get(b), (int, float)):
            if not _OPS[op](metrics[a], metrics[b]):
                found.append(f"{a} = {metrics[a]} must be {op} {b} = {metrics[b]}")
    found += _learned_problems(lesson, dict(leaves))
    return found


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _learned_problems(lesson: Lesson, at: Mapping[str, Any]) -> list[str]:
    """The lesson's "it learned something" checks: every number at path ``a`` (``*`` matches any part) against
    ``b``, a metric path or a number."""
    found = []
    for a, op, b, shows in lesson.learned:
        right = b if _is_number(b) else at.get(b)
        lefts = {path: v for path, v in at.items() if _pattern(a).match(path)}
        if not _is_number(right) or not lefts or not all(map(_is_number, lefts.values())):
            found.append(f"it-learned check: {a} and {b} must be recorded numbers ({shows})")
            continue
        against = f"{b} = {right:.6g}" if isinstance(b, str) else f"{right:.6g}"
        for path, left in lefts.items():
            if not _OPS[op](left, right):
                found.append(f"did not learn: {path} = {left:.6g} is not {op} {against} ({shows})")
    return found


def _verdict_problems(lesson: Lesson, metrics: Mapping[str, Any], recorded: Any) -> list[str]:
    """Every headline's paired comparison present under ``verdicts``, whole, with one of the course's words."""
    from .verdicts import WORDS

    found = []
    recorded = recorded if isinstance(recorded, Mapping) else {}
    for line in lesson.headlines:
        if not line.verdict or metrics.get(line.ours) is None:  # a smoke run may lack the number, and so its verdict
            continue
        entry = recorded.get(line.verdict)
        if not isinstance(entry, Mapping):
            found.append(f"verdicts.{line.verdict} is missing (record it with verdicts=verdicts.records(...))")
            continue
        for key in ("mean_diff", "se", "n", "verdict"):
            if key not in entry:
                found.append(f"verdicts.{line.verdict}.{key} is missing")
        if "verdict" in entry and entry["verdict"] not in WORDS:
            found.append(f"verdicts.{line.verdict}.verdict = {entry['verdict']!r} is not one of {WORDS}")
        if isinstance(entry.get("se"), (int, float)) and entry["se"] < 0:
            found.append(f"verdicts.{line.verdict}.se = {entry['se']} is negative")
    return found


def title(stem: str) -> str:
    """The lesson's title, or one made from its stem."""
    lesson = LESSONS.get(stem)
    return lesson.title if lesson else stem[3:].replace("_", " ").capitalize()
