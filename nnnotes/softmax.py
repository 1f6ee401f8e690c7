"""Softmax output layer (chapter 5; notes 003 §II).

a_j = e^{z_j} / sum_k e^{z_k}, computed as e^{z_j - max z} / sum_k e^{z_k - max z}: the same value,
but no exponential ever exceeds 1, so logits of +-1e4 do not overflow. Nor does any underflow:
z_j - max z is floored where e^{z_j - max z} / sum would leave the normal floats, so a
probability below ~1e-307 comes out as ~1e-307 (never 0, never subnormal).
log a_j = z_j - max z - log sum_k e^{z_k - max z} (log-softmax) needs no floor: it is exact.

Jacobian (notes 003 §II):  da_j / dz_mu = a_j (delta_{j mu} - a_mu).
Pulled back through it, dC/dA becomes dC/dZ = A * (dC/dA - sum_j A_j dC/dA_j); with the
cross-entropy dC/dA = -Y / (N A) this is (A - Y) / N, the output error of chapter 5.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from ._validation import as_float_array, check_probability_rows, without_overflow
from .activations import Z_MAX, Activation


def softmax_unchecked(Z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """:func:`softmax` without its input checks, for callers that checked Z already.

    Parameters
    ----------
    Z : ndarray of shape (N, m) or (m,), float64, finite, m >= 1
    out : ndarray of Z's shape, optional
        Written with the result (may be Z itself); a new array otherwise.

    Returns
    -------
    ndarray of Z's shape (``out`` when given)
    """
    E = np.subtract(Z, np.maximum.reduce(Z, axis=-1, keepdims=True), out=out)
    # e^E / sum >= e^E / m stays a normal float (>= 2.2e-308) for E >= -Z_MAX + log m
    np.maximum(E, math.log(Z.shape[-1]) - Z_MAX, out=E)
    np.exp(E, out=E)
    # The row sums as E 1, one BLAS call: 0.7 us less than np.add.reduce at 32 x 10, 9 us
    # instead of 64 at 4096 x 10.
    E /= E.dot(_ones(Z.shape[-1]))[..., None]
    return E


@functools.cache
def _ones(m: int) -> np.ndarray:
    """A read-only vector of m ones, made once per m."""
    ones = np.ones(m)
    ones.flags.writeable = False
    return ones


def log_softmax_unchecked(Z: np.ndarray) -> np.ndarray:
    """:func:`log_softmax` without its input checks; Z of shape (N, m) or (m,), m >= 1.

    Call it under ``np.errstate(under="ignore")``: an e^{z_j - max z} below 1e-308 rounds
    towards 0, harmlessly, as the sum it joins is >= 1.
    """
    E = Z - np.maximum.reduce(Z, axis=-1, keepdims=True)
    E -= np.log(np.add.reduce(np.exp(E), axis=-1, keepdims=True))
    return E


def log_softmax_given(Z: np.ndarray, A: np.ndarray) -> np.ndarray:
    """log softmax(Z), given A = softmax_unchecked(Z): log A itself while no probability sits at
    the floor of :func:`softmax_unchecked` (there log A is exact to a few ulps), else
    :func:`log_softmax_unchecked` (call it as that one). Z, A of shape (N, m); returns (N, m).

    One reduction and one log, where the logits' route takes six passes: the training loop
    takes the cost of every step from here.
    """
    if np.minimum.reduce(A, axis=None) > 2.0 * Z.shape[-1] * math.exp(-Z_MAX):  # floor < this
        return np.log(A)
    return log_softmax_unchecked(Z)


def _no_elementwise_prime(Z, out=None):
    raise TypeError(
        "softmax has no elementwise derivative: its Jacobian couples the outputs; use "
        "nnnotes.softmax.softmax_backward (J^T dC/dA) or softmax_jacobian instead."
    )


#: The softmax output layer as an :class:`~nnnotes.activations.Activation` (``Network(...,
#: output="softmax")``): f is the row-wise softmax (takes ``out=``); it has no elementwise f'.
SOFTMAX = Activation("softmax", softmax_unchecked, _no_elementwise_prime, takes_out=True)


def _check_logits(Z, name: str = "Z") -> np.ndarray:
    Z = as_float_array(Z, name)
    if Z.ndim not in (1, 2) or Z.shape[-1] == 0:
        raise ValueError(
            f"{name} must have shape (N, m) or (m,) with m >= 1 classes; got {Z.shape}."
        )
    return Z


def naive_softmax(Z) -> np.ndarray:
    """Softmax straight from its definition, e^{z_j} / sum_k e^{z_k}: the version NOT to use.

    e^z overflows float64 for z > 709.78, so large logits give inf / inf = nan (numpy warns).
    Chapter 5 shows this failure next to :func:`softmax`, which shifts by max z first.

    Parameters
    ----------
    Z : ndarray of shape (N, m) or (m,)

    Returns
    -------
    ndarray of Z's shape
    """
    Z = as_float_array(Z, "Z")
    E = np.exp(Z)
    return E / E.sum(axis=-1, keepdims=True)


def softmax(Z) -> np.ndarray:
    """Row-wise softmax, stable for any finite logits.

    Parameters
    ----------
    Z : ndarray of shape (N, m) or (m,)
        Logits, one row per example.

    Returns
    -------
    ndarray of Z's shape; each row is positive and sums to 1
    """
    with np.errstate(over="ignore"):  # z - max z beyond -1.8e308 is -inf, then floored
        return softmax_unchecked(_check_logits(Z))


def log_softmax(Z) -> np.ndarray:
    """Row-wise log softmax(z)_j = z_j - max z - log sum_k e^{z_k - max z}, exact (chapter 5).

    The log-probabilities the cross-entropy needs, without forming probabilities that could
    underflow to 0 (:func:`nnnotes.losses.cross_entropy_from_logits`).

    Parameters
    ----------
    Z : ndarray of shape (N, m) or (m,)
        Logits, one row per example.

    Returns
    -------
    ndarray of Z's shape; each row is <= 0 and its exponentials sum to 1
    """
    Z = _check_logits(Z)
    with np.errstate(over="ignore", under="ignore"):
        logp = log_softmax_unchecked(Z)
    if not np.all(np.isfinite(logp)):
        raise ValueError(
            "Z spans more than float64 can hold: some z_j - max z is below -1.8e308; got "
            f"values in [{Z.min():.4g}, {Z.max():.4g}]."
        )
    return logp


def softmax_jacobian(z) -> np.ndarray:
    """Jacobian J[j, mu] = da_j/dz_mu = a_j (delta_{j mu} - a_mu) of one softmax vector.

    Parameters
    ----------
    z : ndarray of shape (m,)

    Returns
    -------
    J : ndarray of shape (m, m), symmetric, rows summing to 0
    """
    a = softmax(as_float_array(z, "z", ndim=1))
    with np.errstate(under="ignore"):  # a_j a_mu below 1e-308 is rightly ~0
        return np.diag(a) - np.outer(a, a)


def softmax_backward(A: np.ndarray, dA: np.ndarray) -> np.ndarray:
    """Pull dC/dA back through softmax: dC/dZ = A * (dA - sum_j dA_j A_j), row by row.

    This is J^T dA for every row without forming the (m, m) Jacobians.

    Parameters
    ----------
    A : ndarray of shape (N, m)  softmax outputs: each row in [0, 1], summing to 1
    dA : ndarray of shape (N, m)  dC/dA

    Returns
    -------
    ndarray of shape (N, m)
    """
    A, dA = as_float_array(A, "A"), as_float_array(dA, "dA")
    if A.ndim != 2 or A.shape != dA.shape:
        raise ValueError(
            f"A and dA must have the same shape (N, m), one row per example; got A {A.shape} "
            f"and dA {dA.shape}. Use a[None, :] for one example."
        )
    check_probability_rows(A, "A", "softmax_backward pulls dC/dA back through a softmax")
    return without_overflow(
        "dC/dZ",
        lambda: f"dA is too large (largest |dA| = {np.abs(dA).max():.3g}).",
        lambda: A * (dA - np.einsum("ij,ij->i", dA, A)[:, None]),
    )
