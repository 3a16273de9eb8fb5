"""Datasets for the lessons: downloaded once, verified by checksum, read offline after.

Every file the course reads is listed in :data:`FILES` with its official URL(s)
and its SHA-256. :func:`fetch` finds a file in this order:

1. ``$AECOURSE_DATA_DIR/<relpath>`` when that variable names a folder laid out
   like ``shared/data`` (``mnist/``, ``fashion-mnist/``, ``ml-100k/``, ``kodak/``).
   The file is verified and read in place; nothing is ever written there.
2. The per-user cache (``$AECOURSE_CACHE_DIR``, else the OS cache folder
   ``.../aecourse``), verified again on every use.
3. A download with :mod:`pooch` from the official source (then the listed
   mirrors), with a progress bar, into a temporary file that is moved into the
   cache only after its checksum matched; a failed or corrupt download leaves
   nothing behind.

Loaders return plain NumPy arrays (``uint8`` images, like ``keras.datasets``)
or pandas DataFrames, never pickles. Any problem raises :class:`DataError`
with the file, what was expected and what to do.
"""

from __future__ import annotations

import errno
import gzip
import hashlib
import json
import os
import shutil
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np

DATA_DIR_VAR = "AECOURSE_DATA_DIR"
CACHE_DIR_VAR = "AECOURSE_CACHE_DIR"
TIMEOUT_S = 30


class DataError(RuntimeError):
    """A dataset file is missing, corrupt, or could not be downloaded."""


@dataclass(frozen=True)
class Archive:
    """A zip the official source ships, from which :class:`DataFile` members are extracted."""

    name: str  # file name in the cache, e.g. "ml-100k.zip"
    urls: tuple[str, ...]
    known_hash: str  # "sha256:…" or, where the publisher only gives an MD5, "md5:…"


@dataclass(frozen=True)
class DataFile:
    """One file a lesson reads: where it lives relative to the data folder, its SHA-256, its sources."""

    relpath: str  # same layout as shared/data, e.g. "mnist/t10k-labels-idx1-ubyte.gz"
    sha256: str | None  # None only where no independent checksum is published (then the archive's is used)
    urls: tuple[str, ...] = ()
    archive: Archive | None = None
    member: str | None = None  # path inside the archive


# Official sources. yann.lecun.com often refuses downloads now; the PyTorch
# project's mirror hosts byte-identical files (the SHA-256 check makes sure).
_MNIST = ("https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/")
_FASHION = (
    "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
    "https://storage.googleapis.com/tensorflow/tf-keras-datasets/",
)
_KODAK = "http://r0k.us/graphics/kodak/kodak/"
_GROUPLENS = "https://files.grouplens.org/datasets/movielens/"

