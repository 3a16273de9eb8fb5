"""Runtime set-up shared by every lesson: backend, seeds, versions, device, profile.

Introduced in lesson 01; every notebook's set-up cell calls :func:`setup` once,
*before* it imports Keras, because Keras reads its backend when it is first
imported and cannot switch afterwards.
"""

from __future__ import annotations

import contextlib
import os
import platform
import random
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BACKENDS = ("tensorflow", "torch", "jax")
PROFILES = ("smoke", "standard", "full")

# Set by setup(); read by aecourse.results.record() to fill in elapsed seconds.
_STATE: dict[str, Any] = {}


@dataclass(frozen=True)
class Run:
    """What :func:`setup` decided, returned to the notebook.

    ``settings`` holds the profile's sizes (epochs, subset sizes, ...); they are
    also reachable as attributes, so ``run.epochs`` works.
    """

    profile: str
    backend: str
    seed: int
    device: str
    versions: dict[str, str]
    settings: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        settings = object.__getattribute__(self, "settings")
        if name in settings:
            return settings[name]
        raise AttributeError(
            f"the {self.profile!r} profile has no setting {name!r}; it has: {', '.join(sorted(settings))}"
        )


def check_backend(backend: str) -> str:
    """Return ``backend`` normalised, or raise ``ValueError`` naming the choices."""
    name = str(backend).strip().lower()
    if name == "pytorch":
        name = "torch"
    if name not in BACKENDS:
        raise ValueError(
            f"unknown Keras backend {backend!r}: choose one of {', '.join(BACKENDS)} "
            "(set the notebook's `backend` parameter or the KERAS_BACKEND variable)"
        )
    return name


def check_profile(profile: str) -> str:
    """Return ``profile`` normalised, or raise ``ValueError`` naming the choices."""
    name = str(profile).strip().lower()
    if name not in PROFILES:
        raise ValueError(
            f"unknown profile {profile!r}: choose one of {', '.join(PROFILES)} "
            "(set the notebook's `profile` parameter or the AECOURSE_PROFILE variable)"
        )
    return name


def select_backend(backend: str) -> str:
    """Make ``backend`` the one Keras will use; must run before ``import keras``.

    Raises ``RuntimeError`` when Keras was already imported with another backend
    (restart the kernel, then run the set-up cell first).
    """
    name = check_backend(backend)
    if "keras" in sys.modules:
        import keras

        current = keras.backend.backend()
        if current != name:
            raise RuntimeError(
                f"Keras is already imported with the {current!r} backend, so it cannot switch to {name!r}. "
                "Restart the kernel and run the set-up cell before anything imports Keras."
            )
    os.environ["KERAS_BACKEND"] = name
    if name == "tensorflow":
        # Quiet TensorFlow's C++ logging (it goes to stderr and floods notebooks). Level 3 also hides its
        # "E"-level lines, such as oneDNN's notice that it falls back to Eigen for int32 ops (lesson 03's
        # upsampling), which are informational; a real failure still raises a Python exception.
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    return name


# Start-up lines TensorFlow's C++ core writes straight to file descriptor 2 (absl
# logging ignores TF_CPP_MIN_LOG_LEVEL before it is initialised). In a notebook they
# show up as red stderr blocks that look like errors; they are not.
_NATIVE_NOISE = (
    "All log messages before absl::InitializeLog()",
    "oneDNN custom operations are on",
    "This TensorFlow binary is optimized",
    "Unable to register cu",
    "computation placer already registered",
    "TF-TRT Warning",
    "rebuild TensorFlow with the appropriate compiler flags",
)


@contextlib.contextmanager
def _quiet_native_stderr():
    """Capture what native code writes to fd 2 meanwhile; replay all but the known start-up noise."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no real fd 2 (some embedded interpreters): nothing to filter
        yield
        return
    with tempfile.TemporaryFile(mode="w+b") as capture:
        os.dup2(capture.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            capture.seek(0)
            lines = capture.read().decode(errors="replace").splitlines()
            kept = [line for line in lines if line.strip() and not any(n in line for n in _NATIVE_NOISE)]
            if kept:
                print("\n".join(kept), file=sys.stderr)


def seed_everything(seed: int) -> None:
    """Seed Python's ``random``, NumPy and Keras (which seeds the backend too)."""
    import numpy as np

    random.seed(seed)
    np.random.seed(seed)
    if "keras" in sys.modules:
        import keras

        keras.utils.set_random_seed(seed)


