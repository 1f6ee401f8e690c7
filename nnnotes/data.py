"""Datasets for the chapters: seeded 2-D toy problems (chapter 4) and real digits (chapter 5).

Every generator takes ``seed=`` and returns ``(X, y)``: X of shape (N, 2), float64, and y of
shape (N,), integer class labels. Nothing here reaches the network: the digits ship inside the
package (``nnnotes/datasets/``) and MNIST is read from a folder the reader already has.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path

import numpy as np

from ._validation import as_count, as_float_array, as_rng

# ============================================================================================
# 2-D toy datasets (chapter 4): moons, circles, spirals, xor
# ============================================================================================


def _check(n: int, noise: float) -> tuple[int, float]:
    n = as_count(n, "n", minimum=2)
    noise = float(as_float_array(noise, "noise", ndim=0))
    if noise < 0:
        raise ValueError(f"noise must be >= 0; got {noise!r}.")
    return n, noise


def _finish(X: np.ndarray, y: np.ndarray, noise: float, rng) -> tuple[np.ndarray, np.ndarray]:
    X = X + noise * rng.standard_normal(X.shape)
    order = rng.permutation(len(y))
    return X[order], y[order].astype(np.int64)


def make_xor(n: int = 4, noise: float = 0.0, seed=None) -> tuple[np.ndarray, np.ndarray]:
    """The XOR problem: points near the four corners of the square [0, 1]^2.

    Label 1 where exactly one coordinate is near 1. With ``n=4, noise=0`` it is the classic
    four-point truth table, in the order (0,0), (0,1), (1,0), (1,1) (no shuffling).

    Parameters
    ----------
    n : int >= 2
        Number of points, dealt to the corners in turn.
    noise : float >= 0
        Standard deviation of the Gaussian jitter added to each point.
    seed : None, int or Generator

    Returns
    -------
    X : ndarray of shape (n, 2)
    y : ndarray of shape (n,), values in {0, 1}
    """
    n, noise = _check(n, noise)
    corners = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    X = corners[np.arange(n) % 4]
    y = (X[:, 0] != X[:, 1]).astype(np.int64)
    if n == 4 and noise == 0.0:
        return X, y
    return _finish(X, y, noise, as_rng(seed))


def make_moons(n: int = 200, noise: float = 0.1, seed=None) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles (radius 1), one per class.

    Parameters
    ----------
    n : int >= 2
        Number of points, split evenly between the two moons.
    noise : float >= 0
        Standard deviation of the Gaussian jitter.
    seed : None, int or Generator

    Returns
    -------
    X : ndarray of shape (n, 2)
    y : ndarray of shape (n,), values in {0, 1}
    """
    n, noise = _check(n, noise)
    rng = as_rng(seed)
    n0 = n // 2
    t0 = np.linspace(0.0, np.pi, n0)
    t1 = np.linspace(0.0, np.pi, n - n0)
    upper = np.column_stack([np.cos(t0), np.sin(t0)])
    lower = np.column_stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)])
    X = np.vstack([upper, lower])
    y = np.repeat([0, 1], [n0, n - n0])
    return _finish(X, y, noise, rng)


def make_circles(
    n: int = 200, noise: float = 0.05, factor: float = 0.5, seed=None
) -> tuple[np.ndarray, np.ndarray]:
    """A small circle (class 1, radius ``factor``) inside a unit circle (class 0).

    Parameters
    ----------
    n : int >= 2
    noise : float >= 0
    factor : float in (0, 1)
        Radius of the inner circle.
    seed : None, int or Generator

    Returns
    -------
    X : ndarray of shape (n, 2)
    y : ndarray of shape (n,), values in {0, 1}
    """
    n, noise = _check(n, noise)
    factor = float(as_float_array(factor, "factor", ndim=0))
    if not 0.0 < factor < 1.0:
        raise ValueError(f"factor must lie strictly between 0 and 1; got {factor!r}.")
    rng = as_rng(seed)
    n0 = n // 2
    t0 = np.linspace(0.0, 2 * np.pi, n0, endpoint=False)
    t1 = np.linspace(0.0, 2 * np.pi, n - n0, endpoint=False)
    outer = np.column_stack([np.cos(t0), np.sin(t0)])
    inner = factor * np.column_stack([np.cos(t1), np.sin(t1)])
    X = np.vstack([outer, inner])
    y = np.repeat([0, 1], [n0, n - n0])
    return _finish(X, y, noise, rng)


