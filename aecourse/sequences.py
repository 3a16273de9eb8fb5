"""The sequence task of lesson 06: 6 random integers in, the first 3 reversed out.

Example: source ``[20, 36, 40, 10, 34, 28]`` -> target ``[40, 36, 20]``.
Tokens are integers 1..50; 0 is reserved as the start-of-sequence symbol the
decoder is fed first. Everything is one-hot over 51 classes.
"""

from __future__ import annotations

import numpy as np

CARDINALITY = 51  # tokens 1..50, plus 0 = start of sequence
START = 0


def make_pairs(
    n: int, seed, n_in: int = 6, n_out: int = 3, cardinality: int = CARDINALITY, prefixes: np.ndarray | None = None
):
    """``n`` (source, target) pairs as int arrays ``(n, n_in)`` and ``(n, n_out)``, from a seeded generator.

    The target depends only on the first ``n_out`` tokens, the *prefix*. With ``prefixes`` (an int array
    ``(m, n_out)``, e.g. one side of :func:`split_prefixes`) every source starts with one of them, drawn
    uniformly; the other tokens are free.
    """
    rng = np.random.default_rng(list(seed) if isinstance(seed, tuple) else seed)
    source = rng.integers(1, cardinality, size=(n, n_in))
    if prefixes is not None:
        prefixes = np.asarray(prefixes)
        if prefixes.ndim != 2 or prefixes.shape[1] != n_out or len(prefixes) == 0:
            raise ValueError(f"prefixes must be a non-empty (m, {n_out}) array, got shape {prefixes.shape}")
        source[:, :n_out] = prefixes[rng.integers(len(prefixes), size=n)]
    target = source[:, :n_out][:, ::-1].copy()
    return source, target


def split_prefixes(seed, test_fraction: float = 0.1, n_out: int = 3, cardinality: int = CARDINALITY):
    """Split every possible prefix (``(cardinality − 1) ** n_out`` of them) into disjoint train and test sets.

    Returns two int arrays ``(m, n_out)``. Drawing training pairs from the first and test pairs from the second
    (:func:`make_pairs` with ``prefixes=``) guarantees that no test answer was seen in training.
    """
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must lie strictly between 0 and 1, got {test_fraction}")
    values = np.arange(1, cardinality)
    grid = np.stack(np.meshgrid(*([values] * n_out), indexing="ij"), axis=-1).reshape(-1, n_out)
    order = np.random.default_rng(list(seed) if isinstance(seed, tuple) else seed).permutation(len(grid))
    n_test = int(round(test_fraction * len(grid)))
    return grid[order[n_test:]], grid[order[:n_test]]


def prefix_overlap(train_source: np.ndarray, test_source: np.ndarray, n_out: int = 3) -> int:
    """How many test sequences start with a prefix that also starts some training sequence (0 = unseen answers)."""
    seen = {tuple(p) for p in np.asarray(train_source)[:, :n_out].tolist()}
    return int(sum(tuple(p) in seen for p in np.asarray(test_source)[:, :n_out].tolist()))


def one_hot(ids: np.ndarray, cardinality: int = CARDINALITY) -> np.ndarray:
    """Integer ids ``(n, T)`` -> float32 one-hot ``(n, T, cardinality)``."""
    ids = np.asarray(ids)
    if ids.min() < 0 or ids.max() >= cardinality:
        raise ValueError(f"ids must lie in 0..{cardinality - 1}, got {ids.min()}..{ids.max()}")
    return np.eye(cardinality, dtype="float32")[ids]


def decoder_inputs(target: np.ndarray) -> np.ndarray:
    """Teacher forcing: the decoder sees the start symbol, then the true previous tokens (``[0, t0, t1]``)."""
    target = np.asarray(target)
    return np.concatenate([np.full((len(target), 1), START, dtype=target.dtype), target[:, :-1]], axis=1)


def exact_match(predicted: np.ndarray, target: np.ndarray) -> float:
    """Fraction of sequences whose every token is right."""
    return float(np.mean(np.all(np.asarray(predicted) == np.asarray(target), axis=1)))


def token_accuracy(predicted: np.ndarray, target: np.ndarray) -> float:
    """Fraction of tokens that are right."""
    return float(np.mean(np.asarray(predicted) == np.asarray(target)))
