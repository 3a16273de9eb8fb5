"""Check, without the platform, what each supported platform's install of the course resolves to.

For every platform and Python in ``PLATFORMS`` × ``PYTHONS``, the requirements of the chosen extras (``cpu`` by
default) are filtered by their environment markers as that platform would evaluate them, and each one is fetched
with ``pip download --no-deps --only-binary=:all: --platform … --python-version …`` into a scratch folder that is
deleted after: the printed wheel names are what a learner there gets. Exit status 1 if any requirement has no wheel.

    python tools/check_platforms.py                  # the CPU route, Python 3.11 and 3.13
    python tools/check_platforms.py --extras gpu --platforms linux-x86_64
    python tools/check_platforms.py --all-deps       # also every runtime dependency (newest wheel each)

Only PyPI is queried, with pip's local configuration switched off (a machine's own wheel folder or constraints
would skew the check). PyTorch's CPU wheel index is not: on Linux x86-64 the torch line shows PyPI's build (the
CUDA one), which ``make`` replaces on the CPU route with the CPU build from ``TORCH_INDEX``.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parent.parent

# name: (marker environment, pip --platform tags)
PLATFORMS = {
    "linux-x86_64": (
        {"sys_platform": "linux", "platform_system": "Linux", "platform_machine": "x86_64", "os_name": "posix"},
        ["manylinux_2_28_x86_64", "manylinux_2_27_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64"],
    ),
    "linux-aarch64": (
        {"sys_platform": "linux", "platform_system": "Linux", "platform_machine": "aarch64", "os_name": "posix"},
        ["manylinux_2_28_aarch64", "manylinux_2_27_aarch64", "manylinux_2_17_aarch64", "manylinux2014_aarch64"],
    ),
    "macos-arm64": (
        {"sys_platform": "darwin", "platform_system": "Darwin", "platform_machine": "arm64", "os_name": "posix"},
        ["macosx_14_0_arm64"],
    ),
    "windows-x86_64": (
        {"sys_platform": "win32", "platform_system": "Windows", "platform_machine": "AMD64", "os_name": "nt"},
        ["win_amd64"],
    ),
}
PYTHONS = ("3.11", "3.13")


def requirements(extras: list[str], all_deps: bool) -> list[Requirement]:
    """The requirements of ``extras`` (self-references such as ``aecourse[tensorflow,torch]`` expanded)."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    optional = project["optional-dependencies"]
    found, todo, seen = [], list(extras), set()
    while todo:
        extra = todo.pop(0)
        if extra in seen:
            continue
        seen.add(extra)
        for line in optional[extra]:
            req = Requirement(line)
            if req.name == project["name"]:
                todo.extend(sorted(req.extras))
            else:
                found.append(req)
    if all_deps:
        found += [Requirement(line) for line in project["dependencies"]]
    return found


def selected(reqs: list[Requirement], platform: str, python: str) -> list[Requirement]:
    """The requirements whose markers hold on ``platform`` with ``python``."""
    env = {
        **default_environment(),
        **PLATFORMS[platform][0],
        "python_version": python,
        "python_full_version": f"{python}.0",
    }
    return [r for r in reqs if r.marker is None or r.marker.evaluate(env)]


INDEX = "https://pypi.org/simple"


def clean_environment() -> dict[str, str]:
    """This process's environment without pip settings that point at local wheels or other indexes: PyPI only."""
    keep = {"PIP_CERT", "PIP_DEFAULT_TIMEOUT"}
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_") or k in keep}
    env["PIP_CONFIG_FILE"] = os.devnull  # no pip.conf either (a local find-links or constraint would skew the check)
    return env


def download(req: Requirement, platform: str, python: str) -> str:
    """The wheel ``pip download`` fetches for ``req`` on that platform and Python, or the error's last line."""
    spec = f"{req.name}{'[' + ','.join(sorted(req.extras)) + ']' if req.extras else ''}{req.specifier}"
    tags = [arg for tag in PLATFORMS[platform][1] for arg in ("--platform", tag)]
    with tempfile.TemporaryDirectory() as scratch:
        proc = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", *tags]
            + ["--python-version", python, "--index-url", INDEX, "--disable-pip-version-check", "-d", scratch, spec],
            capture_output=True,
            text=True,
            env=clean_environment(),
        )
        wheels = sorted(p.name for p in Path(scratch).glob("*.whl"))
    if proc.returncode == 0 and wheels:
        return wheels[0]
    errors = [line for line in (proc.stderr or proc.stdout).splitlines() if line.startswith("ERROR")]
    return "FAILED: " + (errors[-1] if errors else "no wheel")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extras", default="cpu", help="comma-separated extras (default: cpu)")
    parser.add_argument("--platforms", nargs="+", default=list(PLATFORMS), choices=list(PLATFORMS))
    parser.add_argument("--pythons", nargs="+", default=list(PYTHONS))
    parser.add_argument("--all-deps", action="store_true", help="also every runtime dependency")
    args = parser.parse_args(argv)
    reqs = requirements(args.extras.split(","), args.all_deps)
    failed = False
    print("| platform | Python | requirement | wheel pip downloads |\n|---|---|---|---|")
    for platform in args.platforms:
        for python in args.pythons:
            for req in selected(reqs, platform, python):
                wheel = download(req, platform, python)
                failed |= wheel.startswith("FAILED")
                print(f"| {platform} | {python} | `{re.sub(r';.*', '', str(req))}` | {wheel} |", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