def library_versions() -> dict[str, str]:
    """Versions of Python and of every library that moves a lesson's numbers, as strings.

    The backends and Keras; NumPy, SciPy, scikit-learn and scikit-image (SSIM); Pillow with the libjpeg and libwebp it
    was built with (they decide lesson 02's JPEG and WebP curves); bm3d (lesson 03) and constriction (lesson 02's
    range coder). A library that is not installed is left out.
    """
    from importlib import metadata

    versions = {"python": platform.python_version()}
    for dist in (
        "keras",
        "tensorflow",
        "tensorflow-cpu",
        "torch",
        "jax",
        "jaxlib",
        "numpy",
        "scipy",
        "scikit-learn",
        "scikit-image",
        "pillow",
        "bm3d",
        "constriction",
        "aecourse",
    ):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            continue
    if "tensorflow-cpu" in versions:  # same package, different wheel
        versions.setdefault("tensorflow", versions.pop("tensorflow-cpu"))
    try:
        from PIL import features

        turbo = features.version("libjpeg_turbo")  # the JPEG library's own release, where it is libjpeg-turbo
        jpeg = f"libjpeg-turbo {turbo}" if turbo else features.version("jpg")
        for name, found in (("libjpeg", jpeg), ("libwebp", features.version("webp"))):
            if found:
                versions[name] = str(found)
    except ImportError:
        pass
    return versions


def machine_description(cpuinfo: Path = Path("/proc/cpuinfo")) -> str:
    """CPU model, its vector units and core count (or the platform string), for the report's and benchmark's header.

    On Linux the name alone can hide a 2-3x difference (cloud CPUs report just "AMD EPYC"), so the CPU family and
    model numbers and whether it has AVX-512 or only AVX2 are added from /proc/cpuinfo.
    """
    model = platform.processor() or platform.machine()
    fields: dict[str, str] = {}
    try:
        for line in Path(cpuinfo).read_text().splitlines():
            key, _, value = line.partition(":")
            fields.setdefault(key.strip(), value.strip())
            if not line.strip() and fields:  # the first processor's block is enough
                break
    except OSError:
        pass
    model = fields.get("model name", model)
    extra = []
    if "cpu family" in fields and "model" in fields:
        extra.append(f"family {fields['cpu family']} model {fields['model']}")
    flags = set(fields.get("flags", "").split())
    if flags:
        extra.append("AVX-512" if "avx512f" in flags else "AVX2, no AVX-512" if "avx2" in flags else "no AVX2")
    details = f" ({', '.join(extra)})" if extra else ""
    return f"{model}{details}, {os.cpu_count()} logical cores, {platform.system()} {platform.release()}"


def detect_device(backend: str) -> str:
    """Describe the device Keras will compute on with ``backend``: ``'cpu'``, ``'gpu (<name>)'`` or, for torch on
    Apple Silicon, ``'mps (Apple GPU)'``. For torch this follows Keras's own choice: ``KERAS_TORCH_DEVICE`` if set,
    else MPS, else CUDA, else the CPU; for JAX, its first device (JAX puts arrays on a GPU when it has one)."""
    if backend == "torch":
        import torch

        chosen = os.environ.get("KERAS_TORCH_DEVICE", "")
        mps = getattr(torch.backends, "mps", None)
        if chosen.startswith("mps") or (not chosen and mps is not None and mps.is_available()):
            return "mps (Apple GPU)"
        if chosen.startswith("cuda") or (not chosen and torch.cuda.is_available()):
            return f"gpu ({torch.cuda.get_device_name(0)})"
        return chosen or "cpu"
    if backend == "jax":
        import jax

        device = jax.devices()[0]
        if device.platform == "cpu":
            return "cpu"
        return f"{'gpu' if device.platform in ('gpu', 'cuda', 'rocm') else device.platform} ({device.device_kind})"
    import tensorflow as tf

    gpus = tf.config.list_physical_devices("GPU")
    if gpus:
        details = tf.config.experimental.get_device_details(gpus[0])
        return f"gpu ({details.get('device_name', gpus[0].name)})"
    return "cpu"


