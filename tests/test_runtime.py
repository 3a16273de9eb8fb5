"""Backend and profile selection, seeding, version and device reports."""

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys

import numpy as np
import pytest

from aecourse import runtime


@pytest.mark.parametrize("name", ["tensorflow", "torch", "jax", "TensorFlow", " torch ", "pytorch", "JAX"])
def test_known_backends(name):
    assert runtime.check_backend(name) in runtime.BACKENDS


@pytest.mark.parametrize("name", ["mxnet", "tf", "", "numpy"])
def test_unknown_backend_lists_the_choices(name):
    with pytest.raises(ValueError, match="choose one of tensorflow, torch, jax"):
        runtime.check_backend(name)


@pytest.mark.parametrize("name", ["quick", "", "Full-ish"])
def test_unknown_profile_lists_the_choices(name):
    with pytest.raises(ValueError, match="choose one of smoke, standard, full"):
        runtime.check_profile(name)


def test_settings_must_cover_every_profile():
    with pytest.raises(ValueError, match="missing: full"):
        runtime.setup(
            "smoke", os.environ.get("KERAS_BACKEND", "tensorflow"), settings={"smoke": {}, "standard": {}}, quiet=True
        )


def test_setup_returns_the_profile_settings_and_seeds(capsys):
    backend = os.environ.get("KERAS_BACKEND", "tensorflow")
    run = runtime.setup(
        "smoke", backend, seed=3, settings={"smoke": {"epochs": 1}, "standard": {"epochs": 5}, "full": {"epochs": 50}}
    )
    assert run.profile == "smoke" and run.epochs == 1 and run.seed == 3
    assert run.device == "cpu" or run.device.startswith("gpu")
    assert {"python", "keras", "numpy"} <= set(run.versions)
    out = capsys.readouterr().out
    assert "profile: smoke" in out and f"backend: {backend}" in out and re.search(r"^  epochs +1$", out, re.M)
    first = np.random.rand()
    runtime.seed_everything(3)
    assert np.random.rand() == first
    with pytest.raises(AttributeError, match="has no setting 'batch'"):
        run.batch  # noqa: B018


def test_backend_cannot_change_after_keras_is_imported():
    code = (
        "import os; os.environ['KERAS_BACKEND'] = 'tensorflow'\n"
        "import keras\n"
        "from aecourse import runtime\n"
        "try:\n    runtime.select_backend('torch')\n"
        "except RuntimeError as e:\n    print('refused:', e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300).stdout
    assert "refused:" in out and "Restart the kernel" in out


@pytest.mark.parametrize("backend", runtime.BACKENDS)
def test_each_backend_sets_up_in_a_fresh_process(backend):
    pytest.importorskip(backend, reason=f"{backend} is not installed in this environment (EXTRAS without it)")
    code = (
        "import aecourse\n"
        f"run = aecourse.setup('smoke', '{backend}', quiet=True)\n"
        "import keras\n"
        "print(keras.backend.backend(), run.device, run.versions.get(keras.backend.backend()))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "KERAS_BACKEND"}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 0, proc.stderr
    words = proc.stdout.split()
    assert words[0] == backend and words[1] in ("cpu", "gpu", "mps") and words[-1][0].isdigit()  # its version


def test_a_lesson_reads_its_sizes_from_the_package_and_overrides_name_real_settings(capsys):
    backend = os.environ.get("KERAS_BACKEND", "tensorflow")
    run = runtime.setup("smoke", backend, lesson="01_dimensionality_reduction", overrides={"epochs": 2})
    assert run.epochs == 2 and run.n_map > 0
    out = capsys.readouterr().out
    assert re.search(r"^  epochs +2 +epochs of the", out, re.M), out
    with pytest.raises(ValueError, match="epoch_count"):
        runtime.setup("smoke", backend, lesson="01_dimensionality_reduction", overrides={"epoch_count": 2}, quiet=True)


def test_versions_name_every_library_that_moves_a_number():
    """Pillow's JPEG and WebP libraries decide lesson 02's curves, scikit-image the SSIMs, bm3d lesson 03's baseline."""
    versions = runtime.library_versions()
    for name in ("python", "keras", "numpy", "scipy", "scikit-learn", "scikit-image", "pillow", "libjpeg", "libwebp"):
        assert versions.get(name), f"the results' versions lack {name}"
    assert "bm3d" in versions  # a core dependency on every platform
    if platform.machine() != "aarch64":  # constriction has no Linux aarch64 wheel
        assert "constriction" in versions
