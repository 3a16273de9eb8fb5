"""The datasets: real files where AECOURSE_DATA_DIR is set, and the download path for real over local HTTP."""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import socket
import stat
import zipfile
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from conftest import files_under

from aecourse import data
from aecourse.data import DataError

# --------------------------------------------------------------------------- helpers


def idx_bytes(array: np.ndarray) -> bytes:
    """Encode a uint8 array in the IDX format (uncompressed)."""
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(int(d).to_bytes(4, "big") for d in array.shape)
    return header + array.astype(np.uint8).tobytes()


def sha(b: bytes) -> str:
    return hashlib.sha256(b).hexdigest()


def serve(monkeypatch, root: Path, base: str, relpath: str, payload: bytes) -> data.DataFile:
    """Put ``payload`` on the server and point the registry entry for ``relpath`` at it, with its true checksum."""
    (root / Path(relpath).name).write_bytes(payload)
    entry = data.DataFile(relpath, sha(payload), (base + Path(relpath).name,))
    monkeypatch.setitem(data.FILES, relpath, entry)
    return entry


def fake_idx_set(rng, n_train=60000, n_test=10000):
    """Tiny stand-ins would break the shape checks, so build full-size (but cheap) IDX files."""
    out = {}
    for split, n in (("train", n_train), ("t10k", n_test)):
        out[f"{split}-images-idx3-ubyte.gz"] = gzip.compress(
            idx_bytes(rng.integers(0, 4, (n, 28, 28), dtype=np.uint8)), compresslevel=1
        )
        out[f"{split}-labels-idx1-ubyte.gz"] = gzip.compress(idx_bytes(rng.integers(0, 10, n, dtype=np.uint8)))
    return out


# --------------------------------------------------------------------------- the real files


def test_registry_covers_every_staged_file(real_data_dir):
    staged = {p.relative_to(real_data_dir).as_posix() for p in real_data_dir.rglob("*") if p.is_file()}
    used = {rel for rel in data.FILES if not rel.startswith("ml-1m/")}
    assert used <= staged, f"registry names files the data folder lacks: {used - staged}"


def test_real_mnist_and_fashion_like_keras(real_data_dir):
    for loader in (data.load_mnist, data.load_fashion_mnist):
        (x, y), (xt, yt) = loader()
        assert x.shape == (60000, 28, 28) and xt.shape == (10000, 28, 28)
        assert x.dtype == np.uint8 and y.dtype == np.uint8
        assert set(np.unique(y)) == set(range(10)) and set(np.unique(yt)) == set(range(10))
        assert 0 < x.mean() < 255
    (_, y), _ = data.load_mnist()
    assert y[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]  # MNIST's well-known first labels


def test_real_movielens_100k(real_data_dir):
    ml = data.load_movielens("100k")
    assert ml.ratings.shape == (100000, 4)
    assert ml.ratings.user_id.nunique() == 943 and ml.ratings.item_id.nunique() == 1682
    assert ml.ratings.rating.between(1, 5).all()
    assert ml.items.set_index("item_id").loc[1, "title"] == "Toy Story (1995)"


def test_real_kodak(real_data_dir):
    images = data.load_kodak()
    assert len(images) == 24
    assert all(im.dtype == np.uint8 and im.shape in {(512, 768, 3), (768, 512, 3)} for im in images)


