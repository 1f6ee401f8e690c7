"""Seeded 2-D toy datasets for chapter 4: xor, moons, circles, spirals.

Every generator takes ``seed=`` and returns ``(X, y)``: X of shape (N, 2), float64, and y of
shape (N,), integer class labels.
"""

from __future__ import annotations

import numpy as np

from .._validation import as_count, as_float_array, as_nonnegative, as_rng


def _check(n: int, noise: float) -> tuple[int, float]:
    n = as_count(n, "n", minimum=2)
    return n, as_nonnegative(noise, "noise")


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
