"""Execute lesson notebooks with papermill: the course's main job (``make lessons``).

Each lesson runs in a fresh kernel with the chosen profile and backend; the
executed copy goes to ``build/notebooks/<stem>.ipynb`` and the lesson writes its
results to ``build/results/<stem>.json``. A failing lesson does not stop the
others; the run ends non-zero, naming it and its executed notebook.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from . import lessons as lessons_mod
from .results import RESULTS_DIR_VAR, _project_root
from .runtime import check_backend, check_profile


@dataclass
class Outcome:
    stem: str
    ok: bool
    seconds: float
    output: Path
    error: str = ""


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


def run_lesson(notebook: Path, profile: str, backend: str, out_dir: Path, results_dir: Path) -> Outcome:
    """Execute one notebook with papermill; never raises for a failure inside the notebook."""
    import papermill as pm

    out_dir.mkdir(parents=True, exist_ok=True)
    output = out_dir / notebook.name
    env_before = dict(os.environ)
    os.environ[RESULTS_DIR_VAR] = str(results_dir)
    os.environ["KERAS_BACKEND"] = backend
    os.environ.pop("MPLBACKEND", None)  # let the kernel draw figures inline, into the notebook
    start = time.perf_counter()
    try:
        pm.execute_notebook(
            str(notebook),
            str(output),
            parameters={"profile": profile, "backend": backend},
            kernel_name="python3",
            cwd=str(notebook.parent),
            progress_bar=False,
        )
        return Outcome(notebook.stem, True, time.perf_counter() - start, output)
    except Exception as exc:  # papermill.PapermillExecutionError and kernel deaths alike
        message = str(exc).strip().splitlines()
        return Outcome(notebook.stem, False, time.perf_counter() - start, output, message[-1] if message else repr(exc))
    finally:
        os.environ.clear()
        os.environ.update(env_before)


def run_all(names: list[str] | None, profile: str, backend: str, build: Path | None = None) -> list[Outcome]:
    """Run the chosen lessons one after the other, printing progress; return their outcomes."""
    profile, backend = check_profile(profile), check_backend(backend)
    notebooks = select(names)
    build = build or (_project_root() / "build")
    results_dir = Path(os.environ.get(RESULTS_DIR_VAR, build / "results"))
    outcomes: list[Outcome] = []
    start = time.perf_counter()
    print(
        f"Running {len(notebooks)} lesson(s), profile {profile}, backend {backend}; executed notebooks go to "
        f"{build / 'notebooks'}, results to {results_dir}",
        flush=True,
    )
    for i, nb in enumerate(notebooks, 1):
        print(f"[{i}/{len(notebooks)}] {nb.stem} … (elapsed {time.perf_counter() - start:.0f} s)", flush=True)
        outcome = run_lesson(nb, profile, backend, build / "notebooks", results_dir)
        status = "ok" if outcome.ok else f"FAILED: {outcome.error}"
        print(f"[{i}/{len(notebooks)}] {nb.stem}: {status} ({outcome.seconds:.0f} s)", flush=True)
        outcomes.append(outcome)
    failed = [o for o in outcomes if not o.ok]
    print(f"\n{len(outcomes) - len(failed)} of {len(outcomes)} lesson(s) ran in {time.perf_counter() - start:.0f} s.")
    for o in failed:
        print(f"  {o.stem} failed: {o.error}\n    see the executed notebook: {o.output}")
    return outcomes
