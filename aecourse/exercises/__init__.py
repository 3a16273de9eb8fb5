"""The course's exercise checkers, and the runner of the worked solutions.

A learner calls a checker on an answer; it prints ✓ or ✗ with *why* an answer is wrong, and returns the verdict.
Checkers test understanding, not training luck: a number that depends on a run is compared with what the
learner's own run implies (or with a bound the theory guarantees), never with a figure from the author's run.

One import for the whole course (``from aecourse import exercises``); the checkers live in one file per lesson
(``lesson01.py`` … ``lesson07.py``), found and re-exported here. The worked solutions, one script per lesson in
``solutions/``, end with :func:`run_solutions`; the tests run them in the smoke profile on every backend.
"""

from __future__ import annotations

import importlib
import pkgutil
import re

from ._common import (
    check,
    check_at_least,
    check_at_most,
    check_choice,
    check_close,
    dense_params,
    from_lesson,
    run_solutions,
    solution_args,
)

# Every lessonNN.py here is found and its public names re-exported, as `from .lessonNN import *` would: a new
# lesson's checkers need no line in this file.
for _info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
    if re.fullmatch(r"lesson\d\d", _info.name):
        _module = importlib.import_module(f"{__name__}.{_info.name}")
        _public = getattr(_module, "__all__", [n for n in vars(_module) if not n.startswith("_")])
        globals().update({_name: getattr(_module, _name) for _name in _public})

__all__ = [
    "check",
    "check_at_least",
    "check_at_most",
    "check_choice",
    "check_close",
    "dense_params",
    "from_lesson",
    "run_solutions",
    "solution_args",
]
