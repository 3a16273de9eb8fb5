"""Lesson 03's noise model and classical denoisers, on tiny images."""

import os
import subprocess
import sys
from pathlib import Path

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


def test_bm3d_in_worker_processes_gives_exactly_the_numbers_of_one_process():
    clean = np.concatenate([_digits(4), _digits(4)[:, ::-1]])  # 8 images: enough to start workers
    noisy = denoisers.add_noise(clean, 0.4, seed=3)
    assert len(noisy) >= denoisers.WORKERS_MIN_IMAGES
    alone = denoisers.bm3d(noisy, 0.4, workers=1)
    shared = denoisers.bm3d(noisy, 0.4, workers=2)
    np.testing.assert_array_equal(shared, alone)
    np.testing.assert_array_equal(denoisers.bm3d(noisy[::-1], 0.4, workers=2), alone[::-1])  # order kept


def test_bm3d_workers_run_from_a_script_without_a_main_guard(tmp_path):
    # a multiprocessing pool's spawned workers would re-run this script's top level; plain worker processes do not
    script = tmp_path / "lesson_script.py"
    script.write_text(
        "import numpy as np\n"
        "from aecourse import denoisers\n"
        "x = denoisers.add_noise(np.random.default_rng(0).random((8, 28, 28)), 0.3, seed=0)\n"
        "print('top level ran', flush=True)\n"
        "assert np.array_equal(denoisers.bm3d(x, 0.3, workers=2), denoisers.bm3d(x, 0.3, workers=1))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(Path(denoisers.__file__).resolve().parents[1]))
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("top level ran") == 1


def test_bm3d_workers_run_this_copy_of_the_package_whatever_the_working_directory(tmp_path, monkeypatch):
    decoy = tmp_path / "aecourse"  # an older copy of the course beside the notebook, say
    decoy.mkdir()
    (decoy / "__init__.py").write_text("")
    (decoy / "denoisers.py").write_text("raise SystemExit(0)\n")
    monkeypatch.chdir(tmp_path)
    x = denoisers.add_noise(np.random.default_rng(0).random((8, 28, 28)), 0.3, seed=0)
    np.testing.assert_array_equal(denoisers.bm3d(x, 0.3, workers=2), denoisers.bm3d(x, 0.3, workers=1))


def test_a_failing_bm3d_worker_gives_a_clear_error(monkeypatch):
    monkeypatch.setattr(denoisers, "_worker_command", lambda: [sys.executable, "-c", "import sys; sys.exit('no bm3d')"])
    with pytest.raises(
        RuntimeError, match=r"BM3D worker process .* failed \(exit status 1, no result\): no bm3d.*workers=1"
    ):
        denoisers.bm3d(np.zeros((8, 28, 28)), 0.3, workers=2)


def test_bm3d_refuses_zero_workers_and_single_images():
    with pytest.raises(ValueError, match="workers must be at least 1"):
        denoisers.bm3d(_digits(2), 0.3, workers=0)
    with pytest.raises(ValueError, match="batch of grey images"):
        denoisers.bm3d(np.zeros((28, 28)), 0.3)


def test_usable_cores_is_a_positive_count():
    assert 1 <= denoisers.usable_cores() <= (os.cpu_count() or 1)


def test_tune_picks_the_best_parameter_on_the_given_images():
    clean = _digits()
    noisy = denoisers.add_noise(clean, 0.3, seed=0)
    best, scores = denoisers.tune(denoisers.median, [1, 3, 9], noisy, clean, metrics.psnr)
    assert set(scores) == {1, 3, 9} and best == max(scores, key=scores.get) and best != 1


def test_denoisers_refuse_a_single_image():
    with pytest.raises(ValueError, match="batch of grey images"):
        denoisers.gaussian(np.zeros((28, 28)), 1.0)


def test_clipped_noise_bias_matches_a_simulation_and_its_symmetry():
    x = np.linspace(0, 1, 11)
    draws = np.clip(x[:, None] + 0.5 * np.random.default_rng(0).standard_normal((11, 200_000)), 0, 1)
    np.testing.assert_allclose(denoisers.clipped_noise_bias(x, 0.5), draws.mean(axis=1) - x, atol=3e-3)
    assert denoisers.clipped_noise_bias(0.0, 0.5) == pytest.approx(0.195, abs=1e-3)
    assert denoisers.clipped_noise_bias(1.0, 0.5) == pytest.approx(-0.195, abs=1e-3)
    assert denoisers.clipped_noise_bias(0.5, 0.5) == pytest.approx(0.0, abs=1e-12)


def test_correction_is_monotone_and_undoes_a_known_intensity_bias():
    clean = _digits()
    biased = 0.2 + 0.6 * clean  # a grey background and dim strokes, as a filter leaves them
    correct = denoisers.fit_correction(biased, clean)
    np.testing.assert_allclose(correct(biased), clean, atol=1e-6)
    ramp = correct(np.linspace(0, 1, 50)[None, None, :])
    assert ramp.shape == (1, 1, 50) and np.all(np.diff(ramp[0, 0]) >= 0)
    with pytest.raises(ValueError, match="shapes differ"):
        denoisers.fit_correction(biased, clean[:1])


def test_tune_corrected_scores_the_filter_followed_by_its_correction():
    clean = _digits()
    noisy = denoisers.add_noise(clean, 0.5, seed=3)
    best, correct, scores = denoisers.tune_corrected(denoisers.gaussian, [0.5, 1.0], noisy, clean, metrics.psnr)
    _, plain = denoisers.tune(denoisers.gaussian, [0.5, 1.0], noisy, clean, metrics.psnr)
    assert set(scores) == {0.5, 1.0} and best == max(scores, key=scores.get)
    assert all(scores[p] > plain[p] for p in scores)  # the correction removes the grey background
    assert metrics.psnr(clean, correct(denoisers.gaussian(noisy, best))) == pytest.approx(scores[best])
