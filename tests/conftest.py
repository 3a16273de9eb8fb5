"""Shared fixtures: the real data folder (where CI provides one), a local HTTP server, an isolated cache."""

from __future__ import annotations

import functools
import http.server
import inspect
import os
import re
import shutil
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

# What makes a test slow: it starts another Python (a Keras backend, a solution, the command line, a browser) or trains
# a model. Such tests are marked `slow` here, so `make test` runs the fast unit tests first and stops on their failure
# before minutes of subprocesses; `notebook` tests (lessons and solutions) come last.
_SLOW_SOURCE = re.compile(r"subprocess\.|\.fit\(|fit_steps\(|find_chromium\(|denoisers\.bm3d\(|\baecourse\(")


def pytest_collection_modifyitems(config, items):
    for item in items:
        function = getattr(item, "function", None)
        try:
            source = inspect.getsource(function) if function is not None else ""
        except (OSError, TypeError):
            source = ""
        if "notebook" not in item.keywords and _SLOW_SOURCE.search(source):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def real_data_dir() -> Path:
    """The folder named by AECOURSE_DATA_DIR (the real datasets), or skip."""
    env = os.environ.get("AECOURSE_DATA_DIR")
    if not env or not Path(env).is_dir():
        pytest.skip("AECOURSE_DATA_DIR is not set to the real datasets")
    return Path(env)


@pytest.fixture
def isolated(tmp_path, monkeypatch) -> Path:
    """No data folder, and a fresh, empty download cache; returns the cache folder."""
    cache = tmp_path / "cache"
    monkeypatch.delenv("AECOURSE_DATA_DIR", raising=False)
    monkeypatch.setenv("AECOURSE_CACHE_DIR", str(cache))
    return cache


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest's output clean
        pass

    def do_GET(self):
        self.server.requests.append(self.path)
        super().do_GET()


@pytest.fixture
def http_server(tmp_path):
    """A real HTTP server on 127.0.0.1 serving ``root``; yields ``(root, base_url, requests)``."""
    root = tmp_path / "served"
    root.mkdir()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(root)))
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{server.server_address[1]}/", server.requests
    finally:
        server.shutdown()
        server.server_close()


def files_under(folder: Path) -> list[Path]:
    """Every file below ``folder`` (hidden and temporary ones included)."""
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


BROWSER_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium() -> str | None:
    """Debian's chromium (or another Chrome) on PATH, else None."""
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
