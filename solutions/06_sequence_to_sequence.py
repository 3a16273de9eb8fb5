"""Lesson 06 · Sequence to sequence: worked solutions to the exercises.

Try each exercise in the notebook before reading its solution. Run:
``python solutions/06_sequence_to_sequence.py --profile smoke`` (or ``make solutions LESSONS=06``). Each
``exercise_N`` does what the exercise asks, prints what it found and returns its checker's verdict (``None`` where
the exercise is open-ended).
"""

from aecourse import exercises

LESSON = "06_sequence_to_sequence"
args = exercises.solution_args(LESSON)

import aecourse

run = aecourse.setup(args.profile, args.backend, args.seed, lesson=LESSON)  # the lesson's own sizes

import keras
import numpy as np
from keras import layers

from aecourse import sequences, video
from aecourse.data import load_mnist

seed = args.seed
UNITS = 128

# The sequence task exactly as in the notebook: disjoint prefixes, so test answers are unseen.
train_prefixes, test_prefixes = sequences.split_prefixes(seed=seed, test_fraction=0.1)
src_train, tgt_train = sequences.make_pairs(run.seq_train, seed=(seed, 1), prefixes=train_prefixes)
src_test, tgt_test = sequences.make_pairs(1000, seed=(seed, 2), prefixes=test_prefixes)


def train_seq2seq(source, target):
    """The notebook's LSTM encoder-decoder, trained with teacher forcing; returns (teacher-forced model, greedy)."""
    keras.utils.set_random_seed(seed)
    enc_in = keras.Input(shape=(None, sequences.CARDINALITY))
    _, h, c = layers.LSTM(UNITS, return_state=True)(enc_in)
    dec_in = keras.Input(shape=(None, sequences.CARDINALITY))
    dec_lstm = layers.LSTM(UNITS, return_sequences=True, return_state=True)
    dense = layers.Dense(sequences.CARDINALITY, activation="softmax")
    model = keras.Model([enc_in, dec_in], dense(dec_lstm(dec_in, initial_state=[h, c])[0]))
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="categorical_crossentropy")
    inputs = [sequences.one_hot(source), sequences.one_hot(sequences.decoder_inputs(target))]
    model.fit(inputs, sequences.one_hot(target), batch_size=64, epochs=run.seq_epochs, verbose=0)
    encoder = keras.Model(enc_in, [h, c])
    h_in, c_in = keras.Input(shape=(UNITS,)), keras.Input(shape=(UNITS,))
    out, h_out, c_out = dec_lstm(dec_in, initial_state=[h_in, c_in])
    step = keras.Model([dec_in, h_in, c_in], [dense(out), h_out, c_out])

    def greedy(src, n_out=3):
        h, c = encoder.predict(sequences.one_hot(src), verbose=0, batch_size=1000)
        token, out = np.full((len(src), 1), sequences.START), []
        for _ in range(n_out):
            probs, h, c = step.predict([sequences.one_hot(token), h, c], verbose=0, batch_size=1000)
            token = probs.argmax(axis=-1)
            out.append(token[:, 0])
        return np.stack(out, axis=1)

    return model, greedy


def teacher_forced(model, source, target):
    """The most likely token at each step when the decoder is fed the true previous tokens."""
    inputs = [sequences.one_hot(source), sequences.one_hot(sequences.decoder_inputs(target))]
    return model.predict(inputs, verbose=0, batch_size=1000).argmax(axis=-1)


_reversed_model = None


def reversed_model():
    """The lesson's model (first three tokens, reversed), trained once and shared by exercises 2 and 5."""
    global _reversed_model
    if _reversed_model is None:
        _reversed_model = train_seq2seq(src_train, tgt_train)
    return _reversed_model


def exercise_1():
    """Why reverse? Count the lags."""
    n_in = src_train.shape[1]
    k = np.arange(1, 4)
    copies = {"reversed": 4 - k, "original order": k}  # which source position target k copies
    lags = {name: (n_in + k) - i for name, i in copies.items()}  # emitted at step 6 + k, read at step i
    for name, lag in lags.items():
        print(f"{name:15s}: target k copies source {copies[name].tolist()}, lags {lag.tolist()}")
    print(
        "Reversal shortens the first token's lag and lengthens the last one's; the mean is unchanged. The first "
        "token matters most: decoding step by step, every later step is fed it, so an early error spreads."
    )
    return exercises.check_time_lags(lags["reversed"], lags["original order"])


def exercise_2():
    """Exposure bias, position by position."""
    model, greedy = reversed_model()
    predicted = greedy(src_test)
    forced = teacher_forced(model, src_test, tgt_test)
    greedy_acc = (predicted == tgt_test).mean(axis=0)  # average over the sequences: one value per position
    forced_acc = (forced == tgt_test).mean(axis=0)
    print("token accuracy per position, greedy:        ", np.round(greedy_acc, 3))
    print("token accuracy per position, teacher-forced:", np.round(forced_acc, 3))
    print(f"position 1, same token in both: {np.mean(predicted[:, 0] == forced[:, 0]):.3f} of the sequences")
    print(
        "At position 1 both decoders see the same input (the start symbol and the code), so they agree. From "
        "position 2 the greedy decoder is fed its own guess: the gap is the cost of its earlier mistakes "
        "(exposure bias), which the teacher-forced accuracy printed during training never shows."
    )
    return all(
        [
            exercises.check_position_accuracy(greedy_acc, predicted, tgt_test),
            exercises.check_position_accuracy(forced_acc, forced, tgt_test),
        ]
    )


