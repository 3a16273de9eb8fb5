"""The report page: states, numbers from the results files only, and a real headless browser's view."""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
from pathlib import Path

import nbformat
import pytest
from conftest import BROWSER_FLAGS, find_chromium

from aecourse import lessons, report
from aecourse.runner import Outcome, write_log

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def notebook_with_figure(path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    plain = nbformat.v4.new_code_cell("print('hi')")
    fig = nbformat.v4.new_code_cell("plot()", metadata={"tags": ["key-figure"]})
    fig.outputs = [nbformat.v4.new_output("display_data", data={"image/png": base64.b64encode(PNG).decode()})]
    nb.cells = [plain, fig]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))


def results_file(folder: Path, stem: str, metrics: dict, finished_at: str, verdicts: dict | None = None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    payload = {
        "verdicts": verdicts or {},
        "lesson": stem,
        "profile": "smoke",
        "backend": "tensorflow",
        "versions": {"keras": "3"},
        "device": "cpu",
        "seconds": 12.0,
        "finished_at": finished_at,
        "metrics": metrics,
    }
    (folder / f"{stem}.json").write_text(json.dumps(payload))


@pytest.fixture
def course(tmp_path):
    """A build folder with one lesson of each state: ok (01), failed (02), stale (03), missing (04), absent (rest)."""
    build, results, nbs = tmp_path / "build", tmp_path / "build" / "results", tmp_path / "notebooks"
    for stem in ("01_dimensionality_reduction", "02_image_compression", "03_image_denoising", "04_feature_extraction"):
        notebook_with_figure(nbs / f"{stem}.ipynb")
    notebook_with_figure(build / "notebooks" / "01_dimensionality_reduction.ipynb")
    notebook_with_figure(build / "notebooks" / "02_image_compression.ipynb")
    results_file(
        results,
        "01_dimensionality_reduction",
        {
            "fashion_ae10_test_mse": 0.0153,
            "fashion_pca10_test_mse": 0.0244,
            "mnist_ae30_sse_per_image": 5.65,
            "mnist_pca30_sse_per_image": 13.87,
        },
        "2026-01-01T10:05:00+00:00",
        {  # what the lesson recorded: MNIST's comparison only, so the Fashion row shows the difference alone
            "mnist_vs_pca": {"mean_diff": -8.22, "se": 0.071, "n": 10000, "verdict": "ahead"},
        },
    )
    results_file(results, "02_image_compression", {"bd_rate_vs_jpeg_in_domain_pct": -77.7}, "2025-01-01T00:00:00+00:00")
    results_file(results, "03_image_denoising", {"psnr_dae": 66.6}, "2025-01-01T00:00:00+00:00")
    write_log(
        build,
        "smoke",
        "tensorflow",
        [
            Outcome(
                "01_dimensionality_reduction", True, 30.0, build / "notebooks" / "x", "", "2026-01-01T10:00:00+00:00"
            ),
            Outcome(
                "02_image_compression",
                False,
                5.0,
                build / "notebooks" / "y",
                "ValueError: boom",
                "2026-01-01T10:06:00+00:00",
            ),
            Outcome("03_image_denoising", True, 5.0, build / "notebooks" / "z", "", "2026-01-01T10:07:00+00:00"),
        ],
    )
    return build, results, nbs


def test_states_follow_the_files(course):
    build, results, nbs = course
    states = {s.stem: s.state for s in report.collect(build, results, nbs)}
    assert states["01_dimensionality_reduction"] == "ok"
    assert states["02_image_compression"] == "failed"
    assert states["03_image_denoising"] == "stale"
    assert states["04_feature_extraction"] == "missing"
    assert states["07_recommendation"] == "absent"
    assert set(states) == set(lessons.LESSONS)


def test_page_shows_recorded_numbers_and_never_stale_ones(course):
    build, results, nbs = course
    page = report.render(report.collect(build, results, nbs))
    assert "0.0153" in page and "0.0244" in page and "ratio 0.63" in page  # ours, PCA, a ratio of squared errors
    assert "-0.0091" in page  # the difference in the metric's unit, where no paired comparison was recorded
    assert "-8.22" in page and "± 0.071 (SE, n = 10000)" in page and "data-verdict='ahead'" in page
    assert "no paired comparison recorded" in page  # Fashion's row: the contract names one, the file lacks it
    assert "better" not in page and "worse" not in page  # the report makes up no verdict of its own
    assert "13.87" in page and "Hinton" in page  # the published reference and its source
    assert "-77.7" not in page and "66.6" not in page  # a failed or stale lesson shows no number
    assert "ValueError: boom" in page and "predates the last run" in page and "not written yet" in page
    assert "data:image/png;base64," + base64.b64encode(PNG).decode() in page
    assert not re.search(r"(src|href)=['\"]https?://", page), "the page must not load anything from the network"
    assert "<td></td>" not in page


def test_build_report_writes_the_page_and_the_notebooks(course):
    build, results, nbs = course
    path = report.build_report(build, results, nbs)
    assert path == build / "report.html" and path.read_text().startswith("<!DOCTYPE html>")
    assert (build / "html" / "01_dimensionality_reduction.html").is_file()


def test_a_lesson_run_alone_keeps_the_others_last_state(course):
    build, results, nbs = course
    write_log(
        build,
        "smoke",
        "tensorflow",
        [Outcome("01_dimensionality_reduction", True, 1.0, build / "x", "", "2026-01-01T09:00:00+00:00")],
    )
    states = {s.stem: s.state for s in report.collect(build, results, nbs)}
    assert states["02_image_compression"] == "failed"


def test_every_string_the_page_embeds_is_escaped(course):
    build, results, nbs = course
    markup = "<script>alert(1)</script>"
    payload = json.loads((results / "01_dimensionality_reduction.json").read_text())
    payload["metrics"][markup] = 1.0
    payload["versions"][markup] = markup
    payload["device"] = markup
    (results / "01_dimensionality_reduction.json").write_text(json.dumps(payload))
    write_log(build, "smoke", "tensorflow", [Outcome("02_image_compression", False, 1.0, build / "y", markup, "2026")])
    page = report.render(report.collect(build, results, nbs))
    assert markup not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_notebook_that_cannot_be_rendered_says_so(course):
    build, results, nbs = course
    (build / "notebooks" / "01_dimensionality_reduction.ipynb").write_text("{ not a notebook")
    status = next(s for s in report.collect(build, results, nbs) if s.stem.startswith("01"))
    assert status.notebook_html is None and status.render_error
    assert "could not be rendered to HTML" in report.render([status])


def test_a_corrupt_run_log_is_named(course):
    build, results, nbs = course
    (build / "run.json").write_text("{ half")
    with pytest.raises(ValueError, match=r"run\.json is not a valid run log"):
        report.collect(build, results, nbs)


def test_report_results_and_log_are_readable_by_others(course):
    build, results, nbs = course
    old = os.umask(0o022)
    try:
        page = report.build_report(build, results, nbs)
        write_log(build, "smoke", "tensorflow", [])
    finally:
        os.umask(old)
    for path in (page, build / "run.json", build / "html" / "01_dimensionality_reduction.html"):
        assert path.stat().st_mode & 0o777 == 0o644, f"{path} is {oct(path.stat().st_mode & 0o777)}"


def test_report_in_a_real_headless_browser(course, tmp_path):
    browser = find_chromium()
    if browser is None:
        if os.environ.get("AECOURSE_REQUIRE_BROWSER"):
            pytest.fail("AECOURSE_REQUIRE_BROWSER is set but no chromium is installed")
        pytest.skip("no chromium here (CI installs Debian's chromium)")
    build, results, nbs = course
    page = report.build_report(build, results, nbs)
    flags = [*BROWSER_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run(
        [browser, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120
    ).stdout
    for stem in lessons.LESSONS:
        assert f'id="lesson-{stem[:2]}"' in dom, f"the browser's page lacks lesson {stem}"
    assert len(re.findall(r'<section class="lesson', dom)) == len(lessons.LESSONS)
    assert 'data-state="ok"' in dom and 'data-state="failed"' in dom
    shot = build / "report-test.png"
    subprocess.run(
        [browser, *flags, f"--screenshot={shot}", "--window-size=1200,1600", page.as_uri()],
        capture_output=True,
        timeout=120,
    )
    assert shot.is_file() and shot.stat().st_size > 10_000


def test_no_ratio_where_a_ratio_means_nothing():
    """Decibels, accuracies, NDCG, recall and nats are compared by differences, never divided."""
    for lesson in lessons.LESSONS.values():
        for line in lesson.headlines:
            label = line.label.lower()
            if any(
                unit in label for unit in ("db", "ssim", "accuracy", "ndcg", "recall", "nats", "precision", "bd-rate")
            ):
                assert not line.ratio, f"{lesson.stem}: {line.label} must not show a ratio"


def test_every_headline_with_a_baseline_names_its_paired_verdict():
    for lesson in lessons.LESSONS.values():
        for line in lesson.headlines:
            if line.baseline:
                assert line.verdict, f"{lesson.stem}: {line.label} against {line.baseline_name} needs a verdict key"


def test_a_headline_row_reads_the_recorded_verdict():
    line = lessons.LESSONS["03_image_denoising"].headlines[2]  # PSNR against the corrected classical filter
    status = report.LessonStatus("03_image_denoising", "Image denoising", "ok")
    status.results = {
        "metrics": {"psnr_dae": 17.9, "psnr_best_classical_corrected": 17.5},
        "verdicts": {line.verdict: {"mean_diff": 0.4, "se": 0.03, "n": 1000, "verdict": "ahead"}},
    }
    row = [r for r in report._headline_rows(status).split("</tr>") if "intensity correction" in r and "PSNR" in r][0]
    assert "+0.4 dB" in row and "± 0.03" in row and "data-verdict='ahead'" in row and "×" not in row


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("[1, 2, 3]", "JSON list, not an object"),
        ('{"profile": "smoke"}', "no 'metrics'"),
        ('{"metrics": [1]}', "'metrics' is a list"),
        ('{"metrics": {}, "verdicts": 3}', "'verdicts' is a int"),
        ("{half", "not valid JSON"),
    ],
)
def test_a_wrong_shaped_results_file_is_named_and_the_others_still_show(course, content, reason):
    build, results, nbs = course
    (results / "01_dimensionality_reduction.json").write_text(content)
    problems: list[str] = []
    report.build_report(build, results, nbs, problems=problems)
    page = (build / "report.html").read_text()
    assert len(problems) == 1 and "01_dimensionality_reduction.json" in problems[0] and reason in problems[0]
    assert "data-state='unreadable'" in page and "ValueError: boom" in page  # lesson 02's row is still there


def test_the_command_line_report_exits_non_zero_on_an_unreadable_file(course, capsys):
    from aecourse import __main__ as cli

    build, results, nbs = course
    (results / "01_dimensionality_reduction.json").write_text("[1, 2, 3]")
    assert cli.main(["report", "--build", str(build)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "01_dimensionality_reduction.json is not a results file" in err[0]
    assert (build / "report.html").is_file()
