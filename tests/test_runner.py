"""The main job's pieces: progress inside a lesson, time estimates, the kernel transport."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time

import pytest

from aecourse import lessons, runner, timing


def executed(path, statuses):
    """An executed-notebook stand-in: one code cell per status, as papermill records them."""
    cells = [{"cell_type": "code", "metadata": {"papermill": {"status": s}}, "source": ""} for s in statuses]
    cells.append({"cell_type": "markdown", "metadata": {"papermill": {"status": "completed"}}, "source": ""})
    path.write_text(json.dumps({"cells": cells}))


def test_progress_counts_the_cells_papermill_finished_and_the_time_left(tmp_path):
    out = tmp_path / "nb.ipynb"
    executed(out, ["completed", "completed", "running", "pending"])
    progress = runner._Progress("01_x", out, cells=4, expected=120.0, stream=io.StringIO())
    assert progress.completed() == 2
    line = progress.line(2)
    assert "01_x: 2/4 cells" in line and "left" in line
    progress.start_time -= 200  # past its estimate
    assert "over its estimate" in progress.line(3)
    out.write_text("{ half-written")
    assert progress.completed() == 0  # a file caught mid-write is not an error


def test_progress_in_a_log_prints_a_line_when_cells_finish(tmp_path):
    out, stream = tmp_path / "nb.ipynb", io.StringIO()
    executed(out, ["completed", "pending"])
    progress = runner._Progress("02_y", out, cells=2, expected=None, stream=stream)
    progress.start()
    time.sleep(2.5)
    progress.stop()
    assert "02_y: 1/2 cells" in stream.getvalue() and "\r" not in stream.getvalue()


def test_progress_in_a_log_is_not_silent_while_one_cell_runs_long(tmp_path):
    out, stream = tmp_path / "nb.ipynb", io.StringIO()
    executed(out, ["completed", "running"])
    progress = runner._Progress("03_z", out, cells=2, expected=None, stream=stream)
    progress.heartbeat = 0.5
    progress.start()
    time.sleep(4.5)
    progress.stop()
    assert stream.getvalue().count("03_z: 1/2 cells") >= 2


def test_first_run_estimates_come_from_the_reference_scaled_by_speed(monkeypatch):
    stem = next(iter(lessons.LESSONS))
    other = [s for s in lessons.LESSONS if s != stem][0]
    seconds = {("standard", "tensorflow"): {stem: 300.0, other: 100.0}, ("standard", "jax"): {stem: 60.0}}
    monkeypatch.setattr(lessons, "REFERENCE", {"machine": "m", "probe_gflops": 50.0, "seconds": seconds})
    assert runner.reference_seconds(stem, "standard", "tensorflow", 100.0) == pytest.approx(150.0)
    assert runner.reference_seconds(stem, "standard", "torch", 25.0) == pytest.approx(600.0)  # borrows TF's
    assert runner.reference_seconds(stem, "standard", "jax", 100.0) == pytest.approx(30.0)  # its own
    assert runner.reference_seconds(other, "standard", "jax", 100.0) == pytest.approx(50.0)  # TF's, lesson by lesson
    assert runner.reference_seconds(stem, "smoke", "tensorflow", 100.0) is None
    assert runner.speed_probe(seconds=0.05, n=64) > 0
    assert runner.speed_probe(seconds=0.05, n=64, slices=1) > 0


def test_the_course_ships_reference_times_for_every_lesson():
    ref = lessons.REFERENCE
    assert ref["probe_gflops"] > 0 and ref["machine"]
    for key in (("standard", "tensorflow"), ("smoke", "tensorflow")):
        missing = [stem for stem in lessons.LESSONS if stem not in ref["seconds"].get(key, {})]
        assert not missing, f"no reference {key} time for {missing}"


def test_timing_phases_add_up_and_stay_out_of_the_metrics():
    from aecourse import runtime

    runtime.run_state().update(start=time.perf_counter(), phases={})
    with timing.phase("training", samples=100):
        time.sleep(0.01)
    with timing.phase("training", samples=100):
        pass
    summary = timing.summary()
    assert summary["training"]["seconds"] > 0 and summary["training"]["samples_per_s"] > 0
    assert summary["total_seconds"] >= summary["training"]["seconds"]


@pytest.mark.skipif(os.name == "nt", reason="IPC transport is POSIX-only")
def test_a_lesson_kernel_talks_over_a_private_socket_not_tcp(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        nbformat.v4.new_code_cell(
            "profile = 'smoke'\nbackend = 'tensorflow'\nseed = 0", metadata={"tags": ["parameters"]}
        )
    ]
    nb.cells.append(nbformat.v4.new_code_cell("print('ok', seed)"))
    nbformat.write(nb, str(tmp_path / "00_probe.ipynb"))
    code = (
        "import sys; from pathlib import Path; from aecourse import runner\n"
        f"o = runner.run_lesson(Path({str(tmp_path / '00_probe.ipynb')!r}), 'smoke', 'tensorflow', "
        f"Path({str(tmp_path / 'out')!r}), Path({str(tmp_path / 'res')!r}), seed=3)\n"
        "print('OK' if o.ok else o.error)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert "OK" in proc.stdout, proc.stdout + proc.stderr
    assert "without encryption" not in proc.stdout + proc.stderr
    out = nbformat.read(str(tmp_path / "out" / "00_probe.ipynb"), 4)
    assert "ok 3" in "".join(o.get("text", "") for c in out.cells for o in c.get("outputs", []))
