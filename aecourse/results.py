"""The results file each lesson writes: ``build/results/<notebook stem>.json``, and the table lessons print.

The report and the notebook tests read these files, so the metric names each
lesson records are a contract (see :mod:`aecourse.lessons`). Where the files live, how they are written and how they
are read and checked is :mod:`aecourse.store`'s job. Introduced in lesson 01.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import runtime, timing
from .store import (  # noqa: F401  (re-exported: lessons import them from here)
    RESULTS_DIR_VAR,
    ResultsError,
    load,
    project_root,
    read,
    results_dir,
    write_atomic,
)


def to_plain(value: Any, name: str = "value") -> Any:
    """Convert NumPy scalars/arrays and nested containers to plain JSON values.

    Non-finite floats raise ``ValueError``: a lesson that diverged must say so,
    not record ``NaN`` as a result.
    """
    if isinstance(value, Mapping):
        return {str(k): to_plain(v, f"{name}.{k}") for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v, f"{name}[{i}]") for i, v in enumerate(value)]
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):  # numpy scalar or array
        return to_plain(value.tolist(), name)
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"metric {name} is {value}: training diverged or a baseline failed")
        return value
    raise TypeError(f"metric {name} has type {type(value).__name__}; record numbers, strings or lists of them")


def record(lesson: str, metrics: Mapping[str, Any], **extra: Any) -> Path:
    """Write ``<results dir>/<lesson>.json`` and return its path.

    ``lesson`` is the notebook stem (e.g. ``"01_dimensionality_reduction"``);
    profile, backend, versions, device, seed, the seconds since
    :func:`aecourse.runtime.setup` and the timed phases (:mod:`aecourse.timing`,
    under ``"timing"``) are filled in. ``metrics`` holds what the run measured
    and nothing that depends on the clock, so two runs with one seed agree on it.
    The file is written atomically, so a reader never sees half of it. ``extra`` adds top-level entries (lessons pass
    their paired comparisons as ``verdicts=verdicts.records(...)``); it may not replace any of the fields above.
    """
    state = runtime.run_state()
    if "start" not in state:
        raise RuntimeError("call aecourse.setup(...) at the start of the lesson before recording results")
    payload = {
        "lesson": lesson,
        "profile": state["profile"],
        "backend": state["backend"],
        "versions": state["versions"],
        "device": state["device"],
        "seed": state["seed"],
        "seconds": round(runtime.elapsed(), 2),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "metrics": to_plain(metrics, "metrics"),
        "timing": timing.summary(),
    }
    clash = sorted(set(extra) & set(payload))
    if clash:
        raise ValueError(
            f"record(...) fills in {', '.join(clash)} itself; pass what the run measured in metrics, and anything "
            "else under another name"
        )
    payload.update(to_plain(extra, "extra"))
    return write_atomic(results_dir() / f"{lesson}.json", json.dumps(payload, indent=2) + "\n")


def table(rows: Mapping[str, Mapping[str, Any]], columns: list[str] | None = None) -> str:
    """Format ``{row name: {column: value}}`` as a small fixed-width text table."""
    columns = columns or sorted({c for r in rows.values() for c in r})
    width0 = max([len(r) for r in rows] + [6])

    def cell(v: Any) -> str:
        if isinstance(v, float):
            return f"{v:.4g}"
        return "—" if v is None else str(v)

    widths = [max(len(c), *(len(cell(r.get(c))) for r in rows.values())) for c in columns]
    lines = ["  ".join([" " * width0] + [c.rjust(w) for c, w in zip(columns, widths)])]
    for name, r in rows.items():
        lines.append("  ".join([name.ljust(width0)] + [cell(r.get(c)).rjust(w) for c, w in zip(columns, widths)]))
    return "\n".join(lines)
