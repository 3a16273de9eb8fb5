"""The command line: wrong names are refused with the choices, the lessons are listed."""

from __future__ import annotations

import subprocess
import sys

import pytest


def aecourse(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "aecourse", *args], capture_output=True, text=True, timeout=300)


def test_list_names_the_lessons():
    out = aecourse("list").stdout
    assert "01_dimensionality_reduction" in out and "Dimensionality reduction" in out


@pytest.mark.parametrize(
    "args, message",
    [
        (["run", "--backend", "mxnet"], "choose one of tensorflow, torch, jax"),
        (["run", "--profile", "quick"], "choose one of smoke, standard, full"),
        (["run", "99"], "no lesson matches '99'"),
        (["bench", "--backends", "theano"], "choose one of tensorflow, torch, jax"),
    ],
)
def test_wrong_names_are_refused_clearly(args, message, tmp_path):
    proc = aecourse(*args, *(["--build", str(tmp_path)] if args[0] == "run" else []))
    assert proc.returncode == 2
    assert message in proc.stderr
    assert not any(tmp_path.iterdir())  # nothing written


def test_report_from_an_empty_build_folder(tmp_path):
    proc = aecourse("report", "--build", str(tmp_path))
    assert proc.returncode == 0 and (tmp_path / "report.html").is_file()
