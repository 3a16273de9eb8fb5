"""Training for a fixed number of steps with a schedule that spends them: a warm-up, then a cosine decay to zero.

:func:`fit_steps` trains a compiled Keras model on batches that a function draws (fresh noise, fresh examples at
every step), for a fixed number of steps. The learning rate rises linearly over the first 5 % of the steps (a
warm-up: Adam's first steps are noisy while its moment estimates settle; Goyal et al. 2017) and then falls along
half a cosine to zero at the last step (Loshchilov & Hutter 2017). A schedule that ends at zero lets the last steps
settle instead of rattling at a constant rate, which is most of what a short training budget gains from it.

Models compared "at equal training time" get the same steps of the same batch when they cost the same per step; the
log returns the seconds spent, so a lesson prints them side by side rather than assuming them. Steps, not seconds,
set the budget, so two runs with the same seed train the same model (a wall-clock budget would not).

The first step compiles the training function (seconds on JAX); it runs at learning rate 0 and is not counted.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

import numpy as np


def learning_rate_at(fraction: float, peak: float, warmup: float = 0.05) -> float:
    """The schedule's learning rate when ``fraction`` (0 … 1) of the budget is spent: linear warm-up, then cosine."""
    if fraction < warmup:
        return peak * fraction / warmup
    progress = min(1.0, (fraction - warmup) / (1.0 - warmup))
    return peak * 0.5 * (1.0 + math.cos(math.pi * progress))


def fit_steps(
    model: Any,
    draw_batch: Callable[[np.random.Generator], tuple[np.ndarray, np.ndarray]],
    steps: int,
    peak_lr: float,
    *,
    warmup: float = 0.05,
    seed: int = 0,
    points: int = 50,
) -> dict[str, Any]:
    """Train ``model`` (compiled, with an optimizer whose learning rate is a number) for ``steps`` steps.

    ``draw_batch(rng)`` returns one ``(inputs, targets)`` batch, drawn with the generator it is given (seeded by
    ``seed``). Returns ``steps``, ``seconds`` (spent on those steps, compilation excluded), and ``loss`` / ``lr`` /
    ``step``: the mean training loss and the learning rate at about ``points`` moments along the way, for a curve.
    """
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 1:
        raise ValueError(f"steps must be a whole number of training steps, at least 1; got {steps!r}")
    if not (isinstance(peak_lr, (int, float)) and math.isfinite(peak_lr) and peak_lr > 0):
        raise ValueError(f"peak_lr must be a positive learning rate, got {peak_lr!r}")
    if not 0 <= warmup < 1:
        raise ValueError(f"warmup is the share of the steps spent warming up, in [0, 1); got {warmup!r}")
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None:
        raise ValueError(
            f"compile {getattr(model, 'name', 'the model')} (with an optimizer and a loss) before training it"
        )
    try:
        optimizer.learning_rate = 0.0  # also refuses an optimizer built with a schedule of its own
    except Exception as exc:  # noqa: BLE001 (Keras raises several kinds here)
        raise ValueError(
            "fit_steps sets the learning rate itself: compile the model with a plain number as the optimizer's "
            f"learning rate, not a schedule ({exc})"
        ) from exc

    rng = np.random.default_rng(seed)
    model.train_on_batch(*draw_batch(rng))  # compiles; at learning rate 0 it changes no weight
    history: dict[str, Any] = {"loss": [], "lr": [], "step": []}
    every = max(1, int(steps) // points)
    window: list[float] = []
    start = time.perf_counter()
    for step in range(int(steps)):
        lr = learning_rate_at(step / steps, peak_lr, warmup)
        optimizer.learning_rate = lr
        loss = model.train_on_batch(*draw_batch(rng))
        window.append(float(np.asarray(loss).reshape(-1)[0]))
        if (step + 1) % every == 0 or step + 1 == steps:
            history["loss"].append(float(np.mean(window)))
            history["lr"].append(lr)
            history["step"].append(step + 1)
            window = []
    history.update(steps=int(steps), seconds=time.perf_counter() - start)
    return history
