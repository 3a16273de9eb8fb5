"""Figures the lessons share: image grids, training curves, one colour per method.

Every method keeps the same colour across the whole course (:data:`COLORS`),
so "PCA" is the same grey in lesson 01 and lesson 04. Introduced in lesson 01.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

#: One colour per method, for every figure of the course.
COLORS: dict[str, str] = {
    "original": "#000000",
    "noisy": "#e377c2",
    # each lesson's own autoencoder (02's codec, 03's denoiser, 04's convolutional one)
    "autoencoder": "#1f77b4",
    "dense autoencoder": "#5254a3",  # lesson 01's reference model 784-2000-500-500-10, in lessons 01 and 04
    "pca": "#7f7f7f",
    "raw pixels": "#bcbd22",
    "vae": "#9467bd",
    # lesson 02: image codecs, and the probability models of the learned codec's code
    "jpeg": "#d62728",
    "webp": "#ff7f0e",
    "png": "#8c564b",
    "16 slices (trained with the codec)": "#08519c",
    "4 slices (fitted afterwards)": "#6baed6",
    "per position": "#c6dbef",
    # lesson 03: denoisers
    "autoencoder (mixed noise)": "#aec7e8",
    "gaussian blur": "#98df8a",
    "median filter": "#2ca02c",
    "non-local means": "#006d2c",
    "bm3d": "#a50f15",
    # lesson 04: feature extraction
    "masked autoencoder": "#9edae5",
    "from scratch": "#8c6d31",
    "untrained encoder": "#e7ba52",  # the convolutional encoder with random weights: lesson 04's per-layer control
    # lesson 06: video forecasting (trivial forecasters, and the losses the pilots compare)
    "copy last frame": "#e6550d",
    "average frame": "#636363",
    "blank frame": "#c49c94",
    "squared error": "#393b79",
    "binary cross-entropy": "#637939",
    "absolute error (l1)": "#d6616b",
    "cross-entropy + l1": "#843c39",
    "lstm encoder-decoder": "#7b4173",
    # lesson 07: recommenders
    "autorec": "#3182bd",
    "mult-vae": "#756bb1",
    "mult-dae": "#bcbddc",
    "ease": "#31a354",
    "matrix factorisation": "#dbdb8d",
    "user+item biases": "#17becf",
    "global mean": "#c7c7c7",
    "most popular": "#525252",
}


def color(method: str) -> str:
    """The course colour of ``method`` (case-insensitive); a method the course has not named is an error."""
    try:
        return COLORS[method.lower()]
    except KeyError:
        raise KeyError(
            f"no course colour for {method!r}: add it to aecourse.plots.COLORS (one colour per method, "
            f"course-wide), or use one of: {', '.join(COLORS)}"
        ) from None


def image_rows(
    rows: Mapping[str, np.ndarray],
    n: int = 10,
    title: str | None = None,
    shape: tuple[int, int] = (28, 28),
    cmap: str = "gray",
):
    """Show ``n`` images from each array in ``rows`` as one labelled row per entry.

    Each array holds images of ``shape`` (flattened or not) with values in
    [0, 1] or 0..255. Typical use: originals, autoencoder and PCA
    reconstructions one above the other. Returns the matplotlib figure.
    """
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(len(rows), n, figsize=(1.1 * n, 1.2 * len(rows) + (0.4 if title else 0)), squeeze=False)
    for r, (label, images) in enumerate(rows.items()):
        images = np.asarray(images)
        vmax = 255 if images.dtype == np.uint8 else 1.0
        for c in range(n):
            ax = axes[r, c]
            ax.imshow(images[c].reshape(shape), cmap=cmap, vmin=0, vmax=vmax)
            ax.set_xticks([])
            ax.set_yticks([])
            if c == 0:
                ax.set_ylabel(label, rotation=0, ha="right", va="center", fontsize=10)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def training_curves(
    histories: Mapping[str, Mapping[str, Sequence[float]]],
    metric: str = "loss",
    ylabel: str = "loss",
    title: str = "Training curves",
    logy: bool = False,
):
    """Plot ``metric`` and ``val_<metric>`` per epoch for each named Keras ``History.history``.

    Training is a solid line, validation dashed, in the method's course colour.
    Returns the matplotlib figure.
    """
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.5))
    for i, (name, hist) in enumerate(histories.items()):
        c = COLORS.get(name.lower(), f"C{i}")
        epochs = np.arange(1, len(hist[metric]) + 1)
        ax.plot(epochs, hist[metric], color=c, label=f"{name} (train)")
        if f"val_{metric}" in hist:
            ax.plot(epochs, hist[f"val_{metric}"], color=c, linestyle="--", label=f"{name} (validation)")
    ax.set_xlabel("epoch")
    ax.set_ylabel(ylabel)
    if logy:
        ax.set_yscale("log")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    return fig


def scatter_2d(points: np.ndarray, labels: np.ndarray, ax, title: str, class_names: Sequence[str] | None = None):
    """Scatter 2-D ``points`` coloured by integer ``labels`` on ``ax`` (a class legend if names are given)."""
    sc = ax.scatter(points[:, 0], points[:, 1], c=labels, cmap="tab10", s=4, alpha=0.8, vmin=-0.5, vmax=9.5)
    ax.set_title(title)
    ax.set_xticks([])
    ax.set_yticks([])
    if class_names is not None:
        handles = [
            ax.scatter([], [], color=sc.cmap(sc.norm(i)), s=20, label=name) for i, name in enumerate(class_names)
        ]
        ax.legend(handles=handles, fontsize=7, loc="best", markerscale=1, frameon=True)
    return sc
