"""Every lesson's sizes per profile, with what each one means; the set-up cell prints them.

Kept out of the notebooks so that a learner's first screen is the lesson, not a table of numbers. The profile
changes sizes only, never the code path: ``smoke`` runs exactly the code that ``standard`` runs.
:func:`aecourse.setup` reads :data:`SETTINGS` for its ``lesson``; ``overrides`` there changes single values.
Used by every lesson and by the worked solutions.
"""

from __future__ import annotations

from typing import Any

#: ``SETTINGS[lesson][profile]``: the sizes a lesson reads as ``run.<name>``.
SETTINGS: dict[str, dict[str, dict[str, Any]]] = {
    "01_dimensionality_reduction": {
        "smoke": {
            "n_train": 7000,
            "n_test": 2000,
            "epochs": 1,
            "mnist_epochs": 1,
            "n_map": 300,
        },
        "standard": {
            "n_train": 60000,
            "n_test": 10000,
            "epochs": 4,
            "mnist_epochs": 5,
            "n_map": 2000,
        },
        "full": {
            "n_train": 60000,
            "n_test": 10000,
            "epochs": 60,
            "mnist_epochs": 100,
            "n_map": 5000,
        },
    },
    "02_image_compression": {
        "smoke": {
            "n_train": 4000,
            "n_val": 256,
            "base_epochs": 1,
            "tune_epochs": 1,
            "refit_n": 1000,
            "refit_epochs": 1,
            "lambdas": [0.01, 0.002],
            "n_eval": 256,
            "bootstrap_replicates": 20,
        },
        "standard": {
            "n_train": 55000,
            "n_val": 1024,
            "base_epochs": 4,
            "tune_epochs": 3,
            "refit_n": 10000,
            "refit_epochs": 2,
            "lambdas": [0.01, 0.03, 0.1, 0.002],
            "n_eval": 512,
            "bootstrap_replicates": 30,
        },
        "full": {
            "n_train": 55000,
            "n_val": 4864,
            "base_epochs": 40,
            "tune_epochs": 20,
            "refit_n": 55000,
            "refit_epochs": 10,
            "lambdas": [0.01, 0.03, 0.1, 0.3, 0.003, 0.001],
            "n_eval": 9984,
            "bootstrap_replicates": 200,
        },
    },
    "03_image_denoising": {
        "smoke": {
            "n_train": 2000,
            "epochs": 1,
            "n_val": 100,
            "n_test": 200,
            "n_bm3d": 10,
            "n_val_bm3d": 5,
            "levels": [0.2, 0.5, 0.8],
            "sweep_n": 50,
            "sweep_bm3d": 5,
        },
        "standard": {
            "n_train": 55000,
            "epochs": 5,
            "n_val": 200,
            "n_test": 1000,
            "n_bm3d": 200,
            "n_val_bm3d": 40,
            "levels": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8],
            "sweep_n": 200,
            "sweep_bm3d": 25,
        },
        "full": {
            "n_train": 55000,
            "epochs": 30,
            "n_val": 1000,
            "n_test": 10000,
            "n_bm3d": 2000,
            "n_val_bm3d": 200,
            "levels": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8],
            "sweep_n": 2000,
            "sweep_bm3d": 200,
        },
    },
    "04_feature_extraction": {
        "smoke": {
            "n_train": 4000,
            "n_val": 1000,
            "n_test": 1000,
            "dense_epochs": 1,
            "conv_epochs": 1,
            "probe_seeds": {10: 2, 100: 1, "all": 1},
            "finetune_seeds": {10: 2},  # the 10-label comparison is the one recorded, paired over draws: two at least
            "head_steps": 20,
            "tune_steps": 20,
            "finetune_lrs": [0.00003, 0.0001, 0.0003, 0.001, 0.003],
            "scratch_lrs": [0.0001, 0.0003, 0.001, 0.003, 0.01],
            "n_queries": 200,
        },
        "standard": {
            "n_train": 60000,
            "n_val": 5000,
            "n_test": 10000,
            "dense_epochs": 2,
            "conv_epochs": 3,
            "probe_seeds": {10: 5, 100: 5, 1000: 2, "all": 1},
            "finetune_seeds": {10: 5, 100: 2, 1000: 1, "all": 1},
            "head_steps": 150,
            "tune_steps": 150,
            "finetune_lrs": [0.00003, 0.0001, 0.0003, 0.001, 0.003],
            "scratch_lrs": [0.0001, 0.0003, 0.001, 0.003, 0.01],
            "n_queries": 1000,
        },
        "full": {
            "n_train": 60000,
            "n_val": 10000,
            "n_test": 10000,
            "dense_epochs": 30,
            "conv_epochs": 30,
            "probe_seeds": {10: 10, 100: 10, 1000: 5, "all": 1},
            "finetune_seeds": {10: 10, 100: 5, 1000: 3, "all": 1},
            "head_steps": 1000,
            "tune_steps": 1000,
            "finetune_lrs": [0.00003, 0.0001, 0.0003, 0.001, 0.003],
            "scratch_lrs": [0.0001, 0.0003, 0.001, 0.003, 0.01],
            "n_queries": 10000,
        },
    },
    "05_image_generation_vae": {
        "smoke": {
            "n_train": 2000,
            "epochs": 1,
            "epochs_2d": 1,
            "ae_epochs": 1,
            "fashion_epochs": 1,
            "iwae_k": 10,
            "iwae_n": 100,
        },
        "standard": {
            "n_train": 60000,
            "epochs": 8,
            "epochs_2d": 2,
            "ae_epochs": 1,
            "fashion_epochs": 2,
            "iwae_k": 200,
            "iwae_n": 1000,
        },
        "full": {
            "n_train": 60000,
            "epochs": 100,
            "epochs_2d": 30,
            "ae_epochs": 30,
            "fashion_epochs": 50,
            "iwae_k": 1000,
            "iwae_n": 10000,
        },
    },
    "06_sequence_to_sequence": {
        "smoke": {
            "seq_train": 2000,
            "seq_epochs": 1,
            "clips_per_epoch": 32,
            "clips_test": 16,
            "pilot_epochs": 1,
            "video_epochs": 1,
        },
        "standard": {
            "seq_train": 100000,
            "seq_epochs": 4,
            "clips_per_epoch": 1500,
            "clips_test": 200,
            "pilot_epochs": 1,
            "video_epochs": 10,
        },
        "full": {
            "seq_train": 100000,
            "seq_epochs": 20,
            "clips_per_epoch": 10000,
            "clips_test": 2000,
            "pilot_epochs": 2,
            "video_epochs": 200,
        },
    },
    "07_recommendation": {
        "smoke": {
            "dataset": "100k",
            "autorec_lambdas": [300.0],
            "autorec_epochs": 4,
            "eval_every": 2,
            "vae_epochs": 4,
            "n_heldout": 150,
        },
        "standard": {
            "dataset": "100k",
            "autorec_lambdas": [100.0, 300.0, 1000.0],
            "autorec_epochs": 200,
            "eval_every": 5,
            "vae_epochs": 100,
            "n_heldout": 150,
        },
        "full": {
            "dataset": "1m",
            "autorec_lambdas": [30.0, 100.0, 300.0, 1000.0],
            "autorec_epochs": 200,
            "eval_every": 5,
            "vae_epochs": 200,
            "n_heldout": 600,
        },
    },
}

