"""Lesson 03 · Image denoising: worked solutions to the exercises.

Try each exercise in the notebook before reading its solution. Run: ``python solutions/03_image_denoising.py --profile
smoke`` (or ``make solutions LESSONS=03``). Each ``exercise_N`` does what the exercise asks, prints what it found and
returns its checker's verdict (``None`` where the exercise is open-ended).
"""

from aecourse import exercises

LESSON = "03_image_denoising"
args = exercises.solution_args(LESSON)

import aecourse

run = aecourse.setup(args.profile, args.backend, args.seed, lesson=LESSON)  # the lesson's own sizes

import functools

import keras
import numpy as np
from keras import layers

from aecourse import denoisers, metrics, training
from aecourse.data import load_fashion_mnist, load_mnist
from aecourse.results import table

NOISE = 0.5  # the lesson's noise factor
FAST = {  # the notebook's grids for the three fast filters
    "gaussian blur": [0.5, 0.75, 1.0, 1.5, 2.0],
    "median filter": [2, 3, 5],
    "non-local means": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6],
}

(x_train_u8, _), (x_test_u8, _) = load_mnist()
x_all = x_train_u8.astype("float32") / 255.0
x_train, x_val = x_all[: run.n_train], x_all[-5000:][: run.n_val]  # the notebook's split
x_test = x_test_u8[: run.n_test].astype("float32") / 255.0


(build_denoiser,) = exercises.from_lesson(LESSON, "build_denoiser", namespace={"keras": keras, "layers": layers})
# section 9's loss, U-Net, noisy batches, the pilots' designs and the peak learning rate, as the notebook defines them
_, build_unet, noisy_batches, _, DESIGNS, PEAK_LR = exercises.from_lesson(
    LESSON,
    "minus_psnr",
    "build_unet",
    "noisy_batches",
    "MIXED",
    "DESIGNS",
    "PEAK_LR",
    namespace={"keras": keras, "layers": layers, "np": np, "x_train": x_train, "NOISE": NOISE},
)


def salt_and_pepper(images, fraction, seed):
    """Set ``fraction`` of the pixels, chosen at random, to 0 or 1 with equal chance."""
    rng = np.random.default_rng(seed)
    hit = rng.random(images.shape) < fraction
    return np.where(hit, (rng.random(images.shape) < 0.5).astype("float32"), images).astype("float32")


CORRUPT = {  # the kinds of noise a denoiser is trained on here
    "gaussian": lambda x, seed: denoisers.add_noise(x, NOISE, seed),
    "salt and pepper": lambda x, seed: salt_and_pepper(x, 0.2, seed),
}


@functools.cache
def trained_denoiser(noise="gaussian"):
    """The notebook's denoiser trained on ``run.n_train`` digits for ``run.epochs`` epochs, fresh noise each epoch."""
    keras.utils.set_random_seed(args.seed)
    model = build_denoiser()
    for epoch in range(run.epochs):
        noisy = CORRUPT[noise](x_train, args.seed + 1000 + epoch)
        model.fit(noisy[..., None], x_train[..., None], batch_size=128, epochs=1, verbose=0)
    return model


def denoise(model, noisy):
    return model.predict(noisy[..., None], batch_size=500, verbose=0)[..., 0]


def exercise_1():
    """Shapes for larger images."""
    model = build_denoiser(side=32)
    code_side = model.get_layer("code").output.shape[1]
    output_side = model.output.shape[1]
    print(f"32×32 input: code {model.get_layer('code').output.shape[1:]}, output {model.output.shape[1:]}")
    print("32 → 16 → 8 → 4: no rounding this time, and the decoder, which only sees the 4×4 code, still ends at 28:")
    print("the output no longer matches the input, so the loss cannot be computed. Pad the third decoder convolution.")
    return exercises.check_denoiser_sides(code_side, output_side)


def exercise_2():
    """Averaging decibels."""
    mses = np.array([1e-2, 1e-4])
    per_image = 10 * np.log10(1.0 / mses)
    course_psnr, pooled_psnr = float(per_image.mean()), float(10 * np.log10(1.0 / mses.mean()))
    print(
        f"per image {per_image} dB → the course's PSNR {course_psnr:.2f} dB; PSNR of the mean MSE {pooled_psnr:.2f} dB"
    )
    print("The mean MSE is dominated by the worse digit; the mean of decibels weighs both. Since log is concave,")
    print("the mean of per-image PSNRs is always at least the PSNR of the mean MSE (equal only when the MSEs are).")
    return exercises.check_psnr_average(course_psnr, pooled_psnr)


