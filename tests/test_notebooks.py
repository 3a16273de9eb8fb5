"""Every lesson notebook, executed by the course's main command on each backend in the smoke profile.

``python -m aecourse run --profile smoke --backend B`` (what ``make lessons
PROFILE=smoke BACKEND=B`` runs) executes every notebook in notebooks/ once per
backend into build/test-run/<backend>/; the tests then check each lesson's
outcome and results file, and open the report it wrote in a real headless
browser. New notebooks are picked up automatically.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BROWSER_FLAGS, find_chromium

from aecourse import lessons

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = lessons.notebooks(REPO / "notebooks")

# Plausible ranges for a smoke run, where a lesson's numbers have known units.
SANE = {
    "fashion_ae10_test_mse": (0.0, 0.2),
    "fashion_pca10_test_mse": (0.005, 0.05),
    "mnist_ae30_sse_per_image": (0.0, 120.0),
    "mnist_pca30_sse_per_image": (5.0, 30.0),
}
# Facts a smoke run must already get right, whatever its numbers.
MUST_BE_TRUE = ("roundtrip_exact",)  # lesson 02: the bytes decode to exactly the model's own output


def numbers(value, path="metrics"):
    """Yield (path, number) for every number in a nested metrics object."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from numbers(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from numbers(v, f"{path}[{i}]")
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        yield path, value


@pytest.fixture(scope="session", params=["tensorflow", "torch"])
def course_run(request):
    """Run the main command once per backend; yield (backend, build folder, its output)."""
    backend = request.param
    build = REPO / "build" / "test-run" / backend
    shutil.rmtree(build, ignore_errors=True)
    env = {k: v for k, v in os.environ.items() if k not in ("AECOURSE_RESULTS_DIR", "KERAS_BACKEND")}
    proc = subprocess.run(
        [sys.executable, "-m", "aecourse", "run", "--profile", "smoke", "--backend", backend, "--build", str(build)],
        capture_output=True,
        text=True,
        env=env,
        timeout=3000,
    )
    (build / "run-output.txt").write_text(proc.stdout + proc.stderr)
    return backend, build, proc


def test_there_are_lessons():
    assert NOTEBOOKS, "notebooks/ holds no lesson"


@pytest.mark.notebook
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_and_records_sane_results(course_run, notebook):
    backend, build, proc = course_run
    log = {e["stem"]: e for e in json.loads((build / "run.json").read_text())["outcomes"]}
    entry = log.get(notebook.stem)
    assert entry is not None, f"the main command did not run {notebook.stem}:\n{proc.stdout[-2000:]}"
    assert entry["ok"], f"{notebook.name} failed on {backend}: {entry['error']} (see {entry['output']})"

    path = build / "results" / f"{notebook.stem}.json"
    assert path.is_file(), f"{notebook.name} wrote no results file"
    payload = json.loads(path.read_text())
    assert payload["lesson"] == notebook.stem
    assert payload["profile"] == "smoke" and payload["backend"] == backend
    assert payload["seconds"] > 0 and payload["device"] and payload["versions"].get("keras")
    metrics = payload["metrics"]
    missing = [k for k in lessons.required_metrics(notebook.stem) if k not in metrics]
    assert not missing, f"results lack {missing}"
    values = list(numbers(metrics))
    assert values, "no numbers recorded"
    for name, value in values:
        assert math.isfinite(value), f"{name} = {value}"
    for key, (low, high) in SANE.items():
        if key in metrics:
            assert low < metrics[key] < high, f"{key} = {metrics[key]} outside ({low}, {high})"
    for key in MUST_BE_TRUE:
        if key in metrics:
            assert metrics[key] is True, f"{key} = {metrics[key]} on {backend}"

    executed = json.loads((build / "notebooks" / notebook.name).read_text())
    errors = [o for c in executed["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors


@pytest.mark.notebook
def test_main_command_exits_cleanly_and_writes_a_complete_report(course_run, tmp_path):
    backend, build, proc = course_run
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert f"{len(NOTEBOOKS)} of {len(NOTEBOOKS)} lesson(s) ran" in proc.stdout
    page = build / "report.html"
    assert page.is_file()
    browser = find_chromium()
    if browser is None:
        if os.environ.get("AECOURSE_REQUIRE_BROWSER"):
            pytest.fail("AECOURSE_REQUIRE_BROWSER is set but no chromium is installed")
        pytest.skip("no chromium here (CI installs Debian's chromium)")
    dom = subprocess.run(
        [browser, *BROWSER_FLAGS, f"--user-data-dir={tmp_path}", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    for stem in lessons.LESSONS:
        assert f'id="lesson-{stem[:2]}"' in dom, f"the report lacks lesson {stem}"
    for nb in NOTEBOOKS:
        section = re.search(rf'<section[^>]*id="lesson-{nb.stem[:2]}"[^>]*>', dom).group(0)
        assert 'data-state="ok"' in section, f"{nb.stem} is not shown with results: {section}"
        assert f"html/{nb.stem}.html" in dom and (build / "html" / f"{nb.stem}.html").is_file()
