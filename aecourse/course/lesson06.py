"""Lesson 06 · Sequence to sequence: its sizes, results contract, reference times and colours (see :mod:`aecourse.course`)."""

from __future__ import annotations

from . import Headline, Setting

STEM = "06_sequence_to_sequence"
TITLE = "Sequence to sequence"
SUMMARY = "an LSTM encoder-decoder on a sequence task; a convolutional forecaster of 10 Moving MNIST frames"

#: The lesson's sizes, read as ``run.<name>``: one record per setting, its meaning and its value in each profile.
SIZES = {
    "seq_train": Setting("training pairs of integer sequences", smoke=2000, standard=100000, full=100000),
    "seq_epochs": Setting("epochs of the LSTM encoder-decoder", smoke=1, standard=4, full=20),
    "clips_per_epoch": Setting(
        "Moving MNIST clips drawn per epoch (new clips each epoch)", smoke=32, standard=1500, full=10000
    ),
    "clips_test": Setting("test clips, drawn from test digits", smoke=16, standard=200, full=2000),
    "pilot_epochs": Setting("epochs of each pilot that compares the losses", smoke=1, standard=1, full=2),
    "video_epochs": Setting("epochs of the forecaster", smoke=1, standard=10, full=200),
}

#: The results contract (see :class:`aecourse.course.Contract`).
CONTRACT = dict(
    required=(
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
    headlines=(
        Headline(
            "Sequence task: exact match on 1,000 sequences whose prefixes training never saw",
            "seq_exact_match",
            lower_is_better=False,
        ),
        Headline(
            "Moving MNIST, one step ahead: squared error per frame",
            "next_frame_mse_model",
            baseline="next_frame_mse_copy_last",
            baseline_name="copy last frame",
            verdict="next_frame_mse_vs_copy_last",
            ratio=True,
        ),
        Headline(
            "Moving MNIST, 10 → 10 rollout: squared error per frame",
            "rollout10_mse_model",
            baseline="rollout10_mse_copy_last",
            baseline_name="copy last frame",
            reference="200 epochs: ConvLSTM 29.80, PredRNN 23.97, SimVP v2 26.69; SimVP v2, 2,000 epochs: 15.05",
            source="OpenSTL Moving MNIST benchmark (Tan et al., NeurIPS 2023 Datasets & Benchmarks)",
            verdict="rollout_mse_vs_copy_last",
            ratio=True,
        ),
        Headline(
            "Moving MNIST, 10 → 10 rollout: squared error per frame",
            "rollout10_mse_model",
            baseline="rollout10_mse_mean_frame",
            baseline_name="the average training frame",
            verdict="rollout_mse_vs_mean_frame",
            ratio=True,
        ),
        Headline(
            "Moving MNIST, 10 → 10 rollout: SSIM",
            "rollout10_ssim_model",
            baseline="rollout10_ssim_copy_last",
            baseline_name="copy last frame",
            reference="200 epochs: ConvLSTM 0.929, PredRNN 0.946, SimVP v2 0.940",
            source="OpenSTL Moving MNIST benchmark (Tan et al., NeurIPS 2023 Datasets & Benchmarks)",
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
    learned=(
        (
            "seq_token_accuracy",
            ">",
            0.02,
            "the encoder-decoder answers more tokens right than guessing one of the 50 would (1 in 50)",
        ),
    ),
    prose_numbers=("3.6", "26.69", "29.80"),
)

#: Reference run times in seconds, per (profile, backend), on the machine of ``aecourse.course.REFERENCE_MACHINE``;
#: how each was measured is in docs/measurements.md.
REFERENCE_SECONDS = {
    ("standard", "tensorflow"): 1476,
    ("standard", "jax"): 1069,
    ("smoke", "tensorflow"): 93,
    ("smoke", "torch"): 43,
    ("smoke", "jax"): 86,
}

#: Colours of the methods only this lesson draws (the shared ones are in ``aecourse.course.SHARED_COLORS``).
COLORS = {
    "copy last frame": "#e6550d",
    "average frame": "#636363",
    "blank frame": "#c49c94",
    "squared error": "#393b79",
    "binary cross-entropy": "#637939",
    "absolute error (l1)": "#d6616b",
    "cross-entropy + l1": "#843c39",
    "lstm encoder-decoder": "#7b4173",
}
