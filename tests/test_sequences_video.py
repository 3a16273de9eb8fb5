"""Lesson 06's helpers: the sequence task and Moving MNIST."""

from __future__ import annotations

import numpy as np
import pytest

from aecourse import sequences, video


def test_prefix_split_is_disjoint_complete_and_keeps_test_answers_unseen():
    train_p, test_p = sequences.split_prefixes(seed=0, test_fraction=0.1)
    assert len(train_p) + len(test_p) == 50**3 and len(test_p) == 12500
    assert not {tuple(p) for p in train_p.tolist()} & {tuple(p) for p in test_p.tolist()}
    src_train, _ = sequences.make_pairs(20000, seed=1, prefixes=train_p)
    src_test, tgt_test = sequences.make_pairs(500, seed=2, prefixes=test_p)
    assert sequences.prefix_overlap(src_train, src_test) == 0
    np.testing.assert_array_equal(tgt_test, src_test[:, 2::-1])
    free_train, _ = sequences.make_pairs(20000, seed=1)  # without the split, many test answers were seen
    assert sequences.prefix_overlap(free_train, src_test) > 20  # about 500 · (1 − e^(−0.16)) ≈ 74 expected
    other, _ = sequences.split_prefixes(seed=1)
    assert not np.array_equal(other, train_p)
    with pytest.raises(ValueError, match="prefixes must be"):
        sequences.make_pairs(3, seed=0, prefixes=np.zeros((0, 3), int))


def test_pairs_follow_the_task():
    source, target = sequences.make_pairs(500, seed=0)
    assert source.shape == (500, 6) and target.shape == (500, 3)
    assert source.min() >= 1 and source.max() <= 50
    np.testing.assert_array_equal(target, source[:, [2, 1, 0]])
    again, _ = sequences.make_pairs(500, seed=0)
    other, _ = sequences.make_pairs(500, seed=1)
    assert (again == source).all() and not (other == source).all()


def test_one_hot_and_teacher_forcing():
    x = sequences.one_hot(np.array([[0, 50, 3]]))
    assert x.shape == (1, 3, 51) and x.dtype == np.float32
    assert x.sum() == 3 and x[0, 1, 50] == 1 and x[0, 0, 0] == 1
    np.testing.assert_array_equal(sequences.decoder_inputs(np.array([[40, 36, 20]])), [[0, 40, 36]])
    with pytest.raises(ValueError, match="0..50"):
        sequences.one_hot(np.array([[51]]))


def test_match_metrics():
    target = np.array([[1, 2, 3], [4, 5, 6]])
    predicted = np.array([[1, 2, 3], [4, 0, 6]])
    assert sequences.exact_match(predicted, target) == 0.5
    assert sequences.token_accuracy(predicted, target) == pytest.approx(5 / 6)


def test_moving_mnist_clips():
    digit = np.zeros((28, 28), np.uint8)
    digit[10:18, 10:18] = 255
    clips = video.moving_mnist(np.stack([digit] * 3), n_clips=4, seed=0, n_frames=12)
    assert clips.shape == (4, 12, 64, 64) and clips.dtype == np.uint8
    mass = clips.reshape(4, 12, -1).astype(int).sum(axis=2)
    assert (mass > 0).all() and (mass <= 2 * 64 * 255).all()  # two 8×8 squares, possibly overlapping
    assert not np.array_equal(clips[:, 0], clips[:, 5])  # they move
    np.testing.assert_array_equal(clips, video.moving_mnist(np.stack([digit] * 3), 4, seed=0, n_frames=12))


def test_digits_stay_inside_and_bounce():
    digit = np.full((28, 28), 200, np.uint8)
    clips = video.moving_mnist(digit[None], n_clips=2, seed=3, n_frames=200, n_digits=1, speed=5.0)
    assert (clips.reshape(2, 200, -1) > 0).sum(axis=2).min() == 28 * 28  # whole digit visible in every frame


def test_copy_last_and_frame_metrics():
    given = np.random.default_rng(0).random((2, 5, 4, 4))
    pred = video.copy_last(given, 3)
    assert pred.shape == (2, 3, 4, 4) and (pred[:, 2] == given[:, -1]).all()
    true = np.zeros((2, 3, 4, 4))
    noisy = true.copy()
    noisy[0, 0, 0, 0] = 0.5
    assert video.mse_per_frame(noisy, true) == pytest.approx(0.25 / 6)
    np.testing.assert_allclose(video.mse_by_step(noisy, true), [0.125, 0, 0])


def test_ssim_per_frame():
    frames = np.random.default_rng(1).random((2, 3, 16, 16))
    assert video.ssim_per_frame(frames, frames) == pytest.approx(1.0)
    assert video.ssim_per_frame(np.zeros_like(frames), frames) < 0.1


def test_gif_bytes_is_an_animation():
    from io import BytesIO

    from PIL import Image

    data = video.gif_bytes(np.random.default_rng(0).random((5, 8, 8)))
    with Image.open(BytesIO(data)) as img:
        assert img.format == "GIF" and img.n_frames == 5 and img.size == (16, 16)


def test_one_step_windows_hold_only_true_past_frames():
    clips = np.arange(2 * 6 * 2 * 2).reshape(2, 6, 2, 2).astype("float32")
    inputs, targets = video.one_step_windows(clips, 4)
    assert inputs.shape == (2, 2, 4, 2, 2) and targets.shape == (2, 2, 2, 2)
    # window 0 is frames 0..3 and predicts frame 4; window 1 is frames 1..4 and predicts frame 5
    np.testing.assert_array_equal(inputs[:, 0], clips[:, :4])
    np.testing.assert_array_equal(inputs[:, 1], clips[:, 1:5])
    np.testing.assert_array_equal(targets, clips[:, 4:])
    with pytest.raises(ValueError, match="1..5"):
        video.one_step_windows(clips, 6)


def test_ssim_by_step_scores_each_frame_position():
    rng = np.random.default_rng(3)
    true = rng.random((4, 3, 16, 16))
    predicted = true.copy()
    predicted[:, 2] = 0.0  # only the last step is wrong
    by_step = video.ssim_by_step(predicted, true)
    assert by_step.shape == (3,)
    np.testing.assert_allclose(by_step[:2], 1.0)
    assert by_step[2] < 0.1
    assert video.ssim_per_frame(predicted, true) == pytest.approx(by_step.mean())
    with pytest.raises(ValueError, match="shapes differ"):
        video.ssim_by_step(predicted[:, :2], true)
