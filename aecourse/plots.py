"""Figures the lessons share: image grids, training curves, one colour per method.

Every method keeps the same colour across the whole course (:data:`COLORS`),
so "PCA" is the same grey in lesson 01 and lesson 04. Introduced in lesson 01.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from . import course

#: One colour per method, for every figure of the course: the shared ones and each lesson's own, from
#: :mod:`aecourse.course` (a method named by two lesson files is an error).
COLORS: dict[str, str] = dict(course.SHARED_COLORS)
for _module in course.MODULES.values():
    for _method, _colour in _module.COLORS.items():
        if _method in COLORS:
            raise ValueError(f"{_method!r} has a colour in aecourse/course twice: keep one, in SHARED_COLORS")
        COLORS[_method] = _colour


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
