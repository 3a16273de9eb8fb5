"""Lesson 03 · Image denoising: its sizes, results contract, reference times and colours (see :mod:`aecourse.course`)."""

from __future__ import annotations

from . import Headline, Setting

STEM = "03_image_denoising"
TITLE = "Image denoising"
SUMMARY = "the seed's convolutional denoiser, then a small U-Net chosen on validation, against tuned classical filters and BM3D on noisy MNIST"

#: The lesson's sizes, read as ``run.<name>``: one record per setting, its meaning and its value in each profile.
SIZES = {
    "n_train": Setting("MNIST training digits the denoiser learns from", smoke=2000, standard=55000, full=55000),
    "epochs": Setting("epochs of the denoiser", smoke=1, standard=5, full=30),
    "n_val": Setting("validation digits that tune the classical denoisers", smoke=100, standard=200, full=1000),
    "n_test": Setting("test digits scored by the denoiser and the fast filters", smoke=200, standard=1000, full=10000),
    "n_bm3d": Setting(
        "test digits scored by BM3D (about half a second per digit on a laptop CPU)", smoke=10, standard=200, full=2000
    ),
    "n_val_bm3d": Setting("validation digits that tune BM3D", smoke=5, standard=40, full=200),
    "levels": Setting(
        "noise factors of the sweep in section 8",
        smoke=[0.2, 0.5, 0.8],
        standard=[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8],
        full=[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8],
    ),
    "sweep_n": Setting("digits per noise level in the sweep", smoke=50, standard=200, full=2000),
    "sweep_bm3d": Setting("digits per noise level for BM3D in the sweep", smoke=5, standard=25, full=200),
    "pilot_steps": Setting(
        "training steps (batches of 128, fresh noise) of each U-Net pilot of section 9",
        smoke=20,
        standard=200,
        full=3000,
    ),
    "unet_steps": Setting(
        "further training steps of the design chosen in section 9", smoke=20, standard=1800, full=30000
    ),
    "n_val_models": Setting(
        "validation digits per noise level on which section 9 chooses the autoencoder",
        smoke=100,
        standard=1000,
        full=5000,
    ),
}

#: The results contract (see :class:`aecourse.course.Contract`).
CONTRACT = dict(
    required=(
        "psnr_noisy",
        "psnr_dae",
        "ssim_dae",
        "psnr_best_classical",
        "ssim_best_classical",
        "best_classical_method",
        "psnr_best_classical_corrected",
        "ssim_best_classical_corrected",
        "best_classical_corrected_method",
        "psnr_dae_clean_input",
        "best_autoencoder",
        "psnr_best_autoencoder",
        "ssim_best_autoencoder",
    ),
    headlines=(
        Headline(
            "Noisy MNIST (noise factor 0.5): PSNR, dB",
            "psnr_dae",
            baseline="psnr_best_classical",
            baseline_name="best classical denoiser, tuned on validation digits",
            lower_is_better=False,
            verdict="psnr_vs_best_classical",
            unit="dB",
        ),
        Headline(
            "Noisy MNIST (noise factor 0.5): SSIM",
            "ssim_dae",
            baseline="ssim_best_classical",
            baseline_name="best classical denoiser, tuned on validation digits",
            lower_is_better=False,
            verdict="ssim_vs_best_classical",
        ),
        Headline(
            "Noisy MNIST (noise factor 0.5): PSNR, dB",
            "psnr_dae",
            baseline="psnr_best_classical_corrected",
            baseline_name="best classical denoiser + intensity correction, both chosen on validation digits",
            lower_is_better=False,
            verdict="psnr_vs_best_classical_corrected",
            unit="dB",
        ),
        Headline(
            "Noisy MNIST (noise factor 0.5): SSIM",
            "ssim_dae",
            baseline="ssim_best_classical_corrected",
            baseline_name="best classical denoiser + intensity correction, both chosen on validation digits",
            lower_is_better=False,
            verdict="ssim_vs_best_classical_corrected",
        ),
        Headline(
            "Noisy MNIST (noise factor 0.5): PSNR, dB",
            "psnr_dae",
            baseline="psnr_noisy",
            baseline_name="the noisy input",
            lower_is_better=False,
            verdict="psnr_vs_noisy",
            unit="dB",
        ),
        Headline(
            "Noisy MNIST (noise factor 0.5): PSNR, dB, best autoencoder (chosen on validation)",
            "psnr_best_autoencoder",
            baseline="psnr_best_classical_corrected",
            baseline_name="best classical denoiser + intensity correction, both chosen on validation digits",
            lower_is_better=False,
            verdict="best_psnr_vs_best_classical_corrected",
            unit="dB",
        ),
        Headline(
            "Noisy MNIST (noise factor 0.5): SSIM, best autoencoder (chosen on validation)",
            "ssim_best_autoencoder",
            baseline="ssim_best_classical_corrected",
            baseline_name="best classical denoiser + intensity correction, both chosen on validation digits",
            lower_is_better=False,
            verdict="best_ssim_vs_best_classical_corrected",
        ),
    ),
    bounds={
        "psnr_noisy": (0.0, 100.0),
        "psnr_dae": (0.0, 100.0),
        "psnr_best_classical": (0.0, 100.0),
        "psnr_best_classical_corrected": (0.0, 100.0),
        "psnr_bm3d": (0.0, 100.0),
        "psnr_dae_bm3d_subset": (0.0, 100.0),
        "psnr_dae_clean_input": (0.0, 100.0),
        "psnr_best_autoencoder": (0.0, 100.0),
        "ssim_best_autoencoder": (-1.0, 1.0),
        "validation_sweep_psnr.*[*]": (0.0, 100.0),
        "classical_psnr.*": (0.0, 100.0),
        "classical_val_psnr.*": (0.0, 100.0),
        "sweep_psnr.*[*]": (0.0, 100.0),
        "ssim_dae": (-1.0, 1.0),
        "ssim_best_classical": (-1.0, 1.0),
        "ssim_best_classical_corrected": (-1.0, 1.0),
        "ssim_bm3d": (-1.0, 1.0),
        "classical_ssim.*": (-1.0, 1.0),
        "noise_bias_black": (0.0, 0.5),
        "noise_bias_white": (-0.5, 0.0),
    },
    learned=(
        (
            "psnr_dae",
            ">",
            "psnr_noisy",
            "the seed's denoiser returns test digits closer to the clean ones than it got them",
        ),
        ("psnr_best_autoencoder", ">", "psnr_noisy", "so does the autoencoder chosen in section 9"),
    ),
    prose_numbers=("0.5", "0.1", "0.8", "0.05", "0.85", "3 dB", "10 dB", "100 dB", "20 %"),
)

#: Reference run times in seconds, per (profile, backend), on the machine of ``aecourse.course.REFERENCE_MACHINE``;
#: how each was measured is in docs/measurements.md.
REFERENCE_SECONDS = {
    ("standard", "tensorflow"): 1636,
    ("standard", "jax"): 2565,
    ("smoke", "tensorflow"): 92,
    ("smoke", "torch"): 81,
    ("smoke", "jax"): 117,
}

#: Colours of the methods only this lesson draws (the shared ones are in ``aecourse.course.SHARED_COLORS``).
COLORS = {
    "best autoencoder": "#08306b",
    "gaussian blur": "#98df8a",
    "median filter": "#2ca02c",
    "non-local means": "#006d2c",
    "bm3d": "#a50f15",
}
