"""Every lesson notebook, executed top to bottom on each backend in the smoke profile.

New notebooks in notebooks/ are picked up automatically. Executed copies are
kept in build/test-notebooks/<backend>/ for a look after a failure.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from aecourse import lessons
from aecourse.runner import run_lesson

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = lessons.notebooks(REPO / "notebooks")

# Plausible ranges for a smoke run, where a lesson's numbers have known units.
SANE = {
    "fashion_ae10_test_mse": (0.0, 0.2),
    "fashion_pca10_test_mse": (0.005, 0.05),
    "mnist_ae30_sse_per_image": (0.0, 120.0),
    "mnist_pca30_sse_per_image": (5.0, 30.0),
}


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


def test_there_are_lessons():
    assert NOTEBOOKS, "notebooks/ holds no lesson"


@pytest.mark.notebook
@pytest.mark.parametrize("backend", ["tensorflow", "torch"])
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_and_records_sane_results(notebook, backend, tmp_path):
    out_dir = REPO / "build" / "test-notebooks" / backend
    outcome = run_lesson(notebook, "smoke", backend, out_dir, tmp_path)
    assert outcome.ok, f"{notebook.name} failed on {backend}: {outcome.error} (see {outcome.output})"

    path = tmp_path / f"{notebook.stem}.json"
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

    executed = json.loads(outcome.output.read_text())
    errors = [o for c in executed["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
