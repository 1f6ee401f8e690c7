"""The fast path of ``Network.fit`` and ``Network.gradients``: notes 001 eqs. 58-63 in place.

:class:`Trainer` computes exactly what ``Network.forward_pass`` and ``Network.backward_pass``
compute, operation for operation (so training is bit-identical; the tests check it), but

* every Z^(l), A^(l), Delta^(l) and f'(Z^(l)) goes into an array of shape (rows, m_l)
  allocated once and kept from call to call (a batch of n <= rows uses the first n rows);
* f'(Z^(l)) comes from the stored A^(l) (sigma' = a (1 - a), notes 001, eq. 10) rather than
  from Z again;
* the parameters live end to end in one vector ``theta`` of shape (P,), ``net.weights`` and
  ``net.biases`` being views of it, and the gradient in one vector ``grad`` laid out alike,
  so a step W <- W - lr dC/dW for every W and b is two in-place operations.

The arrays are reused only with activations that write into ``out=`` (``takes_out``: every
built-in one) and a hidden activation with ``f_prime_from_a``; otherwise each step calls
``Network.forward_pass`` and ``Network.backward_pass`` themselves.

Every step checks its cost and its step lr dC/dtheta for NaN and infinity before it changes
theta (one dot product each), and raises :class:`nnnotes.train.Diverged` instead. theta is
then the last parameters whose cost was finite: what the previous step left if only this
step overflowed, or, when this batch's cost itself is not finite, theta before the previous
step (kept in one copy, made at every step).
"""

from __future__ import annotations

import math

import numpy as np

from .train import Diverged, History, finite


