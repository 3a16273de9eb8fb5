"""Every lesson as data, one file each (``lesson01.py`` … ``lesson07.py``): the one place a maintainer changes.

A lesson's file holds its title and summary, its sizes per profile with what each means (:class:`Setting`), its
results contract (:class:`Lesson`: what it must record, ranges and facts, the report's :class:`Headline` rows, the
figures its markdown may state), its reference run times, and the colours of the methods only it draws. The course's
other modules read them from here: :mod:`aecourse.profiles` (sizes), :mod:`aecourse.lessons` (the contract and the
reference times), :mod:`aecourse.plots` (colours). This package imports nothing else of the course, so every layer
may read it. Adding a lesson is four files: the notebook, a ``lessonNN.py`` here, its checkers
(``aecourse/exercises/lessonNN.py``) and its worked solutions (``solutions/NN_<stem>.py``); ``tests/test_repo.py``
fails when one is missing.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any


@dataclass(frozen=True)
class Setting:
    """One size of a lesson: what it means, and its value in each profile (the profile changes sizes only)."""

    meaning: str
    smoke: Any
    standard: Any
    full: Any


@dataclass(frozen=True)
class Headline:
    """One line of the report: our number beside its baseline and the published reference."""

    label: str  # what is measured, with its unit
    ours: str  # metric key of the autoencoder's number
    baseline: str | None = None  # metric key of the baseline measured in the same run
    baseline_name: str | None = None
    reference: str | None = None  # the published figure(s), as text
    source: str | None = None  # where the reference comes from
    lower_is_better: bool = True  # decides which side of the baseline counts as a win
    verdict: str | None = None  # key of the paired comparison under the results file's "verdicts"
    unit: str = ""  # the metric's unit, for the difference: "dB", "points", "nats", "%", "stars²" …
    scale: float = 1.0  # multiplies differences for display (100: accuracies shown in percentage points)
    ratio: bool = False  # ours / baseline means something (squared errors, bytes); never for dB, accuracy, NDCG


@dataclass(frozen=True)
class Lesson:
    stem: str
    title: str
    summary: str  # one line: what the lesson measures
    required: tuple[str, ...]  # metric keys the results file must hold
    headlines: tuple[Headline, ...] = ()
    # (low, high), inclusive, for every number at a metric path; "*" matches any part, e.g. "rd_points.*.psnr[*]"
    bounds: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    equals: Mapping[str, Any] = field(default_factory=dict)  # facts every run must get right
    # ("a", "<=", "b"): must hold between two recorded numbers in *every* run, by construction, never by luck. Not
    # Recall@20 <= Recall@50 (each divides by min(k, the user's held-out count)), nor a validation choice scored on test
    relations: tuple[tuple[str, str, str], ...] = ()
    # ("a", ">", "b", "what it shows"): the run learned something, so even a smoke run must pass it. Unlike a relation
    # it holds by training, not by construction: each was measured in smoke on several seeds and backends before it
    # became a rule (docs/measurements.md). a is a metric path as the bounds write it ("sweep_psnr.noisy[0]"), b one
    # too or a number (chance, say)
    learned: tuple[tuple[str, str, str | float, str], ...] = ()
    nullable_in_smoke: tuple[str, ...] = ()  # required keys a smoke run may record as null (e.g. no curve overlap)
    prose_numbers: tuple[str, ...] = ()  # figures the markdown may state: published numbers, design constants


#: Colours of the methods several lessons draw; each lesson's file adds the colours of its own methods.
SHARED_COLORS: dict[str, str] = {
    "original": "#000000",
    "noisy": "#e377c2",
    "autoencoder": "#1f77b4",
    "dense autoencoder": "#5254a3",  # lesson 01's reference model 784-2000-500-500-10, in lessons 01 and 04
    "pca": "#7f7f7f",
    "raw pixels": "#bcbd22",
    "vae": "#9467bd",
}

#: The machine the reference run times were measured on, and its NumPy matrix-multiply rate (the runner scales
#: the times by this machine's rate against the learner's to estimate a first run).
REFERENCE_MACHINE = "AMD EPYC (Zen 3, AVX2, no AVX-512), 2 cores"
REFERENCE_PROBE_GFLOPS = 122.0

#: What each lesson file must define.
PARTS = ("STEM", "TITLE", "SUMMARY", "SIZES", "CONTRACT", "REFERENCE_SECONDS", "COLORS")


def _load() -> dict[str, ModuleType]:
    modules = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if re.fullmatch(r"lesson\d\d", info.name):
            module = importlib.import_module(f"{__name__}.{info.name}")
            missing = [part for part in PARTS if not hasattr(module, part)]
            if missing:
                raise ImportError(f"aecourse/course/{info.name}.py lacks {', '.join(missing)}")
            modules[module.STEM] = module
    return modules


#: ``{stem: module}`` for every lesson file, in course order.
MODULES: dict[str, ModuleType] = _load()
