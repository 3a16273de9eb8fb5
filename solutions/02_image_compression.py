"""Lesson 02 · Image compression: worked solutions to the exercises.

Try each exercise in the notebook before reading its solution. Run: ``python solutions/02_image_compression.py
--profile smoke`` (or ``make solutions LESSONS=02``). Each ``exercise_N`` does what the exercise asks, prints what it
found and returns its checker's verdict (``None`` where the exercise is open-ended).

The notebook's codec is trained for several trade-offs; here one codec of the same design is trained at the
notebook's middle trade-off, on a quarter of the lesson's training images (a few seconds in the smoke profile), and
a second one on Kodak tiles for exercise 6. The checkers compare with what these codecs imply, so the answers
below pass whatever the training reached.
"""

from aecourse import exercises

LESSON = "02_image_compression"
args = exercises.solution_args(LESSON)

import aecourse

run = aecourse.setup(args.profile, args.backend, args.seed, lesson=LESSON)  # the lesson's own sizes

import math

import keras
import numpy as np
from keras import layers, ops

from aecourse import classical, codecs, metrics
from aecourse.codec_layers import GDN, ChannelContext, gaussian_bits, to_uint8
from aecourse.data import load_fashion_mnist, load_kodak
from aecourse.results import table

C, SLICES, BOUND, BATCH, PIXELS = 16, 16, 127, 64, 28 * 28
MID_LAM = sorted(run.lambdas)[len(run.lambdas) // 2]  # the notebook's mid_lam
N_TRAIN = run.n_train // 4  # images each codec here trains on

(x_train_u8, _), (x_test_u8, _) = load_fashion_mnist()
validation = x_train_u8[55000 : 55000 + run.n_val]  # the notebook's validation images
fashion = x_test_u8[: run.n_eval]  # the notebook's test images
kodak = classical.grayscale_tiles(load_kodak(), size=28, n=run.n_eval, seed=args.seed)  # the notebook's Kodak tiles


# ----------------------------------------------------------------------------- the notebook's codec (section 3), from its own definitions


Quantiser, Rate, build_codec, rounded_code, per_position_prior = exercises.from_lesson(
    LESSON,
    "Quantiser",
    "Rate",
    "build_codec",
    "rounded_code",
    "per_position_prior",
    namespace={
        **{"keras": keras, "layers": layers, "ops": ops, "np": np, "codecs": codecs, "seed": args.seed},
        **{"GDN": GDN, "ChannelContext": ChannelContext, "gaussian_bits": gaussian_bits},
        **{"C": C, "SLICES": SLICES, "BOUND": BOUND},
    },
)


def train_codec(images_u8, lam, epochs):
    """The notebook's codec, trained from scratch as in section 4: returns (encoder, decoder, its coding prior)."""
    x = images_u8[..., None].astype("float32") / 255.0
    schedule = keras.optimizers.schedules.CosineDecay(1e-2, epochs * -(-len(x) // BATCH), alpha=0.02)
    model, encoder, decoder, context = build_codec(lam, schedule)
    model.fit(x, x, batch_size=BATCH, epochs=epochs, verbose=0)
    return encoder, decoder, codecs.ContextPrior(context.numpy_weights(), SLICES)


encoder, decoder, prior = train_codec(x_train_u8[:N_TRAIN], MID_LAM, run.base_epochs)


# ----------------------------------------------------------------------------- the exercises


def exercise_1():
    """Bytes per image."""
    q = rounded_code(encoder, fashion)
    streams = codecs.encode_streams(q, prior, BOUND, images_per_stream=classical.GROUP**2)  # section 6's mosaics
    decoded = to_uint8(decoder.predict(codecs.decode_streams(streams, prior, BOUND).astype("float32"), verbose=0))
    point = classical.rd_point(fashion, decoded, sum(len(s) for s in streams))
    points = [{"lambda": MID_LAM, **point}]  # what the notebook's ae["fashion"] holds for this trade-off
    # bpp counts every stored bit per pixel: bits per image = bpp × 784 pixels, and a byte is 8 bits
    answer = points[0]["bpp"] * PIXELS / 8
    print(f"rate {points[0]['bpp']:.4f} bpp × {PIXELS} pixels / 8 = {answer:.2f} bytes per image")
    print(
        f"the same from the files: {sum(len(s) for s in streams)} bytes / {len(fashion)} images "
        f"= {sum(len(s) for s in streams) / len(fashion):.2f}; the raw image is {PIXELS} bytes"
    )
    return exercises.check_bytes_per_image(answer, points, MID_LAM)


def exercise_2():
    """A code length by hand."""
    q, mean, scale = 1, 0, 1 / 2
    phi = lambda x: 0.5 * (1 + math.erf(x / math.sqrt(2)))  # noqa: E731 - the standard normal CDF
    # every encoder output in [q - 1/2, q + 1/2) rounds to q: the probability of q is the Gaussian's mass there
    mass = phi((q + 0.5 - mean) / scale) - phi((q - 0.5 - mean) / scale)
    answer = -math.log2(mass)
    print(f"P(q = {q}) = {mass:.4f}, so {answer:.3f} bits")
    for other in (mean, mean + 4):  # at the mean, and far in the tail
        p = phi((other + 0.5 - mean) / scale) - phi((other - 0.5 - mean) / scale)
        print(f"  q = {other}: P = {p:.3g}, {-math.log2(p):.2f} bits")
    print("a narrow Gaussian centred on the value would cost a fraction of a bit: that is where compression comes from")
    return exercises.check_gaussian_bits(answer, q, mean, scale)


def exercise_3():
    """What the position map is worth."""
    codes = rounded_code(encoder, validation).astype("float64")
    by_position = per_position_prior(codes)
    mean, var = codes.mean(axis=(0, 1, 2)), codes.var(axis=(0, 1, 2))  # over images and all 7×7 positions
    by_channel = codecs.StaticPrior(mean, np.sqrt(np.maximum(var - 1 / 12, 0.11**2)))
    bits = {
        name: codecs.code_lengths(codes, p).sum() / len(codes)
        for name, p in (("position", by_position), ("channel", by_channel))
    }
    answer = 100 * (bits["channel"] / bits["position"] - 1)
    print(f"bits per image: one Gaussian per position {bits['position']:.0f}, per channel {bits['channel']:.0f}")
    print(f"the per-channel prior needs {answer:.1f} % more bits")
    print(
        "Why: a per-channel Gaussian must be wide enough for the garment in the centre, so it also spends bits on the "
        "border, where every image's code is nearly constant; the per-position prior is narrow there (the dark "
        "border of section 7's maps costs almost nothing) and wide only where garments differ."
    )
    return exercises.check_per_channel_cost(answer, codes)


def exercise_4():
    """Less than a bit per value."""
    answer = "b"
    print(
        "A range coder narrows one interval by each value's probability; the stream's length is −log2 of the final "
        "width, the sum of −log2 p, so a value of probability 0.9 adds 0.15 bits. Section 6's two rate columns "
        "differ by the header and the last words only."
    )
    return exercises.check_less_than_a_bit(answer)


def exercise_5():
    """Swap the anchor."""
    jpeg, webp = (
        classical.classical_rd(fashion, c, q) for c, q in (("jpeg", [5, 20, 50, 80, 95]), ("webp", [5, 20, 50, 80, 95]))
    )
    b = classical.bd_rate(jpeg["bpp"], jpeg["psnr"], webp["bpp"], webp["psnr"])  # WebP against JPEG
    # the BD-rate is exp(mean Δ ln R) − 1; swapping the curves negates the mean, so the rate ratio inverts
    answer = 100 * (1 / (1 + b / 100) - 1)
    swapped = classical.bd_rate(webp["bpp"], webp["psnr"], jpeg["bpp"], jpeg["psnr"])
    print(
        f"WebP against JPEG: {b:+.2f} %; predicted JPEG against WebP {answer:+.2f} %; classical.bd_rate {swapped:+.2f} %"
    )
    print(f"(not {-b:+.2f} %: a percentage of fewer bits and one of more bits are not symmetric)")
    return exercises.check_swapped_bd_rate(answer, b)


def exercise_6():
    """Train on photographs (open-ended)."""
    photos = load_kodak()
    pool = classical.grayscale_tiles(photos, size=28, n=sum((p.shape[0] // 28) * (p.shape[1] // 28) for p in photos))
    test_tiles = {t.tobytes() for t in kodak}
    available = np.array([t for t in pool if t.tobytes() not in test_tiles])  # every test tile kept out
    train = available[np.random.default_rng(args.seed).permutation(len(available))[:N_TRAIN]]
    print(f"Kodak: {len(pool)} tiles in all, {len(available)} not in the test set, training on {len(train)}")
    kodak_codec = train_codec(train, MID_LAM, run.base_epochs)
    rows = {}
    for label, (enc, dec, pri) in (
        ("trained on Fashion-MNIST", (encoder, decoder, prior)),
        ("trained on Kodak", kodak_codec),
    ):
        for name, tiles in (("Fashion-MNIST", fashion), ("Kodak", kodak)):
            q = rounded_code(enc, tiles)
            bpp = codecs.code_lengths(q, pri).sum() / tiles.size  # ideal rate: section 6 shows the bytes match it
            psnr = metrics.psnr(tiles, to_uint8(dec.predict(q.astype("float32"), verbose=0)), data_range=255)
            rows[label] = {**rows.get(label, {}), f"{name} bpp": bpp, f"{name} PSNR (dB)": psnr}
    print(table(rows, [f"{n} {m}" for n in ("Fashion-MNIST", "Kodak") for m in ("bpp", "PSNR (dB)")]))
    for name in ("Fashion-MNIST", "Kodak"):
        cheaper = min(rows, key=lambda label: rows[label][f"{name} bpp"])
        sharper = max(rows, key=lambda label: rows[label][f"{name} PSNR (dB)"])
        print(f"{name} test: fewer bits from the codec {cheaper}, higher PSNR from the codec {sharper}")
    print(
        "What to look for (clearest in the standard profile; the smoke profile's codecs are barely trained): each "
        "codec does better on the kind of image it was trained on, in bits, in quality or both. The Kodak codec has "
        "seen textures and edges at every angle; the Fashion-MNIST codec's probability model expects a black border "
        "and garment shapes. Kodak gives far fewer distinct images than Fashion-MNIST's 55,000, and neighbouring "
        "tiles of one photograph look alike, so trained longer the Kodak codec can start to over-fit sooner."
    )
    return None


if __name__ == "__main__":
    exercises.run_solutions(
        {1: exercise_1, 2: exercise_2, 3: exercise_3, 4: exercise_4, 5: exercise_5, 6: exercise_6}, only=args.only
    )
