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
    assert "What you will learn" in header and "Runs in" in header
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


def requirement_set(items):
    return {re.sub(r"\s+", "", item) for item in items}


def test_environment_yml_matches_pyproject():
    meta = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    wanted = requirement_set(
        meta["dependencies"] + meta["optional-dependencies"]["cpu"] + meta["optional-dependencies"]["dev"]
    )
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    assert "python=3.11" in env["dependencies"]
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    listed = requirement_set(p for p in pip_section if not p.startswith("-e"))
    assert listed == wanted, f"only in environment.yml: {listed - wanted}; only in pyproject.toml: {wanted - listed}"
    assert "-e ." in pip_section


def test_torch_is_pinned_for_the_cpu_wheel():
    extras = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert "torch==2.13.0" in extras["cpu"] and "torch==2.13.0" in extras["gpu"]


def test_ci_runs_the_readme_test_command():
    readme = (REPO / "README.md").read_text()
    ci = (REPO / ".ci" / "run").read_text()
    assert "make test" in readme and "make lessons" in readme
    assert re.search(r"^make test$", ci, re.M)


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
