"""Lesson 02 · Image compression: its sizes, results contract, reference times and colours (see :mod:`aecourse.course`)."""

from __future__ import annotations

from . import Headline, Setting

STEM = "02_image_compression"
TITLE = "Image compression"
SUMMARY = "an autoencoder codec writing real bytes, against JPEG and WebP, in and out of domain"

#: The lesson's sizes, read as ``run.<name>``: one record per setting, its meaning and its value in each profile.
SIZES = {
    "n_train": Setting(
        "training images the codec learns from (the first 55,000 of the training split at most)",
        smoke=4000,
        standard=55000,
        full=55000,
    ),
    "n_val": Setting(
        "validation images from the end of the training split: they make every choice",
        smoke=256,
        standard=1024,
        full=4864,
    ),
    "base_epochs": Setting("epochs of the first trade-off, trained from scratch", smoke=1, standard=4, full=40),
    "tune_epochs": Setting(
        "epochs of each further trade-off, warm-started from the nearest one already trained",
        smoke=1,
        standard=3,
        full=20,
    ),
    "refit_n": Setting(
        "codes used to fit the alternative probability model of section 5", smoke=1000, standard=10000, full=55000
    ),
    "refit_epochs": Setting("epochs of that fit", smoke=1, standard=2, full=10),
    "lambdas": Setting(
        "the rate-distortion trade-offs, one model each, in training order",
        smoke=[0.01, 0.002],
        standard=[0.01, 0.03, 0.1, 0.002],
        full=[0.01, 0.03, 0.1, 0.3, 0.003, 0.001],
    ),
    "n_eval": Setting(
        "test images compressed by every codec, once (a multiple of 256)", smoke=256, standard=512, full=9984
    ),
    "bootstrap_replicates": Setting(
        "bootstrap draws of the test images behind each headline BD-rate's standard error",
        smoke=20,
        standard=30,
        full=200,
    ),
}

#: The results contract (see :class:`aecourse.course.Contract`).
CONTRACT = dict(
    required=(
        "bd_rate_vs_jpeg_in_domain_pct",
        "bd_rate_vs_webp_in_domain_pct",
        "bd_rate_vs_jpeg_out_of_domain_pct",
        "bd_rate_vs_jpeg_per_image_in_domain_pct",
        "bd_rate_vs_webp_per_image_in_domain_pct",
        "rd_points",
        "roundtrip_exact",
        "cross_backend_roundtrip_exact",
        "probability_model",
        "validation_bpp_by_probability_model",
    ),
    headlines=(
        Headline(
            "Fashion-MNIST (in domain): BD-rate of the autoencoder against JPEG, %",
            "bd_rate_vs_jpeg_in_domain_pct",
            verdict="bd_rate_vs_jpeg_in_domain",
            unit="%",
        ),
        Headline(
            "Fashion-MNIST (in domain): BD-rate of the autoencoder against WebP, %",
            "bd_rate_vs_webp_in_domain_pct",
            verdict="bd_rate_vs_webp_in_domain",
            unit="%",
        ),
        Headline(
            "Fashion-MNIST, one file per image: BD-rate of the autoencoder against WebP, %",
            "bd_rate_vs_webp_per_image_in_domain_pct",
            verdict="bd_rate_vs_webp_per_image_in_domain",
            unit="%",
        ),
        Headline(
            "Kodak tiles (out of domain): BD-rate of the autoencoder against JPEG, %",
            "bd_rate_vs_jpeg_out_of_domain_pct",
            verdict="bd_rate_vs_jpeg_out_of_domain",
            unit="%",
        ),
    ),
    bounds={
        "bd_rate_*": (-100.0, 10000.0),
        "rd_points.*.bpp[*]": (0.0, 16.0),
        "rd_points.*.psnr[*]": (0.0, 100.0),
        "rd_points.*.ssim[*]": (-1.0, 1.0),
        "png_bpp_*": (0.0, 16.0),
        "ae_estimated_bpp_in_domain[*]": (0.0, 16.0),
        "validation_bpp_by_probability_model.*[*]": (0.0, 16.0),
        "validation_psnr[*]": (0.0, 100.0),
        "*_bd_rate_vs_webp_by_probability_model_pct.*": (-100.0, 10000.0),
        "cross_backend_identical_pixels": (0.0, 1.0),
    },
    equals={"roundtrip_exact": True, "cross_backend_roundtrip_exact": True},
    nullable_in_smoke=(
        "bd_rate_vs_webp_in_domain_pct",
        "bd_rate_vs_jpeg_out_of_domain_pct",
        "bd_rate_vs_webp_out_of_domain_pct",
        "bd_rate_vs_jpeg_per_image_in_domain_pct",
        "bd_rate_vs_webp_per_image_in_domain_pct",
    ),
    learned=(
        (
            "rd_points.fashion_autoencoder.psnr[*]",
            ">",
            "psnr_zero_bits_in_domain",
            "at every rate the codec's reconstructions beat sending nothing: the average training image",
        ),
    ),
    prose_numbers=("3 dB", "2 %"),
)

#: Reference run times in seconds, per (profile, backend), on the machine of ``aecourse.course.REFERENCE_MACHINE``;
#: how each was measured is in docs/measurements.md.
REFERENCE_SECONDS = {
    ("standard", "tensorflow"): 1375,
    ("standard", "jax"): 2876,
    ("smoke", "tensorflow"): 105,
    ("smoke", "torch"): 85,
    ("smoke", "jax"): 129,
}

#: Colours of the methods only this lesson draws (the shared ones are in ``aecourse.course.SHARED_COLORS``).
COLORS = {
    "jpeg": "#d62728",
    "webp": "#ff7f0e",
    "png": "#8c564b",
    "16 slices (trained with the codec)": "#08519c",
    "4 slices (fitted afterwards)": "#6baed6",
    "per position": "#c6dbef",
}
