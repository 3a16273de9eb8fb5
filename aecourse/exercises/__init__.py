"""The course's exercise checkers, and the runner of the worked solutions.

A learner calls a checker on an answer; it prints ✓ or ✗ with *why* an answer is wrong, and returns the verdict.
Checkers test understanding, not training luck: a number that depends on a run is compared with what the
learner's own run implies (or with a bound the theory guarantees), never with a figure from the author's run.

One import for the whole course (``from aecourse import exercises``); the checkers live in one file per lesson
(``lesson01.py`` … ``lesson07.py``) and are all re-exported here. The worked solutions, one script per lesson in
``solutions/``, end with :func:`run_solutions`; the tests run them in the smoke profile on every backend.
"""

from __future__ import annotations

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
from .lesson01 import *  # noqa: F403
from .lesson02 import *  # noqa: F403
from .lesson03 import *  # noqa: F403
from .lesson04 import *  # noqa: F403
from .lesson05 import *  # noqa: F403
from .lesson06 import *  # noqa: F403
from .lesson07 import *  # noqa: F403

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
