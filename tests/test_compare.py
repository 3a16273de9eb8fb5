"""Headline numbers of several runs side by side (``python -m aecourse compare``, and ``make bench``'s tables)."""

from __future__ import annotations

import json

import pytest

from aecourse import __main__ as cli
from aecourse import bench, compare, lessons

STEM = "01_dimensionality_reduction"


def payload(backend: str, seed: int, ae: float, pca: float = 0.0244, seconds: float = 500.0) -> dict:
    metrics = {"fashion_ae10_test_mse": ae, "fashion_pca10_test_mse": pca}
    return {
        "lesson": STEM,
        "profile": "standard",
        "backend": backend,
        "seed": seed,
        "seconds": seconds,
        "metrics": metrics,
    }


def write(folder, *payloads):
    folder.mkdir(parents=True, exist_ok=True)
    for p in payloads:
        (folder / f"{p['lesson']}.json").write_text(json.dumps(p))
    return folder


def test_each_headline_gets_a_column_per_run_with_its_baseline_and_the_range():
    runs = [payload("tensorflow", 0, 0.0154), payload("tensorflow", 1, 0.0156), payload("jax", 0, 0.0150, seconds=300)]
    text = compare.headline_table(STEM, runs)
    header = text.splitlines()[0]
    # seeds differ between the runs, so the columns name them; the profile is the same, so they do not
    assert "| tensorflow, seed 0 | tensorflow, seed 1 | jax, seed 0 | range over the runs |" in header
    fashion = next(line for line in text.splitlines() if line.startswith("| Fashion-MNIST, 10-d code"))
    assert "vs PCA, 10 components" in fashion
    assert "| 0.0154 (0.0244) | 0.0156 (0.0244) | 0.015 (0.0244) | 0.0006 |" in fashion
    assert "| wall time (s) | 500 | 500 | 300 |" in text
    # a headline not recorded is a dash, never a number made up
    mnist = next(line for line in text.splitlines() if line.startswith("| MNIST, 30-d code"))
    assert "| — (—) | — (—) | — (—) | — |" in mnist
    # the results checks run on every payload: the MNIST numbers are required, so each run has problems
    problems = len(lessons.problems(STEM, runs[0]))
    assert problems > 0 and f"| problems found by the results checks | {problems} | {problems} | {problems} |" in text


def test_two_runs_that_differ_in_nothing_are_numbered():
    assert compare._labels([payload("jax", 0, 0.1), payload("jax", 0, 0.2)]) == ["jax (1)", "jax (2)"]


def test_the_command_reads_results_folders_and_says_what_is_wrong_with_a_bad_one(tmp_path, capsys):
    a = write(tmp_path / "tf" / "results", payload("tensorflow", 0, 0.0154))
    b = write(tmp_path / "jax" / "results", payload("jax", 0, 0.0150))
    (b / "run.json").write_text("{}")  # not a lesson's file: ignored
    assert cli.main(["compare", str(a), str(b)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"### {STEM}: {lessons.title(STEM)}") and "| tensorflow | jax |" in out

    assert cli.main(["compare", str(tmp_path / "nowhere")]) == 2
    assert "is not a folder" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert cli.main(["compare", str(empty)]) == 2
    assert "holds no lesson results" in capsys.readouterr().err
    (empty / "02_x.json").write_text("{not json")
    with pytest.raises(ValueError, match="not a results file"):
        compare.load_runs([empty])


def test_compare_names_a_wrong_shaped_file_and_still_shows_the_others(tmp_path, capsys):
    folder = tmp_path / "results"
    folder.mkdir()
    (folder / f"{STEM}.json").write_text(json.dumps(payload("tensorflow", 0, 0.0154)))
    (folder / "02_image_compression.json").write_text("[1, 2, 3]")
    assert cli.main(["compare", str(folder)]) == 1
    captured = capsys.readouterr()
    assert f"### {STEM}" in captured.out and "0.0154" in captured.out
    errors = captured.err.strip().splitlines()
    assert len(errors) == 1 and "02_image_compression.json" in errors[0] and "JSON list, not an object" in errors[0]


def test_the_benchmark_appends_the_headlines_of_its_runs(tmp_path):
    runs = [payload("tensorflow", 0, 0.0154), payload("jax", 0, 0.0150)]
    bench.write_tables([], "standard", tmp_path, runs)
    text = (tmp_path / "bench.md").read_text()
    assert "## Headline numbers of every run, side by side" in text
    assert "| 0.0154 (0.0244) | 0.015 (0.0244) | 0.0004 |" in text
