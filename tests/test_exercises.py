"""Every lesson's exercises: enough of them, checkers in aecourse.exercises, a worked solution for each.

The solutions (``solutions/<lesson>.py``) run in the smoke profile on every backend, like the notebooks, and every
checker must pass on the solution's answer. The structure tests are fast; the runs are marked ``notebook``.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from aecourse import exercises, lessons
from aecourse.runtime import BACKENDS

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = lessons.notebooks(REPO / "notebooks")
SOLUTIONS = REPO / "solutions"


def cells(nb: Path) -> list[dict]:
    return json.loads(nb.read_text())["cells"]


def text(cell: dict) -> str:
    return "".join(cell["source"])


def exercise_section(nb: Path) -> tuple[str, str]:
    """(markdown, code) of the notebook from its '## N · Exercises' heading on."""
    all_cells = cells(nb)
    heading = re.compile(r"^## \d+ · Exercises", re.M)
    start = next((i for i, c in enumerate(all_cells) if heading.search(text(c))), None)
    assert start is not None, f"{nb.name} has no '## N · Exercises' heading"
    rest = all_cells[start:]
    first = text(rest[0])[heading.search(text(rest[0])).start() :]
    md = "\n".join([first] + [text(c) for c in rest[1:] if c["cell_type"] == "markdown"])
    code = "\n".join(text(c) for c in rest if c["cell_type"] == "code")
    return md, code


def exercise_numbers(nb: Path) -> dict[int, str]:
    """Exercise number -> its text, from the numbered list under the Exercises heading."""
    md, _ = exercise_section(nb)
    parts = re.split(r"^(\d+)\. ", md, flags=re.M)
    return {int(n): body for n, body in zip(parts[1::2], parts[2::2])}


def solution_functions(path: Path) -> set[int]:
    tree = ast.parse(path.read_text())
    return {int(m.group(1)) for node in tree.body if (m := re.fullmatch(r"exercise_(\d+)", getattr(node, "name", "")))}


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_lesson_has_four_to_six_exercises_with_solutions(nb):
    numbers = exercise_numbers(nb)
    assert 4 <= len(numbers) <= 6, f"{nb.stem} has {len(numbers)} exercises; the course wants four to six"
    assert sorted(numbers) == list(range(1, len(numbers) + 1)), "number the exercises 1, 2, 3, …"
    script = SOLUTIONS / f"{nb.stem}.py"
    assert script.is_file(), f"the worked solutions of {nb.stem} belong in solutions/{nb.stem}.py"
    assert solution_functions(script) == set(numbers), (
        f"solutions/{nb.stem}.py needs exercise_1 … exercise_{len(numbers)}"
    )


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_checkers_live_in_the_package_not_in_the_notebook(nb):
    for cell in cells(nb):
        assert not re.search(r"^\s*def check", text(cell), re.M), (
            f"{nb.stem} defines a checker: move it to aecourse.exercises"
        )
    md, code = exercise_section(nb)
    for name in set(re.findall(r"\b(check_\w+)\(", md + code)):
        assert callable(getattr(exercises, name, None)), f"{nb.stem} names {name}, which aecourse.exercises lacks"


def test_checkers_explain_and_never_crash_on_a_missing_answer(capsys):
    assert exercises.check(None, 3, "x") is False
    assert "replace None" in capsys.readouterr().out
    assert exercises.check_choice("B", "a", {"a": "right, because…", "b": "no: because…"}, "q") is False
    assert "no: because" in capsys.readouterr().out
    assert exercises.check_close([1.0, 2.0], [1.0, 2.5], "v") is False
    assert "expected 2.5" in capsys.readouterr().out


@pytest.mark.notebook
@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_worked_solutions_pass_their_checkers(nb, backend, tmp_path):
    out = tmp_path / "verdicts.json"
    env = {k: v for k, v in os.environ.items() if k not in ("KERAS_BACKEND", "AECOURSE_PROFILE")}
    env.update(AECOURSE_SOLUTIONS_OUT=str(out), AECOURSE_RESULTS_DIR=str(tmp_path / "results"), MPLBACKEND="Agg")
    command = [sys.executable, str(SOLUTIONS / f"{nb.stem}.py"), "--profile", "smoke", "--backend", backend]
    proc = subprocess.run(command, capture_output=True, text=True, env=env, timeout=900, cwd=tmp_path)
    log = proc.stdout[-4000:] + proc.stderr[-4000:]
    assert proc.returncode == 0, log
    verdicts = json.loads(out.read_text())
    numbers = exercise_numbers(nb)
    assert set(map(int, verdicts)) == set(numbers), log
    for number, body in numbers.items():
        if re.search(r"\bcheck_\w+\(", body):  # the exercise names a checker: its solution must pass it
            assert verdicts[str(number)] is True, f"exercise {number}'s solution did not pass its checker\n{log}"


def test_from_lesson_takes_definitions_and_top_level_constants_from_the_notebook():
    """The worked solutions read a lesson's settings from its notebook, as they read its functions."""
    mixed, designs, peak = exercises.from_lesson(
        "03_image_denoising", "MIXED", "DESIGNS", "PEAK_LR", namespace={"NOISE": 0.5}
    )
    assert designs["U-Net, skips zeroed"] == (False, False, mixed) and designs["U-Net"][2] == mixed
    assert designs["U-Net, predicts the noise, trained at 0.5"][2] == (0.5, 0.5) and peak > 0
    with pytest.raises(NameError, match="no function, class or top-level constant named 'NOT_THERE'"):
        exercises.from_lesson("03_image_denoising", "NOT_THERE")
