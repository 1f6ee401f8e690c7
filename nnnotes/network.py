"""The full matrix network (chapter 4; notes 001 §6, eqs. 57-63).

Layout, as in the notes: W^(l) has shape (m_l, m_{l-1}) and b^(l) shape (m_l,). A batch holds
examples as rows, so for X of shape (N, m_0) one layer is Z = A_prev @ W.T + b — the notes'
z = W a + b (eq. in §6.2) applied to every row at once. Python lists are 0-based:
``weights[l]`` is the notes' W^(l+1).

Backward pass (batched, N examples as rows):
    Delta^(L) = dC/dA^(L) * f'(Z^(L))                   (notes 001, eq. 58, with its 2/N kept)
    Delta^(l) = (Delta^(l+1) @ W^(l+1)) * f'(Z^(l))     (eq. 59: W^T delta, one row per example)
    dC/dW^(l) = Delta^(l).T @ A^(l-1)                   (eqs. 60, 62: the sum over examples)
    dC/db^(l) = Delta^(l).sum(axis=0)                   (eqs. 61, 63)
The 1/N of eq. 62-63 sits inside Delta^(L) already (it comes from dC/dA = (2/N)(A - Y)).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from ._validation import as_count, as_float_array, as_positive, as_rng
from .activations import get_activation
from .losses import get_loss
from .softmax import _softmax, softmax_backward
from .train import History


class Network:
    """A fully connected feed-forward network trained by backpropagation.

    Parameters
    ----------
    sizes : sequence of int
        [m_0, m_1, ..., m_L]: inputs, hidden widths, outputs.
    activation : str
        Hidden-layer activation: "sigmoid", "tanh", "relu" or "identity".
    output : str or None
        Output activation; None means the same as ``activation``; "softmax" for chapter 5.
    loss : {"mse", "cross_entropy"}
        C = (1/N) sum_i ||a_i - y_i||^2 (notes 001, eq. 57) or -(1/N) sum_ik y_ik log a_ik.
    seed : None, int or Generator
        Seeds the initial weights W ~ N(0, 1/m_{l-1}); biases start at 0.
    """

    def __init__(self, sizes: Sequence[int], activation="sigmoid", output=None, loss="mse", seed=0):
        if isinstance(sizes, np.ndarray):
            sizes = sizes.tolist()
        if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence) or len(sizes) < 2:
            raise ValueError(
                f"sizes must list at least two layer widths, e.g. [2, 3, 1]; got {sizes!r}."
            )
        self.sizes = [as_count(m, f"sizes[{i}]") for i, m in enumerate(sizes)]
        self.activation = get_activation(activation)
        self.softmax_output = output == "softmax"
        self.output = (
            self.activation if output is None or self.softmax_output else get_activation(output)
        )
        self.loss = get_loss(loss)
        rng = as_rng(seed)
        self.weights = [
            rng.standard_normal((m, m_prev)) / np.sqrt(m_prev)
            for m_prev, m in zip(self.sizes[:-1], self.sizes[1:])
        ]
        self.biases = [np.zeros(m) for m in self.sizes[1:]]
        self._theta = self._packed_parameters()

    def __repr__(self) -> str:
        out = "softmax" if self.softmax_output else self.output.name
        return (
            f"Network(sizes={self.sizes}, activation={self.activation.name!r}, "
            f"output={out!r}, loss={self.loss.name!r})"
        )

    def _packed_parameters(self) -> np.ndarray:
        """theta: every weight and bias end to end, shape (P,); ``weights`` and ``biases`` are views.

        One SGD step is then one in-place update of theta. If the lists were replaced since
        (``net.weights = [...]``), their current values are packed into a new theta.
        """
        params = self.weights + self.biases
        theta = getattr(self, "_theta", None)
        if theta is None or any(p.base is not theta for p in params):
            theta = np.concatenate([np.asarray(p, dtype=float).ravel() for p in params])
            views = _views(theta, [np.shape(p) for p in params])
            L = len(self.weights)
            self.weights[:], self.biases[:] = views[:L], views[L:]
        return theta

    # ----------------------------------------------------------------- checks at the boundary
    def _check_X(self, X) -> np.ndarray:
        X = as_float_array(X, "X")
        m0 = self.sizes[0]
        if X.ndim != 2 or X.shape[1] != m0:
            hint = " Use X.reshape(1, -1) for one example." if X.shape == (m0,) else ""
            raise ValueError(
                f"X must have shape (N, {m0}) to match sizes[0]={m0}; got {X.shape}.{hint}"
            )
        return X

    def _check_XY(self, X, Y) -> tuple[np.ndarray, np.ndarray]:
        X = self._check_X(X)
        Y = as_float_array(Y, "Y")
        mL = self.sizes[-1]
        if Y.ndim == 1 and mL == 1:
            Y = Y[:, None]
        if Y.shape != (X.shape[0], mL):
            raise ValueError(
                f"Y must have shape (N, {mL}) = ({X.shape[0]}, {mL}) to match X and sizes[-1]; "
                f"got {Y.shape}."
            )
        return X, Y

    # ------------------------------------------------------------------------ forward pass
    def _forward(self, X: np.ndarray, work=None) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Zs[l] and As[l] for every layer; As[0] is X. Shapes (N, m_l).

        ``work`` (from :meth:`fit`) holds arrays to write Z and A into instead of new ones.
        """
        As, Zs = [X], [None]
        n, last = X.shape[0], len(self.weights) - 1
        for l, (W, b) in enumerate(zip(self.weights, self.biases)):
            Z = np.matmul(As[-1], W.T, out=_rows(work, "Z", l + 1, n))
            Z += b
            if l < last:
                f = self.activation.f
            else:
                f = _softmax if self.softmax_output else self.output.f
            Zs.append(Z)
            As.append(_apply(f, Z, _rows(work, "A", l + 1, n)))
        return Zs, As

    def forward(self, X) -> np.ndarray:
        """Output activations a^(L) for every row of X.

        Parameters
        ----------
        X : ndarray of shape (N, sizes[0])

        Returns
        -------
        ndarray of shape (N, sizes[-1])
        """
        return self._forward(self._check_X(X))[1][-1]

    def cost(self, X, Y) -> float:
        """The cost C over the batch (X, Y); Y has shape (N, sizes[-1])."""
        X, Y = self._check_XY(X, Y)
        return self.loss.value(self.forward(X), Y)

    # ----------------------------------------------------------------------- backward pass
    def _output_delta(self, Z: np.ndarray, A: np.ndarray, Y: np.ndarray) -> np.ndarray:
        """Delta^(L) = dC/dZ^(L), shape (N, m_L) (notes 001, eq. 58 with the factor 2/N kept)."""
        if self.softmax_output:
            if self.loss.name == "cross_entropy":
                delta = A - Y  # J^T (-Y / (N A)) simplifies to (A - Y)/N (chapter 5)
                delta /= A.shape[0]
                return delta
            return softmax_backward(A, self.loss.prime(A, Y))
        return self.loss.prime(A, Y) * self.output.f_prime(Z)

    def _backward(self, Zs, As, Y, out=None, work=None) -> tuple[list, list]:
        """dWs[l], dbs[l] from the stored forward pass (eqs. 58-63).

        They are written into ``out = (dWs, dbs)``'s arrays if given, and each Delta^(l) into
        ``work``'s. f' is taken from A^(l) when the activation offers it (sigma' = a (1 - a)),
        so sigma is never recomputed.
        """
        L, n = len(self.weights), Y.shape[0]
        dWs, dbs = ([None] * L, [None] * L) if out is None else out
        prime_from_a = self.activation.f_prime_from_a
        delta = self._output_delta(Zs[-1], As[-1], Y)
        for l in range(L - 1, -1, -1):
            dWs[l] = np.matmul(delta.T, As[l], out=dWs[l])
            dbs[l] = np.add.reduce(delta, axis=0, out=dbs[l])
            if l > 0:
                delta = np.matmul(delta, self.weights[l], out=_rows(work, "delta", l, n))
                if prime_from_a is None:
                    delta *= self.activation.f_prime(Zs[l])
                else:
                    delta *= _apply(prime_from_a, As[l], _rows(work, "prime", l, n))
        return dWs, dbs

    def gradients(self, X, Y) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Exact gradient of :meth:`cost` by backpropagation (notes 001, eqs. 58-63).

        Parameters
        ----------
        X : ndarray of shape (N, sizes[0])
        Y : ndarray of shape (N, sizes[-1])

        Returns
        -------
        dWs, dbs : lists of ndarrays, shaped like ``weights`` and ``biases``
        """
        X, Y = self._check_XY(X, Y)
        Zs, As = self._forward(X)
        return self._backward(Zs, As, Y)

    # ---------------------------------------------------------------------------- training
    def fit(
        self,
        X,
        Y,
        epochs: int,
        lr: float,
        batch_size: int | None = None,
        seed=None,
        callback: Callable | None = None,
    ) -> History:
        """Minibatch stochastic gradient descent: W <- W - lr dC/dW on each batch.

        Parameters
        ----------
        X : ndarray of shape (N, sizes[0])
        Y : ndarray of shape (N, sizes[-1])
        epochs : int >= 1
        lr : float > 0
            Learning rate.
        batch_size : int, optional
            Examples per step; None means the whole set (plain gradient descent, no shuffling).
        seed : None, int or Generator
            Shuffles the examples each epoch.
        callback : callable, optional
            ``callback(epoch, network, cost)`` after each epoch; returning False stops training.

        Returns
        -------
        History

        Notes
        -----
        The inputs are checked once, here; the loop trusts them. Each epoch copies the shuffled
        rows once (every batch is then a view), f' comes from the stored activations, the
        gradient is written into one preallocated vector and the step is one in-place update of
        the parameter vector that ``weights`` and ``biases`` are views of; ``benchmarks/train.py`` times this loop against PyTorch,
        scikit-learn and a numpy loop hand-written for one network.
        """
        X, Y = self._check_XY(X, Y)
        epochs = as_count(epochs, "epochs")
        lr = as_positive(lr, "lr")
        N = X.shape[0]
        B = N if batch_size is None else min(as_count(batch_size, "batch_size"), N)
        rng = as_rng(seed)
        history = History()
        theta = self._theta = self._packed_parameters()
        grad = np.empty_like(theta)  # dC/dtheta; dWs and dbs are views of it
        L = len(self.weights)
        views = _views(grad, [p.shape for p in self.weights + self.biases])
        dWs, dbs = views[:L], views[L:]
        # Each epoch's shuffled copy goes into these two arrays; a batch is then a view of rows.
        Xs, Ys = (np.empty_like(X), np.empty_like(Y)) if B < N else (X, Y)
        # Z, A, Delta and f'(Z) of every layer, shape (B, m_l), reused by every step (the
        # built-in activations write into them; an activation of your own gets new arrays).
        reuse = self.activation.f_prime_from_a is not None and (
            self.softmax_output or self.output.f_prime_from_a is not None
        )
        work = (
            {k: [None] + [np.empty((B, m)) for m in self.sizes[1:]] for k in _WORK}
            if reuse
            else None
        )
        for epoch in range(epochs):
            if B < N:
                order = rng.permutation(N)
                np.take(X, order, axis=0, out=Xs, mode="clip")
                np.take(Y, order, axis=0, out=Ys, mode="clip")
            total = 0.0
            for start in range(0, N, B):
                Xb, Yb = Xs[start : start + B], Ys[start : start + B]
                Zs, As = self._forward(Xb, work)
                total += self.loss.value(As[-1], Yb) * Xb.shape[0]
                self._backward(Zs, As, Yb, out=(dWs, dbs), work=work)
                grad *= lr  # W <- W - lr dW for every W and b at once, in place
                theta -= grad
            history.cost.append(total / N)
            if callback is not None and callback(epoch, self, history.cost[-1]) is False:
                break
        return history


#: The per-layer arrays fit() allocates once: pre-activations, activations, errors, f'.
_WORK = ("Z", "A", "delta", "prime")


def _rows(work, key: str, k: int, n: int) -> np.ndarray | None:
    """The first n rows of ``work[key][k]`` (shape (n, sizes[k])), or None without ``work``."""
    return None if work is None else work[key][k][:n]


def _apply(f, x: np.ndarray, out: np.ndarray | None) -> np.ndarray:
    """f(x), written into ``out`` when one is given."""
    return f(x) if out is None else f(x, out=out)


def _views(flat: np.ndarray, shapes) -> list[np.ndarray]:
    """Consecutive pieces of the 1-D array ``flat``, reshaped to ``shapes`` (views, no copies)."""
    views, start = [], 0
    for shape in shapes:
        size = int(np.prod(shape))
        views.append(flat[start : start + size].reshape(shape))
        start += size
    return views
