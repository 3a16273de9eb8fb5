"""The course's paired comparison, claims checked on the run, grid edges, and the BD-rate bootstrap."""

from __future__ import annotations

import json

import numpy as np
import pytest

from aecourse import classical, lessons, rd_bootstrap, verdicts


def test_a_clear_gain_is_ahead_and_its_mirror_is_behind():
    rng = np.random.default_rng(0)
    base = rng.normal(17.0, 2.0, 1000)
    better = base + 0.3 + rng.normal(0, 0.2, 1000)  # per-item noise far smaller than the between-item spread
    c = verdicts.paired(better, base, a="autoencoder", b="blur", metric="PSNR per digit", unit="dB")
    assert c.verdict == verdicts.AHEAD and c.n == 1000
    assert c.mean_diff == pytest.approx(np.mean(better - base))
    assert c.se == pytest.approx(np.std(better - base, ddof=1) / np.sqrt(1000))
    assert c.mean_a == pytest.approx(better.mean()) and c.mean_b == pytest.approx(base.mean())
    assert "+0.29" in str(c) and "dB" in str(c) and "autoencoder is ahead of blur" in str(c)
    assert verdicts.paired(base, better, a="blur", b="autoencoder", metric="PSNR").verdict == verdicts.BEHIND


def test_lower_is_better_flips_the_words():
    errors_a, errors_b = np.full(50, 1.0), np.full(50, 2.0)
    errors_a[0] = 1.1  # some spread, so the SE is not zero
    c = verdicts.paired(errors_a, errors_b, a="AE", b="PCA", metric="MSE", higher_is_better=False)
    assert c.mean_diff < 0 and c.verdict == verdicts.AHEAD
    c = verdicts.paired(errors_b, errors_a, a="PCA", b="AE", metric="MSE", higher_is_better=False)
    assert c.verdict == verdicts.BEHIND and c.verdict_phrase() == "PCA is behind AE"


def test_pairing_finds_what_an_unpaired_reading_cannot():
    """Two methods whose item scores vary a lot but whose difference is steady: paired, the gain is clear."""
    rng = np.random.default_rng(1)
    items = rng.normal(0.7, 0.05, 5)  # five label draws, draw-to-draw spread 0.05
    a, b = items + 0.01, items.copy()
    a += rng.normal(0, 0.001, 5)
    assert verdicts.paired(a, b, a="AE", b="raw", metric="accuracy per draw").verdict == verdicts.AHEAD
    assert abs(a.mean() - b.mean()) < max(a.std(), b.std())  # the old max-of-spreads rule called it a tie


def test_noise_is_not_told_apart_and_the_threshold_is_students_t():
    rng = np.random.default_rng(2)
    a, b = rng.normal(0, 1, 40), rng.normal(0, 1, 40)
    c = verdicts.paired(a, b, a="A", b="B", metric="score")
    assert abs(c.mean_diff) <= c.threshold * c.se and c.verdict == verdicts.TIED
    assert "A and B are not told apart at this sample size" in str(c)
    assert verdicts.critical_value(5) == pytest.approx(2.776, abs=1e-3)  # four degrees of freedom
    assert verdicts.critical_value(100000) == pytest.approx(1.960, abs=1e-3)
    same = verdicts.paired([1.0, 2.0, 3.0], [1.0, 2.0, 3.0], a="A", b="B", metric="m")
    assert same.verdict == verdicts.TIED and same.se == 0


def test_a_constant_nonzero_difference_is_a_verdict():
    c = verdicts.paired([2.0, 3.0, 4.0], [1.0, 2.0, 3.0], a="A", b="B", metric="m")
    assert c.se == 0 and c.verdict == verdicts.AHEAD


@pytest.mark.parametrize(
    ("a", "b", "message"),
    [
        ([1.0, 2.0], [1.0, 2.0, 3.0], "same items"),
        ([1.0], [2.0], "at least 2 items"),
        ([1.0, np.nan], [1.0, 2.0], "not all finite"),
    ],
)
def test_bad_scores_are_refused_with_a_reason(a, b, message):
    with pytest.raises(ValueError, match=message):
        verdicts.paired(a, b, a="A", b="B", metric="m")


def test_records_are_plain_json_and_satisfy_the_results_contract():
    c = verdicts.paired(np.arange(10.0) + 1, np.arange(10.0) + np.linspace(0, 0.1, 10), a="A", b="B", metric="m")
    record = verdicts.records({"x": c})["x"]
    assert json.loads(json.dumps(record)) == record
    assert {"mean_diff", "se", "n", "verdict"} <= set(record) and record["verdict"] in verdicts.WORDS
    with pytest.raises(TypeError, match="verdicts.paired"):
        verdicts.records({"x": {"mean_diff": 1.0}})