_SHA = {
    "mnist/train-images-idx3-ubyte.gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
    "mnist/train-labels-idx1-ubyte.gz": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
    "mnist/t10k-images-idx3-ubyte.gz": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    "mnist/t10k-labels-idx1-ubyte.gz": "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
    "fashion-mnist/train-images-idx3-ubyte.gz": "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
    "fashion-mnist/train-labels-idx1-ubyte.gz": "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
    "fashion-mnist/t10k-images-idx3-ubyte.gz": "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
    "fashion-mnist/t10k-labels-idx1-ubyte.gz": "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
    "ml-100k/u.data": "06416e597f82b7342361e41163890c81036900f418ad91315590814211dca490",
    "ml-100k/u.item": "553841ebc7de3a0fd0d6b62a204ea30c1e651aacfb2814c7a6584ac52f2c5701",
}
_KODAK_SHA = (
    "a56e27cbf5f843c048b6af1d6e090760e9c92fadba88b7dee0205918a37523bd",
    "4f4b74a79237e311d72cad958237b5f7088d8bce1c82305ebefe1a70e3022dfd",
    "e25ca1ff2f0c0cb5fdfd5f9b0a0bb21ac4c3de3c84a67f35b09a85d3306249db",
    "e3b946107c5d3441c022f678d0c3caf1e224d81b1604ba840a4f88e562de61aa",
    "10349e963c5c813d327852f82c1795fa4148d69fedffc4c589bee458e3ac3d53",
    "363510303b715d4cbc384e1ce227e466b613a09e1b71ae985882bf8e7fbd9b18",
    "b77d3f006f42414bb242222e0482e750c0fb9e5ee8d4bed2f6f11c5605fe54a4",
    "ba23983c76b4832ee0e8af0592664756841a16779acd69f792e268fb6d13d6e7",
    "6a4361c2fc194feb4edaa9f9a4a0620fb9943e460ac7fdf037fb0f6dd6607a7d",
    "9dfb70f5867c29ff9ed6313683f19b3d867849e40fbc0c4c54a4a89df341cf23",
    "7936814b58b5387fce2e4e2488b4ec830dadd95fa9520f358ddb30990b50f2b6",
    "d78c37c2f04f23761ed2367dd77e2db584ddd4c3950833fecf89f199a8126980",
    "bc34a3ce58dea09dce1704c997171602de90cb34d0c8503a988b77f473d39b08",
    "55a94550ff18f3246c4074fd32b77b0c74447c26b6ad274d564d999c0450ba6e",
    "7538cbb80cb9103606c48b806eae57d56c885c7f90b9b3be70a41160f9cbb683",
    "a89c7268ccd4718ba424a99fc4643c572cf692ca6eae887185ceb4e9f11d2e54",
    "37afcc89fbdcb76d9518e04b2fc011027e2f4cd14b3b2f83cefd721641a47c5b",
    "1a9258c365988961d87a0598725b609139c303ad48a5aad6c503c3b1a87849aa",
    "b7450b264b1b0a411390d8931b112c27905a992520fc90569dc4b920aa32bbdc",
    "3b46c71e3b92a563820ba32936be8330c586c41f938efd94be938386aae4328a",
    "ac958597c82073f6bb65129c68f72b651db5b9efd82e11547d07350214bc268b",
    "1cee58eb1f2d9c7ebb254d208a03c783ce6cf2c4d8c2cf45e235dd23b4ce1b29",
    "e3111a2fd4da24af15d6459ef9eacfe54106b38e27b4a21821b75c3f5d2d5baf",
    "1071c68372cc5a01435c2c225a5cf7d4bb803846ec08bb6b3d6721b156d7cb96",
)

# GroupLens publishes only an MD5 for each zip (ml-100k.zip.md5, ml-1m.zip.md5);
# the ML-100K members we read are also pinned by SHA-256 (values published by
# independent loaders; see shared/data/PROVENANCE.md).
ML_100K_ZIP = Archive("ml-100k.zip", (_GROUPLENS + "ml-100k.zip",), "md5:0e33842e24a9c977be4e0107933c0723")
ML_1M_ZIP = Archive("ml-1m.zip", (_GROUPLENS + "ml-1m.zip",), "md5:c4d9eecfca2ab87c1945afe126590906")


def _registry() -> dict[str, DataFile]:
    files: dict[str, DataFile] = {}
    for relpath, sha in _SHA.items():
        folder, name = relpath.split("/")
        if folder == "mnist":
            files[relpath] = DataFile(relpath, sha, tuple(base + name for base in _MNIST))
        elif folder == "fashion-mnist":
            files[relpath] = DataFile(relpath, sha, tuple(base + name for base in _FASHION))
        else:
            files[relpath] = DataFile(relpath, sha, archive=ML_100K_ZIP, member=relpath)
    for name in ("ratings.dat", "movies.dat"):
        files[f"ml-1m/{name}"] = DataFile(f"ml-1m/{name}", None, archive=ML_1M_ZIP, member=f"ml-1m/{name}")
    for i, sha in enumerate(_KODAK_SHA, start=1):
        name = f"kodim{i:02d}.png"
        files[f"kodak/{name}"] = DataFile(f"kodak/{name}", sha, (_KODAK + name,))
    return files


#: Every file the course reads, by its path relative to the data folder.
FILES: dict[str, DataFile] = _registry()


# --------------------------------------------------------------------------- locating files


def cache_dir() -> Path:
    """The per-user folder downloads land in (``$AECOURSE_CACHE_DIR`` or the OS cache)."""
    env = os.environ.get(CACHE_DIR_VAR)
    if env:
        return Path(env).expanduser()
    import pooch

    return Path(pooch.os_cache("aecourse"))


