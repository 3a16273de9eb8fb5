"""The course's lessons: titles, the metric names each must record, and the numbers the report shows.

The notebook tests check a lesson's results file against :attr:`Lesson.required`;
the report (:mod:`aecourse.report`) shows each lesson's :attr:`Lesson.headlines`.
A notebook that is not listed here is still executed and checked for sane numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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


@dataclass(frozen=True)
class Lesson:
    stem: str
    title: str
    summary: str  # one line: what the lesson measures
    required: tuple[str, ...]  # metric keys the results file must hold
    headlines: tuple[Headline, ...] = ()


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
                ),
                Headline(
                    "MNIST, 30-d code: squared error per test image",
                    "mnist_ae30_sse_per_image",
                    "mnist_pca30_sse_per_image",
                    "PCA, 30 components",
                    "deep autoencoder 3.00, PCA 13.87",
                    _HINTON,
                ),
            ),
        ),
        Lesson(
            "02_image_compression",
            "Image compression",
            "an autoencoder codec writing real bytes, against JPEG and WebP, in and out of domain",
            (
                "bd_rate_vs_jpeg_in_domain_pct",
                "bd_rate_vs_webp_in_domain_pct",
                "bd_rate_vs_jpeg_out_of_domain_pct",
                "rd_points",
                "roundtrip_exact",
            ),
            (
                Headline(
                    "Fashion-MNIST (in domain): BD-rate of the autoencoder against JPEG, %",
                    "bd_rate_vs_jpeg_in_domain_pct",
                ),
                Headline(
                    "Fashion-MNIST (in domain): BD-rate of the autoencoder against WebP, %",
                    "bd_rate_vs_webp_in_domain_pct",
                ),
                Headline(
                    "Kodak tiles (out of domain): BD-rate of the autoencoder against JPEG, %",
                    "bd_rate_vs_jpeg_out_of_domain_pct",
                ),
            ),
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
            ),
            (
                Headline(
                    "Noisy MNIST (noise factor 0.5): PSNR, dB",
                    "psnr_dae",
                    "psnr_best_classical",
                    "best classical denoiser, tuned on validation digits",
                    lower_is_better=False,
                ),
                Headline(
                    "Noisy MNIST (noise factor 0.5): SSIM",
                    "ssim_dae",
                    "ssim_best_classical",
                    "best classical denoiser, tuned on validation digits",
                    lower_is_better=False,
                ),
                Headline(
                    "Noisy MNIST (noise factor 0.5): PSNR, dB",
                    "psnr_dae",
                    "psnr_noisy",
                    "the noisy input",
                    lower_is_better=False,
                ),
            ),
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
                ),
                Headline(
                    "Fashion-MNIST, 10 labels per class: linear-probe test accuracy",
                    "probe10_best_ae",
                    "probe10_pca_same_dim",
                    "PCA, same dimension",
                    lower_is_better=False,
                ),
                Headline(
                    "Fashion-MNIST, 100 labels per class: linear-probe test accuracy",
                    "probe100_best_ae",
                    "probe100_raw",
                    "raw pixels",
                    lower_is_better=False,
                ),
                Headline(
                    "Fashion-MNIST, all labels: linear-probe test accuracy",
                    "probe_all_best_ae",
                    "probe_all_raw",
                    "raw pixels",
                    "logistic regression on pixels 84.2 %",
                    "Xiao, Rasul & Vollgraf, Fashion-MNIST benchmark (2017)",
                    lower_is_better=False,
                ),
                Headline(
                    "Fashion-MNIST, 10 labels per class: fine-tuned classifier accuracy",
                    "finetune10_acc",
                    "scratch10_acc",
                    "same network from scratch, same steps",
                    lower_is_better=False,
                ),
                Headline(
                    "Fashion-MNIST retrieval: precision@10",
                    "precision_at_10_best_ae",
                    "precision_at_10_raw",
                    "raw pixels",
                    lower_is_better=False,
                ),
            ),
        ),
        Lesson(
            "05_image_generation_vae",
            "Image generation",
            "a variational autoencoder and its test log-likelihood on MNIST and Fashion-MNIST",
            ("test_elbo_nats", "test_nll_iwae_nats", "iwae_k", "fashion_test_nll_iwae_nats"),
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
        ),
        Lesson(
            "06_sequence_to_sequence",
            "Sequence to sequence",
            "an LSTM encoder-decoder on a sequence task; next-frame prediction on Moving MNIST",
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
            ),
            (
                Headline(
                    "Sequence task: exact match on 1,000 fresh sequences", "seq_exact_match", lower_is_better=False
                ),
                Headline(
                    "Moving MNIST, one step ahead: squared error per frame",
                    "next_frame_mse_model",
                    "next_frame_mse_copy_last",
                    "copy last frame",
                ),
                Headline(
                    "Moving MNIST, 10 → 10 rollout: squared error per frame",
                    "rollout10_mse_model",
                    "rollout10_mse_copy_last",
                    "copy last frame",
                    "ConvLSTM 46.26, PredRNN 25.04, SimVP v2 15.05",
                    "OpenSTL video benchmark (Tan et al., NeurIPS 2023 Datasets & Benchmarks)",
                ),
                Headline(
                    "Moving MNIST, 10 → 10 rollout: squared error per frame",
                    "rollout10_mse_model",
                    "rollout10_mse_mean_frame",
                    "the average training frame",
                ),
                Headline(
                    "Moving MNIST, 10 → 10 rollout: SSIM",
                    "rollout10_ssim_model",
                    "rollout10_ssim_copy_last",
                    "copy last frame",
                    lower_is_better=False,
                ),
            ),
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
                ),
                Headline(
                    "MovieLens, explicit ratings: I-AutoRec test RMSE (stars)",
                    "autorec_rmse",
                    "mf_rmse",
                    "matrix factorisation",
                ),
                Headline(
                    "MovieLens, held-out users: Mult-VAE NDCG@100",
                    "multvae_ndcg100",
                    "ease_ndcg100",
                    "EASE",
                    "Mult-VAE 0.426, EASE 0.420 (on ML-20M)",
                    "Liang et al., WWW 2018, Table 2; Steck, WWW 2019, Table 1",
                    lower_is_better=False,
                ),
                Headline(
                    "MovieLens, held-out users: Mult-VAE NDCG@100",
                    "multvae_ndcg100",
                    "pop_ndcg100",
                    "most popular",
                    lower_is_better=False,
                ),
                Headline(
                    "MovieLens, held-out users: Mult-VAE Recall@20",
                    "multvae_recall20",
                    "ease_recall20",
                    "EASE",
                    "Mult-VAE 0.395, EASE 0.391 (on ML-20M)",
                    "Liang et al., WWW 2018, Table 2; Steck, WWW 2019, Table 1",
                    lower_is_better=False,
                ),
            ),
        ),
    )
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


def title(stem: str) -> str:
    """The lesson's title, or one made from its stem."""
    lesson = LESSONS.get(stem)
    return lesson.title if lesson else stem[3:].replace("_", " ").capitalize()
