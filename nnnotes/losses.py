"""Costs over a batch and their derivatives with respect to the output activations.

A batch holds examples as rows: ``A`` and ``Y`` have shape (N, m) — N examples, m outputs.

mse            C = (1/N) sum_i ||a_i - y_i||^2        (notes 001, eq. 57; eq. 2 and 11 for m = 1)
               dC/dA = (2/N) (A - Y)
cross_entropy  C = -(1/N) sum_i sum_k y_ik log a_ik   (chapter 5; notes 003 leaves L generic)
               dC/dA = -(1/N) Y / A
               behind a softmax, from the logits: C = -(1/N) sum_i sum_k y_ik log softmax(z_i)_k
               (log-sum-exp, exact even where a probability underflows)

The notes disagree on the factor in front of the sum: notes 001 uses 1/n, notes 000 none (a plain
sum over trials), many texts 1/2. The factor only rescales the gradient (and so the learning
rate); the book uses 1/N everywhere and keeps the 2 that its derivative produces.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from ._validation import as_float_array, check_probability_rows, lookup, without_overflow
from .softmax import log_softmax_given, softmax_unchecked

#: :func:`cross_entropy` and :func:`cross_entropy_prime`, given probabilities directly, floor
#: them at TINY so that log(0) never happens. A network never needs it: its cost comes from
#: the logits (:func:`cross_entropy_from_logits`) and its softmax is never exactly 0.
TINY = 1e-12


def _check_pair(A, Y) -> tuple[np.ndarray, np.ndarray]:
    A = as_float_array(A, "A")
    Y = as_float_array(Y, "Y")
    if A.ndim == 1:
        A = A[:, None]
    if Y.ndim == 1:
        Y = Y[:, None]
    if A.ndim != 2 or A.shape != Y.shape or A.shape[0] == 0:
        raise ValueError(
            f"A and Y must have the same shape (N, m) with N >= 1; got A {A.shape} and Y {Y.shape}."
        )
    return A, Y


def _finite(compute, A, Y, what: str):
    """``compute(A, Y)``, refused with a ValueError if it overflows float64 (huge A - Y)."""

    def hint():
        return (
            f"A and Y are too far apart (largest |A - Y| is beyond ~1e154); got A in "
            f"[{A.min():.3g}, {A.max():.3g}], Y in [{Y.min():.3g}, {Y.max():.3g}]."
        )

    return without_overflow(what, hint, compute, A, Y)


def _check_probabilities(A, Y) -> tuple[np.ndarray, np.ndarray]:
    """(A, Y) checked as by :func:`_check_pair`, each row of A a probability distribution."""
    A, Y = _check_pair(A, Y)
    check_probability_rows(A, "A", "for a single output or raw scores use the loss 'mse'")
    return np.maximum(A, TINY), Y


def _mse(A: np.ndarray, Y: np.ndarray) -> float:
    D = A - Y
    return float(np.vdot(D, D)) / A.shape[0]


def _mse_prime(A: np.ndarray, Y: np.ndarray) -> np.ndarray:
    return (2.0 / A.shape[0]) * (A - Y)


def _cross_entropy(A: np.ndarray, Y: np.ndarray) -> float:
    # A > 0 wherever Y != 0: a softmax layer's output (never exactly 0) or a floored input
    return -float(np.vdot(Y, np.log(A))) / A.shape[0]


def _cross_entropy_prime(A: np.ndarray, Y: np.ndarray) -> np.ndarray:
    # unclipped, so that dC/dA * A = -Y/N holds exactly (what notes 003's Gamma form uses)
    return -Y / (A * A.shape[0])


def _cross_entropy_from_logits(Z: np.ndarray, A: np.ndarray, Y: np.ndarray) -> float:
    return -float(np.vdot(Y, log_softmax_given(Z, A))) / Z.shape[0]


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
    return _finite(_mse, *_check_pair(A, Y), "the mean squared error")


def mse_prime(A, Y) -> np.ndarray:
    """dC/dA = (2/N)(A - Y) for :func:`mse`; shape (N, m)."""
    return _finite(_mse_prime, *_check_pair(A, Y), "dC/dA")


def cross_entropy(A, Y) -> float:
    """Cross-entropy C = -(1/N) sum_i sum_k y_ik log a_ik, finite even where a_ik = 0.

    A probability below :data:`TINY` counts as TINY. For a softmax layer prefer
    :func:`cross_entropy_from_logits`, exact however small the probabilities.

    Parameters
    ----------
    A : ndarray of shape (N, m)
        Predicted probabilities, one row per example: in [0, 1], each row summing to 1
        (a ValueError otherwise).
    Y : ndarray of the same shape
        Targets (one-hot rows, or any distribution).

    Returns
    -------
    float
    """
    return _cross_entropy(*_check_probabilities(A, Y))


def cross_entropy_prime(A, Y) -> np.ndarray:
    """dC/dA = -(1/N) Y / A for :func:`cross_entropy` (A checked and floored as there).

    Returns an ndarray of shape (N, m).
    """
    return _cross_entropy_prime(*_check_probabilities(A, Y))


def cross_entropy_from_logits(Z, Y) -> float:
    """C = -(1/N) sum_i sum_k y_ik log softmax(z_i)_k from the logits, by log-sum-exp.

    log softmax(z)_k = z_k - max z - log sum_j e^{z_j - max z} (:func:`nnnotes.softmax.log_softmax`)
    wherever a probability would be below ~1e-307; elsewhere log softmax(z)_k, the same to a few
    ulps (:func:`nnnotes.softmax.log_softmax_given`). Nothing is clipped (chapter 5).
    Its gradient with respect to Z is (softmax(Z) - Y) / N for rows of Y summing to 1.

    Parameters
    ----------
    Z : ndarray of shape (N, m)
        Logits, one row per example.
    Y : ndarray of the same shape
        Targets.

    Returns
    -------
    float
    """
    Z, Y = _check_pair(Z, Y)
    return without_overflow(
        "the cross-entropy",
        lambda: f"the targets Y are too large (largest |y| = {np.abs(Y).max():.3g}).",
        lambda: _cross_entropy_from_logits(Z, softmax_unchecked(Z), Y),
    )


class Loss(NamedTuple):
    """A cost C(A, Y) -> float and its derivative dC/dA(A, Y) -> (N, m) array.

    ``value`` and ``prime`` trust their inputs (the public functions check them).

    ``softmax_residual`` says what this loss becomes behind a softmax output layer: True when
    the softmax Jacobian pulls dC/dA back to dC/dZ = (A - Y) / N exactly, as it does for the
    cross-entropy (notes 003 §II; chapter 5), so a network may skip the pull-back.

    ``needs_softmax`` says which outputs the loss fits: True when A must be a probability
    distribution over >= 2 classes, i.e. a softmax output layer (a Network refuses any other).
    ``from_logits`` (optional) is the same cost computed exactly from the softmax layer's
    logits Z (N, m), given also A = softmax(Z): ``from_logits(Z, A, Y) -> float``; a softmax
    network then uses it for its cost.
    """

    name: str
    value: Callable[[np.ndarray, np.ndarray], float]
    prime: Callable[[np.ndarray, np.ndarray], np.ndarray]
    softmax_residual: bool = False
    needs_softmax: bool = False
    from_logits: Callable[[np.ndarray, np.ndarray], float] | None = None


#: Every loss by name; a new entry here is all a new loss needs (the tests read this registry).
LOSSES: dict[str, Loss] = {
    "mse": Loss("mse", _mse, _mse_prime),
    "cross_entropy": Loss(
        "cross_entropy",
        _cross_entropy,
        _cross_entropy_prime,
        softmax_residual=True,
        needs_softmax=True,
        from_logits=_cross_entropy_from_logits,
    ),
}


def get_loss(name: str | Loss) -> Loss:
    """Look a loss up by name (a key of :data:`LOSSES`); a :class:`Loss` passes through."""
    return lookup(LOSSES, name, "loss", Loss)