def exercise_3():
    """The bias of clipped noise, by hand and by simulation."""
    from scipy.stats import norm

    sigma = 0.8
    b = 1.0 / sigma  # with x = 0: a = 0, b = 1/σ
    closed = sigma * (norm.pdf(0.0) - norm.pdf(b)) + norm.sf(b)  # x(Φ(b) − Φ(a)) vanishes at x = 0
    draws = np.clip(sigma * np.random.default_rng(args.seed).standard_normal(1_000_000), 0.0, 1.0)
    print(f"closed form {closed:.4f}, simulation {draws.mean():.4f} (± {draws.std() / 1e3:.4f}), ")
    print(f"against {sigma * norm.pdf(0.0):.4f} if the clip at 1 were forgotten: a black pixel is lifted towards grey.")
    return exercises.check_black_pixel_mean(float(draws.mean()), factor=sigma)


def exercise_4():
    """Salt-and-pepper noise."""
    val_sp = salt_and_pepper(x_val, 0.2, args.seed + 1)
    test_sp = salt_and_pepper(x_test, 0.2, args.seed + 2)
    rows = {"noisy": {"parameter": float("nan"), "test PSNR (dB)": metrics.psnr(x_test, test_sp)}}
    for name, grid in FAST.items():  # tuned on validation digits, scored on test digits
        best, _ = denoisers.tune(denoisers.METHODS[name], grid, val_sp, x_val, metrics.psnr)
        rows[name] = {"parameter": best, "test PSNR (dB)": metrics.psnr(x_test, denoisers.METHODS[name](test_sp, best))}
    for noise in ("gaussian", "salt and pepper"):
        out = denoise(trained_denoiser(noise), test_sp)
        rows[f"autoencoder trained on {noise}"] = {
            "parameter": float("nan"),
            "test PSNR (dB)": metrics.psnr(x_test, out),
        }
    print(table(rows))
    winner = max(FAST, key=lambda name: rows[name]["test PSNR (dB)"])
    print(f"Among the filters the {winner} wins: an impulse is an outlier in its window, and a median ignores it.")
    gaussian, sp = (rows[f"autoencoder trained on {n}"]["test PSNR (dB)"] for n in ("gaussian", "salt and pepper"))
    lead = sp - rows[winner]["test PSNR (dB)"]
    print(f"Trained on salt-and-pepper instead of Gaussian noise, the autoencoder gains {sp - gaussian:+.2f} dB and")
    print(f"scores {lead:+.2f} dB against the {winner}. A model trained on Gaussian noise has never seen isolated")
    print("white dots; one trained on impulses sees them in every training pair and can learn to remove them, as it")
    print("learned the clipped noise's bias. Whether it then beats the median filter, the two lines above say, for a")
    print(f"model trained {run.epochs} epoch(s) on {run.n_train} digits (the standard profile trains far longer).")
    return exercises.check_salt_and_pepper_winner(winner)


def exercise_5():
    """Out of domain."""
    (f_train, _), (f_test, f_labels) = load_fashion_mnist()
    f_val = f_train[-5000:][: run.n_val].astype("float32") / 255.0
    f_test, f_labels = f_test[: run.n_test].astype("float32") / 255.0, f_labels[: run.n_test]
    val_noisy, test_noisy = (denoisers.add_noise(x, NOISE, seed=args.seed + k) for k, x in ((1, f_val), (2, f_test)))
    sigma, _ = denoisers.tune(denoisers.gaussian, FAST["gaussian blur"], val_noisy, f_val, metrics.psnr)
    model = trained_denoiser("gaussian")
    out = denoise(model, test_noisy)
    digits_noisy = denoisers.add_noise(x_test, NOISE, seed=args.seed + 2)
    digits_out = denoise(model, digits_noisy)
    shoes = np.isin(f_labels, (5, 7, 9))  # sandal, sneaker, ankle boot
    rows = {
        "digits: autoencoder": {"PSNR (dB)": metrics.psnr(x_test, digits_out)},
        "clothes: noisy": {"PSNR (dB)": metrics.psnr(f_test, test_noisy)},
        "clothes: autoencoder": {"PSNR (dB)": metrics.psnr(f_test, out)},
        f"clothes: gaussian blur (σ = {sigma}, tuned on clothes)": {
            "PSNR (dB)": metrics.psnr(f_test, denoisers.gaussian(test_noisy, sigma))
        },
        "shoes only: autoencoder": {"PSNR (dB)": metrics.psnr(f_test[shoes], out[shoes])},
    }
    print(table(rows))
    gain_digits = rows["digits: autoencoder"]["PSNR (dB)"] - metrics.psnr(x_test, digits_noisy)
    gain_clothes = rows["clothes: autoencoder"]["PSNR (dB)"] - rows["clothes: noisy"]["PSNR (dB)"]
    print(f"The autoencoder's gain over its noisy input: {gain_digits:+.2f} dB on digits, {gain_clothes:+.2f} dB on")
    barely = "; too little to learn much" if args.profile == "smoke" else ""
    print(f"clothes (this run trained {run.epochs} epoch(s) on {run.n_train} digits{barely}).")
    grey = (f_test > 0.2) & (f_test < 0.8)  # mid-grey cloth, a tone digits rarely have
    inked = np.mean((out[grey] < 0.1) | (out[grey] > 0.9))
    print(
        f"On mid-grey cloth (clean mean {f_test[grey].mean():.3f}) it outputs {out[grey].mean():.3f} on average, with"
    )
    print(f"{inked:.0%} of those pixels pushed to near black or white. A trained digit denoiser paints what it sees")
    print("as ink on paper: it keeps a shoe's outline and loses its texture, because that is all digits contain.")
    return None


