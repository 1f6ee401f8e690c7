"""A single neuron with any number of inputs (chapter 2; notes 001 §2-3, eqs. 7-35).

A batch holds examples as rows: ``X`` has shape (N, n) and ``y`` shape (N,).

Forward:   z = X @ w + b,   a = sigma(z)                         (eqs. 7, 21; shapes (N,))
Cost:      C = (1/N) sum_i (a_i - y_i)^2                          (eqs. 11, 22)
Backward:  delta_i = dC/dz_i = (2/N) (a_i - y_i) sigma'(z_i)       (eqs. 13-16 before the sum)
           dC/dw = X.T @ delta,   dC/db = sum_i delta_i          (eqs. 17, 20; 27, 31, 35)

Notes 001 writes the two-input neuron with inputs (x, u) and weights (w_1, w_2), and calls the
targets z_i in §3 although z already names the pre-activation; here the inputs of example i are
the row X[i] = (x_i1, ..., x_in) and the targets are always y.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._validation import (
    as_callback,
    as_count,
    as_float_array,
    as_positive,
    as_rng,
    as_scalar_targets,
    without_overflow,
)
from .activations import get_activation
from .losses import get_loss
from .train import History, Run, descend, start

_MSE = get_loss("mse")


def _overflow_hint() -> str:
    return "the inputs or the parameters are too large. Scale the inputs down or use smaller ones."


class Neuron:
    """One neuron a = f(x . w + b) trained on the mean squared error (notes 001 §2-3).

    Parameters
    ----------
    n_inputs : int, optional
        Number of inputs n; may be left out when ``w`` is given.
    w : float or ndarray of shape (n,), optional
        Starting weights; by default drawn from N(0, 1/n) with ``seed``.
    b : float, default 0.0
        Starting bias.
    activation : str, default "sigmoid"
        Any name known to :func:`nnnotes.activations.get_activation`.
    seed : None, int or Generator, default 0
        Used only to draw ``w`` when it is not given (as :class:`~nnnotes.network.Network`).

    Attributes
    ----------
    w : ndarray of shape (n,)
    b : float
    """

    def __init__(self, n_inputs=None, w=None, b=0.0, activation="sigmoid", seed=0):
        if w is None:
            if n_inputs is None:
                raise TypeError("Neuron needs n_inputs or starting weights w; got neither.")
            n = as_count(n_inputs, "n_inputs")
            w = as_rng(seed).standard_normal(n) / np.sqrt(n)
        w = np.atleast_1d(as_float_array(w, "w")).astype(float)
        if w.ndim != 1:
            raise ValueError(f"w must be a number or have shape (n_inputs,); got shape {w.shape}.")
        if n_inputs is not None and as_count(n_inputs, "n_inputs") != w.size:
            raise ValueError(f"w must have shape ({n_inputs},) to match n_inputs; got {w.shape}.")
        self.w = w.copy()
        self._b = np.array([float(as_float_array(b, "b", ndim=0))])  # trained in place by fit
        self.activation = get_activation(activation)

    @property
    def b(self) -> float:
        """The bias b."""
        return float(self._b[0])

    @b.setter
    def b(self, value) -> None:
        self._b[0] = float(as_float_array(value, "b", ndim=0))

    @property
    def n_inputs(self) -> int:
        """Number of inputs n."""
        return self.w.size

    def __repr__(self) -> str:
        w = ", ".join(f"{v:.4g}" for v in self.w)
        return f"Neuron(w=[{w}], b={self.b:.4g}, activation={self.activation.name!r})"

    # ----------------------------------------------------------------- checks at the boundary
    def _check_X(self, X) -> np.ndarray:
        X = as_float_array(X, "X")
        n = self.n_inputs
        if X.ndim == 1 and n == 1:
            X = X[:, None]  # a one-input neuron takes its N inputs as a plain vector too
        if X.ndim != 2 or X.shape[1] != n or X.shape[0] == 0:
            hint = " Use X.reshape(1, -1) for one example." if X.shape == (n,) else ""
            raise ValueError(f"X must have shape (N, {n}) with N >= 1; got {X.shape}.{hint}")
        return X

    def _check_Xy(self, X, y) -> tuple[np.ndarray, np.ndarray]:
        X = self._check_X(X)
        return X, as_scalar_targets(y, X.shape[0])

    # ------------------------------------------------------------------- the three formulas
    def _z(self, X: np.ndarray) -> np.ndarray:
        return X @ self.w + self.b

    def _cost(self, a: np.ndarray, y: np.ndarray) -> float:
        return _MSE.value(a[:, None], y[:, None])

    def _gradients(self, X: np.ndarray, z: np.ndarray, a: np.ndarray, y: np.ndarray):
        delta = _MSE.prime(a[:, None], y[:, None])[:, 0] * self.activation.f_prime(z)
        return X.T @ delta, float(delta.sum())

    def forward(self, X) -> np.ndarray:
        """Output a = f(X @ w + b) for every example (notes 001, eqs. 7 and 21).

        Parameters
        ----------
        X : ndarray of shape (N, n); shape (N,) is accepted when n = 1

        Returns
        -------
        a : ndarray of shape (N,)
        """
        X = self._check_X(X)
        return without_overflow("the output", _overflow_hint, lambda: self.activation.f(self._z(X)))

    def cost(self, X, y) -> float:
        """C = (1/N) sum_i (a_i - y_i)^2 (notes 001, eqs. 11 and 22).

        Parameters
        ----------
        X : ndarray of shape (N, n)
        y : ndarray of shape (N,)

        Returns
        -------
        float
        """
        X, y = self._check_Xy(X, y)
        return without_overflow("the cost", _overflow_hint, lambda: self._cost(self.forward(X), y))

    def gradients(self, X, y) -> tuple[np.ndarray, float]:
        """Exact gradient of :meth:`cost` (notes 001, eqs. 17, 20; 27, 31, 35).

        dC/dw_k = (2/N) sum_i (a_i - y_i) f'(z_i) x_ik and dC/db = (2/N) sum_i (a_i - y_i) f'(z_i);
        for the sigmoid f'(z_i) = a_i (1 - a_i) (eq. 10).

        Parameters
        ----------
        X : ndarray of shape (N, n)
        y : ndarray of shape (N,)

        Returns
        -------
        dw : ndarray of shape (n,)
        db : float
        """
        X, y = self._check_Xy(X, y)

        def gradients():
            z = self._z(X)
            return self._gradients(X, z, self.activation.f(z), y)

        return without_overflow("the gradient", _overflow_hint, gradients)

    def fit(self, X, y, epochs: int, lr: float, callback: Callable | None = None) -> History:
        """Full-batch gradient descent: w <- w - lr dC/dw, b <- b - lr dC/db, once per epoch.

        Parameters
        ----------
        X : ndarray of shape (N, n)
        y : ndarray of shape (N,)
        epochs : int >= 1
        lr : float > 0
            Learning rate.
        callback : callable, optional
            ``callback(epoch, neuron, cost)`` after each epoch; returning False stops training.

        Returns
        -------
        History
            ``cost[e]`` is the cost at the start of epoch e, before its step. (To record the
            parameters visited, step a :class:`nnnotes.train.Run` one epoch at a time.)

        Raises
        ------
        nnnotes.train.Diverged
            If the cost or the parameters stop being finite (:func:`nnnotes.train.descend`).
        """
        X, y = self._check_Xy(X, y)

        def cost_and_gradients():
            z = self._z(X)
            a = self.activation.f(z)
            dw, db = self._gradients(X, z, a, y)
            return self._cost(a, y), [dw, np.array([db])]

        epochs, lr = as_count(epochs, "epochs"), as_positive(lr, "lr")
        callback = as_callback(callback)
        return descend(cost_and_gradients, [self.w, self._b], epochs, lr, callback, self)


def cost_surface(x, y, w_values, b_values, activation="sigmoid") -> np.ndarray:
    """Cost C(w, b) of a one-input neuron on a grid of (w, b) values (notes 001, eq. 11).

    Parameters
    ----------
    x, y : ndarray of shape (N,)
        Inputs and targets.
    w_values : ndarray of shape (p,)
    b_values : ndarray of shape (q,)

    Returns
    -------
    C : ndarray of shape (q, p)
        ``C[j, k]`` is the cost at w = w_values[k], b = b_values[j] (the layout ``contour`` wants).
    """
    w_values = as_float_array(w_values, "w_values", ndim=1)
    b_values = as_float_array(b_values, "b_values", ndim=1)
    neuron = Neuron(w=0.0, activation=activation)
    X, y = neuron._check_Xy(x, y)
    # Every grid point is one neuron: z has shape (q, p, N), and the cost averages over N.
    z = b_values[:, None, None] + w_values[None, :, None] * X[:, 0]
    a = neuron.activation.f(z)
    return np.mean((a - y) ** 2, axis=-1)


#: What a neuron's training run records after every step: its parameters.
RECORDED = {"w": lambda run: run.model.w.copy(), "b": lambda run: run.model.b}


def start_run(X, y, *, w0, b0: float = 0.0, lr: float, epochs_per_step: int = 1) -> Run:
    """A sigmoid neuron starting at (w0, b0), about to be trained on (X, y) (chapter 2).

    A :class:`nnnotes.train.Run` that records ``w`` and ``b`` after every step, so
    ``run.record["w"][k]`` and ``run.record["b"][k]`` are the parameters after
    ``run.record["epoch"][k]`` epochs (k = 0: the start). Step it with :func:`nnnotes.train.step`.

    Parameters
    ----------
    X : ndarray of shape (N, n), or (N,) for one input
    y : ndarray of shape (N,)
    w0 : float or ndarray of shape (n,)
    b0 : float
    lr : float > 0
    epochs_per_step : int >= 1
    """
    neuron = Neuron(w=w0, b=b0)
    return start(neuron, X, y, lr=lr, epochs_per_step=epochs_per_step, measures=RECORDED)
