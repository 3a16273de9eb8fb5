"""Lesson 05 · Image generation (VAE): worked solutions to the exercises.

Try each exercise in the notebook before reading its solution. Run: ``python solutions/05_image_generation_vae.py
--profile smoke`` (or ``make solutions LESSONS=05``). Each ``exercise_N`` does what the exercise asks, prints what it
found and returns its checker's verdict (``None`` where the exercise is open-ended).

The VAE here is the notebook's (same encoder, decoder, sampling layer and training loop), trained with the profile's
sizes: in ``smoke`` for one epoch on a few thousand digits, so its numbers are those of a barely trained model; the
reasoning, and every checker, holds at any size.
"""

from aecourse import exercises

LESSON = "05_image_generation_vae"
args = exercises.solution_args(LESSON)

import aecourse

run = aecourse.setup(args.profile, args.backend, args.seed, lesson=LESSON)  # the lesson's own sizes

import functools

import keras
import numpy as np
from keras import layers, ops

from aecourse import likelihood
from aecourse.data import load_fashion_mnist, load_mnist

seed = args.seed
LATENT = 32


NS = {"keras": keras, "layers": layers, "ops": ops, "np": np, "likelihood": likelihood, "seed": seed}
binarise, Sampling, bernoulli_nll, build_encoder, build_decoder, test_likelihood = exercises.from_lesson(
    LESSON, "binarise", "Sampling", "bernoulli_nll", "build_encoder", "build_decoder", "test_likelihood", namespace=NS
)


(x_train_u8, _), (x_test_u8, _) = load_mnist()
x_train = x_train_u8[: run.n_train, ..., None].astype("float32") / 255.0
x_test_bin = binarise(x_test_u8[..., None].astype("float32") / 255.0, np.random.default_rng((seed, 12345)))
rng = np.random.default_rng(seed)


class BetaSampling(Sampling):
    """The notebook's sampling layer with the KL weighted by ``beta`` (exercise 4; beta = 1 is the VAE)."""

    def __init__(self, beta=1.0, **kwargs):
        super().__init__(**kwargs)
        self.beta = beta

    def call(self, inputs):
        mu, logvar = inputs
        kl = 0.5 * ops.sum(ops.exp(logvar) + ops.square(mu) - 1.0 - logvar, axis=-1)
        self.add_loss(self.beta * ops.mean(kl))  # exercise 4: the one changed line
        return mu + ops.exp(0.5 * logvar) * keras.random.normal(ops.shape(mu), seed=self.seed_generator)


def build_vae(beta=1.0):
    """The notebook's ``build_vae`` (d = 32), its KL weighted by ``beta``; returns (vae, encoder, decoder)."""
    parts = {"build_encoder": build_encoder, "build_decoder": build_decoder, "bernoulli_nll": bernoulli_nll}
    sampling = functools.partial(BetaSampling, beta)
    (build,) = exercises.from_lesson(LESSON, "build_vae", namespace={**NS, **parts, "Sampling": sampling})
    return build(LATENT)


_trained: dict[float, tuple] = {}


def trained_vae(beta=1.0):
    """The VAE trained for ``run.epochs`` epochs, a fresh binarisation each (built once per beta)."""
    if beta not in _trained:
        vae, encoder, decoder = build_vae(beta)
        for _ in range(run.epochs):
            binary = binarise(x_train, rng)
            vae.fit(binary, binary, batch_size=128, epochs=1, shuffle=True, verbose=0)
        _trained[beta] = (encoder, decoder)
    return _trained[beta]


def exercise_1():
    """The KL of one code, by hand."""
    mu, sigma = np.array([1.0, 0.0]), np.array([0.5, 1.0])
    per_unit = 0.5 * (sigma**2 + mu**2 - 1.0 - np.log(sigma**2))  # ½(σ² + μ² − 1 − log σ²), natural log
    kl = float(per_unit.sum())
    print(f"unit 1: ½(1/4 + 1 − 1 − ln(1/4)) = {per_unit[0]:.4f} nats; unit 2: ½(1 + 0 − 1 − 0) = {per_unit[1]:.0f}")
    print("Unit 2's q is the prior itself: it costs nothing, and it tells the decoder nothing about the image.")
    return exercises.check_gaussian_kl(kl)