#: ``MEANING[lesson][name]``: one line on each setting, printed beside its value.
MEANING: dict[str, dict[str, str]] = {
    "01_dimensionality_reduction": {
        "n_train": "Fashion-MNIST training images loaded; the last 5,000 are held out for validation",
        "n_test": "test images scored once",
        "epochs": "epochs of the 784-2000-500-500-10 autoencoder",
        "mnist_epochs": "epochs of the MNIST autoencoder of section 5.3 (Hinton & Salakhutdinov's setting)",
        "n_map": "test images drawn in the 2-D maps of section 5.4",
    },
    "02_image_compression": {
        "n_train": "training images the codec learns from (the first 55,000 of the training split at most)",
        "n_val": "validation images from the end of the training split: they make every choice",
        "base_epochs": "epochs of the first trade-off, trained from scratch",
        "tune_epochs": "epochs of each further trade-off, warm-started from the nearest one already trained",
        "refit_n": "codes used to fit the alternative probability model of section 5",
        "refit_epochs": "epochs of that fit",
        "lambdas": "the rate-distortion trade-offs, one model each, in training order",
        "n_eval": "test images compressed by every codec, once (a multiple of 256)",
        "bootstrap_replicates": "bootstrap draws of the test images behind each headline BD-rate's standard error",
    },
    "03_image_denoising": {
        "n_train": "MNIST training digits the denoiser learns from",
        "epochs": "epochs of the denoiser",
        "n_val": "validation digits that tune the classical denoisers",
        "n_test": "test digits scored by the denoiser and the fast filters",
        "n_bm3d": "test digits scored by BM3D (about half a second per digit on a laptop CPU)",
        "n_val_bm3d": "validation digits that tune BM3D",
        "levels": "noise factors of the sweep in section 8",
        "sweep_n": "digits per noise level in the sweep",
        "sweep_bm3d": "digits per noise level for BM3D in the sweep",
    },
    "04_feature_extraction": {
        "n_train": "Fashion-MNIST training images the encoders learn from (labels drawn from them)",
        "n_val": "training images held out as the validation set",
        "n_test": "test images scored once",
        "dense_epochs": "epochs of lesson 01's dense autoencoder",
        "conv_epochs": "epochs of the convolutional and masked autoencoders",
        "probe_seeds": "random draws of the labelled images per label budget (labels per class; 'all': every label once)",
        "finetune_seeds": "random draws per label budget for fine-tuning against training from scratch",
        "head_steps": "steps that train the classifier head on the frozen encoder before fine-tuning",
        "tune_steps": "steps of fine-tuning, and of training from scratch",
        "finetune_lrs": "learning rates tried for fine-tuning (chosen on validation)",
        "scratch_lrs": "learning rates tried for training from scratch (chosen on validation)",
        "n_queries": "test images used as retrieval queries",
    },
    "05_image_generation_vae": {
        "n_train": "binarised MNIST training digits",
        "epochs": "epochs of the VAE",
        "epochs_2d": "epochs of the 2-D VAE of section 7",
        "ae_epochs": "epochs of the plain autoencoder that section 5 sets beside the VAE (only a foil)",
        "fashion_epochs": "epochs of the same VAE on Fashion-MNIST",
        "iwae_k": "importance samples per test image for the likelihood (the papers use 5,000)",
        "iwae_n": "test images whose likelihood is estimated (a fixed, seeded subset)",
    },
    "06_sequence_to_sequence": {
        "seq_train": "training pairs of integer sequences",
        "seq_epochs": "epochs of the LSTM encoder-decoder",
        "clips_per_epoch": "Moving MNIST clips drawn per epoch (new clips each epoch)",
        "clips_test": "test clips, drawn from test digits",
        "pilot_epochs": "epochs of each pilot that compares the losses",
        "video_epochs": "epochs of the forecaster",
    },
    "07_recommendation": {
        "dataset": "MovieLens 100K or 1M (1M cannot be downloaded in CI)",
        "autorec_lambdas": "weight-decay strengths tried for AutoRec (chosen on validation ratings)",
        "autorec_epochs": "epochs of AutoRec",
        "eval_every": "epochs between validation scores (the best epoch is kept)",
        "vae_epochs": "epochs of Mult-VAE and Mult-DAE",
        "n_heldout": "users held out for validation, and as many for test",
    },
}