def test_bootstrap_replicates_give_a_verdict_with_their_spread():
    rng = np.random.default_rng(3)
    c = verdicts.from_replicates(-5.0, 0.0, rng.normal(-5.0, 1.0, 200), 512, a="AE", b="WebP", metric="BD-rate",
                                 unit="%", higher_is_better=False)  # fmt: skip
    assert c.verdict == verdicts.AHEAD and c.se == pytest.approx(1.0, rel=0.15) and c.n == 512
    c = verdicts.from_replicates(-1.0, 0.0, rng.normal(-1.0, 1.0, 200), 512, a="AE", b="WebP", metric="BD-rate",
                                 higher_is_better=False)  # fmt: skip
    assert c.verdict == verdicts.TIED
    with pytest.raises(ValueError, match="at least 20"):
        verdicts.from_replicates(-1.0, 0.0, [np.nan] * 30 + [1.0] * 5, 512, a="A", b="B", metric="m")


def test_claim_prints_whether_it_held(capsys):
    assert verdicts.claim(True, "the code is sparse") is True
    assert verdicts.claim(np.bool_(False), "the curve flattens") is False
    out = capsys.readouterr().out
    assert "held on this run: the code is sparse" in out and "did NOT hold on this run: the curve flattens" in out


def test_grid_edges_warn_and_the_inside_does_not(capsys):
    assert verdicts.grid_choice("C", [0.01, 0.1, 1.0], 0.1) is None
    warning = verdicts.grid_choice("C", [0.01, 0.1, 1.0], 1.0, reason="a larger C did not converge")
    assert "largest value" in warning and "a larger C did not converge" in warning
    assert "smallest value" in verdicts.grid_choice("lr", [3e-4, 1e-4, 1e-3], 1e-4)  # unsorted grids too
    assert verdicts.grid_choice("k", [1, 2], 2) is None  # two values have no inside to judge by
    assert "largest value" in capsys.readouterr().out
    with pytest.raises(ValueError, match="not in its grid"):
        verdicts.grid_choice("C", [0.1, 1.0, 10.0], 3.0)


def test_the_results_contract_requires_each_headline_verdict():
    payload = {"profile": "standard", "metrics": {"psnr_dae": 18.0, "psnr_noisy": 9.0}, "verdicts": {}}
    found = "; ".join(lessons.problems("03_image_denoising", payload))
    assert "verdicts.psnr_vs_noisy is missing" in found
    payload["verdicts"]["psnr_vs_noisy"] = {"mean_diff": 9.0, "se": 0.1, "n": 100, "verdict": "clearly ahead"}
    found = "; ".join(lessons.problems("03_image_denoising", payload))
    assert "verdicts.psnr_vs_noisy.verdict = 'clearly ahead' is not one of" in found
    payload["verdicts"]["psnr_vs_noisy"]["verdict"] = "ahead"
    assert "psnr_vs_noisy" not in "; ".join(lessons.problems("03_image_denoising", payload))


def _tiles(n=256, seed=0):
    """Smooth synthetic grey tiles that JPEG codes at a range of qualities."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:28, 0:28] / 27.0
    phase = rng.uniform(0, 6, (n, 1, 1))
    return (127 + 100 * np.sin(4 * x[None] + phase) * np.cos(3 * y[None] + phase / 2)).astype(np.uint8)


def test_bd_rate_bootstrap_centres_on_the_estimate():
    """An 'autoencoder' that is JPEG itself at the same qualities, with 10 % fewer bits: the BD-rate is -10 %."""
    tiles, qualities = _tiles(), [10, 30, 50, 70, 90]
    detail: dict = {}
    curve = classical.classical_rd(tiles, "jpeg", qualities, per_image=True, detail=detail)
    assert detail["bytes"].shape == detail["psnr"].shape == (len(qualities), len(tiles))
    assert np.allclose(8 * detail["bytes"].sum(1) / tiles.size, curve["bpp"])
    assert np.allclose(detail["psnr"].mean(1), curve["psnr"])
    ae_bits = 0.9 * 8 * detail["bytes"]
    estimate = classical.bd_rate(curve["bpp"], curve["psnr"], 0.9 * np.array(curve["bpp"]), curve["psnr"])
    assert estimate == pytest.approx(-10.0, abs=1e-6)
    reps = rd_bootstrap.bd_rate_replicates(
        tiles, ae_bits, np.zeros(len(qualities)), detail["psnr"], "jpeg", qualities, per_image=True,
        replicates=25, seed=0, detail=detail,
    )  # fmt: skip
    assert np.allclose(reps, -10.0, atol=1e-6)  # the same images on both sides, every draw: no spread at all
    mosaic_reps = rd_bootstrap.bd_rate_replicates(
        tiles, ae_bits, np.zeros(len(qualities)), detail["psnr"], "jpeg", qualities, per_image=False,
        replicates=3, seed=0,
    )  # fmt: skip
    assert np.all(np.isfinite(mosaic_reps))  # the mosaics re-coded from each draw
    with pytest.raises(ValueError, match="detail"):
        rd_bootstrap.bd_rate_replicates(tiles, ae_bits, [0.0] * 5, detail["psnr"], "jpeg", qualities,
                                        per_image=True, replicates=2)  # fmt: skip
