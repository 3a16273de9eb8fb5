"""The results file: shape, atomic writing, refusal of non-finite numbers."""

from __future__ import annotations

import json
import math
import os

import numpy as np
import pytest

from aecourse import results, runtime


@pytest.fixture
def results_env(tmp_path, monkeypatch):
    monkeypatch.setenv("AECOURSE_RESULTS_DIR", str(tmp_path / "results"))
    runtime.setup("smoke", os.environ.get("KERAS_BACKEND", "tensorflow"), quiet=True)
    return tmp_path / "results"


def test_record_writes_the_guide_shape(results_env):
    since_setup = runtime.elapsed()
    path = results.record(
        "99_test",
        {
            "mse": np.float32(0.5),
            "n": np.int64(3),
            "curve": np.array([1.0, 2.0]),
            "nested": {"a": 1.5},
            "ok": True,
            "method": "median",
        },
    )
    assert path == results_env / "99_test.json"
    payload = json.loads(path.read_text())
    assert payload["lesson"] == "99_test" and payload["profile"] == "smoke"
    assert payload["backend"] in runtime.BACKENDS and payload["device"]
    assert since_setup - 0.01 <= payload["seconds"] <= runtime.elapsed() + 0.01 and "python" in payload["versions"]
    assert payload["metrics"] == {
        "mse": 0.5,
        "n": 3,
        "curve": [1.0, 2.0],
        "nested": {"a": 1.5},
        "ok": True,
        "method": "median",
    }
    assert [p.name for p in results_env.iterdir()] == ["99_test.json"]  # no temporary file left
    assert results.load("99_test")["metrics"]["n"] == 3


@pytest.mark.parametrize("bad", [float("nan"), math.inf, np.float32("nan"), [1.0, float("inf")]])
def test_non_finite_numbers_are_refused(results_env, bad):
    with pytest.raises(ValueError, match="diverged"):
        results.record("99_test", {"x": bad})
    assert not (results_env / "99_test.json").exists()


def test_a_failed_write_keeps_the_previous_file(results_env):
    results.record("99_test", {"x": 1.0})
    with pytest.raises(TypeError):
        results.record("99_test", {"x": object()})
    assert results.load("99_test")["metrics"] == {"x": 1.0}


def test_load_names_the_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="run the lesson first"):
        results.load("00_none", tmp_path)


def test_table_formats_rows():
    text = results.table({"ours": {"ae": 0.0123456, "pca": None}, "paper": {"ae": 3.0, "pca": 13.87}}, ["ae", "pca"])
    lines = text.splitlines()
    assert len(lines) == 3 and "0.01235" in lines[1] and "—" in lines[1] and "13.87" in lines[2]


def test_record_keeps_extra_entries_and_refuses_to_overwrite_its_own(results_env):
    path = results.record("99_test", {"mse": 0.5}, verdicts={"x": {"mean_diff": -0.1, "se": 0.01}})
    assert json.loads(path.read_text())["verdicts"] == {"x": {"mean_diff": -0.1, "se": 0.01}}
    for field in ("profile", "seconds", "timing", "versions"):  # (lesson and metrics are arguments already)
        with pytest.raises(ValueError, match=f"fills in {field} itself"):
            results.record("99_test", {"mse": 0.5}, **{field: "forged"})
    assert json.loads(path.read_text())["metrics"] == {"mse": 0.5}  # the file on disk is untouched