def setup(
    profile: str = "standard",
    backend: str = "tensorflow",
    seed: int = 0,
    settings: Mapping[str, Mapping[str, Any]] | None = None,
    lesson: str | None = None,
    quiet: bool = False,
    overrides: Mapping[str, Any] | None = None,
) -> Run:
    """Prepare a lesson: select the backend, import Keras, seed, report, pick the profile.

    A course lesson's sizes come from :data:`aecourse.profiles.SETTINGS` under ``lesson``; ``overrides``
    changes single values there (``overrides={"epochs": 3}``). Elsewhere ``settings`` maps each profile name
    to that profile's sizes, e.g. ``{"smoke": {"epochs": 1}, "standard": {"epochs": 10}, "full": {"epochs": 50}}``.
    The chosen sizes are returned in ``Run.settings`` and printed as a table. The clock that
    :func:`aecourse.results.record` reports starts here. Used by every lesson and every worked solution.
    """
    from . import profiles

    profile = check_profile(profile)
    backend = select_backend(backend)
    chosen: dict[str, Any] = {}
    if settings is not None:
        missing = [p for p in PROFILES if p not in settings]
        if missing:
            raise ValueError(f"settings must give every profile; missing: {', '.join(missing)}")
        chosen = dict(settings[profile])
        chosen.update(overrides or {})
    elif lesson in profiles.SETTINGS:
        chosen = profiles.lesson_settings(lesson, profile, dict(overrides or {}))
    elif overrides:
        raise ValueError(f"overrides need a lesson with sizes in aecourse/course/; {lesson!r} has none")

    # Keras, and Keras's seeding (which imports TensorFlow, if installed, on every backend)
    with _quiet_native_stderr():
        import keras  # noqa: F401  (imported here, after the backend is chosen)

        seed_everything(seed)
        device = detect_device(backend)
    if "tensorflow" in sys.modules:  # backend-specific: hide tf.function retracing notices between models
        import tensorflow as tf

        tf.get_logger().setLevel("ERROR")
    versions = library_versions()
    _STATE.update(
        start=time.perf_counter(),
        profile=profile,
        backend=backend,
        device=device,
        versions=versions,
        lesson=lesson,
        seed=seed,
        phases={},
    )
    run = Run(profile=profile, backend=backend, seed=seed, device=device, versions=versions, settings=chosen)
    if not quiet:
        lib = ", ".join(f"{k} {v}" for k, v in versions.items() if k != "aecourse")
        print(f"profile: {profile} | backend: {backend} | device: {device} | seed: {seed}")
        print(f"versions: {lib}")
        if chosen:
            print(
                f"sizes of the {profile} profile (run.<name>; all profiles in the lesson's file in aecourse/course/):"
            )
            print(profiles.settings_table(lesson or "", chosen))
        if lesson:
            print(last_run_time(lesson, profile, backend))
    return run


def last_run_time(lesson: str, profile: str, backend: str) -> str:
    """One line on how long ``lesson`` took the last time it ran here with this profile and backend.

    Read from its results file (so it is a time measured on this machine, not a number typed into the lesson).
    """
    from .store import load

    try:
        payload = load(lesson)
    except (OSError, ValueError):
        payload = None
    if not payload or payload.get("profile") != profile or payload.get("backend") != backend:
        return f"runs in: no earlier {profile} run of this lesson with {backend} on this machine to time it by"
    seconds = float(payload.get("seconds", 0))
    when = str(payload.get("finished_at", "?"))[:10]
    return (
        f"runs in: about {int(seconds // 60)} min {int(seconds % 60):02d} s "
        f"(the last {profile} run with {backend} here, finished {when})"
    )


def run_state() -> dict[str, Any]:
    """The running lesson's state, as :func:`setup` filled it in (profile, backend, seed, versions, device, start) and
    :mod:`aecourse.timing` adds to (its phases): what :func:`aecourse.record` writes beside the metrics."""
    return _STATE


def elapsed() -> float:
    """Seconds since :func:`setup` ran (``nan`` if it has not)."""
    start = _STATE.get("start")
    return float("nan") if start is None else time.perf_counter() - start
