"""The small seeded tasks of chapters 1-3: a noisy line, a noisy threshold, a logic gate, a
falling curve. Each generator takes ``seed=`` and returns its inputs and targets.
"""

from __future__ import annotations

import numpy as np

from .._validation import as_count, as_nonnegative, as_rng
from ..activations import sigmoid


def make_line(n: int = 20, w_true: float = 1.5, noise: float = 0.4, seed=0):
    """Chapter 1: noisy points on the line y = w_true x, x uniform in [0, 2] (notes 001 §1.2).

    Returns
    -------
    x, y : ndarrays of shape (n,)
    """
    rng = as_rng(seed)
    n = as_count(n, "n")
    noise = as_nonnegative(noise, "noise")
    x = rng.uniform(0.0, 2.0, size=n)
    y = w_true * x + noise * rng.standard_normal(n)
    return x, y


def make_threshold_data(n: int = 40, threshold: float = 0.5, steepness: float = 2.0, seed=0):
    """Chapter 2: x uniform in [-3, 3], label 1 with probability sigma(steepness (x - threshold)).

    Labels near the threshold are noisy, so the MSE of a one-input neuron has a finite minimum
    near w = steepness, b = -steepness * threshold.

    Returns
    -------
    x : ndarray of shape (n,)
    y : ndarray of shape (n,), values 0.0 or 1.0
    """
    rng = as_rng(seed)
    n = as_count(n, "n")
    x = rng.uniform(-3.0, 3.0, size=n)
    p = sigmoid(steepness * (x - threshold))
    y = (rng.uniform(size=n) < p).astype(float)
    return x, y


def make_gate_data(n_per_corner: int = 10, gate: str = "and", noise: float = 0.15, seed=0):
    """Chapter 2: noisy copies of the four corners of the unit square, labelled by a logic gate.

    Parameters
    ----------
    n_per_corner : int
    gate : {"and", "or"}
        Both are linearly separable. (XOR, which is not, is :func:`nnnotes.data.make_xor`.)
    noise : float >= 0
        Standard deviation of the Gaussian jitter added to each corner.
    seed : None, int or Generator

    Returns
    -------
    X : ndarray of shape (4 n_per_corner, 2)
    y : ndarray of shape (4 n_per_corner,), values 0.0 or 1.0
    """
    gates = {"and": np.logical_and, "or": np.logical_or}
    if gate not in gates:
        raise ValueError(f"gate must be 'and' or 'or'; got {gate!r}.")
    k = as_count(n_per_corner, "n_per_corner")
    noise = as_nonnegative(noise, "noise")
    corners = np.repeat(np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]), k, axis=0)
    y = gates[gate](corners[:, 0] > 0.5, corners[:, 1] > 0.5).astype(float)
    X = corners + noise * as_rng(seed).standard_normal(corners.shape)
    return X, y


def make_falling_curve(n: int = 40, noise: float = 0.03, seed=0):
    """Chapter 3: y = 0.8 - 0.6 sigma(6 (x - 0.3)) + noise, x ~ U(-1, 1), sorted by x.

    A chain of sigmoids is a monotone function of x, so its target is monotone too.

    Returns
    -------
    x, y : ndarrays of shape (n,)
    """
    n = as_count(n, "n")
    noise = as_nonnegative(noise, "noise")
    rng = as_rng(seed)
    x = np.sort(rng.uniform(-1.0, 1.0, n))
    y = 0.8 - 0.6 * sigmoid(6.0 * (x - 0.3)) + noise * rng.standard_normal(n)
    return x, y
