"""Lesson 04 · Feature extraction: its sizes, results contract, reference times and colours (see :mod:`aecourse.course`)."""

from __future__ import annotations

from . import Headline, Setting

STEM = "04_feature_extraction"
TITLE = "Feature extraction"
SUMMARY = (
    "encoder features for a classifier and for retrieval, against raw pixels and PCA, at 10 to 6,000 labels per class"
)

#: The lesson's sizes, read as ``run.<name>``: one record per setting, its meaning and its value in each profile.
SIZES = {
    "n_train": Setting(
        "Fashion-MNIST training images the encoders learn from (labels drawn from them)",
        smoke=4000,
        standard=60000,
        full=60000,
    ),
    "n_val": Setting("training images held out as the validation set", smoke=1000, standard=5000, full=10000),
    "n_test": Setting("test images scored once", smoke=1000, standard=10000, full=10000),
    "dense_epochs": Setting("epochs of lesson 01's dense autoencoder", smoke=1, standard=2, full=30),
    "conv_epochs": Setting("epochs of the convolutional and masked autoencoders", smoke=1, standard=3, full=30),
    "probe_seeds": Setting(
        "random draws of the labelled images per label budget (labels per class; 'all': every label once)",
        smoke={10: 2, 100: 1, "all": 1},
        standard={10: 5, 100: 5, 1000: 2, "all": 1},
        full={10: 10, 100: 10, 1000: 5, "all": 1},
    ),
    "finetune_seeds": Setting(
        "random draws per label budget for fine-tuning against training from scratch",
        smoke={10: 2},
        standard={10: 5, 100: 2, 1000: 1, "all": 1},
        full={10: 10, 100: 5, 1000: 3, "all": 1},
    ),
    "head_steps": Setting(
        "steps that train the classifier head on the frozen encoder before fine-tuning",
        smoke=20,
        standard=150,
        full=1000,
    ),
    "tune_steps": Setting("steps of fine-tuning, and of training from scratch", smoke=20, standard=150, full=1000),
    "finetune_lrs": Setting(
        "learning rates tried for fine-tuning (chosen on validation)",
        smoke=[3e-05, 0.0001, 0.0003, 0.001, 0.003],
        standard=[3e-05, 0.0001, 0.0003, 0.001, 0.003],
        full=[3e-05, 0.0001, 0.0003, 0.001, 0.003],
    ),
    "scratch_lrs": Setting(
        "learning rates tried for training from scratch (chosen on validation)",
        smoke=[0.0001, 0.0003, 0.001, 0.003, 0.01],
        standard=[0.0001, 0.0003, 0.001, 0.003, 0.01],
        full=[0.0001, 0.0003, 0.001, 0.003, 0.01],
    ),
    "n_queries": Setting("test images used as retrieval queries", smoke=200, standard=1000, full=10000),
}

#: The results contract (see :class:`aecourse.course.Contract`).
CONTRACT = dict(
    required=(
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
    headlines=(
        Headline(
            "Fashion-MNIST, 10 labels per class: linear-probe test accuracy",
            "probe10_best_ae",
            baseline="probe10_raw",
            baseline_name="raw pixels",
            lower_is_better=False,
            verdict="probe10_vs_raw",
            unit="points",
            scale=100.0,
        ),
        Headline(
            "Fashion-MNIST, 10 labels per class: linear-probe test accuracy",
            "probe10_best_ae",
            baseline="probe10_pca_same_dim",
            baseline_name="PCA, same dimension",
            lower_is_better=False,
            verdict="probe10_vs_pca",
            unit="points",
            scale=100.0,
        ),
        Headline(
            "Fashion-MNIST, 100 labels per class: linear-probe test accuracy",
            "probe100_best_ae",
            baseline="probe100_raw",
            baseline_name="raw pixels",
            lower_is_better=False,
            verdict="probe100_vs_raw",
            unit="points",
            scale=100.0,
        ),
        Headline(
            "Fashion-MNIST, all labels: linear-probe test accuracy",
            "probe_all_best_ae",
            baseline="probe_all_raw",
            baseline_name="raw pixels",
            reference="logistic regression on pixels 84.2 %",
            source="Xiao, Rasul & Vollgraf, Fashion-MNIST benchmark (2017)",
            lower_is_better=False,
            verdict="probe_all_vs_raw",
            unit="points",
            scale=100.0,
        ),
        Headline(
            "Fashion-MNIST, 10 labels per class: fine-tuned classifier accuracy",
            "finetune10_acc",
            baseline="scratch10_acc",
            baseline_name="same network from scratch, same steps",
            lower_is_better=False,
            verdict="finetune10_vs_scratch",
            unit="points",
            scale=100.0,
        ),
        Headline(
            "Fashion-MNIST retrieval: precision@10",
            "precision_at_10_best_ae",
            baseline="precision_at_10_raw",
            baseline_name="raw pixels",
            lower_is_better=False,
            verdict="precision_at_10_vs_raw",
            unit="points",
            scale=100.0,
        ),
    ),
    bounds={
        "probe_acc.*.*": (0.0, 1.0),
        "probe_val_acc.*.*": (0.0, 1.0),
        "probe_acc_std.*.*": (0.0, 1.0),
        "finetune_acc.*": (0.0, 1.0),
        "head_only_acc.*": (0.0, 1.0),
        "scratch_acc.*": (0.0, 1.0),
        "precision_at_10.*": (0.0, 1.0),
        "precision_at_10_val.*": (0.0, 1.0),
        "probe10_*": (0.0, 1.0),
        "probe100_*": (0.0, 1.0),
        "probe_all_*": (0.0, 1.0),
        "finetune10_acc": (0.0, 1.0),
        "scratch10_acc": (0.0, 1.0),
        "precision_at_10_best_ae": (0.0, 1.0),
        "precision_at_10_raw": (0.0, 1.0),
        "finetune_minus_scratch.*": (-1.0, 1.0),
        "probe_iterations.*.*": (1, 5000),
    },
    equals={"probe_converged": True},
    learned=(
        (
            "conv_ae_test_mse",
            "<",
            "conv_ae_test_mse_untrained",
            "the convolutional autoencoder reconstructs test images better than it did with its random starting weights",
        ),
    ),
    prose_numbers=("0.5", "84.2 %", "93 %"),
)

#: Reference run times in seconds, per (profile, backend), on the machine of ``aecourse.course.REFERENCE_MACHINE``;
#: how each was measured is in docs/measurements.md.
REFERENCE_SECONDS = {
    ("standard", "tensorflow"): 1539,
    ("standard", "jax"): 2597,
    ("smoke", "tensorflow"): 85,
    ("smoke", "torch"): 74,
    ("smoke", "jax"): 115,
}

#: Colours of the methods only this lesson draws (the shared ones are in ``aecourse.course.SHARED_COLORS``).
COLORS = {
    "masked autoencoder": "#9edae5",
    "from scratch": "#8c6d31",
    "untrained encoder": "#e7ba52",  # the convolutional encoder with random weights: lesson 04's per-layer control
}
