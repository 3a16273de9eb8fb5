"""The course's lessons: titles, the metric names each must record, and the numbers the report shows.

The notebook tests check a lesson's results file with :func:`problems`: every key of :attr:`Lesson.required`
present (and not ``null`` where the profile produces it), every number inside its physical range
(:attr:`Lesson.bounds`), the facts that must hold in any run (:attr:`Lesson.equals`, :attr:`Lesson.relations`).
The report (:mod:`aecourse.report`) shows each lesson's :attr:`Lesson.headlines`, each with the paired comparison the
lesson recorded under the results file's ``verdicts`` (:mod:`aecourse.verdicts`); the tests require one for every
headline that names it. :attr:`Lesson.prose_numbers`
lists the only figures the lesson's markdown may state (published figures and design constants); every number
a run measures is printed by code. A notebook that is not listed here is still executed and checked for sane numbers.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Headline:
    """One line of the report: our number beside its baseline and the published reference."""

    label: str  # what is measured, with its unit
    ours: str  # metric key of the autoencoder's number
    baseline: str | None = None  # metric key of the baseline measured in the same run
    baseline_name: str | None = None
    reference: str | None = None  # the published figure(s), as text
    source: str | None = None  # where the reference comes from
    lower_is_better: bool = True  # decides which side of the baseline counts as a win
    verdict: str | None = None  # key of the paired comparison under the results file's "verdicts"
    unit: str = ""  # the metric's unit, for the difference: "dB", "points", "nats", "%", "stars²" …
    scale: float = 1.0  # multiplies differences for display (100: accuracies shown in percentage points)
    ratio: bool = False  # ours / baseline means something (squared errors, bytes); never for dB, accuracy, NDCG


@dataclass(frozen=True)
class Lesson:
    stem: str
    title: str
    summary: str  # one line: what the lesson measures
    required: tuple[str, ...]  # metric keys the results file must hold
    headlines: tuple[Headline, ...] = ()
    # (low, high), inclusive, for every number at a metric path; "*" matches any part, e.g. "rd_points.*.psnr[*]"
    bounds: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    equals: Mapping[str, Any] = field(default_factory=dict)  # facts every run must get right
    # ("a", "<=", "b"): must hold between two recorded numbers in *every* run, by construction, never by luck. Not
    # Recall@20 <= Recall@50 (each divides by min(k, the user's held-out count)), nor a validation choice scored on test
    relations: tuple[tuple[str, str, str], ...] = ()
    nullable_in_smoke: tuple[str, ...] = ()  # required keys a smoke run may record as null (e.g. no curve overlap)
    prose_numbers: tuple[str, ...] = ()  # figures the markdown may state: published numbers, design constants


_HINTON = "Hinton & Salakhutdinov, Science 313 (2006) 504–507"

LESSONS: dict[str, Lesson] = {
    lesson.stem: lesson
    for lesson in (
        Lesson(
            "01_dimensionality_reduction",
            "Dimensionality reduction",
            "a 784-2000-500-500-10 autoencoder against PCA on Fashion-MNIST; Hinton & Salakhutdinov (2006) on MNIST",
            (
                "fashion_ae10_test_mse",
                "fashion_pca10_test_mse",
                "mnist_ae30_sse_per_image",
                "mnist_pca30_sse_per_image",
            ),
            (
                Headline(
                    "Fashion-MNIST, 10-d code: test MSE per pixel",
                    "fashion_ae10_test_mse",
                    "fashion_pca10_test_mse",
                    "PCA, 10 components",
                    verdict="fashion_vs_pca",
                    ratio=True,
                ),
                Headline(
                    "MNIST, 30-d code: squared error per test image",
                    "mnist_ae30_sse_per_image",
                    "mnist_pca30_sse_per_image",
                    "PCA, 30 components",
                    "deep autoencoder 3.00, PCA 13.87",
                    _HINTON,
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
            prose_numbers=("3.00", "13.87", "5.7", "90 %", "0.9"),  # 90 %: the share exercise 4 asks about
        ),
        Lesson(
            "02_image_compression",
            "Image compression",
            "an autoencoder codec writing real bytes, against JPEG and WebP, in and out of domain",
            (
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
            (
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
            prose_numbers=("3 dB", "2 %"),  # 2 %: the cosine schedule's floor, a design constant
        ),
        Lesson(
            "03_image_denoising",
            "Image denoising",
            "a convolutional denoiser against classical filters and BM3D on noisy MNIST",
            (
                "psnr_noisy",
                "psnr_dae",
                "ssim_dae",
                "psnr_best_classical",
                "ssim_best_classical",
                "best_classical_method",
                "psnr_best_classical_corrected",
                "ssim_best_classical_corrected",
                "best_classical_corrected_method",
            ),
            (
                Headline(
                    "Noisy MNIST (noise factor 0.5): PSNR, dB",
                    "psnr_dae",
                    "psnr_best_classical",
                    "best classical denoiser, tuned on validation digits",
                    lower_is_better=False,
                    verdict="psnr_vs_best_classical",
                    unit="dB",
                ),
                Headline(
                    "Noisy MNIST (noise factor 0.5): SSIM",
                    "ssim_dae",
                    "ssim_best_classical",
                    "best classical denoiser, tuned on validation digits",
                    lower_is_better=False,
                    verdict="ssim_vs_best_classical",
                ),
                Headline(
                    "Noisy MNIST (noise factor 0.5): PSNR, dB",
                    "psnr_dae",
                    "psnr_best_classical_corrected",
                    "best classical denoiser + intensity correction, both chosen on validation digits",
                    lower_is_better=False,
                    verdict="psnr_vs_best_classical_corrected",
                    unit="dB",
                ),
                Headline(
                    "Noisy MNIST (noise factor 0.5): SSIM",
                    "ssim_dae",
                    "ssim_best_classical_corrected",
                    "best classical denoiser + intensity correction, both chosen on validation digits",
                    lower_is_better=False,
                    verdict="ssim_vs_best_classical_corrected",
                ),
                Headline(
                    "Noisy MNIST (noise factor 0.5): PSNR, dB",
                    "psnr_dae",
                    "psnr_noisy",
                    "the noisy input",
                    lower_is_better=False,
                    verdict="psnr_vs_noisy",
                    unit="dB",
                ),
            ),
            bounds={
                **dict.fromkeys(
                    (
                        "psnr_noisy",
                        "psnr_dae",
                        "psnr_dae_mixed",
                        "psnr_best_classical",
                        "psnr_best_classical_corrected",
                        "psnr_bm3d",
                        "psnr_dae_bm3d_subset",
                        "classical_psnr.*",
                        "classical_val_psnr.*",
                        "sweep_psnr.*[*]",
                    ),
                    (0.0, 100.0),
                ),
                **dict.fromkeys(
                    (
                        "ssim_dae",
                        "ssim_best_classical",
                        "ssim_best_classical_corrected",
                        "ssim_bm3d",
                        "classical_ssim.*",
                    ),
                    (-1.0, 1.0),
                ),
                "noise_bias_black": (0.0, 0.5),
                "noise_bias_white": (-0.5, 0.0),
            },
            prose_numbers=("0.5", "0.1", "0.8", "3 dB", "10 dB", "100 dB", "20 %"),
        ),
        Lesson(
            "04_feature_extraction",
            "Feature extraction",
            "encoder features for a classifier and for retrieval, against raw pixels and PCA, at 10 to 6,000 labels per class",
            (
                "probe_acc",
                "finetune_acc",
                "scratch_acc",
                "precision_at_10",
                "probe10_best_ae",
                "probe10_raw",
                "probe10_pca_same_dim",
                "probe100_best_ae",
                "probe100_raw",
                "probe_all_best_ae",
                "probe_all_raw",
                "finetune10_acc",
                "scratch10_acc",
                "precision_at_10_best_ae",
                "precision_at_10_raw",
            ),
            (
                Headline(
                    "Fashion-MNIST, 10 labels per class: linear-probe test accuracy",
                    "probe10_best_ae",
                    "probe10_raw",
                    "raw pixels",
                    lower_is_better=False,
                    verdict="probe10_vs_raw",
                    unit="points",
                    scale=100.0,
                ),
                Headline(
                    "Fashion-MNIST, 10 labels per class: linear-probe test accuracy",
                    "probe10_best_ae",
                    "probe10_pca_same_dim",
                    "PCA, same dimension",
                    lower_is_better=False,
                    verdict="probe10_vs_pca",
                    unit="points",
                    scale=100.0,
                ),
                Headline(
                    "Fashion-MNIST, 100 labels per class: linear-probe test accuracy",
                    "probe100_best_ae",
                    "probe100_raw",
                    "raw pixels",
                    lower_is_better=False,
                    verdict="probe100_vs_raw",
                    unit="points",
                    scale=100.0,
                ),
                Headline(
                    "Fashion-MNIST, all labels: linear-probe test accuracy",
                    "probe_all_best_ae",
                    "probe_all_raw",
                    "raw pixels",
                    "logistic regression on pixels 84.2 %",
                    "Xiao, Rasul & Vollgraf, Fashion-MNIST benchmark (2017)",
                    lower_is_better=False,
                    verdict="probe_all_vs_raw",
                    unit="points",
                    scale=100.0,
                ),
                Headline(
                    "Fashion-MNIST, 10 labels per class: fine-tuned classifier accuracy",
                    "finetune10_acc",
                    "scratch10_acc",
                    "same network from scratch, same steps",
                    lower_is_better=False,
                    verdict="finetune10_vs_scratch",
                    unit="points",
                    scale=100.0,
                ),
                Headline(
                    "Fashion-MNIST retrieval: precision@10",
                    "precision_at_10_best_ae",
                    "precision_at_10_raw",
                    "raw pixels",
                    lower_is_better=False,
                    verdict="precision_at_10_vs_raw",
                    unit="points",
                    scale=100.0,
                ),
            ),
            bounds={
                **dict.fromkeys(
                    (
                        "probe_acc.*.*",
                        "probe_val_acc.*.*",
                        "probe_acc_std.*.*",
                        "finetune_acc.*",
                        "head_only_acc.*",
                        "scratch_acc.*",
                        "precision_at_10.*",
                        "precision_at_10_val.*",
                        "probe10_*",
                        "probe100_*",
                        "probe_all_*",
                        "finetune10_acc",
                        "scratch10_acc",
                        "precision_at_10_best_ae",
                        "precision_at_10_raw",
                    ),
                    (0.0, 1.0),
                ),
                "finetune_minus_scratch.*": (-1.0, 1.0),
                "probe_iterations.*.*": (1, 5000),
            },
            equals={"probe_converged": True},
            prose_numbers=("0.5", "84.2 %", "93 %"),
        ),
        Lesson(
            "05_image_generation_vae",
            "Image generation",
            "a variational autoencoder and its test log-likelihood on MNIST and Fashion-MNIST",
            (
                "test_elbo_nats",
                "test_nll_iwae_nats",
                "iwae_k",
                "fashion_test_nll_iwae_nats",
                "iwae_subset_elbo_nats",
                "test_nll_iwae_2d_nats",
            ),
            (
                Headline(
                    "Binarised MNIST: test NLL (IWAE bound), nats per image",
                    "test_nll_iwae_nats",
                    reference="VAE 86.76 (1 stochastic layer), IWAE 82.90 (2 layers); VAE reproduced 89.78",
                    source="Burda, Grosse & Salakhutdinov, ICLR 2016, Table 1; benchmark_VAE (Chadebec et al., NeurIPS 2022)",
                ),
                Headline(
                    "Binarised Fashion-MNIST: test NLL (IWAE bound), nats per image", "fashion_test_nll_iwae_nats"
                ),
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
            prose_numbers=("86.76", "82.90", "89.78", "5 %", "95 %"),
        ),
        Lesson(
            "06_sequence_to_sequence",
            "Sequence to sequence",
            "an LSTM encoder-decoder on a sequence task; a convolutional forecaster of 10 Moving MNIST frames",
            (
                "seq_exact_match",
                "seq_token_accuracy",
                "next_frame_mse_model",
                "next_frame_mse_copy_last",
                "rollout10_mse_model",
                "rollout10_mse_copy_last",
                "rollout10_ssim_model",
                "rollout10_ssim_copy_last",
                "rollout10_mse_mean_frame",
                "rollout10_ssim_mean_frame",
                "rollout10_mse_by_step_model",
                "rollout10_mse_by_step_copy_last",
                "rollout10_ssim_by_step_model",
                "rollout10_ssim_by_step_copy_last",
                "seq_test_prefix_overlap",
            ),
            (
                Headline(
                    "Sequence task: exact match on 1,000 sequences whose prefixes training never saw",
                    "seq_exact_match",
                    lower_is_better=False,
                ),
                Headline(
                    "Moving MNIST, one step ahead: squared error per frame",
                    "next_frame_mse_model",
                    "next_frame_mse_copy_last",
                    "copy last frame",
                    verdict="next_frame_mse_vs_copy_last",
                    ratio=True,
                ),
                Headline(
                    "Moving MNIST, 10 → 10 rollout: squared error per frame",
                    "rollout10_mse_model",
                    "rollout10_mse_copy_last",
                    "copy last frame",
                    "200 epochs: ConvLSTM 29.80, PredRNN 23.97, SimVP v2 26.69; SimVP v2, 2,000 epochs: 15.05",
                    "OpenSTL Moving MNIST benchmark (Tan et al., NeurIPS 2023 Datasets & Benchmarks)",
                    verdict="rollout_mse_vs_copy_last",
                    ratio=True,
                ),
                Headline(
                    "Moving MNIST, 10 → 10 rollout: squared error per frame",
                    "rollout10_mse_model",
                    "rollout10_mse_mean_frame",
                    "the average training frame",
                    verdict="rollout_mse_vs_mean_frame",
                    ratio=True,
                ),
                Headline(
                    "Moving MNIST, 10 → 10 rollout: SSIM",
                    "rollout10_ssim_model",
                    "rollout10_ssim_copy_last",
                    "copy last frame",
                    "200 epochs: ConvLSTM 0.929, PredRNN 0.946, SimVP v2 0.940",
                    "OpenSTL Moving MNIST benchmark (Tan et al., NeurIPS 2023 Datasets & Benchmarks)",
                    lower_is_better=False,
                    verdict="rollout_ssim_vs_copy_last",
                ),
            ),
            bounds={
                "seq_exact_match": (0.0, 1.0),
                "seq_token_accuracy": (0.0, 1.0),
                "next_frame_mse_*": (0.0, 4096.0),
                "rollout10_mse_*": (0.0, 4096.0),
                "rollout10_ssim_*": (-1.0, 1.0),
                "video_pilot_validation.*.MSE": (0.0, 4096.0),
                "video_pilot_validation.*.SSIM": (-1.0, 1.0),
            },
            equals={"seq_test_prefix_overlap": 0},
            relations=(("seq_exact_match", "<=", "seq_token_accuracy"),),
            # 3.6: the digits' speed in pixels per frame (a design constant of the generator); 26.69 and 29.80: OpenSTL
            prose_numbers=("3.6", "26.69", "29.80"),
        ),
        Lesson(
            "07_recommendation",
            "Recommendation",
            "AutoRec and Mult-VAE on MovieLens against standard recommender baselines",
            (
                "autorec_rmse",
                "bias_rmse",
                "mf_rmse",
                "global_mean_rmse",
                "multvae_recall20",
                "multvae_recall50",
                "multvae_ndcg100",
                "multdae_ndcg100",
                "ease_ndcg100",
                "ease_recall20",
                "pop_ndcg100",
                "pop_recall20",
            ),
            (
                Headline(
                    "MovieLens, explicit ratings: I-AutoRec test RMSE (stars)",
                    "autorec_rmse",
                    "bias_rmse",
                    "user + item biases",
                    "I-AutoRec 0.831, biased MF 0.845 (on ML-1M)",
                    "Sedhain et al., WWW 2015 Companion, Table 1",
                    verdict="autorec_vs_biases",
                    unit="stars² per rating",
                ),
                Headline(
                    "MovieLens, explicit ratings: I-AutoRec test RMSE (stars)",
                    "autorec_rmse",
                    "mf_rmse",
                    "matrix factorisation",
                    verdict="autorec_vs_mf",
                    unit="stars² per rating",
                ),
                Headline(
                    "MovieLens, held-out users: Mult-VAE NDCG@100",
                    "multvae_ndcg100",
                    "ease_ndcg100",
                    "EASE",
                    "Mult-VAE 0.426, EASE 0.420 (on ML-20M)",
                    "Liang et al., WWW 2018, Table 2; Steck, WWW 2019, Table 1",
                    lower_is_better=False,
                    verdict="multvae_vs_ease_ndcg100",
                ),
                Headline(
                    "MovieLens, held-out users: Mult-VAE NDCG@100",
                    "multvae_ndcg100",
                    "pop_ndcg100",
                    "most popular",
                    lower_is_better=False,
                    verdict="multvae_vs_pop_ndcg100",
                ),
                Headline(
                    "MovieLens, held-out users: Mult-VAE Recall@20",
                    "multvae_recall20",
                    "ease_recall20",
                    "EASE",
                    "Mult-VAE 0.395, EASE 0.391 (on ML-20M)",
                    "Liang et al., WWW 2018, Table 2; Steck, WWW 2019, Table 1",
                    lower_is_better=False,
                    verdict="multvae_vs_ease_recall20",
                ),
            ),
            bounds={
                "*_rmse": (0.0, 4.0),
                "*_recall20": (0.0, 1.0),
                "*_recall50": (0.0, 1.0),
                "*_ndcg100": (0.0, 1.0),
            },
            prose_numbers=("10 %", "0.2", "80 %", "20 %", "0.0", "0.01", "1.0"),
        ),
    )
}

#: Reference run times, in seconds, measured with ``python -m aecourse run`` on one machine, per (profile, backend);
#: the runner scales them by that machine's speed probe (``runner.speed_probe``) against the local one to estimate a
#: first run. Measured on the machine named here (2026-11-30, seed 0); to refresh them, run the lessons and copy
#: ``seconds`` from the results files.
REFERENCE: dict[str, Any] = {
    "machine": "AMD EPYC (Zen 3, AVX2, no AVX-512), 2 cores",
    "probe_gflops": 122.0,
    "seconds": {
        # 01, 05 and 06: the times before the cut of their standard budgets (2026-12-01) times the cut's effect,
        # measured side by side on a 2-core Intel Xeon with AVX-512: 01 911 s x 225/432, 05 1,284 s x 320/401; 06 less
        # two sixths of its 182-s sequence-model phase (that phase took 61 -> 44 s there; the lesson's total moved
        # within run-to-run noise, 429 -> 434 s)
        ("standard", "tensorflow"): {
            "01_dimensionality_reduction": 475,
            "02_image_compression": 1281,  # re-measured with the context model: 1371 s at probe 114, scaled
            "03_image_denoising": 1669,
            "04_feature_extraction": 1335,  # 2026-12-01 (an earlier version of the lesson took 2,478 s on 2026-11-30)
            "05_image_generation_vae": 1025,
            "06_sequence_to_sequence": 1476,  # re-measured with the new forecaster: 1284 s at probe 146, scaled; then cut
            "07_recommendation": 467,
        },
        # JAX, measured on the same machine type (2026-11-30 and 2026-12-01): its convolutional lessons take 1.7 to
        # 2.1 times TensorFlow's time there, its dense ones about half; 01, 05 and 06 before the cut of their budgets,
        # so their estimates run long
        ("standard", "jax"): {
            "01_dimensionality_reduction": 567,
            "02_image_compression": 2876,
            "03_image_denoising": 2820,
            "04_feature_extraction": 2597,
            "05_image_generation_vae": 2441,
            "06_sequence_to_sequence": 1069,
            "07_recommendation": 214,
        },
        ("smoke", "tensorflow"): {
            "01_dimensionality_reduction": 45,
            "02_image_compression": 105,  # likewise: about 115 s at probe 114
            "03_image_denoising": 69,
            "04_feature_extraction": 85,  # faster probes, one fine-tuning budget in smoke: about 81 s (2026-11-30)
            "05_image_generation_vae": 39,
            "06_sequence_to_sequence": 93,  # likewise: 78 s at probe 146
            "07_recommendation": 35,
        },
        # The other backends' smoke times: TensorFlow's above times each lesson's ratio to TensorFlow in one clean-clone
        # make test on this machine type (2026-11-30: TF 61/121/82/112/66/87/50 s, torch 44/98/72/97/51/40/48 s,
        # JAX 71/149/104/152/99/80/47 s for 01..07), so the ratios are side by side even if the runs' speeds differ.
        ("smoke", "torch"): {
            "01_dimensionality_reduction": 32,
            "02_image_compression": 85,
            "03_image_denoising": 61,
            "04_feature_extraction": 74,
            "05_image_generation_vae": 30,
            "06_sequence_to_sequence": 43,
            "07_recommendation": 34,
        },
        ("smoke", "jax"): {
            "01_dimensionality_reduction": 52,
            "02_image_compression": 129,
            "03_image_denoising": 88,
            "04_feature_extraction": 115,
            "05_image_generation_vae": 58,
            "06_sequence_to_sequence": 86,
            "07_recommendation": 33,
        },
    },
}

NOTEBOOKS_DIR = Path(__file__).resolve().parent.parent / "notebooks"


def notebooks(folder: Path | None = None) -> list[Path]:
    """The lesson notebooks present, in course order (``NN_name.ipynb``)."""
    folder = folder or NOTEBOOKS_DIR
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))


def required_metrics(stem: str) -> tuple[str, ...]:
    """Metric keys lesson ``stem`` must record (empty for a lesson not yet listed)."""
    lesson = LESSONS.get(stem)
    return lesson.required if lesson else ()


_OPS = {"<=": operator.le, "<": operator.lt, ">=": operator.ge, ">": operator.gt, "==": operator.eq}


def metric_values(value: Any, path: str = ""):
    """Yield ``(path, value)`` for every leaf of a nested metrics object: ``a.b``, ``a[0]``."""
    if isinstance(value, Mapping):
        for k, v in value.items():
            yield from metric_values(v, f"{path}.{k}" if path else str(k))
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            yield from metric_values(v, f"{path}[{i}]")
    else:
        yield path, value


def _pattern(glob: str) -> re.Pattern:
    return re.compile("^" + re.escape(glob).replace(r"\*", ".*") + "$")


def problems(stem: str, payload: Mapping[str, Any]) -> list[str]:
    """What is wrong with lesson ``stem``'s results file ``payload`` (an empty list when nothing is).

    Checks: every required key present and, except where a smoke run may lack it, not ``null``; every number
    finite and inside the lesson's :attr:`Lesson.bounds`; :attr:`Lesson.equals` and :attr:`Lesson.relations`.
    """
    metrics = payload.get("metrics", {})
    lesson = LESSONS.get(stem)
    found = []
    leaves = list(metric_values(metrics))
    for path, value in leaves:
        if isinstance(value, float) and not math.isfinite(value):
            found.append(f"{path} = {value}")
    if lesson is None:
        return found
    smoke = payload.get("profile") == "smoke"
    for key in lesson.required:
        if key not in metrics:
            found.append(f"{key} is missing")
        elif metrics[key] is None and not (smoke and key in lesson.nullable_in_smoke):
            found.append(f"{key} is null in a {payload.get('profile')} run")
    for glob, (low, high) in lesson.bounds.items():
        pattern = _pattern(glob)
        for path, value in leaves:
            if pattern.match(path) and isinstance(value, (int, float)) and not isinstance(value, bool):
                if not low <= value <= high:
                    found.append(f"{path} = {value} lies outside [{low}, {high}]")
    for key, wanted in lesson.equals.items():
        if key in metrics and metrics[key] != wanted:
            found.append(f"{key} = {metrics[key]!r}, must be {wanted!r}")
    found += _verdict_problems(lesson, metrics, payload.get("verdicts"))
    for a, op, b in lesson.relations:
        if isinstance(metrics.get(a), (int, float)) and isinstance(metrics.get(b), (int, float)):
            if not _OPS[op](metrics[a], metrics[b]):
                found.append(f"{a} = {metrics[a]} must be {op} {b} = {metrics[b]}")
    return found


def _verdict_problems(lesson: Lesson, metrics: Mapping[str, Any], recorded: Any) -> list[str]:
    """Every headline's paired comparison present under ``verdicts``, whole, with one of the course's words."""
    from .verdicts import WORDS

    found = []
    recorded = recorded if isinstance(recorded, Mapping) else {}
    for line in lesson.headlines:
        if not line.verdict or metrics.get(line.ours) is None:  # a smoke run may lack the number, and so its verdict
            continue
        entry = recorded.get(line.verdict)
        if not isinstance(entry, Mapping):
            found.append(f"verdicts.{line.verdict} is missing (record it with verdicts=verdicts.records(...))")
            continue
        for key in ("mean_diff", "se", "n", "verdict"):
            if key not in entry:
                found.append(f"verdicts.{line.verdict}.{key} is missing")
        if "verdict" in entry and entry["verdict"] not in WORDS:
            found.append(f"verdicts.{line.verdict}.verdict = {entry['verdict']!r} is not one of {WORDS}")
        if isinstance(entry.get("se"), (int, float)) and entry["se"] < 0:
            found.append(f"verdicts.{line.verdict}.se = {entry['se']} is negative")
    return found


def title(stem: str) -> str:
    """The lesson's title, or one made from its stem."""
    lesson = LESSONS.get(stem)
    return lesson.title if lesson else stem[3:].replace("_", " ").capitalize()