def test_data_dir_is_read_only_and_untouched(real_data_dir, tmp_path, monkeypatch):
    """Reading from AECOURSE_DATA_DIR writes nothing there, and nothing to the cache either."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("AECOURSE_CACHE_DIR", str(cache))
    before = {p: p.stat().st_mtime_ns for p in real_data_dir.rglob("*")}
    data.load_fashion_mnist()
    data.load_movielens("100k")
    assert {p: p.stat().st_mtime_ns for p in real_data_dir.rglob("*")} == before
    assert files_under(cache) == []


# --------------------------------------------------------------------------- the data folder, with copies we control


def test_bad_file_in_data_dir_is_refused_and_kept(tmp_path, monkeypatch):
    folder = tmp_path / "data" / "mnist"
    folder.mkdir(parents=True)
    bad = folder / "t10k-labels-idx1-ubyte.gz"
    bad.write_bytes(b"not the official file")
    monkeypatch.setenv("AECOURSE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("AECOURSE_CACHE_DIR", str(tmp_path / "cache"))
    with pytest.raises(DataError) as err:
        data.fetch("mnist/t10k-labels-idx1-ubyte.gz")
    message = str(err.value)
    assert str(bad) in message and data.FILES["mnist/t10k-labels-idx1-ubyte.gz"].sha256 in message
    assert "AECOURSE_DATA_DIR" in message
    assert bad.read_bytes() == b"not the official file"  # never deleted: it is the user's folder


def test_data_dir_that_is_not_a_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("AECOURSE_DATA_DIR", str(tmp_path / "missing"))
    with pytest.raises(DataError, match="is not a folder"):
        data.fetch("mnist/t10k-labels-idx1-ubyte.gz")


def test_unknown_file_is_named():
    with pytest.raises(DataError, match="unknown dataset file 'mnist/nope'"):
        data.fetch("mnist/nope")


def test_unknown_movielens_version():
    with pytest.raises(ValueError, match="'100k' or '1m'"):
        data.load_movielens("20m")


# --------------------------------------------------------------------------- downloads, over real HTTP on 127.0.0.1


def test_download_verifies_and_caches(isolated, http_server, monkeypatch):
    root, base, requests = http_server
    payload = gzip.compress(idx_bytes(np.arange(10, dtype=np.uint8)))
    serve(monkeypatch, root, base, "mnist/t10k-labels-idx1-ubyte.gz", payload)
    path = data.fetch("mnist/t10k-labels-idx1-ubyte.gz", progressbar=False)
    assert path == isolated / "mnist" / "t10k-labels-idx1-ubyte.gz"
    assert path.read_bytes() == payload
    assert data.read_idx(path).tolist() == list(range(10))
    assert len(requests) == 1
    data.fetch("mnist/t10k-labels-idx1-ubyte.gz", progressbar=False)  # second call: from the cache
    assert len(requests) == 1
    assert files_under(isolated) == [path]  # no temporary files left


def test_loader_downloads_a_whole_dataset(isolated, http_server, monkeypatch):
    root, base, requests = http_server
    rng = np.random.default_rng(0)
    for name, payload in fake_idx_set(rng).items():
        serve(monkeypatch, root, base, f"fashion-mnist/{name}", payload)
    (x, y), (xt, yt) = data.load_fashion_mnist()
    assert x.shape == (60000, 28, 28) and yt.shape == (10000,) and x.dtype == np.uint8
    assert len(requests) == 4


def test_mirror_is_tried_when_the_first_source_fails(isolated, http_server, monkeypatch):
    root, base, requests = http_server
    entry = serve(monkeypatch, root, base, "mnist/t10k-labels-idx1-ubyte.gz", b"payload")
    monkeypatch.setitem(data.FILES, entry.relpath, replace(entry, urls=(base + "missing.gz",) + entry.urls))
    assert data.fetch(entry.relpath, progressbar=False).read_bytes() == b"payload"


@pytest.mark.parametrize("damage", ["corrupt", "truncated"])
def test_bad_download_is_refused_and_leaves_nothing(isolated, http_server, monkeypatch, damage):
    root, base, requests = http_server
    good = gzip.compress(idx_bytes(np.arange(100, dtype=np.uint8)))
    entry = serve(monkeypatch, root, base, "mnist/t10k-labels-idx1-ubyte.gz", good)
    bad = bytes([good[0] ^ 0xFF]) + good[1:] if damage == "corrupt" else good[: len(good) // 2]
    (root / "t10k-labels-idx1-ubyte.gz").write_bytes(bad)
    with pytest.raises(DataError) as err:
        data.fetch(entry.relpath, progressbar=False)
    message = str(err.value)
    assert entry.urls[0] in message and entry.sha256 in message
    assert "Nothing was saved" in message and "AECOURSE_DATA_DIR" in message
    assert files_under(isolated) == []


def test_no_network_gives_a_clear_error(isolated, monkeypatch):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/t10k-labels-idx1-ubyte.gz"
    entry = data.DataFile("mnist/t10k-labels-idx1-ubyte.gz", "0" * 64, (url,))
    monkeypatch.setitem(data.FILES, entry.relpath, entry)
    with pytest.raises(DataError) as err:
        data.fetch(entry.relpath, progressbar=False)
    assert url in str(err.value) and "ConnectionError" in str(err.value)
    assert files_under(isolated) == []


def test_corrupt_cached_copy_is_replaced(isolated, http_server, monkeypatch):
    root, base, requests = http_server
    entry = serve(monkeypatch, root, base, "mnist/t10k-labels-idx1-ubyte.gz", b"good bytes")
    cached = isolated / entry.relpath
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"half")
    assert data.fetch(entry.relpath, progressbar=False).read_bytes() == b"good bytes"


def test_movielens_from_its_zip(isolated, http_server, monkeypatch):
    root, base, requests = http_server
    u_data = b"1\t10\t4\t881250949\n2\t10\t5\t891717742\n1\t20\t1\t878887116\n"
    u_item = "10|Caf\xe9 (1995)|01-Jan-1995||http://x|0\n20|Other (1996)|01-Jan-1996||http://y|0\n".encode("latin-1")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("ml-100k/u.data", u_data)
        zf.writestr("ml-100k/u.item", u_item)
    (root / "ml-100k.zip").write_bytes(buffer.getvalue())
    archive = data.Archive("ml-100k.zip", (base + "ml-100k.zip",), "md5:" + hashlib.md5(buffer.getvalue()).hexdigest())
    for rel, payload in (("ml-100k/u.data", u_data), ("ml-100k/u.item", u_item)):
        monkeypatch.setitem(data.FILES, rel, data.DataFile(rel, sha(payload), archive=archive, member=rel))
    ml = data.load_movielens("100k")
    assert ml.ratings.rating.tolist() == [4, 5, 1]
    assert ml.items.title.tolist() == ["Café (1995)", "Other (1996)"]
    assert len(requests) == 1  # one zip, both members


def test_movielens_member_with_wrong_checksum_is_not_kept(isolated, http_server, monkeypatch):
    root, base, _ = http_server
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("ml-100k/u.data", b"1\t1\t9\t0\n")
    (root / "ml-100k.zip").write_bytes(buffer.getvalue())
    archive = data.Archive("ml-100k.zip", (base + "ml-100k.zip",), "md5:" + hashlib.md5(buffer.getvalue()).hexdigest())
    monkeypatch.setitem(
        data.FILES,
        "ml-100k/u.data",
        data.DataFile("ml-100k/u.data", "1" * 64, archive=archive, member="ml-100k/u.data"),
    )
    with pytest.raises(DataError, match="does not match its checksum"):
        data.fetch("ml-100k/u.data", progressbar=False)
    assert not (isolated / "ml-100k" / "u.data").exists()
    assert [p.name for p in files_under(isolated)] == ["ml-100k.zip"]  # the verified zip may stay


def test_a_member_without_a_published_checksum_is_recorded_then_checked(isolated, http_server, monkeypatch):
    """MovieLens 1M publishes only the zip's MD5: its members' SHA-256 are recorded when extracted, then checked."""
    root, base, requests = http_server
    ratings = b"1::10::4::881250949\n"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("ml-1m/ratings.dat", ratings)
    (root / "ml-1m.zip").write_bytes(buffer.getvalue())
    archive = data.Archive("ml-1m.zip", (base + "ml-1m.zip",), "md5:" + hashlib.md5(buffer.getvalue()).hexdigest())
    entry = data.DataFile("ml-1m/ratings.dat", None, archive=archive, member="ml-1m/ratings.dat")
    monkeypatch.setitem(data.FILES, entry.relpath, entry)
    path = data.fetch(entry.relpath, progressbar=False)
    assert path.read_bytes() == ratings and data.recorded_sha256(entry) == sha(ratings)
    path.write_bytes(b"1::10::5::881250949\n")  # changed after extraction: caught, and extracted again
    assert data.fetch(entry.relpath, progressbar=False).read_bytes() == ratings
    assert len(requests) == 1  # the verified zip was reused


def test_read_only_cache_gives_the_course_error(isolated, http_server, monkeypatch):
    """A cache the user cannot write to (simulated: root can write anywhere) gives DataError, naming the way out."""
    import pooch

    root, base, _ = http_server
    entry = serve(monkeypatch, root, base, "mnist/t10k-labels-idx1-ubyte.gz", b"bytes")

    def read_only(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(isolated))

    monkeypatch.setattr(pooch, "retrieve", read_only)
    with pytest.raises(DataError, match="read-only.*AECOURSE_CACHE_DIR"):
        data.fetch(entry.relpath, progressbar=False)


# --------------------------------------------------------------------------- the IDX reader


def write_gz(path: Path, raw: bytes) -> Path:
    path.write_bytes(gzip.compress(raw))
    return path


def test_idx_roundtrip(tmp_path):
    array = np.random.default_rng(1).integers(0, 256, (5, 28, 28), dtype=np.uint8)
    path = write_gz(tmp_path / "x.gz", idx_bytes(array))
    np.testing.assert_array_equal(data.read_idx(path, (5, 28, 28)), array)


def test_idx_wrong_magic(tmp_path):
    raw = bytearray(idx_bytes(np.zeros((2, 3), np.uint8)))
    raw[2] = 0x0D  # float type code: not what MNIST holds
    with pytest.raises(DataError, match="magic number"):
        data.read_idx(write_gz(tmp_path / "x.gz", bytes(raw)))


def test_idx_wrong_size(tmp_path):
    raw = idx_bytes(np.zeros((4, 28, 28), np.uint8))[:-10]
    with pytest.raises(DataError, match="announces shape"):
        data.read_idx(write_gz(tmp_path / "x.gz", raw))


def test_idx_wrong_shape(tmp_path):
    path = write_gz(tmp_path / "x.gz", idx_bytes(np.zeros((4, 28, 28), np.uint8)))
    with pytest.raises(DataError, match="expected"):
        data.read_idx(path, (60000, 28, 28))


def test_idx_truncated_gzip(tmp_path):
    packed = gzip.compress(idx_bytes(np.zeros((50, 28, 28), np.uint8)))
    path = tmp_path / "x.gz"
    path.write_bytes(packed[: len(packed) // 2])
    with pytest.raises(DataError, match="truncated or corrupt"):
        data.read_idx(path)


def test_idx_not_gzip(tmp_path):
    path = tmp_path / "x.gz"
    path.write_bytes(b"<html>Not found</html>")
    with pytest.raises(DataError, match="not a readable gzip"):
        data.read_idx(path)


def test_read_only_data_dir_is_enough(tmp_path, monkeypatch):
    """A read-only folder holding a good file serves it without any write anywhere."""
    raw = gzip.compress(idx_bytes(np.arange(10, dtype=np.uint8)))
    folder = tmp_path / "data" / "mnist"
    folder.mkdir(parents=True)
    (folder / "t10k-labels-idx1-ubyte.gz").write_bytes(raw)
    monkeypatch.setitem(
        data.FILES,
        "mnist/t10k-labels-idx1-ubyte.gz",
        data.DataFile("mnist/t10k-labels-idx1-ubyte.gz", sha(raw), ("http://127.0.0.1:9/",)),
    )
    for p in (folder, folder.parent):
        p.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        monkeypatch.setenv("AECOURSE_DATA_DIR", str(tmp_path / "data"))
        monkeypatch.setenv("AECOURSE_CACHE_DIR", str(tmp_path / "cache"))
        assert data.fetch("mnist/t10k-labels-idx1-ubyte.gz") == folder / "t10k-labels-idx1-ubyte.gz"
        assert not (tmp_path / "cache").exists()
    finally:
        for p in (folder.parent, folder):
            p.chmod(0o755)
    assert os.listdir(folder) == ["t10k-labels-idx1-ubyte.gz"]
