"""Several runs of the lessons side by side: each headline number per run, so backends (or seeds) can be compared.

``python -m aecourse compare build/a/results build/b/results …`` prints, for every lesson found in the folders, one
Markdown table: a row per headline of :data:`aecourse.lessons.LESSONS` (our number, then the baseline's in
brackets), a column per run, labelled by backend (and seed and profile where the runs differ in them), and the range
over the runs, so a difference between backends can be read against the difference between two seeds of one. The
benchmark (``make bench``) appends the same tables for its runs. Every value is read from the results files; nothing
is typed in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from . import lessons as lessons_mod
from .store import ResultsError, read


def load_runs(folders: Iterable[Path], problems: list[str] | None = None) -> list[dict[str, Any]]:
    """Every lesson results file (``NN_name.json``) in ``folders``, in the order given, each with its ``path``.

    Raises ``ValueError`` naming a folder that does not exist or holds no results file. A file that is not a
    lesson's results (:func:`aecourse.results.read`) raises :class:`aecourse.results.ResultsError`, or, when a list
    is passed as ``problems``, is left out and its message appended there, so the other lessons can still be shown.
    """
    runs = []
    for folder in map(Path, folders):
        if not folder.is_dir():
            raise ValueError(f"{folder} is not a folder; give results folders, e.g. build/results")
        found = sorted(folder.glob("[0-9][0-9]_*.json"))
        if not found:
            raise ValueError(f"{folder} holds no lesson results (NN_name.json); run a lesson into it first")
        for path in found:
            try:
                runs.append({**read(path), "path": str(path)})
            except ResultsError as exc:
                if problems is None:
                    raise
                problems.append(str(exc))
    return runs


def _labels(runs: list[Mapping[str, Any]]) -> list[str]:
    """A column name per run: the backend, with seed and profile where the runs differ in them, then a number."""
    keys = ["backend"] + [k for k in ("seed", "profile") if len({str(r.get(k)) for r in runs}) > 1]
    labels = [", ".join(str(r.get(k)) if k == "backend" else f"{k} {r.get(k)}" for k in keys) for r in runs]
    return [f"{lab} ({labels[:i].count(lab) + 1})" if labels.count(lab) > 1 else lab for i, lab in enumerate(labels)]


def _fmt(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "—" if value is None else str(value)
    return f"{value:.4g}"


def headline_table(stem: str, runs: list[Mapping[str, Any]]) -> str:
    """Lesson ``stem``'s headlines in ``runs`` (its results payloads) side by side, as a Markdown table."""
    lesson = lessons_mod.LESSONS.get(stem)
    labels = _labels(runs)
    lines = [
        "| headline (ours, baseline in brackets) | " + " | ".join(labels) + " | range over the runs |",
        "|---|" + "---:|" * (len(runs) + 1),
    ]
    for line in lesson.headlines if lesson else ():
        cells, ours_values = [], []
        for r in runs:
            m = r.get("metrics", {})
            ours = m.get(line.ours)
            cell = _fmt(ours)
            if line.baseline:
                cell += f" ({_fmt(m.get(line.baseline))})"
            cells.append(cell)
            if isinstance(ours, (int, float)) and not isinstance(ours, bool):
                ours_values.append(float(ours))
        spread = _fmt(max(ours_values) - min(ours_values)) if len(ours_values) > 1 else "—"
        name = line.label + (f" vs {line.baseline_name}" if line.baseline_name else "")
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {spread} |")
    walls = [r.get("seconds") for r in runs]
    lines.append("| wall time (s) | " + " | ".join(_fmt(w and round(w)) for w in walls) + " | |")
    issues = [len(lessons_mod.problems(stem, r)) for r in runs]
    lines.append("| problems found by the results checks | " + " | ".join(map(str, issues)) + " | |")
    return "\n".join(lines)


def compare(runs: list[Mapping[str, Any]]) -> str:
    """One :func:`headline_table` per lesson present in ``runs``, in course order, each under its title."""
    by_stem: dict[str, list[Mapping[str, Any]]] = {}
    for r in runs:
        by_stem.setdefault(r.get("lesson") or Path(r["path"]).stem, []).append(r)
    parts = []
    for stem in sorted(by_stem):
        parts.append(f"### {stem}: {lessons_mod.title(stem)}\n\n{headline_table(stem, by_stem[stem])}\n")
    return "\n".join(parts)
