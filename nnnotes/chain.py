"""The n-layer scalar chain (chapter 3; notes 001 §4-5, notes 000 §1.1).

One input x, then n layers of ONE neuron each; layer l has a scalar weight w_l and bias b_l:

    a_0 = x,   z_l = w_l a_{l-1} + b_l,   a_l = f(z_l)            (notes 001, eqs. 36-39, §5.2)
    C = (1/N) sum_i (a_{n,i} - y_i)^2                             (notes 001, eqs. 40, 50)

Backward, for every example i at once (arrays of shape (N,)):

    delta_n = dC/da_n * f'(z_n)                                   (eqs. 41-43, 51)
    delta_l = w_{l+1} delta_{l+1} f'(z_l),  l = n-1, ..., 1       (eqs. 44-45, 54)
    dC/dw_l = sum_i delta_{l,i} a_{l-1,i},  dC/db_l = sum_i delta_{l,i}   (eqs. 46-49, 55-56)

Two conventions for delta, as in the notes (both give the same gradient, see the tests):
    "cost" (§4)  delta_i = dC/dz_i:   the 2/N of the cost sits inside delta, gradients are sums.
    "loss" (§5)  delta_i = dL_i/dz_i with L_i = (a_{n,i} - y_i)^2: the 2 sits in delta,
                 the 1/N is applied when the per-example gradients are averaged.

Python arrays are 0-based: ``w[l]`` is the notes' w^(l+1). The chain is a width-1
:class:`nnnotes.network.Network` (sizes [1] * (n + 1)) with the same cost and initialisation.
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

CONVENTIONS = ("cost", "loss")


def _overflow_hint() -> str:
    return "the inputs x or the weights are too large. Scale x down or use smaller weights."


class ScalarChain:
    """n sigmoid neurons in a row, one input, one output, trained by backpropagation.

    Parameters
    ----------
    depth : int >= 1
        The number of layers n (hidden layers plus the output neuron).
    activation : str
        The activation f of every layer, output included: "sigmoid" (the notes'), "tanh", ...
    seed : None, int or Generator
        Initial weights w_l ~ weight_scale * N(0, 1), drawn in layer order; biases start at 0.
        With weight_scale=1 these are exactly the weights of
        ``Network([1] * (depth + 1), seed=seed)`` (its N(0, 1/m_{l-1}) with m_{l-1} = 1).
    weight_scale : float > 0
        Multiplies the initial weights (chapter 3 uses it to make gradients vanish).

    Attributes
    ----------
    w : ndarray of shape (depth,)
        ``w[l]`` is the notes' w^(l+1).
    b : ndarray of shape (depth,)
        ``b[l]`` is the notes' b^(l+1).
    """

    def __init__(self, depth: int, activation="sigmoid", seed=0, weight_scale: float = 1.0):
        self.depth = as_count(depth, "depth")
        self.activation = get_activation(activation)
        self.loss = get_loss("mse")
        weight_scale = as_positive(weight_scale, "weight_scale")
        self.w = weight_scale * as_rng(seed).standard_normal(self.depth)
        self.b = np.zeros(self.depth)

    def __repr__(self) -> str:
        return f"ScalarChain(depth={self.depth}, activation={self.activation.name!r})"

    # ----------------------------------------------------------------- checks at the boundary
    def _check_X(self, X) -> np.ndarray:
        X = as_float_array(X, "X")
        if X.ndim == 2 and X.shape[1] == 1:
            X = X[:, 0]
        if X.ndim != 1 or X.size == 0:
            raise ValueError(
                f"X must hold N >= 1 scalar inputs, shape (N,) or (N, 1); got shape {X.shape}. "
                "A chain has one input: use X.reshape(-1) for a column of inputs."
            )
        return X

    def _check_Xy(self, X, y) -> tuple[np.ndarray, np.ndarray]:
        X = self._check_X(X)
        return X, as_scalar_targets(y, X.shape[0])

    # ------------------------------------------------------------------------ forward pass
    def _forward(self, x: np.ndarray, w: np.ndarray, b: np.ndarray):
        """z of shape (n, N) and a of shape (n + 1, N); a[0] is x and a[l] the notes' a^(l)."""
        z = np.empty((self.depth, x.size))
        a = np.empty((self.depth + 1, x.size))
        a[0] = x
        for l in range(self.depth):
            z[l] = w[l] * a[l] + b[l]
            a[l + 1] = self.activation.f(z[l])
        return z, a

    def forward_pass(self, X) -> tuple[np.ndarray, np.ndarray]:
        """Every layer's pre-activations and activations (notes 001, §5.2).

        Parameters
        ----------
        X : ndarray of shape (N,) or (N, 1)

        Returns
        -------
        z : ndarray of shape (n, N)
            ``z[l]`` is z^(l+1) for every example.
        a : ndarray of shape (n + 1, N)
            ``a[0]`` is the input x = a^(0); ``a[l]`` is a^(l).
        """
        X = self._check_X(X)
        return without_overflow(
            "the forward pass", _overflow_hint, self._forward, X, self.w, self.b
        )

    def forward(self, X) -> np.ndarray:
        """The output a^(n) for every input; shape (N,)."""
        return self.forward_pass(X)[1][-1]

    def _cost(self, a_out: np.ndarray, y: np.ndarray) -> float:
        return self.loss.value(a_out[:, None], y[:, None])

    def cost(self, X, y) -> float:
        """C = (1/N) sum_i (a^(n)_i - y_i)^2 (notes 001, eqs. 40 and 50)."""
        X, y = self._check_Xy(X, y)
        return without_overflow(
            "the cost",
            _overflow_hint,
            lambda: self._cost(self._forward(X, self.w, self.b)[1][-1], y),
        )

    def cost_function(self, X, y) -> Callable[[np.ndarray], float]:
        """C as a function of theta = (w_1, ..., w_n, b_1, ..., b_n), for numerical gradients.

        The returned function does not touch the chain's own ``w`` and ``b``.
        """
        X, y = self._check_Xy(X, y)
        n = self.depth
        return lambda theta: self._cost(self._forward(X, theta[:n], theta[n:])[1][-1], y)

    @property
    def parameters(self) -> np.ndarray:
        """theta = (w_1, ..., w_n, b_1, ..., b_n), a copy of shape (2n,)."""
        return np.concatenate([self.w, self.b])

    # ----------------------------------------------------------------------- backward pass
    def _deltas(self, z, a, y, convention: str) -> np.ndarray:
        delta = np.empty_like(z)
        dC_da = self.loss.prime(a[-1][:, None], y[:, None])[:, 0]  # (2/N)(a_n - y), eq. 43
        if convention == "loss":
            dC_da = y.size * dC_da  # dL_i/da_n = 2(a_n - y): C averages the L_i (eq. 51)
        delta[-1] = dC_da * self.activation.f_prime(z[-1])
        for l in range(self.depth - 2, -1, -1):  # eq. 54: delta_l = w_{l+1} delta_{l+1} f'(z_l)
            delta[l] = self.w[l + 1] * delta[l + 1] * self.activation.f_prime(z[l])
        return delta

    def _gradients(self, z, a, y, convention: str) -> tuple[np.ndarray, np.ndarray]:
        delta = self._deltas(z, a, y, convention)
        dw = np.einsum("li,li->l", delta, a[:-1])  # eqs. 46, 48, 55: sum_i delta_l a_{l-1}
        db = delta.sum(axis=1)  # eqs. 47, 49, 56
        if convention == "loss":
            dw, db = dw / y.size, db / y.size  # §5 step 5: average over the N examples
        return dw, db

    @staticmethod
    def _check_convention(convention) -> str:
        if convention not in CONVENTIONS:
            raise ValueError(f"convention must be 'cost' or 'loss'; got {convention!r}.")
        return convention

    def deltas(self, X, y, convention: str = "cost") -> np.ndarray:
        """The errors delta^(l) of every layer and example, by the backward recurrence (eq. 54).

        Parameters
        ----------
        X : ndarray of shape (N,) or (N, 1)
        y : ndarray of shape (N,) or (N, 1)
        convention : {"cost", "loss"}
            "cost": delta_i = dC/dz_i, the 2/N folded in (notes 001 §4, eq. 43).
            "loss": delta_i = dL_i/dz_i = N dC/dz_i (notes 001 §5, eq. 51).

        Returns
        -------
        delta : ndarray of shape (n, N)
            ``delta[l]`` is delta^(l+1) for every example.
        """
        convention = self._check_convention(convention)
        X, y = self._check_Xy(X, y)
        return without_overflow(
            "delta",
            _overflow_hint,
            lambda: self._deltas(*self._forward(X, self.w, self.b), y, convention),
        )

    def gradients(self, X, y, convention: str = "cost") -> tuple[np.ndarray, np.ndarray]:
        """Exact gradient of :meth:`cost` by one forward and one backward pass.

        Parameters
        ----------
        X : ndarray of shape (N,) or (N, 1)
        y : ndarray of shape (N,) or (N, 1)
        convention : {"cost", "loss"}
            Which delta the backward pass carries (see :meth:`deltas`); the result is the same.

        Returns
        -------
        dw, db : ndarrays of shape (n,)
            dC/dw^(l+1) and dC/db^(l+1) (notes 001, eqs. 46-49 and 55-56 averaged).
        """
        convention = self._check_convention(convention)
        X, y = self._check_Xy(X, y)
        return without_overflow(
            "the gradient",
            _overflow_hint,
            lambda: self._gradients(*self._forward(X, self.w, self.b), y, convention),
        )

    # ---------------------------------------------------------------------------- training
    def fit(self, X, y, epochs: int, lr: float, callback: Callable | None = None) -> History:
        """Gradient descent on the whole set: w <- w - lr dC/dw, b <- b - lr dC/db.

        Parameters
        ----------
        X, y : ndarrays of shape (N,) or (N, 1)
        epochs : int >= 1
            Number of steps (each sees every example once).
        lr : float > 0
            Learning rate.
        callback : callable, optional
            ``callback(epoch, chain, cost)`` after each step; returning False stops training.

        Returns
        -------
        History
            ``cost[e]`` is the cost just before step e, as in :meth:`Network.fit`.

        Raises
        ------
        nnnotes.train.Diverged
            If the cost or the parameters stop being finite (:func:`nnnotes.train.descend`).
        """
        X, y = self._check_Xy(X, y)

        def cost_and_gradients():
            z, a = self._forward(X, self.w, self.b)
            return self._cost(a[-1], y), list(self._gradients(z, a, y, "cost"))

        epochs, lr = as_count(epochs, "epochs"), as_positive(lr, "lr")
        callback = as_callback(callback)
        return descend(cost_and_gradients, [self.w, self.b], epochs, lr, callback, self)


#: What a chain's training run records after every step: its parameters and its cost.
RECORDED = {
    "w": lambda run: run.model.w.copy(),
    "b": lambda run: run.model.b.copy(),
    "cost": lambda run: run.model.cost(run.X, run.y),
}


def start_run(x, y, *, depth: int = 3, lr: float = 2.0, seed=0, epochs_per_step: int = 50) -> Run:
    """A fresh sigmoid chain of ``depth`` layers, about to be trained on (x, y) (chapter 3).

    A :class:`nnnotes.train.Run` that records ``w``, ``b`` (arrays of shape (depth,)) and the
    cost after every step of ``epochs_per_step`` gradient-descent steps; step it with
    :func:`nnnotes.train.step`.

    Parameters
    ----------
    x, y : ndarrays of shape (N,)
    depth : int >= 1
    lr : float > 0
    seed : None, int or Generator
        The initial weights (:class:`ScalarChain`).
    epochs_per_step : int >= 1
    """
    chain = ScalarChain(depth, seed=seed)
    return start(chain, x, y, lr=lr, epochs_per_step=epochs_per_step, measures=RECORDED)
