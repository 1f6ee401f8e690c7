"""Softmax output layer (chapter 5; notes 003 §II).

a_j = e^{z_j} / sum_k e^{z_k}, computed as e^{z_j - max z} / sum_k e^{z_k - max z}: the same value,
but no exponential ever exceeds 1, so logits of +-1e4 do not overflow.

Jacobian (notes 003 §II):  da_j / dz_mu = a_j (delta_{j mu} - a_mu).
Pulled back through it, dC/dA becomes dC/dZ = A * (dC/dA - sum_j A_j dC/dA_j); with the
cross-entropy dC/dA = -Y / (N A) this is (A - Y) / N, the output error of chapter 5.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_float_array


def softmax_unchecked(Z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """:func:`softmax` without its input checks, for callers that checked Z already.

    Parameters
    ----------
    Z : ndarray of shape (N, m) or (m,), float64, finite
    out : ndarray of Z's shape, optional
        Written with the result (may be Z itself); a new array otherwise.

    Returns
    -------
    ndarray of Z's shape (``out`` when given)
    """
    E = np.subtract(Z, np.maximum.reduce(Z, axis=-1, keepdims=True), out=out)
    np.exp(E, out=E)
    E /= np.add.reduce(E, axis=-1, keepdims=True)
    return E


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
    Z = as_float_array(Z, "Z")
    if Z.ndim not in (1, 2):
        raise ValueError(f"Z must have shape (N, m) or (m,); got {Z.shape}.")
    return softmax_unchecked(Z)


def softmax_jacobian(z) -> np.ndarray:
    """Jacobian J[j, mu] = da_j/dz_mu = a_j (delta_{j mu} - a_mu) of one softmax vector.

    Parameters
    ----------
    z : ndarray of shape (m,)

    Returns
    -------
    J : ndarray of shape (m, m), symmetric, rows summing to 0
    """
    z = as_float_array(z, "z", ndim=1)
    a = softmax_unchecked(z)
    return np.diag(a) - np.outer(a, a)


def softmax_backward(A: np.ndarray, dA: np.ndarray) -> np.ndarray:
    """Pull dC/dA back through softmax: dC/dZ = A * (dA - sum_j dA_j A_j), row by row.

    This is J^T dA for every row without forming the (m, m) Jacobians.

    Parameters
    ----------
    A : ndarray of shape (N, m)  softmax outputs
    dA : ndarray of shape (N, m)  dC/dA

    Returns
    -------
    ndarray of shape (N, m)
    """
    return A * (dA - np.einsum("ij,ij->i", dA, A)[:, None])
