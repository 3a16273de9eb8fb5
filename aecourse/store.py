"""Where the course keeps its files, and how it writes and reads them: the ground every other module stands on.

The repository and its ``build/`` folder (:func:`project_root`), the one results folder (:func:`results_dir`, moved
with ``$AECOURSE_RESULTS_DIR``), writes that a reader never sees half of (:func:`write_atomic`), and the one checked
reader of results files (:func:`read`, :func:`load`). It imports nothing of the course, so anything may import it.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

RESULTS_DIR_VAR = "AECOURSE_RESULTS_DIR"


def results_dir(build: Path | None = None) -> Path:
    """The results folder, decided here only: ``$AECOURSE_RESULTS_DIR``, else ``<build>/results``, with ``build``
    the repository's ``build/`` (or the working folder's) unless given."""
    env = os.environ.get(RESULTS_DIR_VAR)
    if env:
        return Path(env).expanduser()
    return Path(build or project_root() / "build") / "results"


def project_root() -> Path:
    """The course repository (for an editable install), else the folder the notebooks run in."""
    here = Path(__file__).resolve().parent.parent
    if (here / "pyproject.toml").is_file() and (here / "notebooks").is_dir():
        return here  # an editable install inside the course repository
    cwd = Path.cwd()
    if cwd.name == "notebooks" and (cwd.parent / "pyproject.toml").is_file():
        return cwd.parent
    return cwd


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
