"""House rules: clean notebooks, the lesson template, Colab links, packaging kept in step."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
import yaml

import aecourse
from aecourse import lessons

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = lessons.notebooks(REPO / "notebooks")


def load(nb: Path) -> dict:
    return json.loads(nb.read_text())


def source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_committed_clean(nb):
    for i, cell in enumerate(load(nb)["cells"]):
        if cell["cell_type"] == "code":
            assert not cell.get("outputs"), f"{nb.name} cell {i} carries outputs: clear them before committing"
            assert cell.get("execution_count") is None, f"{nb.name} cell {i} carries an execution count"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_follows_the_template(nb):
    cells = load(nb)["cells"]
    header = source(cells[0])
    number = nb.stem[:2]
    assert cells[0]["cell_type"] == "markdown" and re.match(rf"# {number} · \S", header), "header: '# NN · Title'"
    assert "What you will learn" in header
    runs_in = [line for line in header.splitlines() if line.startswith("**Runs in:**")]
    assert len(runs_in) == 1 and not re.search(r"\d", runs_in[0]), (
        "the header says how the lesson's time is shown ('**Runs in:** …'), with no measured time typed in"
    )
    badge = f"https://colab.research.google.com/github/{aecourse.REPOSITORY}/blob/main/notebooks/{nb.name}"
    assert badge in header, f"the Colab badge must point at {badge}"
    code_cells = [c for c in cells if c["cell_type"] == "code"]
    assert f"git+https://github.com/{aecourse.REPOSITORY}" in source(code_cells[0]), (
        "first code cell installs the package"
    )
    params = [c for c in code_cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(params) == 1, "exactly one code cell tagged 'parameters'"
    for name in ("profile", "backend", "seed"):
        assert re.search(rf"^{name} = ", source(params[0]), re.M), f"the parameters cell sets {name}"
    text = "\n".join(source(c) for c in cells)
    assert "aecourse.setup(" in text and "aecourse.record(" in text
    assert re.search(r"^## \d+ · Summary", text, re.M) and re.search(r"^## \d+ · Exercises", text, re.M)


def test_repository_address_is_set_in_one_place():
    meta = tomllib.loads((REPO / "pyproject.toml").read_text())
    assert meta["project"]["urls"]["Homepage"] == f"https://github.com/{aecourse.REPOSITORY}"


def test_environment_yml_installs_what_make_installs():
    extras = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    assert "python=3.11" in env["dependencies"]
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    makefile = (REPO / "Makefile").read_text()
    index = re.search(r"^TORCH_INDEX \?= (\S+)$", makefile, re.M).group(1)
    default_extras = re.search(r"^EXTRAS\s+\?= (\S+)$", makefile, re.M).group(1).split(",")
    assert pip_section == [f"--extra-index-url {index}", "-e .[cpu,course]"]
    assert {"cpu", "course"} <= set(extras) and [e for e in default_extras if e != "dev"] == ["cpu", "course"]


def test_torch_and_jax_are_pinned_on_every_route():
    extras = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert extras["torch"] == ["torch==2.13.0"] and "torch==2.13.0" in extras["gpu"]
    assert extras["jax"] == ["jax==0.10.2", "jaxlib==0.10.2"]
    assert any(line.startswith("jax[cuda12]==0.10.2;") for line in extras["gpu"])
    assert extras["cpu"] == ["aecourse[tensorflow,torch,jax]"]


def test_ci_runs_the_readme_test_command():
    readme = (REPO / "README.md").read_text()
    ci = (REPO / ".ci" / "run").read_text()
    assert "make test" in readme and "make lessons" in readme
    assert re.search(r"^make test$", ci, re.M)


MAX_CELL_LINES = 40  # the guide says about 30; no code cell may pass 40


def same_text_everywhere(heading: str) -> set[str]:
    return {source(c) for nb in NOTEBOOKS for c in load(nb)["cells"] if source(c).startswith(heading)}


def test_parameters_and_set_up_read_the_same_in_every_lesson():
    for heading in ("## Parameters", "## Set-up"):
        assert len(same_text_everywhere(heading)) == 1, f"the '{heading}' prose differs between lessons"
    runs_in = {
        line for nb in NOTEBOOKS for line in source(load(nb)["cells"][0]).split("\n\n") if "**Runs in:**" in line
    }
    assert len(runs_in) == 1, "the '**Runs in:**' line differs between lessons"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_sizes_live_in_the_package_and_cells_stay_short(nb):
    from aecourse import profiles

    text = "\n".join(source(c) for c in load(nb)["cells"])
    assert "run = aecourse.setup(profile, backend, seed, lesson=LESSON)" in text
    assert nb.stem in profiles.SETTINGS and f'LESSON = "{nb.stem}"' in text
    assert set(profiles.SETTINGS[nb.stem]) == {"smoke", "standard", "full"}
    for name in profiles.SETTINGS[nb.stem]["standard"]:
        assert profiles.MEANING[nb.stem].get(name), f"say what {nb.stem}'s setting {name!r} means in MEANING"
    for i, cell in enumerate(load(nb)["cells"]):
        if cell["cell_type"] == "code":
            n = len(source(cell).splitlines())
            assert n <= MAX_CELL_LINES, f"{nb.name} cell {i} has {n} lines (at most {MAX_CELL_LINES}): split it"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_lesson_writes_out_its_metric_and_shows_its_mechanism(nb):
    tagged = {
        tag: [c for c in load(nb)["cells"] if tag in c.get("metadata", {}).get("tags", [])]
        for tag in ("metric", "mechanism")
    }
    assert tagged["metric"], "tag the code cell that writes out the lesson's metric 'metric'"
    assert all(c["cell_type"] == "code" for c in tagged["metric"])
    assert any(re.search(r"\bassert\b|np\.testing\.", source(c)) for c in tagged["metric"]), (
        "the written-out metric must be checked against the package's function (assert or np.testing)"
    )
    assert tagged["mechanism"] and all(c["cell_type"] == "code" for c in tagged["mechanism"]), (
        "tag the code cell that draws what the model learned 'mechanism'"
    )


def test_every_method_has_its_own_colour():
    from aecourse import plots

    by_colour: dict[str, list[str]] = {}
    for method, colour in plots.COLORS.items():
        by_colour.setdefault(colour.lower(), []).append(method)
    shared = {c: m for c, m in by_colour.items() if len(m) > 1}
    assert not shared, f"methods sharing a colour: {shared}"


def test_every_lesson_in_the_contract_is_complete():
    for stem, lesson in lessons.LESSONS.items():
        assert lesson.stem == stem and re.match(r"\d\d_[a-z_]+$", stem)
        assert lesson.title and lesson.summary and lesson.required
        for line in lesson.headlines:  # the report reads these keys from the results file
            assert line.ours in lesson.required
            assert line.baseline is None or line.baseline in lesson.required
            assert (line.reference is None) == (line.source is None), "a published figure needs its source"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_notebook_is_in_the_contract_and_has_a_key_figure(nb):
    assert nb.stem in lessons.LESSONS, f"add {nb.stem} to aecourse/lessons.py"
    tagged = [c for c in load(nb)["cells"] if "key-figure" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, "tag exactly one code cell 'key-figure': the report shows its picture"


def test_readme_links_every_lesson_present():
    readme = (REPO / "README.md").read_text()
    for notebook in lessons.notebooks():
        assert f"(notebooks/{notebook.name})" in readme, f"README's lesson table should link {notebook.name}"


# A figure in prose that a run could have measured: a decimal, a percentage, or a number with a unit of measure.
MEASURED_LOOKING = re.compile(
    r"(?<![\w.])(\d+(?:\.\d+)?\s*%|\d[\d,]*(?:\.\d+)?\s*(?:dB|nats?|bpp|points?|min|minutes|seconds|s)\b|\d[\d,]*\.\d+)"
)
# Prose that reports what one run showed, which another run may contradict.
RUN_REPORTS = re.compile(
    r"\bin our (?:standard )?runs?\b|\bwe (?:saw|measured|found)\b|\bour (?:standard )?run\b", re.I
)


def measured_looking(text: str, allowed) -> list[str]:
    """Figures in markdown ``text`` that look measured and are not in ``allowed`` (section numbers aside)."""
    text = re.sub(r"(?m)^#+\s*[\d.]+\s", "", text)  # "### 5.1 Title"
    text = re.sub(r"\bsections? \d+(?:\.\d+)?", "", text)
    found = [m.group(0) for m in MEASURED_LOOKING.finditer(text)]
    found += [m.group(0) for m in RUN_REPORTS.finditer(text)]
    return [f for f in found if re.sub(r"\s+", " ", f) not in allowed]


def test_the_measured_looking_rule_catches_typed_results_and_spares_published_ones():
    typed = "In our standard run the probe gained 2 to 4 points; the codec saved 31.6 % and 1.2 dB."
    assert measured_looking(typed, ()) == ["4 points", "31.6 %", "1.2 dB", "In our standard run"]
    assert measured_looking("Hinton & Salakhutdinov report 3.00 against 13.87.", ("3.00", "13.87")) == []
    assert measured_looking("### 5.1 Results\nSee section 5.3 and the 784 pixels.", ()) == []


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_markdown_states_no_number_a_run_measures(nb):
    """Measured numbers and verdicts are printed by code; markdown keeps published figures and design constants,
    listed per lesson in ``Lesson.prose_numbers``."""
    allowed = set(lessons.LESSONS[nb.stem].prose_numbers) if nb.stem in lessons.LESSONS else set()
    for i, cell in enumerate(load(nb)["cells"]):
        if cell["cell_type"] == "markdown":
            found = measured_looking(source(cell), allowed)
            assert not found, (
                f"{nb.name} cell {i} states {found} in markdown: print measured numbers from code, or, for a "
                "published figure or a design constant, add it to the lesson's prose_numbers with its source"
            )


def test_results_problems_are_found():
    good = {
        "profile": "smoke",
        "metrics": {
            "seq_exact_match": 1.0,
            "seq_token_accuracy": 1.0,
            "seq_test_prefix_overlap": 0,
            **dict.fromkeys(
                (
                    "next_frame_mse_model",
                    "next_frame_mse_copy_last",
                    "rollout10_mse_model",
                    "rollout10_mse_copy_last",
                    "rollout10_mse_mean_frame",
                ),
                100.0,
            ),
            "rollout10_ssim_model": 0.5,
            "rollout10_ssim_copy_last": 0.6,
            "rollout10_ssim_mean_frame": 0.2,
            "rollout10_mse_by_step_model": [90.0] * 10,
            "rollout10_mse_by_step_copy_last": [200.0] * 10,
            "rollout10_ssim_by_step_model": [0.5] * 10,
            "rollout10_ssim_by_step_copy_last": [0.6] * 10,
            "video_pilot_validation": {"binary cross-entropy": {"MSE": 120.0, "SSIM": 0.5}},
        },
        "verdicts": {
            key: {"mean_diff": -10.0, "se": 2.0, "n": 200, "verdict": "ahead"}
            for key in (
                "next_frame_mse_vs_copy_last",
                "rollout_mse_vs_copy_last",
                "rollout_mse_vs_mean_frame",
                "rollout_ssim_vs_copy_last",
            )
        },
    }
    assert lessons.problems("06_sequence_to_sequence", good) == []
    bad = {**good, "metrics": {**good["metrics"], "seq_exact_match": 1.5, "seq_test_prefix_overlap": 4}}
    bad["metrics"]["rollout10_ssim_by_step_model"] = [0.5] * 9 + [1.5]
    bad["metrics"]["video_pilot_validation"] = {"squared error": {"MSE": -1.0, "SSIM": 0.1}}
    del bad["metrics"]["rollout10_ssim_model"]
    found = "; ".join(lessons.problems("06_sequence_to_sequence", bad))
    assert "rollout10_ssim_model is missing" in found and "outside [0.0, 1.0]" in found
    assert "rollout10_ssim_by_step_model[9] = 1.5 lies outside" in found
    assert "video_pilot_validation.squared error.MSE = -1.0 lies outside" in found
    assert "seq_test_prefix_overlap = 4, must be 0" in found and "must be <= seq_token_accuracy" in found
    codec = {"profile": "smoke", "metrics": {"bd_rate_vs_jpeg_out_of_domain_pct": None}}
    assert "bd_rate_vs_jpeg_out_of_domain_pct is null" not in "; ".join(lessons.problems("02_image_compression", codec))
    codec["profile"] = "standard"
    assert "bd_rate_vs_jpeg_out_of_domain_pct is null" in "; ".join(lessons.problems("02_image_compression", codec))
    nested = {"profile": "smoke", "metrics": {"rd_points": {"fashion_jpeg": {"psnr": [30.0, 130.0]}}}}
    assert "rd_points.fashion_jpeg.psnr[1] = 130.0 lies outside" in "; ".join(
        lessons.problems("02_image_compression", nested)
    )


def test_learned_checks_catch_a_run_that_learned_nothing():
    """Each lesson's "it learned something" checks: a path glob against a path or a number, every match checked."""
    assert all(lesson.learned for lesson in lessons.LESSONS.values()), "every lesson needs one it-learned check"
    for lesson in lessons.LESSONS.values():
        for a, op, b, shows in lesson.learned:
            assert op in ("<", ">") and shows, f"{lesson.stem}: {a} {op} {b} needs a strict order and what it shows"
    learned = {"rd_points": {"fashion_autoencoder": {"psnr": [20.0, 25.0]}}, "psnr_zero_bits_in_domain": 11.0}
    assert not [p for p in lessons.problems("02_image_compression", {"metrics": learned}) if "learn" in p]
    learned["rd_points"]["fashion_autoencoder"]["psnr"][1] = 10.5
    found = [p for p in lessons.problems("02_image_compression", {"metrics": learned}) if "learn" in p]
    assert found == [
        "did not learn: rd_points.fashion_autoencoder.psnr[1] = 10.5 is not > psnr_zero_bits_in_domain = 11 (at every "
        "rate the codec's reconstructions beat sending nothing: the average training image)"
    ]
    chance = [p for p in lessons.problems("06_sequence_to_sequence", {"metrics": {"seq_token_accuracy": 0.01}})]
    assert any(p.startswith("did not learn: seq_token_accuracy = 0.01 is not > 0.02") for p in chance)
    missing = "; ".join(lessons.problems("05_image_generation_vae", {"metrics": {}}))
    assert "it-learned check: test_elbo_nats and 543.4" in missing


