"""Execute lesson notebooks with papermill: the course's main job (``make lessons``).

Each lesson runs in a fresh kernel with the chosen profile and backend; the
executed copy goes to ``build/notebooks/<stem>.ipynb`` and the lesson writes its
results to ``build/results/<stem>.json``. A failing lesson does not stop the
others; the run ends non-zero, naming it and its executed notebook.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from . import lessons as lessons_mod
from .report import RUN_LOG, build_report
from .results import RESULTS_DIR_VAR, load, project_root, write_atomic
from .runtime import check_backend, check_profile


@dataclass
class Outcome:
    stem: str
    ok: bool
    seconds: float
    output: Path
    error: str = ""
    started_at: str = ""


def select(names: list[str] | None, folder: Path | None = None) -> list[Path]:
    """The lesson notebooks to run: all of them, or those whose stem starts with one of ``names`` ("01", "03_image")."""
    available = lessons_mod.notebooks(folder)
    if not names:
        return available
    chosen = []
    for name in names:
        hits = [p for p in available if p.stem.startswith(name)]
        if not hits:
            stems = ", ".join(p.stem for p in available)
            raise ValueError(f"no lesson matches {name!r}; the lessons are: {stems}")
        chosen.extend(h for h in hits if h not in chosen)
    return chosen


def run_lesson(notebook: Path, profile: str, backend: str, out_dir: Path, results_dir: Path, seed: int = 0) -> Outcome:
    """Execute one notebook with papermill (parameters profile, backend, seed); never raises for a failure inside it."""
    import papermill as pm

    out_dir.mkdir(parents=True, exist_ok=True)
    output = out_dir / notebook.name
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    env_before = dict(os.environ)
    os.environ[RESULTS_DIR_VAR] = str(results_dir)
    os.environ["KERAS_BACKEND"] = backend
    os.environ.pop("MPLBACKEND", None)  # let the kernel draw figures inline, into the notebook
    start = time.perf_counter()
    try:
        pm.execute_notebook(
            str(notebook),
            str(output),
            parameters={"profile": profile, "backend": backend, "seed": int(seed)},
            kernel_name="python3",
            cwd=str(notebook.parent),
            progress_bar=False,
        )
        return Outcome(notebook.stem, True, time.perf_counter() - start, output, started_at=started_at)
    except Exception as exc:  # papermill.PapermillExecutionError and kernel deaths alike
        message = str(exc).strip().splitlines()
        error = message[-1] if message else repr(exc)
        return Outcome(notebook.stem, False, time.perf_counter() - start, output, error, started_at)
    finally:
        os.environ.clear()
        os.environ.update(env_before)


def estimate_seconds(stem: str, profile: str, backend: str, results_dir: Path) -> float | None:
    """How long ``stem`` took the last time it ran with this profile and backend (from its results file)."""
    try:
        payload = load(stem, results_dir)
    except (OSError, ValueError):
        return None
    if payload.get("profile") == profile and payload.get("backend") == backend:
        return float(payload.get("seconds", 0)) or None
    return None


def _clock(seconds: float) -> str:
    return f"{int(seconds // 60)}:{int(seconds % 60):02d}"


def write_log(build: Path, profile: str, backend: str, outcomes: list[Outcome]) -> Path:
    """Record the latest attempt of each lesson in ``build/run.json`` (the report reads it), atomically.

    Lessons this run did not touch keep their earlier entry, so a lesson that failed
    last time stays marked failed until it runs again.
    """
    path = build / RUN_LOG
    entries = {}
    if path.is_file():
        try:
            entries = {e["stem"]: e for e in json.loads(path.read_text()).get("outcomes", [])}
        except (ValueError, KeyError):
            entries = {}
    for o in outcomes:
        entries[o.stem] = {**asdict(o), "output": str(o.output), "profile": profile, "backend": backend}
    payload = {"outcomes": [entries[k] for k in sorted(entries)]}
    return write_atomic(path, json.dumps(payload, indent=2) + "\n")


def run_all(
    names: list[str] | None, profile: str, backend: str, build: Path | None = None, seed: int = 0
) -> list[Outcome]:
    """Run the chosen lessons one after the other, printing progress, then write the report; return the outcomes.

    ``seed`` is every lesson's ``seed`` parameter: the same seed, profile and backend record the same metrics.
    """
    profile, backend = check_profile(profile), check_backend(backend)
    notebooks = select(names)
    build = build or (project_root() / "build")
    results_dir = Path(os.environ.get(RESULTS_DIR_VAR, build / "results"))
    estimates = {nb.stem: estimate_seconds(nb.stem, profile, backend, results_dir) for nb in notebooks}
    outcomes: list[Outcome] = []
    start = time.perf_counter()
    print(
        f"Running {len(notebooks)} lesson(s), profile {profile}, backend {backend}, seed {seed}; executed notebooks go to "
        f"{build / 'notebooks'}, results to {results_dir}",
        flush=True,
    )
    for i, nb in enumerate(notebooks, 1):
        left = [estimates[p.stem] for p in notebooks[i - 1 :]]
        known = [s for s in left if s]
        eta = f"about {_clock(sum(known))} left" if known else "no estimate yet"
        if known and len(known) < len(left):
            eta += f" for {len(known)} of {len(left)} lessons"
        print(f"[{i}/{len(notebooks)}] {nb.stem} … elapsed {_clock(time.perf_counter() - start)}, {eta}", flush=True)
        outcome = run_lesson(nb, profile, backend, build / "notebooks", results_dir, seed)
        status = "ok" if outcome.ok else f"FAILED: {outcome.error}"
        print(f"[{i}/{len(notebooks)}] {nb.stem}: {status} ({_clock(outcome.seconds)})", flush=True)
        outcomes.append(outcome)
        write_log(build, profile, backend, outcomes)
    report = build_report(build, results_dir)
    failed = [o for o in outcomes if not o.ok]
    print(f"\n{len(outcomes) - len(failed)} of {len(outcomes)} lesson(s) ran in {_clock(time.perf_counter() - start)}.")
    for o in failed:
        print(f"  {o.stem} failed: {o.error}\n    see the executed notebook: {o.output}")
    print(f"Report: {report}")
    return outcomes
