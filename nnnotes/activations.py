"""Activation functions and their derivatives, side by side (chapters 2-4).

sigma(z) = 1 / (1 + e^-z)            (notes 001, eq. 8; notes 000, eq. 1)
sigma'(z) = sigma(z) (1 - sigma(z))  (notes 001, eq. 10; notes 000, eq. 8; notes 002)

Notes 000 §2.3 and notes 003 leave the activation generic (f, g, h); the book offers four by
name, each with its derivative beside it:

    name        f(z)                 f'(z)
    "sigmoid"   1 / (1 + e^-z)       f (1 - f)            max 1/4 at z = 0
    "tanh"      tanh z               1 - f^2              max 1 at z = 0
    "relu"      max(z, 0)            1 if z > 0 else 0    (0 at the kink, by convention)
    "identity"  z                    1
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from ._validation import as_float_array, lookup


def _sigmoid(z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    # 1/(1+e^-z) in four in-place passes. For z < -709, e^-z overflows to inf and 1/inf = 0,
    # which is sigma(z) to within 1e-308: that one overflow is harmless and silenced.
    a = np.negative(z, out=np.empty_like(z, dtype=float) if out is None else out)
    with np.errstate(over="ignore"):
        np.exp(a, out=a)
    a += 1.0
    return np.reciprocal(a, out=a)


def _sigmoid_prime_from_a(a: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    if out is None:
        return a * (1.0 - a)  # notes 001, eq. 10: sigma' through sigma itself
    np.subtract(1.0, a, out=out)
    out *= a
    return out


def _tanh_prime_from_a(a: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    if out is None:
        return 1.0 - a * a
    np.multiply(a, a, out=out)
    return np.subtract(1.0, out, out=out)


def _sigmoid_prime(z: np.ndarray) -> np.ndarray:
    return _sigmoid_prime_from_a(_sigmoid(z))


def sigmoid(z) -> np.ndarray:
    """Logistic sigmoid 1 / (1 + e^-z), element by element, without overflow (notes 001, eq. 8).

    Parameters
    ----------
    z : array_like of any shape

    Returns
    -------
    ndarray of the same shape, values in [0, 1]
    """
    return _sigmoid(as_float_array(z, "z"))


def sigmoid_prime(z) -> np.ndarray:
    """Derivative sigma'(z) = sigma(z) (1 - sigma(z)) (notes 001, eq. 10; notes 000, eq. 8).

    Parameters
    ----------
    z : array_like of any shape

    Returns
    -------
    ndarray of the same shape, values in [0, 1/4]
    """
    return _sigmoid_prime(as_float_array(z, "z"))


class Activation(NamedTuple):
    """An activation f and its derivative f', both elementwise on arrays of any shape.

    ``f_prime_from_a`` (optional) gives the same f'(z) from the output a = f(z) — sigma' =
    a (1 - a) (notes 001, eq. 10), tanh' = 1 - a^2 — so that training need not recompute f.
    The built-in ones also take ``out=``, an array of the result's shape to write it into,
    as ``f(z, out=...)`` and ``f_prime_from_a(a, out=...)`` (they return the result);
    :meth:`nnnotes.network.Network.fit` relies on that to reuse its arrays from step to step.
    """

    name: str
    f: Callable[[np.ndarray], np.ndarray]
    f_prime: Callable[[np.ndarray], np.ndarray]
    f_prime_from_a: Callable[[np.ndarray], np.ndarray] | None = None


def _relu_prime(z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    # 1 where z > 0; also right for a = relu(z), which is > 0 exactly where z > 0
    return (z > 0).astype(float) if out is None else np.greater(z, 0.0, out=out)


ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation("sigmoid", _sigmoid, _sigmoid_prime, _sigmoid_prime_from_a),
    "tanh": Activation("tanh", np.tanh, lambda z: 1.0 - np.tanh(z) ** 2, _tanh_prime_from_a),
    "relu": Activation(
        "relu", lambda z, out=None: np.maximum(z, 0.0, out=out), _relu_prime, _relu_prime
    ),
    "identity": Activation(
        "identity",
        lambda z, out=None: np.asarray(z, float),  # z itself: nothing to write
        np.ones_like,
        lambda a, out=None: np.ones_like(a),
    ),
}


def get_activation(name: str | Activation) -> Activation:
    """Look an activation up by name ("sigmoid", "tanh", "relu", "identity").

    An :class:`Activation` passes through unchanged, so callers can bring their own.
    """
    return lookup(ACTIVATIONS, name, "activation", Activation)


def tanh(z) -> np.ndarray:
    """tanh z, element by element. Derivative: :func:`tanh_prime`."""
    return np.tanh(as_float_array(z, "z"))


def tanh_prime(z) -> np.ndarray:
    """1 - tanh(z)^2, element by element."""
    return ACTIVATIONS["tanh"].f_prime(as_float_array(z, "z"))


def relu(z) -> np.ndarray:
    """max(z, 0), element by element. Derivative: :func:`relu_prime`."""
    return ACTIVATIONS["relu"].f(as_float_array(z, "z"))


def relu_prime(z) -> np.ndarray:
    """1 where z > 0, else 0 (the kink at 0 gets 0 by convention)."""
    return ACTIVATIONS["relu"].f_prime(as_float_array(z, "z"))


def identity(z) -> np.ndarray:
    """z itself (a linear output unit)."""
    return as_float_array(z, "z").copy()


def identity_prime(z) -> np.ndarray:
    """1 everywhere."""
    return np.ones_like(as_float_array(z, "z"))
