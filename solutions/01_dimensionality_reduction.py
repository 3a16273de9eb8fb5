"""Lesson 01 · Dimensionality reduction: worked solutions to the exercises.

Try each exercise in the notebook before reading its solution. Run: ``python solutions/01_dimensionality_reduction.py
--profile smoke`` (or ``make solutions LESSONS=01``). Each ``exercise_N`` does what the exercise asks, prints what it
found and returns its checker's verdict (``None`` where the exercise is open-ended). The sizes are the lesson's own
(``aecourse/course/lesson01.py``): tiny in ``smoke``, the lesson's in ``standard``.
"""

from aecourse import exercises

LESSON = "01_dimensionality_reduction"
args = exercises.solution_args(LESSON)

import aecourse

run = aecourse.setup(args.profile, args.backend, args.seed, lesson=LESSON)

import keras
import numpy as np
from keras import layers

from aecourse import baselines, metrics
from aecourse.data import FASHION_CLASSES, load_fashion_mnist, load_mnist

(build_autoencoder,) = exercises.from_lesson(LESSON, "build_autoencoder", namespace={"keras": keras, "layers": layers})


def prepare(images):
    """uint8 (n, 28, 28) -> float32 (n, 784) in [0, 1], as in the lesson."""
    return images.reshape(len(images), -1).astype("float32") / 255.0


(x_train_u8, _), (x_test_u8, y_test) = load_fashion_mnist()
x_train = prepare(x_train_u8[: run.n_train])[:-5000]  # the lesson holds the last 5,000 out for validation
x_test, y_test = prepare(x_test_u8[: run.n_test]), y_test[: run.n_test]


def train_reference(code_activation="sigmoid", epochs=run.epochs):
    """The lesson's 784-2000-500-500-10 autoencoder, trained as in section 4; returns (autoencoder, encoder)."""
    model, encoder = build_autoencoder([2000, 500, 500], 10, code_activation=code_activation)
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mse")
    model.fit(x_train, x_train, epochs=epochs, batch_size=256, verbose=0)
    return model, encoder


def exercise_1():
    """Count the decoder's parameters."""
    # Dense a -> b has a*b weights and b biases: 10*500+500, 500*500+500, 500*2000+2000, 2000*784+784.
    answer = (10 * 500 + 500) + (500 * 500 + 500) + (500 * 2000 + 2000) + (2000 * 784 + 784)
    encoder = exercises.dense_params([784, 2000, 500, 500, 10])
    print(f"decoder {answer:,} against the encoder's {encoder:,}: the same weight matrices, transposed, but the")
    print(
        f"biases sit on the output side of each layer: 784 at the decoder's end, 10 at the encoder's ({answer - encoder})."
    )
    return exercises.check_dense_params(answer, [10, 500, 500, 2000, 784])


