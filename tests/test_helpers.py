"""Metrics, baselines, plots and exercise checks."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from aecourse import baselines, exercises, metrics, plots


def test_mse_and_sse_by_hand():
    x = np.zeros((2, 2, 2))
    y = np.ones((2, 2, 2))
    y[1] = 0.5
    assert metrics.mse(x, y) == pytest.approx((4 * 1 + 4 * 0.25) / 8)
    assert metrics.sse_per_image(x, y) == pytest.approx((4 + 1) / 2)


def test_psnr_by_hand_is_the_mean_of_per_image_values():
    x = np.zeros((2, 2, 2))
    y = np.full((2, 2, 2), 0.1)
    y[1] = 0.01
    assert metrics.psnr_per_image(x, y) == pytest.approx([20.0, 40.0])
    assert metrics.psnr(x, y) == pytest.approx(30.0)  # not 10·log10(1 / pooled MSE) = 23.0
    assert metrics.psnr(x, x) == metrics.PSNR_CAP
    u8 = np.zeros((1, 4, 4), np.uint8)
    v8 = u8.copy()
    v8[0, 0, 0] = 32  # one pixel off by 32 among 16 -> MSE 64
    assert metrics.psnr(u8, v8, data_range=255) == pytest.approx(10 * np.log10(255**2 / 64.0))


def test_psnr_and_ssim_refuse_what_is_not_a_batch_of_images():
    image = np.zeros((28, 28))
    with pytest.raises(ValueError, match=r"image\[None\]"):
        metrics.psnr(image, image)
    with pytest.raises(ValueError, match=r"image\[None\]"):
        metrics.ssim(image, image)
    with pytest.raises(ValueError, match="batch of images"):
        metrics.psnr(np.zeros((5, 784)), np.zeros((5, 784)))  # flattened vectors: no image shape left
    assert metrics.psnr(image[None], image[None]) == metrics.PSNR_CAP


def test_metrics_refuse_mismatched_shapes():
    with pytest.raises(ValueError, match="shapes differ"):
        metrics.mse(np.zeros((2, 3)), np.zeros((3, 2)))


def test_pca_is_exact_on_low_rank_data():
    rng = np.random.default_rng(0)
    basis = rng.normal(size=(3, 50))
    x = rng.normal(size=(400, 3)) @ basis + 2.0
    recon, codes, pca = baselines.pca_reconstruct(x[:300], x[300:], 3)
    assert codes.shape == (100, 3) and recon.shape == (100, 50)
    assert metrics.mse(x[300:], recon) < 1e-8
    recon2, _, _ = baselines.pca_reconstruct(x[:300], x[300:], 2)
    assert metrics.mse(x[300:], recon2) > 1e-3
    fitted = baselines.pca_fit(x[:300], 3)  # the same fit, without reconstructing anything
    np.testing.assert_allclose(fitted.transform(x[300:]), codes, rtol=1e-4, atol=1e-4)
    assert baselines.pca_fit(x[:300], 40).svd_solver == "full"  # many components: the exact solver


def test_image_rows_and_curves_make_figures():
    fig = plots.image_rows({"a": np.zeros((3, 784)), "b": np.full((3, 28, 28), 255, np.uint8)}, n=3, title="t")
    assert len(fig.axes) == 6 and fig.axes[0].get_ylabel() == "a"
    fig = plots.training_curves({"autoencoder": {"loss": [3, 2, 1], "val_loss": [3.5, 2.5, 1.5]}})
    lines = fig.axes[0].get_lines()
    assert len(lines) == 2 and lines[0].get_color() == plots.COLORS["autoencoder"]


def test_each_method_keeps_its_colour():
    assert plots.color("PCA") == plots.COLORS["pca"] != plots.color("autoencoder")
    from matplotlib.colors import is_color_like

    assert all(is_color_like(c) for c in plots.COLORS.values())
    with pytest.raises(KeyError, match="add it to aecourse.plots.COLORS"):
        plots.color("a method nobody drew")


def test_dense_params_by_hand():
    assert exercises.dense_params([784, 10]) == 7850
    assert exercises.dense_params([784, 2000, 500, 500, 10]) == 785 * 2000 + 2001 * 500 + 501 * 500 + 501 * 10


def test_checks_say_right_and_wrong(capsys):
    assert exercises.check_dense_params(7850, [784, 10])
    assert not exercises.check_dense_params(7840, [784, 10])
    out = capsys.readouterr().out
    assert "✓" in out and "✗" in out and "biases" in out


def _linear_autoencoder(dim, code, activation=None):
    import keras

    x = keras.Input(shape=(dim,))
    z = keras.layers.Dense(code, activation=activation, name="code")(x)
    return keras.Model(x, keras.layers.Dense(dim, name="reconstruction")(z))


def test_linear_autoencoder_check_recognises_pca_and_refuses_non_linear_or_untrained_models(capsys):
    from aecourse import baselines

    rng = np.random.default_rng(0)
    data = (rng.standard_normal((400, 3)) @ rng.standard_normal((3, 12)) + 0.1 * rng.standard_normal((400, 12))).astype(
        "float32"
    )
    _, _, pca = baselines.pca_reconstruct(data, data, 3)
    model = _linear_autoencoder(
        12, 3
    )  # PCA as a linear autoencoder: encode x -> (x - mean) V, decode z -> z V^T + mean
    v, mean = pca.components_.T, pca.mean_
    model.get_layer("code").set_weights([v, -mean @ v])
    model.get_layer("reconstruction").set_weights([v.T, mean])
    assert exercises.check_linear_autoencoder(model, data[:300], data[300:], code_size=3)
    assert not exercises.check_linear_autoencoder(_linear_autoencoder(12, 3, "relu"), data[:300], data[300:], 3)
    assert not exercises.check_linear_autoencoder(_linear_autoencoder(12, 3), data[:300], data[300:], 3)
    assert not exercises.check_linear_autoencoder(model, data[:300], data[300:], code_size=4)
    out = capsys.readouterr().out
    assert "not linear" in out and "train longer" in out and "4 units" in out


def test_check_at_least(capsys):
    assert exercises.check_at_least(1.0, 0.99, "exact match")
    assert not exercises.check_at_least(0.9, 0.99, "exact match", hint="Train longer.")
    out = capsys.readouterr().out
    assert "✓ exact match: 1 reaches 0.99." in out and "✗ exact match: 0.9 is below 0.99. Train longer." in out


def test_check_at_most(capsys):
    assert exercises.check_at_most(0.88, 0.92, "RMSE")
    assert not exercises.check_at_most(0.95, 0.92, "RMSE", hint="Try a larger lambda.")
    out = capsys.readouterr().out
    assert "✓ RMSE: 0.88 is at or below 0.92." in out and "✗ RMSE: 0.95 is above 0.92. Try a larger lambda." in out


def test_ssim_is_one_for_identical_images_and_refuses_mismatched_shapes():
    from aecourse import metrics

    rng = np.random.default_rng(0)
    images = rng.random((3, 28, 28))
    assert metrics.ssim(images, images) == pytest.approx(1.0)
    assert metrics.ssim(images, np.clip(images + 0.3 * rng.standard_normal(images.shape), 0, 1)) < 0.9
    with pytest.raises(ValueError, match="shapes differ"):
        metrics.ssim(images, images[:2])
