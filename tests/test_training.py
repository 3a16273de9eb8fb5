"""aecourse.training: the warm-up and cosine schedule, and training for a fixed number of steps."""

from __future__ import annotations

import math

import numpy as np
import pytest

from aecourse import training


def test_schedule_warms_up_then_decays_to_zero():
    peak = 3e-3
    assert training.learning_rate_at(0.0, peak) == 0.0
    assert training.learning_rate_at(0.025, peak) == pytest.approx(peak / 2)  # half-way through a 5 % warm-up
    assert training.learning_rate_at(0.05, peak) == pytest.approx(peak)
    assert training.learning_rate_at(0.525, peak) == pytest.approx(peak / 2)  # the cosine's middle
    assert training.learning_rate_at(1.0, peak) == pytest.approx(0.0, abs=1e-12)
    rates = [training.learning_rate_at(f, peak) for f in np.linspace(0.05, 1, 50)]
    assert all(a >= b for a, b in zip(rates, rates[1:])), "after the warm-up the rate only falls"


def _regression(seed=0):
    import keras

    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(), loss="mse")
    weights = np.array([[1.0], [-2.0], [0.5], [3.0]], "float32")

    def draw(rng):
        x = rng.standard_normal((64, 4)).astype("float32")
        return x, x @ weights

    return model, draw, weights


def test_fit_steps_learns_and_repeats_exactly():
    model, draw, weights = _regression()
    log = training.fit_steps(model, draw, 300, 0.1, seed=1)
    assert log["steps"] == 300 and log["seconds"] > 0 and log["step"][-1] == 300
    assert log["loss"][-1] < 1e-3 * log["loss"][0], "the loss falls by three orders of magnitude on a linear fit"
    np.testing.assert_allclose(model.get_weights()[0], weights, atol=0.02)
    assert log["lr"][0] > 0 and log["lr"][-1] < 1e-4, "the logged rate follows the schedule down to zero"
    again, draw, _ = _regression()
    training.fit_steps(again, draw, 300, 0.1, seed=1)
    np.testing.assert_array_equal(again.get_weights()[0], model.get_weights()[0])  # the same seed, the same model


def test_fit_steps_refuses_what_it_cannot_train():
    import keras

    model, draw, _ = _regression()
    for steps in (0, -5, 2.5, True):
        with pytest.raises(ValueError, match="steps must be a whole number"):
            training.fit_steps(model, draw, steps, 0.01)
    for lr in (0, -1e-3, math.nan):
        with pytest.raises(ValueError, match="peak_lr must be a positive"):
            training.fit_steps(model, draw, 10, lr)
    bare = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)], name="bare")
    with pytest.raises(ValueError, match="compile bare"):
        training.fit_steps(bare, draw, 10, 0.01)
    scheduled = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    schedule = keras.optimizers.schedules.ExponentialDecay(0.01, 10, 0.9)
    scheduled.compile(optimizer=keras.optimizers.Adam(schedule), loss="mse")
    with pytest.raises(ValueError, match="not a schedule"):
        training.fit_steps(scheduled, draw, 10, 0.01)