def data_dir() -> Path | None:
    """The read-only data folder named by ``$AECOURSE_DATA_DIR``, or ``None`` when unset."""
    env = os.environ.get(DATA_DIR_VAR)
    if not env:
        return None
    path = Path(env).expanduser()
    if not path.is_dir():
        raise DataError(
            f"{DATA_DIR_VAR}={env!r} is not a folder. Point it at a folder laid out like shared/data "
            f"(mnist/, fashion-mnist/, ml-100k/, kodak/), or unset it to download into {cache_dir()}."
        )
    return path


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _manifest_path(archive: Archive) -> Path:
    """Where the SHA-256 of an archive's members is recorded when they are extracted (beside the cached archive)."""
    return cache_dir() / f"{archive.name}.sha256.json"


def recorded_sha256(entry: DataFile) -> str | None:
    """The SHA-256 recorded for a member without a published checksum when it came out of its verified archive."""
    if entry.archive is None:
        return None
    try:
        return json.loads(_manifest_path(entry.archive).read_text()).get(entry.relpath)
    except (OSError, ValueError, AttributeError):
        return None


def _record_sha256(entry: DataFile, digest: str) -> None:
    from .store import write_atomic

    path = _manifest_path(entry.archive)
    try:
        known = json.loads(path.read_text())
    except (OSError, ValueError):
        known = {}
    write_atomic(path, json.dumps({**known, entry.relpath: digest}, indent=1, sort_keys=True) + "\n")


def _verify(path: Path, entry: DataFile, where: str) -> None:
    """Check ``path`` against the published SHA-256, or, for an archive member without one (MovieLens 1M), against
    the SHA-256 recorded when it was extracted from its MD5-verified archive; raise :class:`DataError` otherwise."""
    expected = entry.sha256 or recorded_sha256(entry)
    if expected is None:
        raise DataError(
            f"{path} ({where}) has no checksum to be verified against: it was not extracted by the course from "
            f"the verified {entry.archive.name if entry.archive else 'archive'}. {_remedy(entry, path)}"
        )
    actual = sha256_of(path)
    if actual != expected:
        raise DataError(
            f"{path} ({where}) does not match its checksum: expected SHA-256 {expected}, got {actual}. "
            f"The file is truncated, corrupt or another version. {_remedy(entry, path)}"
        )


def _remedy(entry: DataFile, path: Path | None = None) -> str:
    urls = entry.archive.urls if entry.archive else entry.urls
    where_from = " or ".join(urls) if urls else "its official source"
    parts = []
    if path is not None and data_dir() is not None and Path(path).is_relative_to(data_dir()):
        parts.append(f"Replace it with the official file from {where_from}, or unset {DATA_DIR_VAR}.")
    else:
        parts.append(
            f"Delete it and run again to download it from {where_from}, or set {DATA_DIR_VAR} to a folder "
            f"that holds {entry.relpath}."
        )
    return " ".join(parts)


def fetch(relpath: str, progressbar: bool = True) -> Path:
    """Return the local path of a verified copy of ``relpath`` (a key of :data:`FILES`).

    Reads from ``$AECOURSE_DATA_DIR`` when the file is there, else from the
    cache, else downloads it. Used by every loader below.
    """
    try:
        entry = FILES[relpath]
    except KeyError:
        raise DataError(f"unknown dataset file {relpath!r}; known files: {', '.join(sorted(FILES))}") from None
    root = data_dir()
    # a member without a published checksum is only read from the cache, where the course extracted and recorded it
    if root is not None and (root / relpath).is_file() and entry.sha256 is not None:
        _verify(root / relpath, entry, f"in {DATA_DIR_VAR}")
        return root / relpath
    target = cache_dir() / relpath
    try:
        if target.is_file():
            try:
                _verify(target, entry, "cached")
                return target
            except DataError:
                target.unlink()  # a corrupt or unverifiable cached copy is worthless: get it again
        if entry.archive is not None:
            archive = root / entry.archive.name if root is not None else None
            if archive is None or not archive.is_file():
                archive = _download(
                    entry.archive.urls, entry.archive.known_hash, entry.archive.name, entry, progressbar
                )
            else:
                _check_archive(archive, entry)
            _extract(entry, archive, target)
        else:
            _download(entry.urls, f"sha256:{entry.sha256}", relpath, entry, progressbar)
    except OSError as exc:
        if not isinstance(exc, PermissionError) and exc.errno != errno.EROFS:
            raise
        raise DataError(
            f"cannot write {relpath} into the download cache {cache_dir()} ({exc.strerror}): it is read-only. Set "
            f"{CACHE_DIR_VAR} to a folder you can write to, or {DATA_DIR_VAR} to a folder that holds {entry.relpath}."
        ) from exc
    _verify(target, entry, "just downloaded")
    return target


