"""What every lesson's checkers share: comparing numbers and choices, and running a lesson's worked solutions."""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Callable, Mapping, Sequence

import numpy as np


def dense_params(sizes: Sequence[int]) -> int:
    """Parameters of a stack of Dense layers ``sizes[0] -> sizes[1] -> …`` (weights plus biases)."""
    return int(sum((a + 1) * b for a, b in zip(sizes[:-1], sizes[1:])))


def _missing(answer, what: str) -> bool:
    if answer is None:
        print(f"✗ {what}: no answer yet (replace None with yours).")
        return True
    return False


def check(answer: float, expected: float, what: str, rel_tol: float = 0.0, hint: str = "") -> bool:
    """Compare ``answer`` with ``expected`` (within ``rel_tol``); print ✓ or ✗ with the hint."""
    if _missing(answer, what):
        return False
    ok = abs(float(answer) - float(expected)) <= rel_tol * abs(float(expected))
    if ok:
        print(f"✓ {what}: {answer} is right.")
    else:
        print(f"✗ {what}: {answer} is not it yet. {hint}".rstrip())
    return ok


def check_close(answer, expected, what: str, rtol: float = 1e-4, atol: float = 1e-6, hint: str = "") -> bool:
    """Compare an array (or number) with the expected one elementwise; on ✗ say where they differ most."""
    if _missing(answer, what):
        return False
    a, e = np.asarray(answer, dtype="float64"), np.asarray(expected, dtype="float64")
    if a.shape != e.shape:
        print(f"✗ {what}: shape {a.shape}, expected {e.shape}. {hint}".rstrip())
        return False
    ok = bool(np.allclose(a, e, rtol=rtol, atol=atol))
    if ok:
        print(f"✓ {what}: matches (largest difference {float(np.max(np.abs(a - e), initial=0.0)):.2g}).")
    else:
        worst = np.unravel_index(np.argmax(np.abs(a - e)), a.shape) if a.ndim else ()
        print(f"✗ {what}: at {worst} yours is {a[worst]:.6g}, expected {e[worst]:.6g}. {hint}".rstrip())
    return ok


def check_choice(answer: str, right: str, explanations: Mapping[str, str], what: str) -> bool:
    """A multiple-choice answer: ``explanations`` maps every option to why it is right or wrong."""
    if _missing(answer, what):
        return False
    key = str(answer).strip().lower()
    options = {k.lower(): v for k, v in explanations.items()}
    if key not in options:
        print(f"✗ {what}: {answer!r} is not one of the options: {', '.join(map(repr, explanations))}.")
        return False
    ok = key == right.lower()
    print(f"{'✓' if ok else '✗'} {what}: {options[key]}")
    return ok


def check_at_least(value: float, threshold: float, what: str, hint: str = "") -> bool:
    """Say whether ``value`` reached ``threshold`` (print ✓ or ✗ with the hint)."""
    if _missing(value, what):
        return False
    ok = float(value) >= float(threshold)
    print(
        f"✓ {what}: {value:.4g} reaches {threshold:.4g}."
        if ok
        else f"✗ {what}: {value:.4g} is below {threshold:.4g}. {hint}".rstrip()
    )
    return ok


def check_at_most(value: float, threshold: float, what: str, hint: str = "") -> bool:
    """Say whether ``value`` stayed at or below ``threshold`` (an error, a loss); print ✓ or ✗ with the hint."""
    if _missing(value, what):
        return False
    ok = float(value) <= float(threshold)
    print(
        f"✓ {what}: {value:.4g} is at or below {threshold:.4g}."
        if ok
        else f"✗ {what}: {value:.4g} is above {threshold:.4g}. {hint}".rstrip()
    )
    return ok


def solution_args(lesson: str) -> argparse.Namespace:
    """Command-line options of a solutions script: ``--profile``, ``--backend``, ``--seed``.

    Defaults come from ``AECOURSE_PROFILE`` and ``KERAS_BACKEND`` (else ``standard`` and ``tensorflow``), as in the
    lessons' parameters cell.
    """
    parser = argparse.ArgumentParser(description=f"Worked solutions to the exercises of lesson {lesson}.")
    parser.add_argument("--profile", default=os.environ.get("AECOURSE_PROFILE", "standard"))
    parser.add_argument("--backend", default=os.environ.get("KERAS_BACKEND", "tensorflow"))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", type=int, nargs="*", help="run only these exercise numbers")
    return parser.parse_args()


def run_solutions(solutions: Mapping[int, Callable[[], bool | None]], only: Sequence[int] | None = None) -> dict:
    """Run each exercise's worked solution in order; exit with status 1 if any checker said ✗ or a solution failed.

    A solution returns its checker's verdict, or ``None`` where the exercise is open-ended (it then prints what
    it measured). Where ``AECOURSE_SOLUTIONS_OUT`` names a file, the verdicts are written there as JSON
    (``{"1": true, "4": null, …}``, ``"error"`` for a solution that raised) for the tests.
    """
    verdicts: dict[str, bool | None | str] = {}
    for number in sorted(solutions):
        if only and number not in only:
            continue
        func = solutions[number]
        title = (func.__doc__ or "").strip().splitlines()[0] if func.__doc__ else ""
        print(f"\n── Exercise {number}. {title}", flush=True)
        try:
            verdict = func()
        except Exception:  # report every exercise, then fail
            traceback.print_exc()
            verdict = "error"
        verdicts[str(number)] = verdict if verdict in (None, "error") else bool(verdict)
    out = os.environ.get("AECOURSE_SOLUTIONS_OUT")
    if out:
        with open(out, "w") as fh:
            json.dump(verdicts, fh)
    failed = [n for n, v in verdicts.items() if v is False or v == "error"]
    print(
        f"\n{len(verdicts) - len(failed)} of {len(verdicts)} solutions passed"
        + (f"; failed: {failed}" if failed else "")
    )
    if failed:
        sys.exit(1)
    return verdicts


def from_lesson(lesson: str, *names: str, namespace: Mapping | None = None) -> tuple:
    """The functions, classes or top-level constants ``names`` exactly as lesson ``lesson``'s notebook defines them.

    Only each definition (a ``def``, a ``class``, or an assignment ``NAME = …`` at a cell's top level) runs, not the
    rest of its cell, in ``namespace`` (give it what the definitions use, e.g. ``{"keras": keras, "layers": layers,
    "np": np}``; names taken earlier in the same call are there too). The worked solutions use this so that they
    build the lesson's own models and settings and can never drift from the notebook.
    """
    import ast

    from ..lessons import NOTEBOOKS_DIR

    path = NOTEBOOKS_DIR / f"{lesson}.ipynb"
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: run the solutions from a clone of the course repository")
    cells = [c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]
    ns: dict = dict(namespace or {})
    for name in names:
        for cell in cells:
            source = "".join(cell["source"])
            source = "\n".join(  # IPython's %magics and !commands become no-ops
                line[: len(line) - len(line.lstrip())] + "pass" if line.lstrip().startswith(("%", "!")) else line
                for line in source.splitlines()
            )
            found = [
                node
                for node in ast.parse(source).body
                if (isinstance(node, ast.FunctionDef | ast.ClassDef) and node.name == name)
                or (
                    isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
                )
            ]
            if found:
                exec(compile(ast.Module(body=found, type_ignores=[]), f"{path.name}:{name}", "exec"), ns)
                break
        else:
            raise NameError(f"{path.name} defines no function, class or top-level constant named {name!r}")
    return tuple(ns[name] for name in names)
