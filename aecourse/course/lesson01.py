"""Lesson 01 · Dimensionality reduction: its sizes, results contract, reference times and colours (see :mod:`aecourse.course`)."""

from __future__ import annotations

from . import Headline, Setting

STEM = "01_dimensionality_reduction"
TITLE = "Dimensionality reduction"
SUMMARY = "a 784-2000-500-500-10 autoencoder against PCA on Fashion-MNIST; Hinton & Salakhutdinov (2006) on MNIST"

#: The lesson's sizes, read as ``run.<name>``: one record per setting, its meaning and its value in each profile.
SIZES = {
    "n_train": Setting(
        "Fashion-MNIST training images loaded; the last 5,000 are held out for validation",
        smoke=7000,
        standard=60000,
        full=60000,
    ),
    "n_test": Setting("test images scored once", smoke=2000, standard=10000, full=10000),
    "epochs": Setting("epochs of the 784-2000-500-500-10 autoencoder", smoke=1, standard=4, full=60),
    "mnist_epochs": Setting(
        "epochs of the MNIST autoencoder of section 5.3 (Hinton & Salakhutdinov's setting)",
        smoke=1,
        standard=5,
        full=100,
    ),
    "n_map": Setting("test images drawn in the 2-D maps of section 5.4", smoke=300, standard=2000, full=5000),
}

#: The results contract (see :class:`aecourse.course.Contract`).
CONTRACT = dict(
    required=(
        "fashion_ae10_test_mse",
        "fashion_pca10_test_mse",
        "mnist_ae30_sse_per_image",
        "mnist_pca30_sse_per_image",
    ),
    headlines=(
        Headline(
            "Fashion-MNIST, 10-d code: test MSE per pixel",
            "fashion_ae10_test_mse",
            baseline="fashion_pca10_test_mse",
            baseline_name="PCA, 10 components",
            verdict="fashion_vs_pca",
            ratio=True,
        ),
        Headline(
            "MNIST, 30-d code: squared error per test image",
            "mnist_ae30_sse_per_image",
            baseline="mnist_pca30_sse_per_image",
            baseline_name="PCA, 30 components",
            reference="deep autoencoder 3.00, PCA 13.87",
            source="Hinton & Salakhutdinov, Science 313 (2006) 504–507",
            verdict="mnist_vs_pca",
            ratio=True,
        ),
    ),
    bounds={
        "fashion_ae10_test_mse": (0.0, 0.2),
        "fashion_pca10_test_mse": (0.005, 0.05),
        "mnist_ae30_sse_per_image": (0.0, 120.0),
        "mnist_pca30_sse_per_image": (5.0, 30.0),
        "sweep_test_mse.*.*": (0.0, 0.2),
        "*_over_*": (0.0, 10.0),
    },
    learned=(
        (
            "fashion_ae10_val_mse",
            "<",
            "fashion_ae10_val_mse_untrained",
            "training lowered the validation error below that of the same network with its random starting weights",
        ),
    ),
    prose_numbers=("3.00", "13.87", "5.7", "90 %", "0.9"),
)

#: Reference run times in seconds, per (profile, backend), on the machine of ``aecourse.course.REFERENCE_MACHINE``;
#: how each was measured is in docs/measurements.md.
REFERENCE_SECONDS = {
    ("standard", "tensorflow"): 938,
    ("standard", "jax"): 567,
    ("smoke", "tensorflow"): 45,
    ("smoke", "torch"): 32,
    ("smoke", "jax"): 52,
}

#: Colours of the methods only this lesson draws (the shared ones are in ``aecourse.course.SHARED_COLORS``).
COLORS: dict[str, str] = {}
