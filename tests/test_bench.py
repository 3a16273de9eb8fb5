"""The benchmark's tables: the machine named, each backend's matmul rate, and where each lesson's time goes."""

from __future__ import annotations

import json
import platform

import pytest

from aecourse import bench, report

ROWS = [
    {
        "lesson": "03_image_denoising",
        "backend": backend,
        "runs": 3,
        "wall_s_median": wall,
        "wall_s_all": [wall] * 3,
        "train_samples_per_s_median": 200.0,
        "phase_s_median": {"training": wall / 2, "classical tuning": wall / 4},
        "matmul_gflops": gflops,
        "kernels": {
            "dense autoencoder": {"images_per_s": 2000.0, "params": 3_000_000},
            "conv denoiser": {"images_per_s": 350.0, "params": 40_000},
            "transposed-conv autoencoder": {"images_per_s": 1400.0, "params": 20_000},
        },
    }
    for backend, wall, gflops in (("tensorflow", 100.0, 93.0), ("jax", 160.0, 116.0))
]


def test_the_tables_name_the_machine_every_backends_matmul_rate_and_the_long_pole(tmp_path):
    bench.write_tables(ROWS, "smoke", tmp_path)
    text = (tmp_path / "bench.md").read_text()
    assert report.machine_description() in text
    # 6 FLOPs per parameter per image: 2000 images/s × 18 MFLOP = 36 GFLOP/s, 39 % of 93 and 31 % of 116
    assert "| tensorflow | 93.0 | 2,000 (39 % of matmul) | 350 | 1,400 |" in text
    assert "| jax | 116.0 | 2,000 (31 % of matmul) | 350 | 1,400 |" in text
    # phases sorted by time, each with its share of the wall time: training first, at half of it
    assert "| 03_image_denoising | jax | 3 | 160.0 | training 80 (50 %), classical tuning 40 (25 %) |" in text
    payload = json.loads((tmp_path / "bench.json").read_text())
    assert payload["machine"] == report.machine_description() and len(payload["rows"]) == 2


@pytest.mark.parametrize(
    ("name", "family", "model", "flags", "expected"),
    [
        ("AMD EPYC 7B13", 25, 1, "fpu sse2 avx avx2 fma", "AMD EPYC 7B13 (family 25 model 1, AVX2, no AVX-512)"),
        ("Intel(R) Xeon(R) Processor", 6, 143, "avx2 avx512f avx512bw amx_bf16", "(family 6 model 143, AVX-512)"),
        ("Old CPU", 6, 23, "fpu sse2 sse4_1", "Old CPU (family 6 model 23, no AVX2)"),
    ],
)
def test_the_machine_description_says_which_vector_units_the_cpu_has(tmp_path, name, family, model, flags, expected):
    cpuinfo = tmp_path / "cpuinfo"
    block = f"processor\t: 0\nmodel name\t: {name}\ncpu family\t: {family}\nmodel\t\t: {model}\nflags\t\t: {flags}\n"
    cpuinfo.write_text(block + "\n" + block.replace("processor\t: 0", "processor\t: 1").replace(flags, "fpu"))
    text = report.machine_description(cpuinfo)
    assert expected in text and "logical cores" in text  # the first processor's block, not the second's
    assert report.machine_description(tmp_path / "missing").endswith(f"{platform.system()} {platform.release()}")


def test_the_kernel_models_train_and_report_a_rate():
    import os

    from aecourse import runtime

    runtime.setup("smoke", os.environ.get("KERAS_BACKEND", "tensorflow"), quiet=True)
    rates = bench.measure_kernels(images=256, epochs=1)
    assert list(rates) == list(bench.KERNELS)
    assert all(r["images_per_s"] > 0 and r["params"] > 0 for r in rates.values())
    assert rates["dense autoencoder"]["params"] > 2_000_000  # lesson 01's shape: 784-2000-500-500-10, mirrored