def _check_platforms():
    """tools/check_platforms.py, the one definition of the supported platforms and their marker environments."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("check_platforms", REPO / "tools" / "check_platforms.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_platform_table_matches_the_markers():
    tool = _check_platforms()
    readme = (REPO / "README.md").read_text()
    section = readme[readme.index("### Platforms and install routes") :]
    names = {
        "Linux x86-64": "linux-x86_64",
        "Linux aarch64": "linux-aarch64",
        "macOS arm64": "macos-arm64",
        "Windows x86-64": "windows-x86_64",
    }
    rows = dict(re.findall(r"^\| (Linux x86-64|Linux aarch64|macOS arm64|Windows x86-64) \| `([\w-]+)`", section, re.M))
    assert set(rows) == set(names), f"the README's platform table should list {sorted(names)}, it lists {sorted(rows)}"
    assert set(names.values()) == set(tool.PLATFORMS)
    for label, platform in names.items():
        for python in tool.PYTHONS:
            chosen = [r.name for r in tool.selected(tool.requirements(["tensorflow"], False), platform, python)]
            assert chosen == [rows[label]], (
                f"{label}, Python {python}: markers choose {chosen}, README says {rows[label]}"
            )
            torch = [r for r in tool.selected(tool.requirements(["cpu"], False), platform, python) if r.name == "torch"]
            assert [str(r.specifier) for r in torch] == ["==2.13.0"], f"{label}: torch must be pinned"
            jax = {r.name: str(r.specifier) for r in tool.selected(tool.requirements(["cpu"], False), platform, python)}
            assert jax.get("jax") == jax.get("jaxlib") == "==0.10.2", f"{label}, Python {python}: jax must be pinned"
            runtime = [r.name for r in tool.selected(tool.requirements([], True), platform, python)]
            # constriction has no Linux aarch64 wheel: left out there, and the README says what lesson 02 needs
            assert ("constriction" in runtime) == (platform != "linux-aarch64"), f"{label}: {runtime}"
    assert "**Linux aarch64:** `constriction`" in section


@pytest.mark.skipif(not Path("/bin/bash").exists(), reason="needs bash")
def test_ci_fails_under_ci_true_when_the_browser_test_cannot_run(tmp_path):
    """`.ci/run` with CI=true on a machine with no chromium and no way to install it stops before `make test`."""
    import shutil
    import subprocess

    bin_dir = tmp_path / "bin"  # only what the script needs before its browser check: no chromium, apt-get or make
    bin_dir.mkdir()
    for tool in ("dirname", "id"):
        found = shutil.which(tool)
        assert found, f"{tool} is needed for this test"
        (bin_dir / tool).symlink_to(found)
    env = {"PATH": str(bin_dir), "CI": "true", "HOME": str(tmp_path)}
    proc = subprocess.run(["/bin/bash", str(REPO / ".ci" / "run")], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "no chromium" in proc.stderr


# Words that say what a run showed. A sentence that uses one is either phrased as what to look for (and the words
# go), or the next code cell checks it on the run with `verdicts.claim(...)` (or a paired comparison), so that the
# verdict printed is true on every learner's run.
VERDICT_WORDS = re.compile(
    r"\b(?:mostly|most|much (?:higher|lower|better|worse|larger|smaller|faster|slower)|sharp(?:er|est|ly)?|"
    r"trades?|stops? improving|clearly|always|never|far (?:better|worse|ahead|behind)|nearly nothing|barely|"
    r"hardly|well ahead|dramatically|significantly|substantially|consistently)\b",
    re.I,
)
# Uses of those words that state a definition, a design fact of the protocol, or a question, never a run's result.
NOT_A_VERDICT = re.compile(
    r"\b(?:most[- ](?:likely|popular|similar|often|liked|probable)|at most|trade-offs?|"
    r"never (?:sees?|saw|seen|trains?|trained|looks?|eats?|reaches|told|used|above)|always sees?)\b|"
    r"\(https?://[^)]*\)|"  # links
    r"[^.?!\n]*\?",  # a question asks; it claims nothing
    re.I,
)
CHECKS = re.compile(r"\bverdicts\.(?:claim|paired)\(")


def verdict_words(text: str) -> list[str]:
    """The run-describing verdict words of markdown ``text`` (definitions, protocol facts and questions aside)."""
    text = re.sub(r"\$[^$]*\$", "", text)  # formulas
    return [m.group(0) for m in VERDICT_WORDS.finditer(NOT_A_VERDICT.sub("", text))]


def test_the_verdict_word_rule_catches_run_claims_and_spares_definitions():
    assert verdict_words("The code is mostly 0, and the forecasts stay sharp.") == ["mostly", "sharp"]
    assert verdict_words("The mixed model trades a little; quality can stop improving.") == ["trades", "stop improving"]
    assert verdict_words("Its NLL is much higher, and it is clearly ahead.") == ["much higher", "clearly"]
    spared = "the most likely token; at most 1; a rate-distortion trade-off; the model never saw the test users."
    assert verdict_words(spared) == []
    assert verdict_words("Which filter does the noise hurt most? Is it always so?") == []


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_verdict_words_in_markdown_are_checked_on_the_run(nb):
    """A markdown cell that says what the run shows ('mostly', 'sharp', 'clearly ahead' …) is followed by a code
    cell that checks it with ``verdicts.claim`` (or a paired comparison) and prints whether it held. The exercises
    are exempt: they pose questions and candidate answers for the learner to test, not what the run showed."""
    cells = load(nb)["cells"]
    for i, cell in enumerate(cells):
        if cell["cell_type"] != "markdown" or re.match(r"## \d+ · Exercises", source(cell)):
            continue
        words = verdict_words(source(cell))
        if not words:
            continue
        following = next((c for c in cells[i + 1 :] if c["cell_type"] == "code"), None)
        assert following is not None and CHECKS.search(source(following)), (
            f"{nb.name} cell {i} says {words} about the run: phrase it as what to look for, or check it in the "
            "next code cell with verdicts.claim(held, sentence) so the printed verdict is true on every run"
        )


def test_the_cpu_route_installs_from_a_constraints_file_that_agrees_with_the_pins():
    """`make` installs with constraints/<platform>-py<version>.txt where one exists; the file pins exactly what
    pyproject pins, and `make constraints` is how it is written."""
    pins = {}
    path = REPO / "constraints" / "linux-x86_64-py3.11.txt"
    for line in path.read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version and "+" not in version, f"{path.name}: {line!r} is not an exact pin without a local label"
            pins[name.lower().replace("_", "-")] = version
    assert pins["torch"] == "2.13.0" and pins["jax"] == pins["jaxlib"] == "0.10.2"
    assert pins["tensorflow-cpu"] == "2.21.0" and "aecourse" not in pins
    assert pins["ruff"] == "0.17.6"  # the linter make test gates on, pinned in pyproject too
    makefile = (REPO / "Makefile").read_text()
    assert "-c $(CONSTRAINTS)" in makefile and "\nconstraints: setup" in makefile
    assert "make constraints" in (REPO / "README.md").read_text()


def test_a_lesson_is_four_files_and_the_readme_says_so():
    """The notebook, its file in aecourse/course, its checkers and its worked solutions: each lesson has all four,
    and nothing in those folders belongs to no lesson."""
    from aecourse import course

    stems = {nb.stem for nb in NOTEBOOKS}
    assert stems == set(course.MODULES), (
        "every notebook needs aecourse/course/lessonNN.py, and every such file a notebook"
    )
    for stem in stems:
        nn = stem[:2]
        assert course.MODULES[stem].__name__.endswith(f"lesson{nn}"), f"{stem}'s file must be course/lesson{nn}.py"
        assert (REPO / "aecourse" / "exercises" / f"lesson{nn}.py").is_file(), f"{stem} has no checkers file"
        assert (REPO / "solutions" / f"{stem}.py").is_file(), f"{stem} has no worked solutions"
    assert {p.stem[6:] for p in (REPO / "aecourse" / "exercises").glob("lesson[0-9][0-9].py")} == {s[:2] for s in stems}
    assert {p.stem for p in (REPO / "solutions").glob("[0-9][0-9]_*.py")} == stems
    readme = (REPO / "README.md").read_text()
    section = readme[readme.index("### Adding a lesson") : readme.index("### Layout")]
    steps = re.findall(r"^(\d+)\. ", section, re.M)
    assert steps == ["1", "2", "3", "4"], f"the README's 'Adding a lesson' has {len(steps)} steps, not four"
    for place in (
        "notebooks/NN_<stem>.ipynb",
        "aecourse/course/",
        "aecourse/exercises/lessonNN.py",
        "solutions/NN_<stem>.py",
    ):
        assert place in section, f"the README's 'Adding a lesson' does not name {place}"


def test_each_lesson_file_keeps_every_part_in_one_record():
    from aecourse import course

    for stem, module in course.MODULES.items():
        assert module.STEM == stem and module.TITLE and module.SUMMARY
        for name, setting in module.SIZES.items():
            assert isinstance(setting, course.Setting) and setting.meaning, f"{stem}: say what {name!r} means"
        assert ("standard", "tensorflow") in module.REFERENCE_SECONDS, f"{stem} needs a reference time"
        assert module.CONTRACT["required"], f"{stem} must name the metrics it records"
