"""The results file each lesson writes: ``build/results/<notebook stem>.json``.

The report and the notebook tests read these files, so the metric names each
lesson records are a contract (see :mod:`aecourse.lessons`). Introduced in lesson 01.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import runtime, timing

RESULTS_DIR_VAR = "AECOURSE_RESULTS_DIR"


def results_dir() -> Path:
    """``$AECOURSE_RESULTS_DIR``, else ``build/results`` under the repository (or the working folder)."""
    env = os.environ.get(RESULTS_DIR_VAR)
    if env:
        return Path(env).expanduser()
    return project_root() / "build" / "results"


def project_root() -> Path:
    """The course repository (for an editable install), else the folder the notebooks run in."""
    here = Path(__file__).resolve().parent.parent
    if (here / "pyproject.toml").is_file() and (here / "notebooks").is_dir():
        return here  # an editable install inside the course repository
    cwd = Path.cwd()
    if cwd.name == "notebooks" and (cwd.parent / "pyproject.toml").is_file():
        return cwd.parent
    return cwd


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
    state = runtime._STATE
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


def write_atomic(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` through a temporary file in the same folder, so a reader never sees half of it.

    The file gets the permissions of any new file (0644 under the usual umask). Used for the results files, the run
    log, the report and the recorded dataset checksums.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private (0600); an ordinary file is readable by others
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class ResultsError(ValueError):
    """A results file that cannot be read as a lesson's results: not JSON, or JSON of the wrong shape."""


#: What each top-level entry of a results file must be, where present; ``metrics`` must be present.
_SHAPE: dict[str, tuple[type, ...]] = {
    "metrics": (dict,),
    "verdicts": (dict,),
    "timing": (dict,),
    "versions": (dict,),
    "lesson": (str,),
    "profile": (str,),
    "backend": (str,),
    "finished_at": (str,),
    "seconds": (int, float),
}


def read(path: Path) -> dict[str, Any]:
    """Read and check one results file; the one reader behind the report, ``compare``, the runner and the set-up cell.

    Raises ``FileNotFoundError`` when the file is missing and :class:`ResultsError`, naming the file and what is
    wrong with it and what to do, when it is not JSON or not shaped like a lesson's results (an object with a
    ``metrics`` object, and the other fields :func:`record` writes of their types).
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist (run the lesson first)")
    try:
        payload = json.loads(path.read_text())
    except (ValueError, UnicodeDecodeError) as exc:
        raise ResultsError(
            f"{path} is not a results file: it is not valid JSON ({exc}); delete it and run the lesson again"
        ) from exc
    problem = None
    if not isinstance(payload, dict):
        problem = f"it holds a JSON {type(payload).__name__}, not an object"
    elif "metrics" not in payload:
        problem = "it has no 'metrics'"
    else:
        for key, kinds in _SHAPE.items():
            value = payload.get(key)
            if key in payload and (not isinstance(value, kinds) or isinstance(value, bool)):
                problem = f"its '{key}' is a {type(value).__name__}, not a {' or '.join(k.__name__ for k in kinds)}"
                break
    if problem:
        raise ResultsError(f"{path} is not a results file: {problem}; delete it and run the lesson again")
    return payload


def load(lesson: str, folder: Path | None = None) -> dict[str, Any]:
    """Read and check a lesson's results file (:func:`read`; ``FileNotFoundError`` names the path if it is missing)."""
    path = (folder or results_dir()) / f"{lesson}.json"
    if not path.is_file():
        raise FileNotFoundError(f"no results for {lesson}: {path} does not exist (run the lesson first)")
    return read(path)


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
