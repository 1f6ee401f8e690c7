"""Finite differences and the gradient (chapter 1; notes 001 §1.1, eq. 1).

The derivative is the limit of the difference quotient (notes 001, eq. 1)

    C'(w) = lim_{eps -> 0} (C(w + eps) - C(w)) / eps.

A computer cannot take the limit, so it picks a small eps and pays twice: the truncation error
of the quotient (O(eps) forward, O(eps^2) central) and the round-off error of subtracting two
nearly equal numbers (O(u / eps), u = machine epsilon). Balancing the two gives the best step,
about sqrt(u) for the forward and cbrt(u) for the central quotient (:func:`optimal_step`).

Every analytic gradient in the book is checked against :func:`numerical_gradient`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._validation import as_float_array, as_positive

MACHINE_EPSILON = float(np.finfo(np.float64).eps)


def optimal_step(method: str = "central") -> float:
    """The step that balances truncation and round-off error for a well-scaled function.

    Forward: error ~ eps*|f''|/2 + 2u|f|/eps, smallest at eps ~ sqrt(u) ~ 1.5e-8.
    Central: error ~ eps^2*|f'''|/6 + u|f|/eps, smallest at eps ~ cbrt(u) ~ 6.1e-6.

    Parameters
    ----------
    method : {"forward", "central"}
    """
    if method == "forward":
        return MACHINE_EPSILON ** (1 / 2)
    if method == "central":
        return MACHINE_EPSILON ** (1 / 3)
    raise ValueError(f"method must be 'forward' or 'central'; got {method!r}.")


def _step(eps, method: str):
    if eps is None:
        return optimal_step(method)
    eps = as_float_array(eps, "eps")
    if np.any(eps <= 0):
        raise ValueError(f"eps must be positive; got {eps.min()!r}.")
    return eps


def forward_difference(f: Callable, x, eps: float | None = None) -> np.ndarray:
    """Forward difference quotient (f(x + eps) - f(x)) / eps, element by element (notes 001, eq. 1).

    Parameters
    ----------
    f : callable
        An elementwise function: maps an array to an array of the same shape.
    x : array_like of any shape
        Where to differentiate.
    eps : float or ndarray broadcastable with x, optional
        The step(s), > 0; defaults to :func:`optimal_step` ``("forward")``.

    Returns
    -------
    ndarray of the broadcast shape of x and eps
    """
    x = as_float_array(x, "x")
    eps = _step(eps, "forward")
    return (np.asarray(f(x + eps), dtype=float) - np.asarray(f(x), dtype=float)) / eps


def central_difference(f: Callable, x, eps: float | None = None) -> np.ndarray:
    """Central difference quotient (f(x + eps) - f(x - eps)) / (2 eps), element by element.

    Its truncation error is O(eps^2) against the forward quotient's O(eps): the eps-terms of
    the two Taylor expansions cancel.

    Parameters
    ----------
    f : callable
        An elementwise function: maps an array to an array of the same shape.
    x : array_like of any shape
    eps : float or ndarray broadcastable with x, optional
        The step(s), > 0; defaults to :func:`optimal_step` ``("central")``.

    Returns
    -------
    ndarray of the broadcast shape of x and eps
    """
    x = as_float_array(x, "x")
    eps = _step(eps, "central")
    return (np.asarray(f(x + eps), dtype=float) - np.asarray(f(x - eps), dtype=float)) / (2 * eps)


def numerical_gradient(f: Callable[[np.ndarray], float], x, eps: float = 1e-6) -> np.ndarray:
    """Gradient of a scalar function of an array by central differences, one entry at a time.

    For each index k: dF/dx_k ~ (F(x + eps e_k) - F(x - eps e_k)) / (2 eps). This costs
    2 * x.size evaluations of F, which is why backpropagation exists (chapter 3).

    Parameters
    ----------
    f : callable
        Maps an array of x's shape to a float. It must not keep a reference to its argument.
    x : array_like of any shape
        The point; it is not modified.
    eps : float, default 1e-6

    Returns
    -------
    grad : ndarray of the same shape as x
    """
    x = as_float_array(x, "x").copy()
    eps = as_positive(eps, "eps")
    grad = np.empty_like(x)
    flat, gflat = x.reshape(-1), grad.reshape(-1)
    for k in range(flat.size):
        saved = flat[k]
        flat[k] = saved + eps
        f_plus = float(f(x))
        flat[k] = saved - eps
        f_minus = float(f(x))
        flat[k] = saved
        gflat[k] = (f_plus - f_minus) / (2 * eps)
    return grad


def relative_error(a, b) -> float:
    """Largest entrywise difference relative to the larger of the two magnitudes.

    ``max|a - b| / max(max|a|, max|b|)``; 0.0 when both are zero. Below about 1e-7 an analytic
    and a central-difference gradient agree to as many digits as differences can give.

    Parameters
    ----------
    a, b : array_like of the same shape

    Returns
    -------
    float
    """
    a = as_float_array(a, "a", finite=False)
    b = as_float_array(b, "b", finite=False)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape; got {a.shape} and {b.shape}.")
    scale = max(np.max(np.abs(a), initial=0.0), np.max(np.abs(b), initial=0.0))
    if scale == 0.0:
        return 0.0
    return float(np.max(np.abs(a - b)) / scale)


def step_errors(f: Callable, f_prime: Callable, x: float, eps) -> tuple[np.ndarray, np.ndarray]:
    """Absolute errors of the forward and central quotients at ``x``, one per step in ``eps``.

    Parameters
    ----------
    f, f_prime : callable
        An elementwise function and its exact derivative.
    x : float
        Where to differentiate.
    eps : ndarray of shape (k,)
        Steps, all > 0.

    Returns
    -------
    forward_error, central_error : ndarray of shape (k,)
    """
    x = as_float_array(x, "x", ndim=0)
    exact = float(f_prime(x))
    forward = np.abs(forward_difference(f, x, eps) - exact)
    central = np.abs(central_difference(f, x, eps) - exact)
    return forward, central
