"""Test log-likelihood of a VAE by importance sampling (the IWAE bound), for lesson 05.

For an image ``x``, an encoder ``q(z | x)`` (a diagonal Gaussian) and a decoder ``p(x | z)``, draw
``z_1..z_k ~ q(z | x)`` and form the log importance weights
``log w_j = log p(x | z_j) + log p(z_j) − log q(z_j | x)``. Then

* the mean of ``log w_j`` estimates the ELBO, and
* ``log (1/k Σ_j w_j)`` is the IWAE bound (Burda, Grosse & Salakhutdinov 2016), which rises towards
  ``log p(x)`` as ``k`` grows. ``−`` that, in nats, is the test NLL the literature reports.

All in NumPy: the model is reached only through two callables, so this works on every Keras backend.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

LOG_2PI = float(np.log(2 * np.pi))


def log_mean_exp(values: np.ndarray, axis: int = -1) -> np.ndarray:
    """``log(mean(exp(values)))`` along ``axis``, computed without overflow."""
    values = np.asarray(values, dtype="float64")
    top = values.max(axis=axis, keepdims=True)
    return np.squeeze(top, axis=axis) + np.log(np.mean(np.exp(values - top), axis=axis))


def gaussian_log_density(z: np.ndarray, mean: np.ndarray, logvar: np.ndarray) -> np.ndarray:
    """``log N(z; mean, diag(exp(logvar)))`` summed over the last axis, in nats."""
    return -0.5 * np.sum(LOG_2PI + logvar + (z - mean) ** 2 / np.exp(logvar), axis=-1)


def bernoulli_log_likelihood(x: np.ndarray, logits: np.ndarray) -> np.ndarray:
    """``log p(x | logits)`` for binary ``x``, summed over all but the first axis, in nats (stable form)."""
    x = np.asarray(x, dtype="float64")
    logits = np.asarray(logits, dtype="float64")
    per_pixel = x * logits - np.logaddexp(0.0, logits)
    return per_pixel.reshape(len(per_pixel), -1).sum(axis=1)


def iwae(
    x: np.ndarray,
    encode: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]],
    log_px_given_z: Callable[[np.ndarray, np.ndarray], np.ndarray],
    k: int,
    seed: int = 0,
    batch_size: int = 100,
    noise: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Importance-sampled log-likelihood of each example of ``x``, in nats.

    ``encode(x_batch)`` returns ``(mean, logvar)`` of ``q(z | x)``, each ``(b, d)``;
    ``log_px_given_z(x_rep, z)`` returns ``log p(x | z)`` for ``b·k`` rows (each example repeated ``k``
    times, sample-major within the example). The prior is ``N(0, I)``.

    ``noise``: optional standard-normal draws ``ε`` of shape ``(len(x), k, d)`` to use instead of drawing them
    from ``seed`` (each code is ``z = mean + exp(logvar / 2) · ε``), so that a reader can recompute the bound
    on exactly the same codes, as lesson 05's written-out cell does.

    Returns ``{"log_px": …, "elbo": …}``, arrays of one value per example: the IWAE bound with ``k``
    samples and the ELBO estimated from the same samples. Used by lesson 05.
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    if noise is not None and np.shape(noise)[:2] != (len(x), k):
        raise ValueError(f"noise must have shape (len(x), k, d) = ({len(x)}, {k}, d), got {np.shape(noise)}")
    rng = np.random.default_rng(seed)
    log_px, elbo = [], []
    for start in range(0, len(x), batch_size):
        xb = np.asarray(x[start : start + batch_size])
        mean, logvar = (np.asarray(a, dtype="float64") for a in encode(xb))
        b, d = mean.shape
        eps = rng.standard_normal((b, k, d)) if noise is None else np.asarray(noise[start : start + b], "float64")
        z = mean[:, None, :] + np.exp(0.5 * logvar)[:, None, :] * eps
        log_q = gaussian_log_density(z, mean[:, None, :], logvar[:, None, :])
        log_prior = -0.5 * np.sum(LOG_2PI + z**2, axis=-1)
        x_rep = np.repeat(xb, k, axis=0)
        log_lik = np.asarray(log_px_given_z(x_rep, z.reshape(b * k, d).astype(xb.dtype)), dtype="float64")
        log_w = log_lik.reshape(b, k) + log_prior - log_q
        log_px.append(log_mean_exp(log_w, axis=1))
        elbo.append(log_w.mean(axis=1))
    return {"log_px": np.concatenate(log_px), "elbo": np.concatenate(elbo)}
