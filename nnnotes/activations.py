"""Activation functions and their derivatives, side by side (chapters 2-4).

sigma(z) = 1 / (1 + e^-z)            (notes 001, eq. 8; notes 000, eq. 1)
sigma'(z) = sigma(z) (1 - sigma(z))  (notes 001, eq. 10; notes 000, eq. 8; notes 002)

Notes 000 §2.3 and notes 003 leave the activation generic (f, g, h). The registry
:data:`ACTIVATIONS` holds the book's, each with its derivative beside it; a new entry there is
all it takes to offer another one everywhere (networks, chains, widgets and tests read it):

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

#: sigma(z) is evaluated at z clipped to [-Z_MAX, Z_MAX]: e^-z then stays a normal float (no
#: overflow, no underflow), and the result is exact to within 1e-307 (sigma(Z_MAX) rounds to 1).
Z_MAX = 708.0

#: Above this many entries the sigmoid clips z with np.clip (one pass, 0.6 ms at 4096 x 256)
#: rather than np.maximum and np.minimum (0.9 ms there, but 0.5 us less per call at 32 x 32).
CLIP_ONE_PASS = 16384


def _sigmoid(z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    # 1 / (1 + e^-z) in five or six in-place passes. Clipping z keeps e^-z within
    # [e^-708, e^708]: the formula is then accurate to a few ulps everywhere, and a z below
    # -708 gives 3.3e-308 instead of the exact e^z < 3.3e-308.
    if out is None:
        z = np.asarray(z, dtype=float)
        out = np.empty_like(z)
    if z.size > CLIP_ONE_PASS:  # np.clip: one pass over the array, but a costlier call
        a = np.clip(z, -Z_MAX, Z_MAX, out=out)
    else:
        a = np.maximum(z, -Z_MAX, out=out)
        np.minimum(a, Z_MAX, out=a)
    np.negative(a, out=a)
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
    # notes 001, eq. 10, exactly as training computes it from the stored a = sigma(z), so that
    # Network.backward_pass and Network.fit agree to the bit. Where sigma(z) is close to 1
    # (z > ~20), 1 - a keeps only a few digits: sigma' is then off by up to ~1e-16 absolute
    # (1e-3 relative at z = 30, where sigma' ~ 1e-13) — negligible next to every other term.
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

    ``takes_out`` (default False) promises that ``f(z, out=...)`` and, if given,
    ``f_prime_from_a(a, out=...)`` write their result into ``out``, an array of the result's
    shape, and return it. The built-in activations do. :meth:`nnnotes.network.Network.fit`
    reuses its arrays from step to step only when every activation of the network takes
    ``out=`` and the hidden one has ``f_prime_from_a``; otherwise each step runs
    ``Network.forward_pass`` and ``Network.backward_pass`` as written, calling just ``f(z)``
    and ``f_prime(z)``. So an activation of your own needs only a name, f and f':

        softplus = Activation("softplus", lambda z: np.logaddexp(0, z), sigmoid)
    """

    name: str
    f: Callable[[np.ndarray], np.ndarray]
    f_prime: Callable[[np.ndarray], np.ndarray]
    f_prime_from_a: Callable[[np.ndarray], np.ndarray] | None = None
    takes_out: bool = False


def _relu(z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    return np.maximum(z, 0.0, out=out)


def _relu_prime(z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    # 1 where z > 0; also right for a = relu(z), which is > 0 exactly where z > 0
    return (z > 0).astype(float) if out is None else np.greater(z, 0.0, out=out)


def _tanh_prime(z: np.ndarray) -> np.ndarray:
    return _tanh_prime_from_a(np.tanh(z))


def _identity(z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    if out is None:
        return np.array(z, dtype=float)  # a copy: the output is never the input itself
    np.copyto(out, z)
    return out


def _ones(z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    if out is None:
        return np.ones_like(z, dtype=float)
    out.fill(1.0)
    return out


ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation("sigmoid", _sigmoid, _sigmoid_prime, _sigmoid_prime_from_a, True),
    "tanh": Activation("tanh", np.tanh, _tanh_prime, _tanh_prime_from_a, True),
    "relu": Activation("relu", _relu, _relu_prime, _relu_prime, True),
    "identity": Activation("identity", _identity, _ones, _ones, True),
}


def get_activation(name: str | Activation) -> Activation:
    """Look an activation up by its name in :data:`ACTIVATIONS`.

    An :class:`Activation` passes through unchanged, so callers can bring their own.
    """
    return lookup(ACTIVATIONS, name, "activation", Activation)