def make_spirals(
    n: int = 200, noise: float = 0.05, turns: float = 1.5, seed=None
) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved Archimedean spirals, one per class, inside the unit disc.

    Parameters
    ----------
    n : int >= 2
    noise : float >= 0
    turns : float > 0
        How many times each arm winds around the centre.
    seed : None, int or Generator

    Returns
    -------
    X : ndarray of shape (n, 2)
    y : ndarray of shape (n,), values in {0, 1}
    """
    n, noise = _check(n, noise)
    turns = float(as_float_array(turns, "turns", ndim=0))
    if turns <= 0:
        raise ValueError(f"turns must be > 0; got {turns!r}.")
    rng = as_rng(seed)
    n0 = n // 2
    arms = []
    for k, m in enumerate((n0, n - n0)):
        r = np.linspace(0.05, 1.0, m)
        t = 2 * np.pi * turns * r + k * np.pi
        arms.append(np.column_stack([r * np.cos(t), r * np.sin(t)]))
    X = np.vstack(arms)
    y = np.repeat([0, 1], [n0, n - n0])
    return _finish(X, y, noise, rng)


#: The toy datasets by name, for widgets: ``TOY_DATASETS["moons"](n, noise, seed=...)``.
TOY_DATASETS = {
    "xor": make_xor,
    "moons": make_moons,
    "circles": make_circles,
    "spirals": make_spirals,
}


def make_toy(name: str, n: int = 200, noise: float = 0.1, seed=None):
    """Look a toy dataset up by name ("xor", "moons", "circles", "spirals") and make it.

    Returns
    -------
    X : ndarray of shape (n, 2)
    y : ndarray of shape (n,)
    """
    if name not in TOY_DATASETS:
        known = ", ".join(repr(k) for k in TOY_DATASETS)
        raise ValueError(f"name must be one of {known}; got {name!r}.")
    return TOY_DATASETS[name](n, noise, seed=seed)


# ============================================================================================
# end of the 2-D toy datasets (chapter 4)
# ============================================================================================


# ============================================================================================
# Handwritten digits (chapter 5): the shipped UCI 8x8 digits, a seeded split, one-hot, MNIST
# ============================================================================================

#: The UCI optical-recognition digits (1797 images of 8x8 pixels, values 0..16, label last);
#: citation and licence in nnnotes/datasets/README.md.
DIGITS_FILE = Path(__file__).resolve().parent / "datasets" / "digits.csv.gz"

#: Bytes 3 of an IDX file's magic number -> big-endian dtype (the format's own table).
_IDX_DTYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def load_digits() -> tuple[np.ndarray, np.ndarray]:
    """The 1797 UCI handwritten digits shipped with nnnotes (Alpaydin & Kaynak 1998).

    Each image is 8x8 pixels; a pixel counts the "on" pixels of a 4x4 block of the original
    32x32 bitmap, so it lies in 0..16. The loader divides by 16, giving values in [0, 1].

    Returns
    -------
    X : ndarray of shape (1797, 64), float64 in [0, 1]
        One image per row, row-major: ``X[i].reshape(8, 8)`` is the picture.
    y : ndarray of shape (1797,), int64 in 0..9
        The digit each image shows.
    """
    with gzip.open(DIGITS_FILE, "rt") as f:
        table = np.loadtxt(f, delimiter=",", dtype=np.int64)
    return table[:, :-1] / 16.0, table[:, -1]


def split(X, y, test_fraction: float = 0.25, seed=0):
    """A seeded, stratified train/test split: every class keeps its share in both parts.

    Parameters
    ----------
    X : ndarray of shape (N, m)
    y : ndarray of shape (N,), integer labels
    test_fraction : float in (0, 1)
    seed : None, int or Generator

    Returns
    -------
    X_train, X_test : ndarrays of shape (N_train, m) and (N_test, m)
    y_train, y_test : ndarrays of shape (N_train,) and (N_test,)
    """
    X = as_float_array(X, "X", ndim=2)
    y = _as_labels(y)
    if len(y) != len(X):
        raise ValueError(f"X and y must hold the same number of examples; got {len(X)} and {len(y)}.")
    test_fraction = float(as_float_array(test_fraction, "test_fraction", ndim=0))
    if not 0.0 < test_fraction < 1.0:
        raise ValueError(f"test_fraction must lie strictly between 0 and 1; got {test_fraction!r}.")
    rng = as_rng(seed)
    test = []
    for k in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == k))
        test.extend(members[: round(test_fraction * len(members))])
    is_test = np.zeros(len(y), dtype=bool)
    is_test[test] = True
    return X[~is_test], X[is_test], y[~is_test], y[is_test]


def one_hot(y, n_classes: int | None = None) -> np.ndarray:
    """Rows of the identity: ``one_hot(y)[i, k] = 1`` if ``y[i] == k`` else 0.

    Parameters
    ----------
    y : ndarray of shape (N,), integer labels >= 0
    n_classes : int, optional
        Number of columns K; default ``y.max() + 1``.

    Returns
    -------
    Y : ndarray of shape (N, K), float64
    """
    y = _as_labels(y)
    K = int(y.max()) + 1 if n_classes is None else as_count(n_classes, "n_classes")
    if y.max() >= K:
        raise ValueError(f"labels must be < n_classes={K}; got a label {int(y.max())}.")
    Y = np.zeros((len(y), K))
    Y[np.arange(len(y)), y] = 1.0
    return Y


def standardizer(X_train) -> Callable[[np.ndarray], np.ndarray]:
    """The map X -> (X - mean) / std with the TRAINING set's column means and deviations.

    Columns constant in the training set (the digits' always-blank border pixels) are only
    centred. Apply the returned function to any set, so nothing is learned from test data.

    Parameters
    ----------
    X_train : ndarray of shape (N, m)

    Returns
    -------
    callable taking an ndarray of shape (N', m) or (m,) and returning one of the same shape
    """
    X_train = as_float_array(X_train, "X_train", ndim=2)
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    scale = np.where(std > 0, std, 1.0)
    m = X_train.shape[1]

    def transform(X) -> np.ndarray:
        X = as_float_array(X, "X")
        if X.shape[-1:] != (m,) or X.ndim > 2:
            raise ValueError(f"X must have shape (N, {m}) or ({m},) like X_train; got {X.shape}.")
        return (X - mean) / scale

    return transform


def standardize(X_train, *X_other) -> tuple[np.ndarray, ...]:
    """:func:`standardizer` of ``X_train`` applied to ``X_train`` and to every set in ``X_other``.

    Returns
    -------
    tuple of ndarrays, the training set first, each of its input's shape
    """
    transform = standardizer(X_train)
    return tuple(transform(X) for X in (X_train, *X_other))


def _as_labels(y) -> np.ndarray:
    y = np.asarray(y)
    if y.ndim != 1 or y.size == 0 or not np.issubdtype(y.dtype, np.integer) or y.min() < 0:
        raise ValueError(
            f"y must be a non-empty 1-D array of integer labels >= 0; got dtype {y.dtype}, "
            f"shape {y.shape}."
        )
    return y.astype(np.int64)


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


# ============================================================================================
# end of the handwritten digits (chapter 5)
# ============================================================================================