def exercise_2():
    """The ELBO is the k = 1 case, and more samples tighten it."""
    encoder, decoder = trained_vae()
    ks, nlls = (1, 10, 100), []
    for k in ks:
        scores = test_likelihood(encoder, decoder, x_test_bin[:200], k)
        if k == 1:  # log-mean-exp of one log-weight is that log-weight: the bound and the ELBO estimate coincide
            np.testing.assert_allclose(scores["log_px"], scores["elbo"])
            print("k = 1: scores['log_px'] equals scores['elbo'] image by image (log-mean-exp of one number)")
        nlls.append(float(-scores["log_px"].mean()))
    print(", ".join(f"k = {k}: NLL {v:.2f} nats" for k, v in zip(ks, nlls)))
    print("Each tenfold k lowers the NLL by less: the bound creeps up towards log p(x), never past it on average.")
    return exercises.check_tightening(nlls, ks=ks)


def active_units(encoder):
    """The encoder's means and log-variances on all test digits, and the number of active units."""
    mu, logvar = encoder.predict(x_test_bin, verbose=0)
    return mu, logvar, int((mu.var(axis=0) > 1e-2).sum())


def exercise_3():
    """Active units."""
    encoder, _ = trained_vae()
    mu_all, logvar_all, n_active = active_units(encoder)
    kl_per_unit = (0.5 * (np.exp(logvar_all) + mu_all**2 - 1.0 - logvar_all)).mean(axis=0)
    active = mu_all.var(axis=0) > 1e-2
    print(f"{n_active} of {LATENT} units active; mean KL per image: active units {kl_per_unit[active].sum():.2f} nats")
    print(f"inactive units {kl_per_unit[~active].sum():.3f} nats in all: they sit at the prior, cost ~0, carry nothing")
    print("A code needs only about as many units as are active; the rest could be cut without changing the model.")
    print("(Well trained, a d = 32 VAE on MNIST leaves many units inactive; after a tiny smoke run the count differs.)")
    return exercises.check_active_units(n_active, mu_all)


def exercise_4():
    """β-VAE: predict, then test."""
    verdict = exercises.check_beta_vae("b")
    subset = np.random.default_rng(seed).permutation(len(x_test_bin))[: run.iwae_n]
    for beta in (1.0, 4.0):
        encoder, decoder = trained_vae(beta)
        nll = float(-test_likelihood(encoder, decoder, x_test_bin[subset], run.iwae_k)["log_px"].mean())
        print(f"β = {beta:g}: {active_units(encoder)[2]} active units, NLL {nll:.2f} nats (k = {run.iwae_k})")
    print("Expected once trained (standard): β = 4 has fewer active units and a higher NLL (the ordinary bound).")
    print("After smoke's few steps both models are barely trained, and these two lines can go either way.")
    return verdict


def exercise_5():
    """A likelihood for grey levels (open-ended)."""
    _, (f_test_u8, _) = load_fashion_mnist()
    grey = f_test_u8.astype("float64") / 255.0
    binary = binarise(grey, np.random.default_rng((seed, 12345)))
    print(f"{np.mean((grey > 0) & (grey < 1)):.1%} of clothing pixels are grey (neither 0 nor 255)")
    print(f"binarising moves a pixel by {np.abs(binary - grey).mean():.3f} of the grey range on average")
    p = np.clip(grey, 1e-12, 1 - 1e-12)
    floor = -(p * np.log(p) + (1 - p) * np.log(1 - p)).sum(axis=(1, 2)).mean()
    print(f"Bernoulli cross-entropy with grey targets cannot go below {floor:.1f} nats per image, even for a decoder")
    print("that outputs each image exactly: it is the entropy of coin flips, not the probability of the image.")
    lam = 0.9  # 'Bernoulli' density on [0, 1]: ∫ λ^x (1 − λ)^(1 − x) dx = (2λ − 1) / (ln λ − ln(1 − λ))
    print(
        f"nor is it a density on [0, 1]: with λ = {lam} it integrates to {(2 * lam - 1) / np.log(lam / (1 - lam)):.3f}"
    )
    print("Instead: a 256-way categorical per pixel (van den Oord et al. 2016) or a discretised logistic mixture")
    print("(Salimans et al. 2017), whose probabilities sum to one over the 8-bit images, reported in bits per pixel;")
    print("or a continuous density on uniformly dequantised pixels (Theis et al. 2016), or the continuous Bernoulli.")


if __name__ == "__main__":
    exercises.run_solutions({1: exercise_1, 2: exercise_2, 3: exercise_3, 4: exercise_4, 5: exercise_5}, only=args.only)
