"""Lesson 03's noise model and classical denoisers, on tiny images."""

import numpy as np
import pytest

from aecourse import denoisers, metrics


def _digits(n=4, seed=0):
    # blocky "digits": a bright bar on black, the kind of image the filters should restore
    images = np.zeros((n, 28, 28), np.float32)
    for k in range(n):
        images[k, 6:22, 10 + k : 14 + k] = 1.0
    return images


def test_add_noise_is_seeded_clipped_and_scaled():
    clean = _digits()
    noisy = denoisers.add_noise(clean, 0.5, seed=1)
    assert noisy.dtype == np.float32 and noisy.min() >= 0 and noisy.max() <= 1
    np.testing.assert_array_equal(noisy, denoisers.add_noise(clean, 0.5, seed=1))
    assert not np.array_equal(noisy, denoisers.add_noise(clean, 0.5, seed=2))
    assert np.abs(denoisers.add_noise(clean, 0.1) - clean).mean() < np.abs(noisy - clean).mean()


@pytest.mark.parametrize(
    "name, param", [("gaussian blur", 1.0), ("median filter", 3), ("non-local means", 0.3), ("BM3D", 0.3)]
)
def test_every_denoiser_improves_psnr_on_noisy_bars(name, param):
    clean = _digits(2)
    noisy = denoisers.add_noise(clean, 0.3, seed=0)
    out = denoisers.METHODS[name](noisy, param)
    assert out.shape == clean.shape and out.dtype == np.float32
    assert metrics.psnr(clean, out) > metrics.psnr(clean, noisy) + 1.0


def test_tune_picks_the_best_parameter_on_the_given_images():
    clean = _digits()
    noisy = denoisers.add_noise(clean, 0.3, seed=0)
    best, scores = denoisers.tune(denoisers.median, [1, 3, 9], noisy, clean, metrics.psnr)
    assert set(scores) == {1, 3, 9} and best == max(scores, key=scores.get) and best != 1


def test_denoisers_refuse_a_single_image():
    with pytest.raises(ValueError, match="batch of grey images"):
        denoisers.gaussian(np.zeros((28, 28)), 1.0)