class Trainer:
    """Reusable arrays and the packed parameter vector of one network.

    Parameters
    ----------
    net : Network
        Read through its public attributes: ``sizes``, ``weights``, ``biases``,
        ``activation``, ``loss``, ``layer_function`` and ``output_delta``.
    """

    def __init__(self, net):
        self.net = net
        shapes = [(m, k) for k, m in zip(net.sizes, net.sizes[1:])] + [(m,) for m in net.sizes[1:]]
        self.shapes = shapes
        self.theta = np.empty(sum(int(np.prod(s)) for s in shapes))  # every W, then every b
        self.params = views(self.theta, shapes)  # what net.weights + net.biases should hold
        self.grad = np.empty_like(self.theta)  # dC/dtheta, laid out like theta
        self.L = len(net.sizes) - 1
        self.dWs, self.dbs = self._split(views(self.grad, shapes))
        self.rows = 0  # rows of the arrays below; none allocated yet
        self.full = None  # Z, A, Delta, f': lists [None, (rows, m_1), ..., (rows, m_L)]
        self.arrays = {}  # n -> their first n rows, as from _arrays(n)
        self.shuffle = None  # (Xs, Ys): one epoch's shuffled copy of the data
        self.before = np.empty_like(self.theta)  # theta before the last step ...
        self.before_valid = False  # ... once a step was taken on the current parameters

    def _split(self, pieces: list) -> tuple[list, list]:
        return pieces[: self.L], pieces[self.L :]

    # ------------------------------------------------------------------------- parameters
    def own_parameters(self) -> None:
        """Make ``net.weights`` and ``net.biases`` the pieces of ``theta``, keeping their values.

        Entries that are already the pieces cost one identity test each; any other entry
        (assigned by the user; shapes checked by the network) is copied into its piece, and
        both lists are then replaced by new lists of the pieces.
        """
        net = self.net
        current = [*net.weights, *net.biases]
        if all(p is q for p, q in zip(current, self.params)):
            return
        for p, q in zip(current, self.params):
            if p is not q:
                np.copyto(q, p)
        net.weights, net.biases = (list(half) for half in self._split(self.params))
        self.before_valid = False  # new parameters: no step to undo

    # ------------------------------------------------------------------------ the workspace
    def _arrays(self, n: int) -> tuple[list, list, list, list]:
        """Z, A, Delta and f' of every layer as arrays of shape (n, m_l) ([0] unused), kept."""
        arrays = self.arrays.get(n)
        if arrays is None:
            if n > self.rows:  # taller arrays for everyone; the shorter views go with the old
                self.rows, self.arrays = n, {}
                self.full = [
                    [None] + [np.empty((n, m)) for m in self.net.sizes[1:]] for _ in range(4)
                ]
            arrays = self.arrays[n] = tuple(
                [None] + [a[:n] for a in full[1:]] for full in self.full
            )
        return arrays

    def shuffled(self, X: np.ndarray, Y: np.ndarray, rng: np.random.Generator):
        """X and Y with their rows in a fresh random order, written into arrays kept for it."""
        if self.shuffle is None or [a.shape for a in self.shuffle] != [X.shape, Y.shape]:
            self.shuffle = (np.empty_like(X), np.empty_like(Y))
        Xs, Ys = self.shuffle
        order = rng.permutation(X.shape[0])
        np.take(X, order, axis=0, out=Xs, mode="clip")
        np.take(Y, order, axis=0, out=Ys, mode="clip")
        return Xs, Ys

    # ------------------------------------------------------------------- forward, backward
    def _backprop(self, X, Y, Ws, bs, fs, arrays, dWs, dbs) -> tuple[np.ndarray, np.ndarray]:
        """Eqs. 58-63 for the checked batch X (n, m_0), Y (n, m_L) into dWs, dbs.

        Returns Z^(L) and A^(L), each of shape (n, m_L).

        ``fs[l]`` is f of layer l; ``Ws``, ``bs`` the parameters to differentiate at;
        ``arrays`` is ``_arrays(n)``; ``dWs``, ``dbs`` are written with the gradient.
        Operation for operation what ``Network.forward_pass`` and ``backward_pass`` do.
        """
        net, L = self.net, self.L
        Zs, A_out, Deltas, primes = arrays
        As = [X]
        for l in range(1, L + 1):  # weights[l-1] = W^(l), as in Network.forward_pass
            np.matmul(As[l - 1], Ws[l - 1].T, out=Zs[l])
            Zs[l] += bs[l - 1]  # z^(l) = W^(l) a^(l-1) + b^(l)
            As.append(fs[l](Zs[l], out=A_out[l]))  # a^(l) = f(z^(l)) (identity: Z itself)
        Delta = net.output_delta(Zs[L], As[L], Y, out=Deltas[L])  # eq. 58
        prime_from_a = net.activation.f_prime_from_a
        for l in range(L, 0, -1):  # as in Network.backward_pass
            np.matmul(Delta.T, As[l - 1], out=dWs[l - 1])  # eqs. 60, 62
            np.add.reduce(Delta, axis=0, out=dbs[l - 1])  # eqs. 61, 63
            if l > 1:  # eq. 59: Delta^(l-1) = (Delta^(l) @ W^(l)) * f'(Z^(l-1))
                Delta = np.matmul(Delta, Ws[l - 1], out=Deltas[l - 1])
                Delta *= prime_from_a(As[l - 1], out=primes[l - 1])
        return Zs[L], As[L]

    def _backprop_plain(self, X, Y, Ws, bs, fs, arrays, dWs, dbs) -> tuple:
        """:meth:`_backprop` for an activation of your own: the equations as they stand.

        ``Ws``, ``bs`` and ``fs`` must be the network's own (``net.weights``, ...); ``arrays``
        is not used.
        """
        Zs, As = self.net._forward_pass(X)
        plain_dWs, plain_dbs = self.net.backward_pass(Zs, As, Y)
        for g, d in zip(dWs + dbs, plain_dWs + plain_dbs):
            g[...] = d
        return Zs[-1], As[-1]

    def _backprop_for_net(self):
        """The fast :meth:`_backprop` if every activation writes into ``out=`` (``takes_out``)
        and the hidden one has ``f_prime_from_a``; else the plain equations."""
        hidden, output = self.net.activation, self.net.output
        reusable = hidden.takes_out and output.takes_out and hidden.f_prime_from_a is not None
        return self._backprop if reusable else self._backprop_plain

    def gradients(self, X: np.ndarray, Y: np.ndarray) -> tuple[list, list]:
        """dC/dW^(l), dC/db^(l) at the current ``net.weights``, for a checked batch (X, Y).

        Returns new arrays shaped like the parameters (pieces of one new vector).
        """
        net = self.net
        fs = [None] + [net.layer_function(l) for l in range(1, self.L + 1)]
        dWs, dbs = self._split(views(np.empty_like(self.grad), self.shapes))
        arrays = self._arrays(X.shape[0])
        self._backprop_for_net()(X, Y, net.weights, net.biases, fs, arrays, dWs, dbs)
        return dWs, dbs

    def epoch(
        self, X, Y, batch_size: int, lr: float, rng: np.random.Generator, number: int,
        history: History,
    ) -> float:  # fmt: skip
        """One epoch of minibatch SGD on the checked (X, Y); returns the mean cost of its batches.

        Shuffles unless one batch holds every example; each batch's cost is taken before its
        step theta <- theta - lr dC/dtheta. ``number`` (from 1) and ``history`` (the epochs
        before) go into the :class:`~nnnotes.train.Diverged` raised, theta untouched, at the
        first batch whose cost or step is not finite.
        """
        with np.errstate(all="ignore"):  # NaN and infinity are checked at every step instead
            return self._epoch(X, Y, batch_size, lr, rng, number, history)

    def _epoch(self, X, Y, batch_size, lr, rng, number, history) -> float:
        self.own_parameters()
        net, N = self.net, X.shape[0]
        if batch_size < N:
            X, Y = self.shuffled(X, Y, rng)
        Ws, bs = self.params[: self.L], self.params[self.L :]
        fs = [None] + [net.layer_function(l) for l in range(1, self.L + 1)]
        backprop, cost, theta, grad = (
            self._backprop_for_net(),
            net.output_cost,
            self.theta,
            self.grad,
        )
        dWs, dbs = self.dWs, self.dbs
        full, last = self._arrays(min(batch_size, N)), self._arrays(N % batch_size or batch_size)
        total = 0.0
        for start in range(0, N, batch_size):
            Xb, Yb = X[start : start + batch_size], Y[start : start + batch_size]
            arrays = full if start + batch_size <= N else last
            C = cost(*backprop(Xb, Yb, Ws, bs, fs, arrays, dWs, dbs), Yb)
            grad *= lr  # every W and b at once, in place
            if not finite(C, grad, theta):  # (else theta - grad is finite too: < 2e154)
                if not finite(C) and self.before_valid:  # the last step led here: undo it
                    np.copyto(theta, self.before)
                    self.before_valid = False
                raise Diverged(number, lr, C, history)
            total += C * Xb.shape[0]
            np.copyto(self.before, theta)
            self.before_valid = True
            theta -= grad
        return total / N


def views(flat: np.ndarray, shapes) -> list[np.ndarray]:
    """Consecutive pieces of the 1-D array ``flat``, reshaped to ``shapes`` (views, no copies)."""
    pieces, start = [], 0
    for shape in shapes:
        stop = start + math.prod(shape)
        pieces.append(flat[start:stop].reshape(shape))
        start = stop
    return pieces