def lesson_settings(lesson: str, profile: str, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """The sizes of ``lesson`` in ``profile``, with ``overrides`` applied (each must name an existing setting)."""
    if lesson not in SETTINGS:
        raise ValueError(f"no settings for lesson {lesson!r}; known lessons: {', '.join(sorted(SETTINGS))}")
    chosen = dict(SETTINGS[lesson][profile])
    unknown = sorted(set(overrides or {}) - set(chosen))
    if unknown:
        raise ValueError(
            f"overrides name settings that lesson {lesson} does not have: {', '.join(unknown)}; "
            f"it has: {', '.join(chosen)}"
        )
    chosen.update(overrides or {})
    return chosen


def settings_table(lesson: str, settings: dict[str, Any]) -> str:
    """``settings`` as a compact text table: one line per setting with its name, value and meaning."""
    meaning = MEANING.get(lesson, {})
    name_w = max(map(len, settings), default=0)
    values = {k: repr(v) if isinstance(v, str) else str(v) for k, v in settings.items()}
    value_w = min(max(map(len, values.values()), default=0), 40)
    rows = []
    for name, value in values.items():
        rows.append(f"  {name:<{name_w}}  {value:<{value_w}}  {meaning.get(name, '')}".rstrip())
    return "\n".join(rows)