def _check_archive(path: Path, entry: DataFile) -> None:
    """Verify an archive found in the data folder against its published hash (``md5:…`` or ``sha256:…``)."""
    kind, expected = entry.archive.known_hash.split(":", 1)
    digest = hashlib.new(kind)
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    if digest.hexdigest() != expected:
        raise DataError(
            f"{path} does not match its published {kind.upper()} {expected} (got {digest.hexdigest()}): replace it "
            f"with the official file from {' or '.join(entry.archive.urls)}, or unset {DATA_DIR_VAR}."
        )


def _download(urls: tuple[str, ...], known_hash: str, relname: str, entry: DataFile, progressbar: bool) -> Path:
    import pooch
    import requests

    target = cache_dir() / relname
    errors = []
    for url in urls:
        try:
            downloader = pooch.HTTPDownloader(progressbar=progressbar, timeout=TIMEOUT_S)
            path = pooch.retrieve(
                url, known_hash=known_hash, fname=target.name, path=target.parent, downloader=downloader
            )
            return Path(path)
        except ValueError as exc:  # pooch: hash mismatch (the temporary file is already gone)
            errors.append(f"{url}: the download did not match {known_hash} ({exc})")
        except requests.exceptions.RequestException as exc:
            errors.append(f"{url}: {type(exc).__name__}: {exc}")
    tried = "\n  ".join(errors)
    raise DataError(
        f"could not download {relname} for {entry.relpath}; tried:\n  {tried}\n"
        f"Nothing was saved. Check the network connection and run again, or copy the official file "
        f"by hand into {target.parent}/ (SHA-256 checked on use), or set {DATA_DIR_VAR} to a folder that "
        f"holds {entry.relpath}."
    )


