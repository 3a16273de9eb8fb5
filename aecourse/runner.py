"""Execute lesson notebooks with papermill: the course's main job (``make lessons``).

Each lesson runs in a fresh kernel with the chosen profile and backend; the
executed copy goes to ``build/notebooks/<stem>.ipynb`` and the lesson writes its
results to ``build/results/<stem>.json``. A failing lesson does not stop the
others; the run ends non-zero, naming it and its executed notebook.

While a lesson runs, a line shows how many of its cells have run and how long is
left: estimated from the lesson's last run with the same profile and backend on
this machine, or, on a first run, from the course's reference times
(:data:`aecourse.lessons.REFERENCE`) scaled by a one-second speed probe of this
machine against the reference machine.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from . import lessons as lessons_mod
from .report import RUN_LOG, build_report
from .runtime import check_backend, check_profile
from .store import RESULTS_DIR_VAR, load, project_root, write_atomic
from .store import results_dir as store_results_dir


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


def _kernel_manager(ipc_dir: str):
    """A kernel manager that talks to the kernel over Unix sockets in ``ipc_dir`` (POSIX), not over open TCP ports.

    ipykernel warns, on the terminal, about a kernel reachable over TCP without encryption; local sockets in a
    private folder need no encryption. On Windows, where IPC transport is not available, TCP is kept.
    """
    from jupyter_client.manager import AsyncKernelManager

    class CourseKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            if os.name != "nt":
                self.transport = "ipc"
                self.ip = os.path.join(ipc_dir, "kernel")

    return CourseKernelManager


class _Progress(threading.Thread):
    """Show, while papermill runs a notebook, how many code cells have run and how long is left.

    Reads the executed copy, which papermill saves after every cell. On a terminal one line is rewritten in place;
    in a log a line is written when a cell finishes, at most every half minute, and every two minutes while one cell
    runs long.
    """

    def __init__(self, label: str, output: Path, cells: int, expected: float | None, stream=None):
        super().__init__(daemon=True)
        self.label, self.output, self.cells, self.expected = label, output, cells, expected
        self.stream = stream or sys.stdout
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.start_time = time.perf_counter()
        self.done = threading.Event()
        self.shown = ""
        self.heartbeat = 120.0  # seconds between lines in a log while one cell runs long

    def completed(self) -> int:
        try:
            cells = json.loads(self.output.read_text())["cells"]
        except (OSError, ValueError, KeyError):
            return 0
        return sum(
            c.get("cell_type") == "code" and c.get("metadata", {}).get("papermill", {}).get("status") == "completed"
            for c in cells
        )

    def line(self, done: int) -> str:
        elapsed = time.perf_counter() - self.start_time
        text = f"    {self.label}: {done}/{self.cells} cells, {_clock(elapsed)} elapsed"
        if self.expected:
            left = self.expected - elapsed
            text += f", about {_clock(left)} left" if left > 0 else f", {_clock(-left)} over its estimate"
        return text

    def run(self):
        last_count, last_print = -1, 0.0
        while not self.done.wait(2.0):
            done = self.completed()
            now = time.perf_counter()
            if self.tty:
                text = self.line(done)
                print("\r" + text.ljust(len(self.shown)), end="", file=self.stream, flush=True)
                self.shown = text
            elif (done != last_count and now - last_print >= 30) or now - last_print >= self.heartbeat:
                print(self.line(done), file=self.stream, flush=True)  # a long cell still shows it is alive
                last_count, last_print = done, now

    def stop(self):
        self.done.set()
        self.join(timeout=5)
        if self.tty and self.shown:
            print("\r" + " " * len(self.shown) + "\r", end="", file=self.stream, flush=True)


def code_cells(notebook: Path) -> int:
    """Code cells in ``notebook`` (papermill adds one for the injected parameters)."""
    try:
        return sum(c["cell_type"] == "code" for c in json.loads(notebook.read_text())["cells"])
    except (OSError, ValueError, KeyError):
        return 0


def run_lesson(
    notebook: Path,
    profile: str,
    backend: str,
    out_dir: Path,
    results_dir: Path,
    seed: int = 0,
    expected: float | None = None,
    progress: bool = False,
) -> Outcome:
    """Execute one notebook with papermill (parameters profile, backend, seed); never raises for a failure inside it.

    With ``progress``, a line shows the cells done and the time left against ``expected`` seconds.
    """
    import papermill as pm

    out_dir.mkdir(parents=True, exist_ok=True)
    output = out_dir / notebook.name
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    env_before = dict(os.environ)
    os.environ[RESULTS_DIR_VAR] = str(results_dir)
    os.environ["KERAS_BACKEND"] = backend
    os.environ.pop("MPLBACKEND", None)  # let the kernel draw figures inline, into the notebook
    start = time.perf_counter()
    shown = _Progress(notebook.stem, output, code_cells(notebook) + 1, expected) if progress else None
    try:
        with tempfile.TemporaryDirectory(prefix="aecourse-kernel-") as ipc_dir:
            if shown:
                shown.start()
            pm.execute_notebook(
                str(notebook),
                str(output),
                parameters={"profile": profile, "backend": backend, "seed": int(seed)},
                kernel_name="python3",
                cwd=str(notebook.parent),
                progress_bar=False,
                kernel_manager_class=_kernel_manager(ipc_dir),
            )
        return Outcome(notebook.stem, True, time.perf_counter() - start, output, started_at=started_at)
    except Exception as exc:  # papermill.PapermillExecutionError and kernel deaths alike
        message = str(exc).strip().splitlines()
        error = message[-1] if message else repr(exc)
        return Outcome(notebook.stem, False, time.perf_counter() - start, output, error, started_at)
    finally:
        if shown:
            shown.stop()
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


def speed_probe(seconds: float = 1.0, n: int = 512, slices: int = 5) -> float:
    """This machine's float32 matrix-multiply rate through NumPy, in GFLOP/s (about ``seconds`` of work).

    The median rate of ``slices`` equal slices of the time, so that a moment of contention (another process
    starting, a clock ramping up) does not set the estimate for every lesson: one whole-second reading once came out
    a third below the next ones on an idle machine.
    """
    import statistics

    import numpy as np

    rng = np.random.default_rng(0)
    a, b = rng.random((n, n), dtype=np.float32), rng.random((n, n), dtype=np.float32)
    a @ b  # warm-up
    rates, slices = [], max(1, slices)
    for _ in range(slices):
        count, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds / slices:
            a @ b
            count += 1
        rates.append(2 * n**3 * count / (time.perf_counter() - start) / 1e9)
    return statistics.median(rates)


def reference_seconds(stem: str, profile: str, backend: str, gflops: float | None) -> float | None:
    """The course's reference time for ``stem`` (:data:`aecourse.lessons.REFERENCE`), scaled to this machine.

    The reference machine's own speed probe over this one's scales the time; a lesson without a reference time on
    ``backend`` borrows TensorFlow's. ``None`` when the course ships no time for this lesson and profile.
    """
    ref = lessons_mod.REFERENCE
    own, tensorflow = (ref["seconds"].get((profile, b), {}) for b in (backend, "tensorflow"))
    seconds = own.get(stem, tensorflow.get(stem))
    if seconds is None or not gflops:
        return None
    return seconds * ref["probe_gflops"] / gflops


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
    results_dir = store_results_dir(build)
    estimates = {nb.stem: estimate_seconds(nb.stem, profile, backend, results_dir) for nb in notebooks}
    ref = lessons_mod.REFERENCE
    if not all(estimates.values()) and ref["probe_gflops"] > 0:  # a first run: reference times scaled by speed
        gflops = speed_probe()
        print(
            f"This machine multiplies matrices at {gflops:.0f} GFLOP/s (NumPy, float32); the course's reference times were "
            f"measured at {ref['probe_gflops']:.0f} on {ref['machine']}, so lessons without a run here are estimated "
            f"at {ref['probe_gflops'] / gflops:.2f} times those.",
            flush=True,
        )
        for stem, known in estimates.items():
            estimates[stem] = known or reference_seconds(stem, profile, backend, gflops)
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
        eta = f"about {_clock(sum(known))} left" if known else "no estimate"
        if known and len(known) < len(left):
            eta += f" for {len(known)} of {len(left)} lessons"
        print(f"[{i}/{len(notebooks)}] {nb.stem} … elapsed {_clock(time.perf_counter() - start)}, {eta}", flush=True)
        outcome = run_lesson(
            nb, profile, backend, build / "notebooks", results_dir, seed, expected=estimates[nb.stem], progress=True
        )
        status = "ok" if outcome.ok else f"FAILED: {outcome.error}"
        print(f"[{i}/{len(notebooks)}] {nb.stem}: {status} ({_clock(outcome.seconds)})", flush=True)
        outcomes.append(outcome)
        write_log(build, profile, backend, outcomes)
    report = build_report(build, results_dir)
    failed = [o for o in outcomes if not o.ok]
    total, expected = time.perf_counter() - start, sum(e for e in estimates.values() if e)
    print(
        f"\n{len(outcomes) - len(failed)} of {len(outcomes)} lesson(s) ran in {_clock(total)}"
        + (f" (estimated {_clock(expected)})." if expected else ".")
    )
    slower = [o for o in outcomes if estimates[o.stem] and o.seconds > 1.25 * estimates[o.stem]]
    if slower:
        print(
            "Slower than estimated: "
            + ", ".join(f"{o.stem} ({_clock(o.seconds)} against about {_clock(estimates[o.stem])})" for o in slower)
        )
    for o in failed:
        print(f"  {o.stem} failed: {o.error}\n    see the executed notebook: {o.output}")
    print(f"Report: {report}")
    return outcomes
