"""Lesson 05's importance-sampled likelihood, checked on a model whose likelihood is known in closed form.

The linear-Gaussian model: z ~ N(0, I_d), x | z ~ N(A z + b, s² I_D). Then x ~ N(b, A Aᵀ + s² I) exactly,
and the exact posterior is Gaussian, N(S Aᵀ (x − b) / s², S) with S = (I + AᵀA / s²)⁻¹; with it as q,
every importance weight equals p(x), so the estimate is exact for any k.
"""

import numpy as np
import pytest

from aecourse import likelihood

D, d, s = 5, 2, 0.5
_rng = np.random.default_rng(0)
b = _rng.normal(size=D)
# orthogonal columns make the exact posterior covariance diagonal, as a VAE encoder's is
A = np.linalg.qr(_rng.normal(size=(D, d)))[0] * np.array([1.5, 0.7])


def exact_log_px(x):
    cov = A @ A.T + s**2 * np.eye(D)
    diff = x - b
    _, logdet = np.linalg.slogdet(cov)
    return -0.5 * (D * np.log(2 * np.pi) + logdet + np.einsum("nd,dk,nk->n", diff, np.linalg.inv(cov), diff))


def log_px_given_z(x, z):
    return likelihood.gaussian_log_density(x, z @ A.T + b, np.full(D, 2 * np.log(s)))


def exact_posterior(xb):
    cov = np.linalg.inv(np.eye(d) + A.T @ A / s**2)
    assert np.allclose(cov, np.diag(np.diag(cov)))
    return (xb - b) @ A @ cov.T / s**2, np.tile(np.log(np.diag(cov)), (len(xb), 1))


def rough_posterior(xb):
    """A deliberately poor q: unit variance around a shrunken mean."""
    return 0.5 * (xb - b) @ A / (A**2).sum(0), np.zeros((len(xb), d))


def test_log_mean_exp_is_stable():
    assert likelihood.log_mean_exp(np.array([1000.0, 1000.0])) == pytest.approx(1000.0)
    assert likelihood.log_mean_exp(np.log(np.array([[1.0, 3.0]])), axis=1)[0] == pytest.approx(np.log(2.0))


def test_bernoulli_log_likelihood_by_hand():
    x = np.array([[1.0, 0.0]])
    logits = np.array([[0.0, np.log(3.0)]])  # p = 0.5 and 0.75
    assert likelihood.bernoulli_log_likelihood(x, logits)[0] == pytest.approx(np.log(0.5) + np.log(0.25))
    assert np.isfinite(likelihood.bernoulli_log_likelihood(x, np.array([[500.0, -500.0]]))).all()


def test_iwae_is_exact_with_the_true_posterior_for_any_k():
    x = np.random.default_rng(1).normal(size=(20, D)) + b
    for k in (1, 7):
        out = likelihood.iwae(x, exact_posterior, log_px_given_z, k=k, seed=1, batch_size=7)
        np.testing.assert_allclose(out["log_px"], exact_log_px(x), atol=1e-9)
        np.testing.assert_allclose(out["elbo"], exact_log_px(x), atol=1e-9)


def test_iwae_bound_tightens_with_k_towards_the_true_likelihood():
    x = np.random.default_rng(2).normal(size=(50, D)) + b
    truth = exact_log_px(x).mean()
    bounds = {k: likelihood.iwae(x, rough_posterior, log_px_given_z, k=k, seed=2)["log_px"].mean() for k in (10, 5000)}
    elbo = likelihood.iwae(x, rough_posterior, log_px_given_z, k=1000, seed=3)["elbo"].mean()
    assert elbo < bounds[10] - 0.5
    assert bounds[10] < bounds[5000] <= truth + 0.01
    assert bounds[5000] == pytest.approx(truth, abs=0.05)


def test_with_one_sample_the_bound_is_the_elbo_estimate():
    x = np.random.default_rng(4).normal(size=(10, D)) + b
    out = likelihood.iwae(x, rough_posterior, log_px_given_z, k=1, seed=4)
    np.testing.assert_allclose(out["log_px"], out["elbo"])


def test_iwae_refuses_k_below_one():
    with pytest.raises(ValueError, match="k must be"):
        likelihood.iwae(np.zeros((1, D)), rough_posterior, log_px_given_z, k=0)