def _extract(entry: DataFile, archive_path: Path, target: Path) -> None:
    """Extract ``entry.member`` from the archive into ``target`` atomically, verified."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with zipfile.ZipFile(archive_path) as zf, zf.open(entry.member) as src:
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
            try:
                with os.fdopen(fd, "wb") as dst:
                    shutil.copyfileobj(src, dst)
                if entry.sha256 is None:  # no published checksum: the archive's was checked; record the member's
                    _record_sha256(entry, sha256_of(Path(tmp)))
                _verify(Path(tmp), entry, f"extracted from {archive_path.name}")
                os.replace(tmp, target)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
    except (zipfile.BadZipFile, KeyError, zlib.error, EOFError) as exc:
        raise DataError(
            f"cannot extract {entry.member} from {archive_path}: {exc}. Delete {archive_path} and run again."
        ) from exc


def fetch_all(progressbar: bool = True, include_large: bool = False) -> dict[str, Path]:
    """Fetch and verify every file the course uses (before going offline, say).

    MovieLens 1M (used only by lesson 07's ``full`` profile) is skipped unless
    ``include_large``. Returns ``{relpath: local path}``.
    """
    return {rel: fetch(rel, progressbar) for rel in FILES if include_large or not rel.startswith("ml-1m/")}


# --------------------------------------------------------------------------- IDX (MNIST format)

_IDX_DTYPES = {0x08: np.uint8}


def read_idx(path: Path | str, expected_shape: tuple[int, ...] | None = None) -> np.ndarray:
    """Read a gzip-compressed IDX file (the MNIST format) into a NumPy array.

    Checks the gzip stream, the magic number (two zero bytes, the type code,
    the number of dimensions), and that the size matches the header and, if
    given, ``expected_shape``.
    """
    path = Path(path)
    try:
        with gzip.open(path, "rb") as f:
            raw = f.read()
    except (OSError, EOFError, zlib.error) as exc:
        raise DataError(
            f"{path} is not a readable gzip file ({exc}): it is truncated or corrupt. "
            f"Delete it and run again, or replace it with the official file."
        ) from exc
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] not in _IDX_DTYPES:
        magic = int.from_bytes(raw[:4], "big") if len(raw) >= 4 else None
        raise DataError(
            f"{path} is not an IDX file of bytes: magic number {magic} "
            f"(expected 2049 for labels or 2051 for images). Replace it with the official file."
        )
    ndim = raw[3]
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise DataError(f"{path}: IDX header is cut short ({len(raw)} bytes). Replace it with the official file.")
    shape = tuple(int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    expected_bytes = header + int(np.prod(shape))
    if len(raw) != expected_bytes:
        raise DataError(
            f"{path}: the IDX header announces shape {shape} ({expected_bytes} bytes) but the file holds "
            f"{len(raw)} bytes. Replace it with the official file."
        )
    if expected_shape is not None and shape != tuple(expected_shape):
        raise DataError(f"{path}: shape {shape}, expected {tuple(expected_shape)}. Is it the right file?")
    return np.frombuffer(raw, dtype=_IDX_DTYPES[raw[2]], offset=header).reshape(shape).copy()


def _load_idx_set(folder: str) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    out = []
    for split, n in (("train", 60000), ("t10k", 10000)):
        x = read_idx(fetch(f"{folder}/{split}-images-idx3-ubyte.gz"), (n, 28, 28))
        y = read_idx(fetch(f"{folder}/{split}-labels-idx1-ubyte.gz"), (n,))
        out.append((x, y))
    return out[0], out[1]


def load_mnist() -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """MNIST digits as ``(x_train, y_train), (x_test, y_test)``.

    Images are ``uint8`` of shape ``(n, 28, 28)`` in 0..255, labels ``uint8`` 0..9;
    60,000 training and 10,000 test examples, exactly like ``keras.datasets.mnist``.
    Used by lessons 01, 03, 05, 06.
    """
    return _load_idx_set("mnist")


#: Fashion-MNIST's class names, in label order.
FASHION_CLASSES = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)


def load_fashion_mnist() -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Fashion-MNIST, in the same form as :func:`load_mnist` (class names in :data:`FASHION_CLASSES`).

    Used by lessons 01, 02, 04, 05.
    """
    return _load_idx_set("fashion-mnist")


# --------------------------------------------------------------------------- MovieLens


class MovieLens(NamedTuple):
    """Ratings (``user_id, item_id, rating, timestamp``) and items (``item_id, title``)."""

    ratings: pandas.DataFrame  # noqa: F821
    items: pandas.DataFrame  # noqa: F821


def load_movielens(version: str = "100k") -> MovieLens:
    """MovieLens ratings and item titles; ``version`` is ``"100k"`` or ``"1m"``.

    Ids are the dataset's own (1-based); ratings are integers 1..5; timestamps
    are Unix seconds. ML-100K has 100,000 ratings by 943 users of 1,682 items,
    ML-1M 1,000,209 by 6,040 users of 3,706 items. Used by lesson 07.
    """
    import pandas as pd

    cols = ["user_id", "item_id", "rating", "timestamp"]
    if version == "100k":
        ratings = pd.read_csv(fetch("ml-100k/u.data"), sep="\t", names=cols, dtype="int64")
        items = pd.read_csv(
            fetch("ml-100k/u.item"),
            sep="|",
            header=None,
            encoding="latin-1",
            usecols=[0, 1],
            names=["item_id", "title"],
        )
    elif version == "1m":
        ratings = pd.read_csv(fetch("ml-1m/ratings.dat"), sep="::", names=cols, engine="python", dtype="int64")
        items = pd.read_csv(
            fetch("ml-1m/movies.dat"),
            sep="::",
            header=None,
            encoding="latin-1",
            engine="python",
            usecols=[0, 1],
            names=["item_id", "title"],
        )
    else:
        raise ValueError(f"unknown MovieLens version {version!r}: choose '100k' or '1m'")
    if not ratings["rating"].between(1, 5).all():
        raise DataError(f"MovieLens {version}: ratings outside 1..5; the file is not the official one.")
    return MovieLens(ratings, items)


# --------------------------------------------------------------------------- Kodak


def load_kodak() -> list[np.ndarray]:
    """The 24 Kodak photographs (kodim01..kodim24) as ``uint8`` RGB arrays.

    Each is ``(512, 768, 3)`` or ``(768, 512, 3)``, so they come as a list, in
    order. Used by lesson 02 (out-of-domain compression).
    """
    from PIL import Image

    images = []
    for i in range(1, 25):
        path = fetch(f"kodak/kodim{i:02d}.png")
        with Image.open(path) as img:
            images.append(np.asarray(img.convert("RGB")))
    return images
