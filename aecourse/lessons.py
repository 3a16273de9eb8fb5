"""The course's lessons and the metric names each one must record (the results contract).

The notebook tests check a lesson's results file against :data:`REQUIRED_METRICS`;
the report (issue 7) reads the same table. A notebook that is not listed here is
still executed and checked for sane numbers.
"""

from __future__ import annotations

from pathlib import Path

#: ``stem: (title, metric keys the lesson must record)``.
LESSONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "01_dimensionality_reduction": (
        "Dimensionality reduction",
        ("fashion_ae10_test_mse", "fashion_pca10_test_mse", "mnist_ae30_sse_per_image", "mnist_pca30_sse_per_image"),
    ),
    "02_image_compression": (
        "Image compression",
        (
            "bd_rate_vs_jpeg_in_domain_pct",
            "bd_rate_vs_webp_in_domain_pct",
            "bd_rate_vs_jpeg_out_of_domain_pct",
            "rd_points",
            "roundtrip_exact",
        ),
    ),
    "03_image_denoising": (
        "Image denoising",
        ("psnr_noisy", "psnr_dae", "ssim_dae", "psnr_best_classical", "ssim_best_classical", "best_classical_method"),
    ),
    "04_feature_extraction": (
        "Feature extraction",
        ("probe_acc", "finetune_acc", "scratch_acc", "precision_at_10"),
    ),
    "05_image_generation_vae": (
        "Image generation",
        ("test_elbo_nats", "test_nll_iwae_nats", "iwae_k", "fashion_test_nll_iwae_nats"),
    ),
    "06_sequence_to_sequence": (
        "Sequence to sequence",
        (
            "seq_exact_match",
            "seq_token_accuracy",
            "next_frame_mse_model",
            "next_frame_mse_copy_last",
            "rollout10_mse_model",
            "rollout10_mse_copy_last",
            "rollout10_ssim_model",
        ),
    ),
    "07_recommendation": (
        "Recommendation",
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
    ),
}

NOTEBOOKS_DIR = Path(__file__).resolve().parent.parent / "notebooks"


def notebooks(folder: Path | None = None) -> list[Path]:
    """The lesson notebooks present, in course order (``NN_name.ipynb``)."""
    folder = folder or NOTEBOOKS_DIR
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))


def required_metrics(stem: str) -> tuple[str, ...]:
    """Metric keys lesson ``stem`` must record (empty for a lesson not yet listed)."""
    return LESSONS.get(stem, ("", ()))[1]
