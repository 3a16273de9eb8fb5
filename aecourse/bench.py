"""The benchmark (``make bench``): where the time goes, per lesson and backend.

Runs each chosen lesson ``repeats`` times on each backend (papermill, fresh
kernel each time) and writes ``build/bench.md`` and ``build/bench.json``:
median wall time per lesson and backend, the seconds of each timed phase of
the lesson (:mod:`aecourse.timing`), the main model's training throughput (its
``"training"`` phase), and, for dense models (the lesson
records ``train_params``), the fraction of this machine's own matrix-multiply
rate that training reaches, with that rate measured in the same run on the
same backend. It prints and records; it never asserts on seconds.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from .runner import run_lesson, select
from .runtime import check_backend, check_profile
from .store import project_root
from .store import read as read_results
from .timing import MAIN

_MATMUL = r"""
import os, time, json
os.environ["KERAS_BACKEND"] = "{backend}"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np, keras
from keras import ops
n = {n}
a = ops.convert_to_tensor(np.random.default_rng(0).standard_normal((n, n)).astype("float32"))
b = ops.convert_to_tensor(np.random.default_rng(1).standard_normal((n, n)).astype("float32"))
ops.convert_to_numpy(ops.matmul(a, b))  # warm-up
times = []
for _ in range({repeats}):
    t = time.perf_counter(); ops.convert_to_numpy(ops.matmul(a, b)); times.append(time.perf_counter() - t)