def exercise_2():
    """A linear autoencoder finds PCA's subspace."""
    model, _ = build_autoencoder([], 10, code_activation=None, name="linear")
    model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="mse")
    epochs = max(2, -(-60_000 // len(x_train)))  # about 240 steps of 256 images, whatever the profile's size
    model.fit(x_train, x_train, epochs=epochs, batch_size=256, verbose=0)
    # No amount of training takes it below PCA: PCA's subspace minimises the squared error among *all* linear codes
    # of 10 numbers, so gradient descent can only approach it from above, slowest along low-variance directions.
    return exercises.check_linear_autoencoder(model, x_train, x_test)


def exercise_3():
    """Which class is hardest?"""
    model, _ = train_reference()
    recon = model.predict(x_test, batch_size=1000, verbose=0)
    pca_recon, _, _ = baselines.pca_reconstruct(x_train, x_test, 10, seed=args.seed)
    per_class = {
        name: (
            metrics.mse(x_test[y_test == c], recon[y_test == c]),
            metrics.mse(x_test[y_test == c], pca_recon[y_test == c]),
        )
        for c, name in enumerate(FASHION_CLASSES)
    }
    for name, (ae, pca) in sorted(per_class.items(), key=lambda kv: -kv[1][0]):
        print(f"  {name:12s} autoencoder {ae:.4f}   PCA {pca:.4f}")
    worst = max(per_class, key=lambda name: per_class[name][0])
    worst_pca = max(per_class, key=lambda name: per_class[name][1])
    ranks = {name: i for i, name in enumerate(sorted(per_class, key=lambda name: -per_class[name][1]))}
    agree = np.corrcoef(
        range(len(per_class)), [ranks[name] for name in sorted(per_class, key=lambda n: -per_class[n][0])]
    )
    print(
        f"worst for the autoencoder: {worst}; for PCA: {worst_pca}; rank correlation of the two orders {agree[0, 1]:.2f}"
    )
    return exercises.check_hardest_class(worst, x_test, y_test, recon)


def exercise_4():
    """How many numbers does PCA need?"""
    ratios = baselines.pca_fit(x_train, 784, seed=args.seed).explained_variance_ratio_
    answer = int(np.searchsorted(np.cumsum(ratios), 0.9) + 1)  # the first count whose cumulated share reaches 0.9
    print(f"PCA needs {answer} components for 90 % of the variance; 10 keep {np.sum(ratios[:10]):.1%} of it.")
    print("Variance is not what the eye sees, though: the small components carry the edges and prints.")
    return exercises.check_components_for_variance(answer, x_train, 0.9)


def exercise_5():
    """The sigmoid code."""
    found = {}
    for activation in ("sigmoid", None):
        model, encoder = train_reference(code_activation=activation)
        codes = encoder.predict(x_test, batch_size=1000, verbose=0)
        mse = metrics.mse(x_test, model.predict(x_test, batch_size=1000, verbose=0))
        low, high = np.percentile(codes, [1, 99])
        found[activation or "linear"] = mse
        print(f"code {activation or 'linear':8s}: test MSE {mse:.5f}; 98 % of code values in [{low:.2f}, {high:.2f}]")
    print(f"linear / sigmoid test MSE: {found['linear'] / found['sigmoid']:.3f} in this run.")
    # What a linear code loses is a known range: its values can lie anywhere, with a different scale per unit, so
    # sweeping, plotting, quantising (lesson 02) or sampling (lesson 05) a code first needs its range measured.
    return None


def exercise_6():
    """Closing the gap to 2006."""
    (m_train_u8, _), (m_test_u8, _) = load_mnist()
    m_train, m_test = prepare(m_train_u8[: run.n_train]), prepare(m_test_u8[: run.n_test])
    model, _ = build_autoencoder(
        [1000, 500, 250], code_size=30, code_activation=None, output_activation="sigmoid", name="hinton2006"
    )
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="binary_crossentropy")
    errors = []
    for epoch in range(1, 2 * run.mnist_epochs + 1):  # twice the lesson's budget, scored after every epoch
        model.fit(m_train, m_train, epochs=1, batch_size=256, verbose=0)
        errors.append(metrics.sse_per_image(m_test, model.predict(m_test, batch_size=1000, verbose=0)))
        print(f"  epoch {epoch:3d}: squared error per test image {errors[-1]:.2f} ({errors[-1] / 3.00:.2f} × 3.00)")
    if len(errors) >= 4:  # a straight line through the second half on log-log axes, extrapolated to 3.00
        epochs = np.arange(1, len(errors) + 1)[len(errors) // 2 :]
        slope, intercept = np.polyfit(np.log(epochs), np.log(errors[len(errors) // 2 :]), 1)
        if slope < 0:
            print(
                f"error ~ epochs^{slope:.2f}; at that rate 3.00 takes ~{np.exp((np.log(3.0) - intercept) / slope):,.0f} epochs"
            )
    return None


if __name__ == "__main__":
    exercises.run_solutions(
        {1: exercise_1, 2: exercise_2, 3: exercise_3, 4: exercise_4, 5: exercise_5, 6: exercise_6}, only=args.only
    )