def exercise_6():
    """The ceiling, and what lifts it: (a) the seed model's ceiling, (b) which change gains most where."""
    found_ceiling = ceiling()  # both parts run, whatever the first one's verdict
    return largest_gain() and found_ceiling


def ceiling():
    """The seed model's PSNR on the clean test digits."""
    model = trained_denoiser("gaussian")
    psnr_clean = metrics.psnr(x_test, denoise(model, x_test))
    noisy = {
        level: metrics.psnr(x_test, denoisers.add_noise(x_test, level, seed=args.seed + 100)) for level in run.levels
    }
    print(f"the seed's model given the clean test digits: {psnr_clean:.2f} dB")
    print("noisy input by level: " + ", ".join(f"{lv}: {p:.1f} dB" for lv, p in noisy.items()))
    print("Wherever the noisy input scores above the ceiling, the model makes the digit worse: its 4×4×16 code cannot")
    print("carry a stroke's detail. A U-Net's skips pass that detail around the code, so its ceiling lies far higher.")
    return exercises.check_ceiling(psnr_clean, model, x_test, noisy)


def largest_gain():
    """Which change matters where: section 9's four pilots on validation digits, level by level."""
    x_choose = x_all[-5000:][: run.n_val_models]
    val_levels = [denoisers.add_noise(x_choose, lv, seed=args.seed + 200 + k) for k, lv in enumerate(run.levels)]
    val_sweep = {}
    for k, (name, (skips, residual, noise_range)) in enumerate(DESIGNS.items()):
        keras.utils.set_random_seed(args.seed)
        model, _ = build_unet(f"unet_{k}", skips=skips, predict_noise=residual)
        training.fit_steps(model, noisy_batches(*noise_range), run.pilot_steps, PEAK_LR, seed=args.seed + k)
        val_sweep[name] = [metrics.psnr(x_choose, np.clip(denoise(model, noisy), 0, 1)) for noisy in val_levels]
    print(table({name: dict(zip(map(str, run.levels), v)) for name, v in val_sweep.items()}))
    steps = exercises.lesson03.GAIN_STEPS
    for where, index in (("lightest", 0), ("heaviest", -1)):
        gains = {step: val_sweep[a][index] - val_sweep[b][index] for step, (a, b) in steps.items()}
        print(f"at the {where} level ({run.levels[index]}): " + ", ".join(f"{s} {g:+.2f} dB" for s, g in gains.items()))
    print("Light noise asks the model to change almost nothing: the skips hand it the input's detail, and predicting")
    print("the noise makes 'almost nothing' the easy answer. Heavy noise asks it to redraw strokes it can barely see,")
    print(
        "which takes having trained at heavy levels: mixed noise. Which wins where, the lines above say for this run."
    )
    gains = {step: val_sweep[a][0] - val_sweep[b][0] for step, (a, b) in steps.items()}
    return exercises.check_largest_gain(max(gains, key=gains.get), val_sweep, level_index=0)


if __name__ == "__main__":
    exercises.run_solutions(
        {1: exercise_1, 2: exercise_2, 3: exercise_3, 4: exercise_4, 5: exercise_5, 6: exercise_6},
        only=args.only,
    )
