"""Lesson 05 · Image generation: its sizes, results contract, reference times and colours (see :mod:`aecourse.course`)."""

from __future__ import annotations

from . import Headline, Setting

STEM = "05_image_generation_vae"
TITLE = "Image generation"
SUMMARY = "a variational autoencoder and its test log-likelihood on MNIST and Fashion-MNIST"

#: The lesson's sizes, read as ``run.<name>``: one record per setting, its meaning and its value in each profile.
SIZES = {
    "n_train": Setting("binarised MNIST training digits", smoke=2000, standard=60000, full=60000),
    "epochs": Setting("epochs of the VAE", smoke=3, standard=8, full=100),
    "epochs_2d": Setting("epochs of the 2-D VAE of section 7", smoke=1, standard=2, full=30),
    "ae_epochs": Setting(
        "epochs of the plain autoencoder that section 5 sets beside the VAE (only a foil)", smoke=1, standard=1, full=30
    ),
    "fashion_epochs": Setting("epochs of the same VAE on Fashion-MNIST", smoke=1, standard=2, full=50),
    "iwae_k": Setting(
        "importance samples per test image for the likelihood (the papers use 5,000)", smoke=10, standard=200, full=1000
    ),
    "iwae_n": Setting(
        "test images whose likelihood is estimated (a fixed, seeded subset)", smoke=100, standard=1000, full=10000
    ),
}

#: The results contract (see :class:`aecourse.course.Contract`).
CONTRACT = dict(
    required=(
        "test_elbo_nats",
        "test_nll_iwae_nats",
        "iwae_k",
        "fashion_test_nll_iwae_nats",
        "iwae_subset_elbo_nats",
        "test_nll_iwae_2d_nats",
    ),
    headlines=(
        Headline(
            "Binarised MNIST: test NLL (IWAE bound), nats per image",
            "test_nll_iwae_nats",
            reference="VAE 86.76 (1 stochastic layer), IWAE 82.90 (2 layers); VAE reproduced 89.78",
            source="Burda, Grosse & Salakhutdinov, ICLR 2016, Table 1; benchmark_VAE (Chadebec et al., NeurIPS 2022)",
        ),
        Headline("Binarised Fashion-MNIST: test NLL (IWAE bound), nats per image", "fashion_test_nll_iwae_nats"),
    ),
    bounds={
        "test_elbo_nats": (40.0, 550.0),
        "test_nll_iwae_nats": (40.0, 550.0),
        "iwae_subset_elbo_nats": (40.0, 550.0),
        "fashion_test_nll_iwae_nats": (40.0, 550.0),
        "test_nll_iwae_2d_nats": (40.0, 550.0),
        "iwae_k": (1, 100000),
    },
    equals={"reloaded_decoder_matches": True},
    relations=(("test_nll_iwae_nats", "<=", "iwae_subset_elbo_nats"),),
    learned=(
        (
            "test_elbo_nats",
            "<",
            543.4274,  # 784 · ln 2
            "the VAE's test ELBO beats a fair coin for every pixel (784 · ln 2 nats), what a model knowing nothing codes",
        ),
    ),
    prose_numbers=("86.76", "82.90", "89.78", "5 %", "95 %"),
)

#: Reference run times in seconds, per (profile, backend), on the machine of ``aecourse.course.REFERENCE_MACHINE``;
#: how each was measured is in docs/measurements.md.
REFERENCE_SECONDS = {
    ("standard", "tensorflow"): 1025,
    ("standard", "jax"): 2441,
    ("smoke", "tensorflow"): 39,
    ("smoke", "torch"): 30,
    ("smoke", "jax"): 58,
}

#: Colours of the methods only this lesson draws (the shared ones are in ``aecourse.course.SHARED_COLORS``).
COLORS: dict[str, str] = {}
