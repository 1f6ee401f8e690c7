"""The UCI 8x8 handwritten digits shipped with the package (chapter 5), a seeded split,
one-hot targets and standardisation. Nothing here reaches the network.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path

import numpy as np

from .._validation import as_count, as_float_array, as_fraction, as_labels, as_rng

#: The UCI optical-recognition digits (1797 images of 8x8 pixels, values 0..16, label last);
#: citation and licence in nnnotes/datasets/README.md.
DIGITS_FILE = Path(__file__).resolve().parent.parent / "datasets" / "digits.csv.gz"


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
    y = as_labels(y, "y")
    if len(y) != len(X):
        raise ValueError(
            f"X and y must hold the same number of examples; got {len(X)} and {len(y)}."
        )
    test_fraction = as_fraction(test_fraction, "test_fraction")
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
    y = as_labels(y, "y")
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
