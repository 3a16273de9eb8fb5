"""The sequence task of lesson 06: 6 random integers in, the first 3 reversed out.

Example: source ``[20, 36, 40, 10, 34, 28]`` -> target ``[40, 36, 20]``.
Tokens are integers 1..50; 0 is reserved as the start-of-sequence symbol the
decoder is fed first. Everything is one-hot over 51 classes.
"""

from __future__ import annotations

import numpy as np

CARDINALITY = 51  # tokens 1..50, plus 0 = start of sequence
START = 0


def make_pairs(n: int, seed: int, n_in: int = 6, n_out: int = 3, cardinality: int = CARDINALITY):
    """``n`` (source, target) pairs as int arrays ``(n, n_in)`` and ``(n, n_out)``, from a seeded generator."""
    rng = np.random.default_rng(seed)
    source = rng.integers(1, cardinality, size=(n, n_in))
    target = source[:, :n_out][:, ::-1].copy()
    return source, target


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
