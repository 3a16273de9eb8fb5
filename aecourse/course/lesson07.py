"""Lesson 07 · Recommendation: its sizes, results contract, reference times and colours (see :mod:`aecourse.course`)."""

from __future__ import annotations

from . import Headline, Setting

STEM = "07_recommendation"
TITLE = "Recommendation"
SUMMARY = "AutoRec and Mult-VAE on MovieLens against standard recommender baselines"

#: The lesson's sizes, read as ``run.<name>``: one record per setting, its meaning and its value in each profile.
SIZES = {
    "dataset": Setting(
        "MovieLens 100K or 1M (1M cannot be downloaded in CI)", smoke="100k", standard="100k", full="1m"
    ),
    "autorec_lambdas": Setting(
        "weight-decay strengths tried for AutoRec (chosen on validation ratings)",
        smoke=[300.0],
        standard=[100.0, 300.0, 1000.0],
        full=[30.0, 100.0, 300.0, 1000.0],
    ),
    "autorec_epochs": Setting("epochs of AutoRec", smoke=4, standard=200, full=200),
    "eval_every": Setting("epochs between validation scores (the best epoch is kept)", smoke=2, standard=5, full=5),
    "vae_epochs": Setting("epochs of Mult-VAE and Mult-DAE", smoke=4, standard=100, full=200),
    "n_heldout": Setting("users held out for validation, and as many for test", smoke=150, standard=150, full=600),
}

#: The results contract (see :class:`aecourse.course.Contract`).
CONTRACT = dict(
    required=(
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
    headlines=(
        Headline(
            "MovieLens, explicit ratings: I-AutoRec test RMSE (stars)",
            "autorec_rmse",
            baseline="bias_rmse",
            baseline_name="user + item biases",
            reference="I-AutoRec 0.831, biased MF 0.845 (on ML-1M)",
            source="Sedhain et al., WWW 2015 Companion, Table 1",
            verdict="autorec_vs_biases",
            unit="stars² per rating",
        ),
        Headline(
            "MovieLens, explicit ratings: I-AutoRec test RMSE (stars)",
            "autorec_rmse",
            baseline="mf_rmse",
            baseline_name="matrix factorisation",
            verdict="autorec_vs_mf",
            unit="stars² per rating",
        ),
        Headline(
            "MovieLens, held-out users: Mult-VAE NDCG@100",
            "multvae_ndcg100",
            baseline="ease_ndcg100",
            baseline_name="EASE",
            reference="Mult-VAE 0.426, EASE 0.420 (on ML-20M)",
            source="Liang et al., WWW 2018, Table 2; Steck, WWW 2019, Table 1",
            lower_is_better=False,
            verdict="multvae_vs_ease_ndcg100",
        ),
        Headline(
            "MovieLens, held-out users: Mult-VAE NDCG@100",
            "multvae_ndcg100",
            baseline="pop_ndcg100",
            baseline_name="most popular",
            lower_is_better=False,
            verdict="multvae_vs_pop_ndcg100",
        ),
        Headline(
            "MovieLens, held-out users: Mult-VAE Recall@20",
            "multvae_recall20",
            baseline="ease_recall20",
            baseline_name="EASE",
            reference="Mult-VAE 0.395, EASE 0.391 (on ML-20M)",
            source="Liang et al., WWW 2018, Table 2; Steck, WWW 2019, Table 1",
            lower_is_better=False,
            verdict="multvae_vs_ease_recall20",
        ),
    ),
    bounds={"*_rmse": (0.0, 4.0), "*_recall20": (0.0, 1.0), "*_recall50": (0.0, 1.0), "*_ndcg100": (0.0, 1.0)},
    learned=(
        ("autorec_rmse", "<", "global_mean_rmse", "AutoRec predicts held-out ratings better than their global mean"),
        ("multvae_ndcg100", ">", "pop_ndcg100", "Mult-VAE ranks held-out items better than popularity does"),
    ),
    prose_numbers=("10 %", "0.2", "80 %", "20 %", "0.0", "0.01", "1.0"),
)

#: Reference run times in seconds, per (profile, backend), on the machine of ``aecourse.course.REFERENCE_MACHINE``;
#: how each was measured is in docs/measurements.md.
REFERENCE_SECONDS = {
    ("standard", "tensorflow"): 647,
    ("standard", "jax"): 214,
    ("smoke", "tensorflow"): 35,
    ("smoke", "torch"): 34,
    ("smoke", "jax"): 33,
}

#: Colours of the methods only this lesson draws (the shared ones are in ``aecourse.course.SHARED_COLORS``).
COLORS = {
    "autorec": "#3182bd",
    "mult-vae": "#756bb1",
    "mult-dae": "#bcbddc",
    "ease": "#31a354",
    "matrix factorisation": "#dbdb8d",
    "user+item biases": "#17becf",
    "global mean": "#c7c7c7",
    "most popular": "#525252",
}