def exercise_3():
    """Punished twice, by hand."""
    # By hand: after 1 frame the square has moved 2 of its 4 columns: 8 pixels are lit in the guess only and 8 in the
    # truth only, 16 in all. From frame 2 on it has moved 4 columns, so the old and new squares no longer overlap:
    # 16 + 16 = 32. A blank frame is wrong on the square's 16 pixels, wherever it is.
    copy_last_errors, blank_errors = [16, 32, 32], [16, 16, 16]
    print("copy-last:", copy_last_errors, " blank frame:", blank_errors)
    print("They tie one frame ahead; from the second frame on, doing nothing beats copying a shape now misplaced.")
    return exercises.check_toy_errors(copy_last_errors, blank_errors)


def exercise_4():
    """Why does a blank frame score a high SSIM?"""
    from skimage.metrics import structural_similarity

    (_, _), (digits_test, _) = load_mnist()
    frames = video.moving_mnist(digits_test, 8, seed=(seed, 12))[:, 10:].reshape(-1, 64, 64) / 255.0
    black, digit = [], []
    for frame in frames:
        _, ssim_map = structural_similarity(np.zeros_like(frame), frame, data_range=1.0, full=True)
        local_max = np.lib.stride_tricks.sliding_window_view(np.pad(frame, 3), (7, 7)).max(axis=(2, 3))
        ssim_map, local_max = ssim_map[3:-3, 3:-3], local_max[3:-3, 3:-3]  # the windows SSIM's mean averages
        black.append(ssim_map[local_max == 0])  # windows where the truth is black
        digit.append(ssim_map[local_max > 0])
    black, digit = np.concatenate(black), np.concatenate(digit)
    share = len(black) / (len(black) + len(digit))
    overall = np.concatenate([black, digit]).mean()
    print(f"blank frame: SSIM {black.mean():.3f} on the {share:.0%} of windows where the truth is black,")
    print(f"{digit.mean():.3f} on the windows that hold part of a digit; {overall:.3f} over all windows")
    print("A faint grey guess would lose the black windows' 1s: SSIM punishes haze where MSE barely notices it.")
    return exercises.check_blank_ssim("a")


def exercise_5():
    """Original order, measured."""
    results = {}
    for name, target in (("reversed", tgt_train), ("original order", src_train[:, :3])):
        _, greedy = reversed_model() if name == "reversed" else train_seq2seq(src_train, target)
        truth = tgt_test if name == "reversed" else src_test[:, :3]
        predicted = greedy(src_test)
        results[name] = (sequences.exact_match(predicted, truth), (predicted == truth).mean(axis=0))
        print(f"{name:15s}: exact match {results[name][0]:.3f}, per position {np.round(results[name][1], 3)}")
    print(
        f"({run.seq_train} training pairs, {run.seq_epochs} epoch(s).) With a budget that leaves the task unsolved, "
        "the reversed task's first position should be the easier one (shorter lag); with enough training both "
        "orders approach 1 and the difference is only in how fast they get there."
    )
    return None


# The notebook's SimVP-style forecaster (section 6), built by the notebook's own definitions.
block, build_forecaster = exercises.from_lesson(
    LESSON, "block", "build_forecaster", namespace={"keras": keras, "layers": layers, "P": 4, "G": 16}
)


def exercise_6():
    """Beyond ten frames."""
    (digits_train, _), (digits_test, _) = load_mnist()
    keras.utils.set_random_seed(seed)
    forecaster = build_forecaster()
    forecaster.compile(optimizer=keras.optimizers.Adam(1e-3), loss="binary_crossentropy")
    for epoch in range(run.pilot_epochs):  # a pilot's budget: the notebook's trained forecaster shows it better
        train = video.moving_mnist(digits_train[:55000], run.clips_per_epoch, seed=(seed, 100, epoch))
        train = train.astype("float32")[..., None] / 255.0
        forecaster.fit(train[:, :10], train[:, 10:], batch_size=16, epochs=1, verbose=0)
    clips = video.moving_mnist(digits_test, run.clips_test, seed=(seed, 13), n_frames=30)
    clips = clips.astype("float32")[..., None] / 255.0
    first = forecaster.predict(clips[:, :10], batch_size=32, verbose=0)  # frames 11-20
    second = forecaster.predict(first, batch_size=32, verbose=0)  # frames 21-30, from its own forecasts
    future = clips[:, 10:]
    mean_frame = train.mean(axis=(0, 1))
    curves = {
        "model": video.mse_by_step(np.concatenate([first, second], axis=1), future),
        "copy last frame": video.mse_by_step(video.copy_last(clips[:, :10], 20), future),
        "average frame": video.mse_by_step(np.broadcast_to(mean_frame, future.shape), future),
    }
    for name, curve in curves.items():
        print(f"{name:16s} frames 11-30:", np.round(curve, 0).astype(int).tolist())
    behind = [t + 11 for t, (m, a) in enumerate(zip(curves["model"], curves["average frame"])) if m > a]
    print(f"frames where the model is behind the average frame: {behind or 'none'}")
    print(
        "Frames 21-30 are forecast from the model's own forecasts, blurred inputs unlike any it trained on. What "
        "to expect from a trained forecaster: the error keeps climbing past frame 20 (often with a jump at 21), "
        "and as the forecast fades towards a haze it approaches, or falls behind, the average frame."
    )
    return None


if __name__ == "__main__":
    exercises.run_solutions(
        {1: exercise_1, 2: exercise_2, 3: exercise_3, 4: exercise_4, 5: exercise_5, 6: exercise_6}, only=args.only
    )
