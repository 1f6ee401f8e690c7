"""MNIST for readers who have it: IDX files read from a local folder (nothing downloads)."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np

#: Bytes 3 of an IDX file's magic number -> big-endian dtype (the format's own table).
_IDX_DTYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def read_idx(path) -> np.ndarray:
    """Read one IDX file (the format MNIST is distributed in), raw or gzip-compressed.

    Layout: two zero bytes, a dtype code, the number of dimensions d, then d big-endian uint32
    sizes, then the data, big-endian, row-major.

    Parameters
    ----------
    path : str or Path

    Returns
    -------
    ndarray of the stored shape and dtype (native byte order)

    Raises
    ------
    FileNotFoundError if the file does not exist; ValueError if it is not a valid IDX file.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"IDX file not found: {path}")
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as f:
            raw = f.read()
    except (OSError, EOFError) as exc:  # gzip.BadGzipFile is an OSError
        raise ValueError(f"{path} is not a readable gzip file: {exc}") from exc
    if len(raw) < 4 or raw[:2] != b"\x00\x00" or raw[2] not in _IDX_DTYPES:
        raise ValueError(
            f"{path} is not an IDX file: expected a magic number 00 00 <dtype code> <ndim> with a "
            f"dtype code in {sorted(_IDX_DTYPES)}; got bytes {raw[:4].hex(' ') or 'none'}."
        )
    dtype, ndim = np.dtype(_IDX_DTYPES[raw[2]]), raw[3]
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise ValueError(f"{path} is truncated: its header promises {ndim} sizes.")
    shape = tuple(int(s) for s in np.frombuffer(raw, ">u4", ndim, offset=4))
    expected = header + dtype.itemsize * int(np.prod(shape))
    if len(raw) != expected:
        raise ValueError(
            f"{path} is corrupt: shape {shape} of {dtype} needs {expected} bytes; got {len(raw)}."
        )
    return np.frombuffer(raw, dtype, offset=header).reshape(shape).astype(dtype.newbyteorder("="))


def load_mnist(path, kind: str = "train") -> tuple[np.ndarray, np.ndarray]:
    """MNIST (or any dataset in the same IDX layout) from a local folder; nothing downloads.

    Looks for ``{kind}-images-idx3-ubyte`` and ``{kind}-labels-idx1-ubyte`` in ``path``, each
    raw or with ``.gz`` appended (the names of the original distribution).

    Parameters
    ----------
    path : str or Path
        The folder holding the files.
    kind : {"train", "t10k"}
        The training set (60000 images) or the test set (10000).

    Returns
    -------
    X : ndarray of shape (N, rows*cols), float64 in [0, 1] (pixels / 255)
    y : ndarray of shape (N,), int64

    Raises
    ------
    FileNotFoundError naming the files looked for; ValueError for corrupt or mismatched files.
    """
    if kind not in ("train", "t10k"):
        raise ValueError(f"kind must be 'train' or 't10k'; got {kind!r}.")
    folder = Path(path)
    if not folder.is_dir():
        raise FileNotFoundError(f"MNIST folder not found: {folder}")
    images = read_idx(_find(folder, f"{kind}-images-idx3-ubyte"))
    labels = read_idx(_find(folder, f"{kind}-labels-idx1-ubyte"))
    if images.ndim != 3 or labels.ndim != 1 or len(images) != len(labels):
        raise ValueError(
            f"MNIST {kind} files in {folder} do not match: images of shape {images.shape} need "
            f"(N, rows, cols) and labels of shape (N,); got labels of shape {labels.shape}."
        )
    return images.reshape(len(images), -1) / 255.0, labels.astype(np.int64)


def _find(folder: Path, name: str) -> Path:
    for candidate in (folder / name, folder / f"{name}.gz"):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"{name} (or {name}.gz) not found in {folder}.")
