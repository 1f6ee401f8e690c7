"""The full matrix network (chapter 4; notes 001 §6, eqs. 57-63).

Layout, as in the notes: W^(l) has shape (m_l, m_{l-1}) and b^(l) shape (m_l,). A batch holds
examples as rows, so for X of shape (N, m_0) one layer is Z = A_prev @ W.T + b — the notes'
z = W a + b (§6.2) applied to every row at once. Python lists count from 0: ``weights[l - 1]``
is the notes' W^(l).

Backward pass (batched, N examples as rows; Delta^(l) = dC/dZ^(l) has shape (N, m_l)):
    Delta^(L) = dC/dA^(L) * f'(Z^(L))                   (notes 001, eq. 58, with its 2/N kept)
    Delta^(l) = (Delta^(l+1) @ W^(l+1)) * f'(Z^(l))     (eq. 59: W^T delta, one row per example)
    dC/dW^(l) = Delta^(l).T @ A^(l-1)                   (eqs. 60, 62: the sum over examples)
    dC/db^(l) = 1^T Delta^(l), the sum of its rows       (eqs. 61, 63; 1 = N ones)
The 1/N of eqs. 62-63 sits inside Delta^(L) already (it comes from dC/dA = (2/N)(A - Y)).

:meth:`Network.forward_pass` and :meth:`Network.backward_pass` are these equations, one line
each. ``fit`` and ``gradients`` run the very same arithmetic in arrays allocated once and kept
from call to call (:mod:`nnnotes._trainer`); the tests check that both train bit for bit alike.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from ._trainer import Trainer
from ._validation import (
    as_callback,
    as_count,
    as_float_array,
    as_positive,
    as_rng,
    check_finite,
    lookup,
    without_overflow,
)
from .activations import ACTIVATIONS, Activation, get_activation
from .losses import get_loss
from .softmax import SOFTMAX, softmax_backward
from .train import Diverged, History

#: What ``output=`` may name: every activation, and the softmax layer of chapter 5.
OUTPUTS = {**ACTIVATIONS, "softmax": SOFTMAX}


class Network:
    """A fully connected feed-forward network trained by backpropagation.

    Parameters
    ----------
    sizes : sequence of int
        [m_0, m_1, ..., m_L]: inputs, hidden widths, outputs.
    activation : str or Activation
        Hidden-layer activation, a name in :data:`nnnotes.activations.ACTIVATIONS`.
    output : str, Activation or None
        Output activation, a name in :data:`OUTPUTS`; None means the same as ``activation``;
        "softmax" (chapter 5) needs sizes[-1] >= 2 classes.
    loss : str or Loss
        A name in :data:`nnnotes.losses.LOSSES`: "mse" is C = (1/N) sum_i ||a_i - y_i||^2
        (notes 001, eq. 57); "cross_entropy" needs ``output="softmax"`` (its
        ``needs_softmax``), and the cost is then computed from the logits (log-sum-exp).
    seed : None, int or Generator
        Seeds the initial weights W ~ N(0, 1/m_{l-1}); biases start at 0.

    Attributes
    ----------
    weights : list of L ndarrays
        ``weights[l]`` is W^(l+1), of shape (sizes[l+1], sizes[l]).
    biases : list of L ndarrays
        ``biases[l]`` is b^(l+1), of shape (sizes[l+1],).

    Notes
    -----
    **Assigning parameters.** ``net.weights[l] = W`` and ``net.weights = [...]`` (the same for
    ``biases``) are fine at any time. Every public method first checks that there is one array
    per layer with the shape above; if not it raises a ValueError naming ``weights[l]`` with the
    expected and the received shape (array-likes of the right shape are converted to float
    arrays in place of the entry). ``forward``, ``forward_pass``, ``cost`` and ``gradients``
    read the arrays as they are and never change the lists.

    ``fit`` trains one vector holding every parameter end to end. Each call (and each epoch,
    in case the callback assigned something) copies in the value of any entry that is not the
    network's own piece of that vector, then makes ``weights`` and ``biases`` new lists of those
    pieces and trains them in place. So after ``fit``, ``net.weights`` shows the trained
    values; an array you assigned is left as it was: follow ``net.weights[l]``, not your ``W``.
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
        self.output = (
            self.activation if output is None else lookup(OUTPUTS, output, "output", Activation)
        )
        self.loss = get_loss(loss)
        if self.softmax_output and self.sizes[-1] < 2:
            raise ValueError(
                f"output='softmax' needs at least 2 outputs (a softmax over one is always 1); "
                f"got sizes[-1]={self.sizes[-1]}. For one output use output='sigmoid'."
            )
        if self.loss.needs_softmax and not self.softmax_output:
            raise ValueError(
                f"loss={self.loss.name!r} needs output='softmax' (probabilities over >= 2 "
                f"classes); got output={self.output.name!r}. Use output='softmax' with one "
                f"output per class, or loss='mse'."
            )
        rng = as_rng(seed)
        self.weights = [
            rng.standard_normal((m, m_prev)) / np.sqrt(m_prev)
            for m_prev, m in zip(self.sizes[:-1], self.sizes[1:])
        ]
        self.biases = [np.zeros(m) for m in self.sizes[1:]]
        self._trainer = Trainer(self)

    @property
    def softmax_output(self) -> bool:
        """True when the output layer is the softmax of chapter 5 (``output="softmax"``)."""
        return self.output is SOFTMAX or self.output == SOFTMAX  # (a copy is equal, not identical)

    def __repr__(self) -> str:
        return (
            f"Network(sizes={self.sizes}, activation={self.activation.name!r}, "
            f"output={self.output.name!r}, loss={self.loss.name!r})"
        )

    def __getstate__(self) -> dict:
        # A copy (copy.deepcopy, pickle) gets a fresh trainer, not megabytes of scratch arrays.
        return {k: v for k, v in self.__dict__.items() if k != "_trainer"}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._trainer = Trainer(self)

    # ----------------------------------------------------------------- checks at the boundary
    def check_inputs(self, X, *, finite: bool = True) -> np.ndarray:
        """X as a float array of shape (N, sizes[0]), or a ValueError saying what is wrong.

        Also checks ``weights`` and ``biases`` (see the class notes), as every public method
        does before it computes anything. ``finite=False`` leaves out the check for NaN and
        infinity, for a caller whose result shows them anyway (then it names X itself).
        """
        self._check_parameters()
        X = as_float_array(X, "X", finite=finite)
        m0 = self.sizes[0]
        if X.ndim != 2 or X.shape[1] != m0 or X.shape[0] == 0:
            hint = " Use X.reshape(1, -1) for one example." if X.shape == (m0,) else ""
            raise ValueError(
                f"X must have shape (N, {m0}) with N >= 1 examples, to match sizes[0]={m0}; "
                f"got {X.shape}.{hint}"
            )
        return X

    def check_batch(self, X, Y, *, finite: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """X of shape (N, sizes[0]) and Y of shape (N, sizes[-1]) as float arrays, checked.

        A Y of shape (N,) is accepted for one output and returned as a column. ``finite``: as
        for :meth:`check_inputs`.
        """
        X = self.check_inputs(X, finite=finite)
        Y = as_float_array(Y, "Y", finite=finite)
        mL = self.sizes[-1]
        if Y.ndim == 1 and mL == 1:
            Y = Y[:, None]
        if Y.shape != (X.shape[0], mL):
            raise ValueError(
                f"Y must have shape (N, {mL}) = ({X.shape[0]}, {mL}) to match X and sizes[-1]; "
                f"got {Y.shape}."
            )
        return X, Y

    def _check_parameters(self) -> None:
        L = len(self.sizes) - 1
        for name, params, shapes in (
            ("weights", self.weights, list(zip(self.sizes[1:], self.sizes[:-1]))),
            ("biases", self.biases, [(m,) for m in self.sizes[1:]]),
        ):
            if len(params) != L:
                raise ValueError(
                    f"{name} must hold {L} arrays, one per layer of sizes={self.sizes}; "
                    f"got {len(params)}."
                )
            for l, (p, shape) in enumerate(zip(params, shapes)):
                if type(p) is not np.ndarray or p.dtype != np.float64:
                    p = params[l] = as_float_array(p, f"{name}[{l}]")
                if p.shape != shape:
                    raise ValueError(
                        f"{name}[{l}] must have shape {shape} to match sizes={self.sizes}; "
                        f"got {p.shape}."
                    )

    # ------------------------------------------------------------------------ forward pass
    def _overflow_hint(self) -> str:
        largest = max(float(np.max(np.abs(W))) for W in self.weights)
        return (
            f"the inputs X or the weights are too large for this network (largest |W| = "
            f"{largest:.3g}). Scale X down or use smaller weights."
        )

    def layer_function(self, l: int) -> Callable[..., np.ndarray]:
        """f of layer l = 1..L, applied to Z^(l) of shape (N, m_l).

        The hidden activation for l < L; at l = L the output activation (for
        ``output="softmax"`` the softmax of each row, :data:`nnnotes.softmax.SOFTMAX`).
        """
        return self.activation.f if l < len(self.weights) else self.output.f

    def forward_pass(self, X) -> tuple[list, list[np.ndarray]]:
        """Every layer's pre-activations and activations (notes 001, §6.2).

        Parameters
        ----------
        X : ndarray of shape (N, sizes[0])

        Returns
        -------
        Zs : list of L + 1 entries
            ``Zs[l]`` is Z^(l) of shape (N, sizes[l]) for l = 1..L; ``Zs[0]`` is None.
        As : list of L + 1 ndarrays
            ``As[0]`` is X = A^(0); ``As[l]`` is A^(l) = f(Z^(l)), shape (N, sizes[l]).
        """
        X = self.check_inputs(X)
        return without_overflow("the forward pass", self._overflow_hint, self._forward_pass, X)

    def _forward_pass(self, X: np.ndarray) -> tuple[list, list[np.ndarray]]:
        Zs, As = [None], [X]
        for l in range(1, len(self.weights) + 1):  # the notes count from 1: weights[l-1] = W^(l)
            W, b = self.weights[l - 1], self.biases[l - 1]
            Zs.append(As[l - 1] @ W.T + b)  # z^(l) = W^(l) a^(l-1) + b^(l), every row at once
            As.append(self.layer_function(l)(Zs[l]))  # a^(l) = f(z^(l))
        return Zs, As

    def forward(self, X) -> np.ndarray:
        """Output activations A^(L) for every row of X.

        Parameters
        ----------
        X : ndarray of shape (N, sizes[0])

        Returns
        -------
        ndarray of shape (N, sizes[-1])
        """
        return self.forward_pass(X)[1][-1]

    def cost(self, X, Y) -> float:
        """The cost C of ``loss`` over the batch (notes 001, eq. 57 for "mse").

        Behind a softmax output, computed from the logits Z^(L) when the loss can
        (``loss.from_logits``; the cross-entropy by log-sum-exp, chapter 5).

        Parameters
        ----------
        X : ndarray of shape (N, sizes[0])
        Y : ndarray of shape (N, sizes[-1])
        """
        X, Y = self.check_batch(X, Y)

        def cost():
            Zs, As = self._forward_pass(X)
            return self.output_cost(Zs[-1], As[-1], Y)

        return without_overflow("the cost", self._overflow_hint, cost)

    def output_cost(self, Z: np.ndarray, A: np.ndarray, Y: np.ndarray) -> float:
        """C from the output layer: ``loss.from_logits(Z, Y)`` behind a softmax, if the loss
        has it, else ``loss.value(A, Y)``. Z, A, Y: checked arrays of shape (N, sizes[-1])."""
        if self.softmax_output and self.loss.from_logits is not None:
            return self.loss.from_logits(Z, A, Y)
        return self.loss.value(A, Y)

    # ----------------------------------------------------------------------- backward pass
    def output_delta(self, Z: np.ndarray, A: np.ndarray, Y: np.ndarray, out=None) -> np.ndarray:
        """Delta^(L) = dC/dZ^(L) (notes 001, eq. 58, with the factor 2/N that eq. 57 gives).

        Parameters
        ----------
        Z, A, Y : ndarrays of shape (N, m_L)
            The output layer's pre-activations and activations, and the targets.
        out : ndarray of shape (N, m_L), optional
            May be written with the result (the trainer's reused array).

        Returns
        -------
        ndarray of shape (N, m_L)
        """
        if not self.softmax_output:
            return self.loss.prime(A, Y) * self.output.f_prime(Z)  # eq. 58
        if self.loss.softmax_residual:  # the softmax Jacobian turns dC/dA into (A - Y)/N (ch. 5)
            Delta = np.subtract(A, Y, out=out)
            Delta /= float(len(Y))  # a float: an int scalar costs numpy 0.1 us more a call
            return Delta
        return softmax_backward(A, self.loss.prime(A, Y))  # J^T dC/dA, row by row

    def backward_pass(self, Zs, As, Y) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """dC/dW^(l) and dC/db^(l) from a forward pass, by eqs. 58-63 of notes 001.

        Parameters
        ----------
        Zs, As : lists as returned by :meth:`forward_pass`
        Y : ndarray of shape (N, sizes[-1])

        Returns
        -------
        dWs, dbs : lists of ndarrays, shaped like ``weights`` and ``biases``
        """
        L = len(self.weights)
        dWs, dbs = [None] * L, [None] * L
        Delta = self.output_delta(Zs[L], As[L], Y)  # eq. 58
        for l in range(L, 0, -1):  # the notes' l = L..1; weights[l-1] = W^(l), dWs[l-1] its dC/dW
            dWs[l - 1] = Delta.T @ As[l - 1]  # eqs. 60, 62: sum_i delta_i a_i^(l-1)T
            dbs[l - 1] = np.ones(len(Delta)) @ Delta  # eqs. 61, 63: sum_i delta_i
            if l > 1:  # eq. 59, one layer down: Delta^(l-1) = (Delta^(l) @ W^(l)) * f'(Z^(l-1))
                Delta = (Delta @ self.weights[l - 1]) * self.activation.f_prime(Zs[l - 1])
        return dWs, dbs

    def gradients(self, X, Y) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Exact gradient of :meth:`cost` by backpropagation (notes 001, eqs. 58-63).

        The same numbers as ``backward_pass(*forward_pass(X), Y)``, computed by the trainer of
        :meth:`fit` in its reused arrays (``f'`` from the stored activations).

        Parameters
        ----------
        X : ndarray of shape (N, sizes[0])
        Y : ndarray of shape (N, sizes[-1])

        Returns
        -------
        dWs, dbs : lists of new ndarrays, shaped like ``weights`` and ``biases``

        Raises
        ------
        ValueError
            "X contains NaN or infinity" (or Y), found as a non-finite gradient (as in
            :meth:`fit`), or the gradient overflowed float64.
        """
        X, Y = self.check_batch(X, Y, finite=False)  # a NaN or infinity there shows in dC/dW
        return without_overflow(
            "the gradient", self._overflow_hint, self._trainer.gradients, X, Y,
            unchecked={"X": X, "Y": Y},
        )  # fmt: skip

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
            ``cost[e]``: the mean over epoch e's batches of their cost, weighted by size.

        Raises
        ------
        nnnotes.train.Diverged
            At the first step whose cost or gradient step is not finite (lr too large): the
            parameters stay exactly as they were before that step, and the error's
            ``history`` holds the costs of the epochs finished before it.
        ValueError
            "X contains NaN or infinity" (or Y), with the parameters as this call found them.
            The data is not scanned for them first: one makes its batch's cost or dC/dW
            non-finite (dC/dW^(1) = Delta^T X, and Delta^(L) holds A - Y), which fit notices
            as above and then traces to the data.

        Notes
        -----
        The inputs' shapes are checked once per call; the steps trust them. Each step is
        ``forward_pass``, ``backward_pass`` and the update W <- W - lr dW, done by
        ``nnnotes._trainer.Trainer.epoch`` in arrays it keeps from call to call (so calling
        ``fit`` once per animation frame allocates nothing); see the class notes for what
        happens to ``weights``.
        ``benchmarks/train.py`` times this loop against PyTorch, scikit-learn and a numpy loop
        hand-written for one network.
        """
        X, Y = self.check_batch(X, Y, finite=False)  # a NaN or infinity there: see below
        epochs = as_count(epochs, "epochs")
        lr = as_positive(lr, "lr")
        N = X.shape[0]
        B = N if batch_size is None else min(as_count(batch_size, "batch_size"), N)
        rng = as_rng(seed)
        callback = as_callback(callback)
        history = History()
        self._trainer.save()
        try:
            for epoch in range(epochs):
                history.cost.append(self._trainer.epoch(X, Y, B, lr, rng, epoch + 1, history))
                if callback is not None and callback(epoch, self, history.cost[-1]) is False:
                    break
        except Diverged:
            # A NaN or infinity in X or Y makes the first batch holding it diverge (its cost or
            # its dC/dW is not finite), in the first epoch: refuse the data as check_batch
            # would have, with the parameters as this call found them.
            try:
                check_finite(X, "X")
                check_finite(Y, "Y")
            except ValueError as bad_data:
                self._trainer.restore()
                raise bad_data from None
            raise
        return history
