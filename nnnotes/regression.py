"""One-weight linear regression, the running example of chapter 1 (notes 001 §1.2, eqs. 2-6).

Model a_i = x_i w (no bias), cost C(w) = (1/n) sum_i (x_i w - y_i)^2          (eq. 2)
Derivative   C'(w) = (2/n) sum_i (x_i w - y_i) x_i                           (eq. 6)
Curvature    C''(w) = (2/n) sum_i x_i^2, the same for every w: C is a parabola.

Gradient descent w_{t+1} = w_t - lr C'(w_t) moves the error e_t = w_t - w* by
e_{t+1} = (1 - lr C'') e_t, so it converges exactly when |1 - lr C''| < 1, i.e.
0 < lr < 2 / C'' (:func:`stability_limit`).
"""

from __future__ import annotations

import numpy as np

from ._validation import as_count, as_float_array, as_positive


def _check_xy(x, y) -> tuple[np.ndarray, np.ndarray]:
    x = as_float_array(x, "x", ndim=1)
    y = as_float_array(y, "y", ndim=1)
    if x.shape != y.shape or x.size == 0:
        raise ValueError(
            f"x and y must be non-empty and of equal length; got {x.shape}, {y.shape}."
        )
    return x, y


def cost(w, x, y) -> np.ndarray:
    """C(w) = (1/n) sum_i (x_i w - y_i)^2 (notes 001, eq. 2), for one w or an array of w's.

    Parameters
    ----------
    w : float or ndarray of any shape
    x, y : ndarray of shape (n,)

    Returns
    -------
    ndarray of w's shape (a 0-d array for a scalar w)
    """
    x, y = _check_xy(x, y)
    w = as_float_array(w, "w")
    residuals = np.multiply.outer(w, x) - y  # shape w.shape + (n,)
    return np.mean(residuals**2, axis=-1)


def _cost_prime(w, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    residuals = np.multiply.outer(w, x) - y
    return 2.0 * np.mean(residuals * x, axis=-1)


def cost_prime(w, x, y) -> np.ndarray:
    """C'(w) = (2/n) sum_i (x_i w - y_i) x_i (notes 001, eq. 6); w of any shape, as in :func:`cost`."""
    x, y = _check_xy(x, y)
    return _cost_prime(as_float_array(w, "w"), x, y)


def curvature(x) -> float:
    """C''(w) = (2/n) sum_i x_i^2, constant in w."""
    x = as_float_array(x, "x", ndim=1)
    return float(2.0 * np.mean(x**2))


def stability_limit(x) -> float:
    """The largest stable learning rate 2 / C'' = n / sum_i x_i^2 for gradient descent on eq. 2."""
    return 2.0 / curvature(x)


def minimiser(x, y) -> float:
    """w* = sum_i x_i y_i / sum_i x_i^2, where C'(w*) = 0."""
    x, y = _check_xy(x, y)
    return float(np.dot(x, y) / np.dot(x, x))


def gradient_descent(x, y, w0: float, lr: float, steps: int) -> np.ndarray:
    """Iterate w_{t+1} = w_t - lr C'(w_t).

    Parameters
    ----------
    x, y : ndarray of shape (n,)
    w0 : float
        Starting weight.
    lr : float > 0
        Learning rate.
    steps : int >= 0

    Returns
    -------
    path : ndarray of shape (steps + 1,)
        w_0, w_1, ..., w_steps. A divergent run grows geometrically; it is returned as is.
    """
    x, y = _check_xy(x, y)
    lr = as_positive(lr, "lr")
    steps = as_count(steps, "steps", minimum=0)
    path = np.empty(steps + 1)
    path[0] = float(as_float_array(w0, "w0", ndim=0))
    with np.errstate(over="ignore", invalid="ignore"):  # a divergent run may overflow: shown as is
        for t in range(steps):
            path[t + 1] = path[t] - lr * _cost_prime(path[t], x, y)
    return path
