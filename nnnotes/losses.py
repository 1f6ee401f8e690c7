"""Costs over a batch and their derivatives with respect to the output activations.

A batch holds examples as rows: ``A`` and ``Y`` have shape (N, m) — N examples, m outputs.

mse            C = (1/N) sum_i ||a_i - y_i||^2        (notes 001, eq. 57; eq. 2 and 11 for m = 1)
               dC/dA = (2/N) (A - Y)
cross_entropy  C = -(1/N) sum_i sum_k y_ik log a_ik   (chapter 5; notes 003 leaves L generic)
               dC/dA = -(1/N) Y / A

The notes disagree on the factor in front of the sum: notes 001 uses 1/n, notes 000 none (a plain
sum over trials), many texts 1/2. The factor only rescales the gradient (and so the learning
rate); the book uses 1/N everywhere and keeps the 2 that its derivative produces.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from ._validation import as_float_array, lookup

#: Probabilities are clipped below at TINY before the log so that log(0) never happens.
TINY = 1e-12


def _check_pair(A, Y) -> tuple[np.ndarray, np.ndarray]:
    A = as_float_array(A, "A")
    Y = as_float_array(Y, "Y")
    if A.ndim == 1:
        A = A[:, None]
    if Y.ndim == 1:
        Y = Y[:, None]
    if A.ndim != 2 or A.shape != Y.shape:
        raise ValueError(
            f"A and Y must have the same shape (N, m); got A {A.shape} and Y {Y.shape}."
        )
    return A, Y


def _mse(A: np.ndarray, Y: np.ndarray) -> float:
    D = A - Y
    return float(np.vdot(D, D)) / A.shape[0]


def _mse_prime(A: np.ndarray, Y: np.ndarray) -> np.ndarray:
    return (2.0 / A.shape[0]) * (A - Y)


def _cross_entropy(A: np.ndarray, Y: np.ndarray) -> float:
    return -float(np.vdot(Y, np.log(np.maximum(A, TINY)))) / A.shape[0]


def _cross_entropy_prime(A: np.ndarray, Y: np.ndarray) -> np.ndarray:
    return -Y / (np.maximum(A, TINY) * A.shape[0])


def mse(A, Y) -> float:
    """Mean squared error C = (1/N) sum_i ||a_i - y_i||^2 (notes 001, eq. 57).

    Parameters
    ----------
    A : ndarray of shape (N, m) or (N,)
        Outputs, one row per example.
    Y : ndarray of the same shape
        Targets.

    Returns
    -------
    float
    """
    return _mse(*_check_pair(A, Y))


def mse_prime(A, Y) -> np.ndarray:
    """dC/dA = (2/N)(A - Y) for :func:`mse`; shape (N, m)."""
    return _mse_prime(*_check_pair(A, Y))


def cross_entropy(A, Y) -> float:
    """Cross-entropy C = -(1/N) sum_i sum_k y_ik log a_ik, finite even where a_ik = 0.

    Parameters
    ----------
    A : ndarray of shape (N, m)
        Predicted probabilities, one row per example.
    Y : ndarray of the same shape
        Targets (one-hot rows, or any distribution).

    Returns
    -------
    float
    """
    return _cross_entropy(*_check_pair(A, Y))


def cross_entropy_prime(A, Y) -> np.ndarray:
    """dC/dA = -(1/N) Y / A for :func:`cross_entropy` (A clipped as in the cost); shape (N, m)."""
    return _cross_entropy_prime(*_check_pair(A, Y))


class Loss(NamedTuple):
    """A cost C(A, Y) -> float and its derivative dC/dA(A, Y) -> (N, m) array.

    ``softmax_residual`` says what this loss becomes behind a softmax output layer: True when
    the softmax Jacobian pulls dC/dA back to dC/dZ = (A - Y) / N exactly, as it does for the
    cross-entropy (notes 003 §II; chapter 5), so a network may skip the pull-back.
    """

    name: str
    value: Callable[[np.ndarray, np.ndarray], float]
    prime: Callable[[np.ndarray, np.ndarray], np.ndarray]
    softmax_residual: bool = False


#: Every loss by name; a new entry here is all a new loss needs (the tests read this registry).
LOSSES: dict[str, Loss] = {
    "mse": Loss("mse", _mse, _mse_prime),
    "cross_entropy": Loss(
        "cross_entropy", _cross_entropy, _cross_entropy_prime, softmax_residual=True
    ),
}


def get_loss(name: str | Loss) -> Loss:
    """Look a loss up by name (a key of :data:`LOSSES`); a :class:`Loss` passes through."""
    return lookup(LOSSES, name, "loss", Loss)
