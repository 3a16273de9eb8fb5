"""Where a lesson's time goes, kept out of its teaching cells.

A lesson wraps its parts in :func:`phase`::

    with aecourse.phase("training", samples=len(x_train) * epochs):
        model.fit(...)

and :func:`aecourse.record` writes the phases beside the metrics, under ``"timing"`` in the results file:
seconds per phase, samples per second where ``samples`` was given, and the lesson's total. Seconds are kept
apart from the metrics on purpose: two runs with the same seed record identical metrics, never identical
seconds. The benchmark (``make bench``) reads the ``"training"`` phase as the main model's throughput.
"""

from __future__ import annotations

import contextlib
import time
from typing import Any

from . import runtime

#: The phase whose throughput the benchmark reports as the lesson's main model.
MAIN = "training"


@contextlib.contextmanager
def phase(name: str, samples: int | None = None):
    """Time the ``with`` block as phase ``name`` of the lesson (seconds add up if a name is used twice).

    ``samples``: how many training samples (images, clips, users …) the block processes, for a throughput.
    """
    start = time.perf_counter()
    try:
        yield
    finally:
        seconds = time.perf_counter() - start
        phases = runtime.run_state().setdefault("phases", {})
        entry = phases.setdefault(name, {"seconds": 0.0, "samples": 0})
        entry["seconds"] += seconds
        if samples:
            entry["samples"] += int(samples)


def summary() -> dict[str, Any]:
    """The phases timed so far: ``{name: {"seconds": s, "samples_per_s": r}}`` plus ``"total_seconds"``."""
    out: dict[str, Any] = {}
    for name, entry in runtime.run_state().get("phases", {}).items():
        item = {"seconds": round(entry["seconds"], 2)}
        if entry["samples"] and entry["seconds"] > 0:
            item["samples_per_s"] = round(entry["samples"] / entry["seconds"], 1)
        out[name] = item
    out["total_seconds"] = round(runtime.elapsed(), 2)
    return out