times.sort()
print(json.dumps({{"gflops": 2 * n**3 / times[len(times) // 2] / 1e9}}))
"""


def matmul_gflops(backend: str, n: int = 2048, repeats: int = 7) -> float:
    """Median float32 GFLOP/s of an n×n matmul through ``keras.ops`` on ``backend``, in a fresh process."""
    env = {**os.environ, "KERAS_BACKEND": backend}
    proc = subprocess.run(
        [sys.executable, "-c", _MATMUL.format(backend=backend, n=n, repeats=repeats)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=True,
    )
    return float(json.loads(proc.stdout.strip().splitlines()[-1])["gflops"])


# Three small models shaped like the lessons' own, timed on random data: where each backend is fast or slow on
# this machine, apart from everything else a lesson does (data, baselines, figures).
KERNELS = {
    "dense autoencoder": "784-2000-500-500-10 and its mirror (lesson 01)",
    "conv denoiser": "Conv 64/32/16 with pooling, mirrored with upsampling (lesson 03)",
    "transposed-conv autoencoder": "two strided convolutions, two strided transposed ones (lessons 04 and 05)",
}


def _kernel_model(name: str):
    import keras
    from keras import layers

    if name == "dense autoencoder":
        x = keras.Input((784,))
        h = x
        for units in (2000, 500, 500, 10, 500, 500, 2000):
            h = layers.Dense(units, activation="relu")(h)
        return keras.Model(x, layers.Dense(784, activation="sigmoid")(h))
    x = keras.Input((28, 28, 1))
    if name == "conv denoiser":
        h = x
        for width, pad in ((64, "same"), (32, "same"), (16, "same")):
            h = layers.MaxPooling2D(2, padding=pad)(layers.Conv2D(width, 3, padding="same", activation="relu")(h))
        for width, pad in ((16, "same"), (32, "same"), (64, "valid")):
            h = layers.UpSampling2D(2)(layers.Conv2D(width, 3, padding=pad, activation="relu")(h))
    else:
        h = layers.Conv2D(16, 3, strides=2, padding="same", activation="relu")(x)
        h = layers.Conv2D(32, 3, strides=2, padding="same", activation="relu")(h)
        h = layers.Conv2DTranspose(32, 3, strides=2, padding="same", activation="relu")(h)
        h = layers.Conv2DTranspose(16, 3, strides=2, padding="same", activation="relu")(h)
    return keras.Model(x, layers.Conv2D(1, 3, padding="same", activation="sigmoid")(h))


# Random images per epoch: enough batches of 128 that the per-epoch start-up of `fit` is a small part of an epoch.
KERNEL_IMAGES = {"dense autoencoder": 8192, "conv denoiser": 2048, "transposed-conv autoencoder": 4096}


def measure_kernels(images: int | None = None, epochs: int = 3) -> dict:
    """Training images/s of each model in ``KERNELS`` on the backend Keras was started with (median of
    ``epochs`` epochs of ``images`` random images (default :data:`KERNEL_IMAGES`), batch 128, after one epoch of
    warm-up that compiles)."""
    import time

    import numpy as np

    out = {}
    for name in KERNELS:
        model = _kernel_model(name)
        model.compile("adam", "mse")
        n = images or KERNEL_IMAGES[name]
        shape = (n, 784) if name == "dense autoencoder" else (n, 28, 28, 1)
        x = np.random.default_rng(0).random(shape, dtype=np.float32)
        model.fit(x, x, batch_size=128, epochs=1, verbose=0)
        rates = []
        for _ in range(epochs):
            start = time.perf_counter()
            model.fit(x, x, batch_size=128, epochs=1, verbose=0)
            rates.append(n / (time.perf_counter() - start))
        out[name] = {"images_per_s": statistics.median(rates), "params": model.count_params()}
    return out


def kernel_rates(backend: str) -> dict:
    """:func:`measure_kernels` on ``backend``, in a fresh process."""
    env = {**os.environ, "KERAS_BACKEND": backend, "TF_CPP_MIN_LOG_LEVEL": "3"}
    code = "import json; from aecourse.bench import measure_kernels; print(json.dumps(measure_kernels()))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=900)
    if proc.returncode != 0:
        raise RuntimeError(f"timing the models on {backend} failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def dense_training_flops_per_sample(params: int) -> float:
    """≈ 6 FLOPs per parameter per training sample for a dense network (2 forward, 4 backward)."""
    return 6.0 * params


def run_bench(names: list[str] | None, profile: str, backends: list[str], repeats: int, build: Path | None = None):
    """Run the benchmark; return the rows written to ``build/bench.json``."""
    profile = check_profile(profile)
    backends = [check_backend(b) for b in backends]
    build = build or (project_root() / "build")
    notebooks = select(names)
    rows, runs = [], []
    peaks, kernels = {}, {}
    for backend in backends:
        peaks[backend] = matmul_gflops(backend)
        print(f"{backend}: matmul rate {peaks[backend]:.1f} GFLOP/s (float32, 2048², median of 7)", flush=True)
        kernels[backend] = kernel_rates(backend)
        rates = ", ".join(f"{name} {v['images_per_s']:,.0f}" for name, v in kernels[backend].items())
        print(f"{backend}: training images/s: {rates}", flush=True)
        for nb in notebooks:
            walls, throughputs, params, phase_seconds = [], [], None, {}
            for i in range(repeats):
                # one folder per profile too, so a smoke bench does not overwrite a standard bench's results
                results_dir = build / "bench" / f"results-{profile}-{backend}-{i}"
                notebooks_dir = build / "bench" / f"notebooks-{profile}-{backend}"
                outcome = run_lesson(nb, profile, backend, notebooks_dir, results_dir)
                if not outcome.ok:
                    print(f"  {nb.stem} on {backend}: FAILED ({outcome.error}); see {outcome.output}", flush=True)
                    break
                walls.append(outcome.seconds)
                payload = read_results(results_dir / f"{nb.stem}.json")
                runs.append(payload)
                phases = payload.get("timing", {})
                main = phases.get(MAIN, {})
                if "samples_per_s" in main:
                    throughputs.append(main["samples_per_s"])
                for name, entry in phases.items():
                    if isinstance(entry, dict):
                        phase_seconds.setdefault(name, []).append(entry["seconds"])
                params = payload["metrics"].get("train_params", params)
                print(f"  {nb.stem} on {backend}, run {i + 1}/{repeats}: {outcome.seconds:.1f} s", flush=True)
            row = {
                "lesson": nb.stem,
                "backend": backend,
                "runs": len(walls),
                "wall_s_median": statistics.median(walls) if walls else None,
                "wall_s_all": walls,
                "train_samples_per_s_median": statistics.median(throughputs) if throughputs else None,
                "phase_s_median": {name: statistics.median(v) for name, v in phase_seconds.items()},
                "matmul_gflops": peaks[backend],
                "kernels": kernels[backend],
            }
            if params and throughputs:
                achieved = dense_training_flops_per_sample(params) * row["train_samples_per_s_median"] / 1e9
                row["train_gflops"] = achieved
                row["fraction_of_matmul_rate"] = achieved / peaks[backend]
            rows.append(row)
    write_tables(rows, profile, build, runs)
    return rows


def format_table(rows: list[dict]) -> str:
    """The benchmark rows as a Markdown table."""

    def f(v, spec):
        return "—" if v is None else format(v, spec)

    lines = [
        "| lesson | backend | runs | wall time, median (s) | where the time goes (s, median; share of the wall time) "
        "| training samples/s, median | training GFLOP/s | of matmul rate |",
        "|---|---|---:|---:|---|---:|---:|---:|",
    ]
    for r in rows:
        frac = r.get("fraction_of_matmul_rate")
        wall = r.get("wall_s_median")
        phases = ", ".join(
            f"{name} {seconds:.0f}" + (f" ({100 * seconds / wall:.0f} %)" if wall else "")
            for name, seconds in sorted(r.get("phase_s_median", {}).items(), key=lambda kv: -kv[1])
        )
        lines.append(
            f"| {r['lesson']} | {r['backend']} | {r['runs']} | {f(r['wall_s_median'], '.1f')} | {phases or '—'} | "
            f"{f(r['train_samples_per_s_median'], ',.0f')} | {f(r.get('train_gflops'), '.1f')} | "
            f"{'—' if frac is None else f'{100 * frac:.0f} %'} |"
        )
    return "\n".join(lines)


def format_machine(rows: list[dict], profile: str) -> str:
    """The header: profile, the machine (CPU model, vector units, cores) and each backend's matmul rate on it."""
    from .runtime import machine_description

    per_backend = {r["backend"]: r for r in rows if r.get("matmul_gflops")}

    def kernel_cells(r):
        cells = []
        for name in KERNELS:
            k = r.get("kernels", {}).get(name)
            if not k:
                cells.append("—")
                continue
            cell = f"{k['images_per_s']:,.0f}"
            if name == "dense autoencoder":
                share = dense_training_flops_per_sample(k["params"]) * k["images_per_s"] / 1e9 / r["matmul_gflops"]
                cell += f" ({100 * share:.0f} % of matmul)"
            cells.append(cell)
        return cells

    lines = [
        f"Benchmark, profile {profile}, on {machine_description()}.",
        "",
        "This machine per backend, measured in this run, one process at a time: the matrix-multiply rate (float32, "
        "2048 × 2048 through `keras.ops.matmul`, median of 7) and the training rate of three small models shaped "
        "like the lessons' (random images, batch 128, median of 3 epochs after one that compiles; the dense "
        "autoencoder's share of the matmul rate counts 6 FLOPs per weight per image): "
        + "; ".join(f"{name}: {what}" for name, what in KERNELS.items())
        + ".",
        "",
        "| backend | matmul GFLOP/s | " + " | ".join(f"{name}, images/s" for name in KERNELS) + " |",
        "|---|---:|" + "---:|" * len(KERNELS),
        *(f"| {b} | {r['matmul_gflops']:.1f} | " + " | ".join(kernel_cells(r)) + " |" for b, r in per_backend.items()),
        "",
        "Phases are the lesson's own `aecourse.phase` blocks; what is not in one (set-up, data, figures) is the rest "
        "of the wall time.",
        "",
    ]
    return "\n".join(lines) + "\n"


def write_tables(rows: list[dict], profile: str, build: Path, runs: list[dict] | None = None) -> None:
    """``build/bench.md`` (the machine, the timing table and, from ``runs``' results, the headlines side by side)
    and ``build/bench.json``."""
    from .compare import compare
    from .runtime import machine_description

    build.mkdir(parents=True, exist_ok=True)
    header = format_machine(rows, profile)
    table = format_table(rows)
    if runs:
        table += "\n\n## Headline numbers of every run, side by side\n\n" + compare(runs)
    (build / "bench.md").write_text(header + table + "\n")
    payload = {"profile": profile, "machine": machine_description(), "rows": rows}
    (build / "bench.json").write_text(json.dumps(payload, indent=2) + "\n")
    print("\n" + header + table)
