"""The fast path of ``Network.fit`` and ``Network.gradients``: notes 001 eqs. 58-63 in place.

:class:`Trainer` computes exactly what ``Network.forward_pass`` and ``Network.backward_pass``
compute, operation for operation (so training is bit-identical; the tests check it), but

* every A^(l) and Delta^(l) goes into an array of shape (rows, m_l) allocated once and kept
  from call to call (a batch of n <= rows uses the first n rows), and what a step reads and
  writes is laid out once per batch size (:meth:`Trainer._plan`);
* a hidden layer's Z^(l) is computed in A^(l)'s array and turned into A^(l) there, in place
  (one array streamed through memory instead of two: 0.9 ms less per step at 4096 x 256;
  only Z^(L) is kept), and f'(Z^(l)) goes into one block of rows at a time, small enough to
  stay in the cache (:func:`row_blocks`);
* small matrix products go through ``np.ndarray.dot``, a cheaper call than ``@`` with the
  same bits (:func:`product_for`), and so do the sums over examples, 1^T Delta;
* f'(Z^(l)) comes from the stored A^(l) (sigma' = a (1 - a), notes 001, eq. 10) rather than
  from Z again;
* the parameters live end to end in one vector ``theta`` of shape (P,), ``net.weights`` and
  ``net.biases`` being views of it, and the gradient in one vector ``grad`` laid out alike,
  so a step W <- W - lr dC/dW for every W and b is two in-place operations.

The arrays are reused only with activations that write into ``out=`` (``takes_out``: every
built-in one) and a hidden activation with ``f_prime_from_a``; otherwise each step calls
``Network.forward_pass`` and ``Network.backward_pass`` themselves.

Every step checks its cost for NaN and infinity before it changes theta, and theta after the
change (one dot product), and raises :class:`nnnotes.train.Diverged` at the first that is not
finite. theta is then the last parameters whose cost was finite: theta before this step if
only the step overflowed, or, when this batch's cost itself is not finite, theta before the
previous step (kept in one copy, made at every step).
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
        ``activation``, ``loss``, ``layer_function``, ``output_delta`` and ``output_cost``.
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
        self.full = None  # A, Delta: lists [(rows, m_1), ..., (rows, m_L)]; Z^(L); ones (rows,)
        self.arrays = {}  # n -> their first n rows, as from _arrays(n)
        self.plans = {}  # (n, f of the hidden layers, f of the output) -> _plan at theta
        self.shuffle = None  # (Xs, Ys): one epoch's shuffled copy of the data
        self.before = np.empty_like(self.theta)  # theta before the last step ...
        self.before_valid = False  # ... once a step was taken on the current parameters
        self.saved = np.empty_like(self.theta)  # theta as a fit call found it (save, restore)

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

    def save(self) -> None:
        """Keep the parameters as they are now (a copy of theta), for :meth:`restore`."""
        self.own_parameters()
        np.copyto(self.saved, self.theta)

    def restore(self) -> None:
        """Put the parameters back as :meth:`save` found them."""
        self.own_parameters()
        np.copyto(self.theta, self.saved)
        self.before_valid = False

    # ------------------------------------------------------------------------ the workspace
    def _arrays(self, n: int) -> tuple:
        """The kept arrays for a step on n examples: A^(l) and Delta^(l) of every layer, as
        lists of arrays of shape (n, m_l) for l = 1..L (index l - 1); Z^(L) (n, m_L); f' of
        every hidden layer, one block of rows (:func:`row_blocks`) of shape (<= n, m_l); a
        vector of n ones; and the matrix product to use at this n (:func:`product_for`)."""
        arrays = self.arrays.get(n)
        if arrays is None:
            if n > self.rows:  # taller arrays for everyone; the shorter views go with the old
                self.rows, self.arrays, self.plans = n, {}, {}
                self.full = [[np.empty((n, m)) for m in self.net.sizes[1:]] for _ in range(2)]
                self.full += [np.empty((n, self.net.sizes[-1])), np.ones(n)]
            As, Deltas, Z_L, ones = self.full
            As, Deltas = ([a[:n] for a in full] for full in (As, Deltas))
            primes = [np.empty((block_rows(n, m), m)) for m in self.net.sizes[1:-1]]
            product = product_for(n * max(self.net.sizes[1:]))
            arrays = self.arrays[n] = (As, Z_L[:n], Deltas, primes, ones[:n], product)
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
    def _plan(self, Ws, bs, n: int) -> tuple:
        """What a step on n examples at the parameters Ws, bs reads and writes, in the order
        :meth:`_backprop` takes it: ``(forward, backward, first, Delta_L, ones, product)``.

        ``forward[l - 1] = (W^(l).T, b^(l), f of layer l, Z^(l), A^(l))`` for l = 1..L, where
        Z^(l) is A^(l)'s own array but in the output layer;
        ``backward`` holds ``(dW^(l), db^(l), A^(l-1), W^(l), Delta^(l-1), blocks)`` for
        l = L..2, ``blocks`` listing ``(Delta^(l-1), A^(l-1), f'(Z^(l-1)))`` a block of rows
        at a time (:func:`row_blocks`); ``first = (dW^(1), db^(1))``. Z, A, Delta and f' are
        the kept arrays of :meth:`_arrays` (f' one block, used again for every block); dW, db
        the pieces of ``grad``.
        """
        As, Z_L, Deltas, primes, ones, product = self._arrays(n)
        fs = [self.net.layer_function(l) for l in range(1, self.L + 1)]
        forward = list(zip([W.T for W in Ws], bs, fs, [*As[:-1], Z_L], As))
        backward = []
        for l in range(self.L - 1, 0, -1):
            Delta, A, prime = Deltas[l - 1], As[l - 1], primes[l - 1]
            blocks = [(Delta[r], A[r], prime[: len(Delta[r])]) for r in row_blocks(*Delta.shape)]
            backward.append((self.dWs[l], self.dbs[l], A, Ws[l], Delta, blocks))
        return forward, backward, (self.dWs[0], self.dbs[0]), Deltas[-1], ones, product

    def _own_plan(self, n: int) -> tuple:
        """:meth:`_plan` at theta's own pieces, made once per batch size n and activations."""
        key = (n, self.net.activation.f, self.net.output.f)
        plan = self.plans.get(key)
        if plan is None:
            plan = self.plans[key] = self._plan(*self._split(self.params), n)
        return plan

    def _backprop(self, X, Y, plan) -> tuple[np.ndarray, np.ndarray]:
        """Eqs. 58-63 for the checked batch X (n, m_0), Y (n, m_L), by :meth:`_plan` (n)
        into ``grad``. Returns Z^(L) and A^(L), each of shape (n, m_L).

        Operation for operation what ``Network.forward_pass`` and ``backward_pass`` do.
        """
        forward, backward, (dW1, db1), Delta_L, ones, product = plan
        A = X
        for WT, b, f, Z, A_out in forward:  # l = 1..L, as in Network.forward_pass
            product(A, WT, out=Z)
            Z += b  # z^(l) = W^(l) a^(l-1) + b^(l)
            A = f(Z, out=A_out)  # a^(l) = f(z^(l))
        Delta = self.net.output_delta(Z, A, Y, out=Delta_L)  # eq. 58
        prime_from_a = self.net.activation.f_prime_from_a
        for dW, db, A_prev, W, Delta_prev, blocks in backward:  # l = L..2, as backward_pass
            product(Delta.T, A_prev, out=dW)  # eqs. 60, 62
            ones.dot(Delta, out=db)  # eqs. 61, 63
            Delta = product(Delta, W, out=Delta_prev)  # eq. 59: Delta^(l-1) = (Delta^(l) @
            for D, A_rows, prime in blocks:  # W^(l)) * f'(Z^(l-1)), rows still in cache
                D *= prime_from_a(A_rows, out=prime)
        product(Delta.T, X, out=dW1)  # l = 1
        ones.dot(Delta, out=db1)
        return Z, A

    def _backprop_plain(self, X, Y, plan=None) -> tuple:
        """:meth:`_backprop` for an activation of your own: the equations as they stand, at
        the network's own parameters, into ``grad`` (``plan`` is not used)."""
        Zs, As = self.net._forward_pass(X)
        plain_dWs, plain_dbs = self.net.backward_pass(Zs, As, Y)
        for g, d in zip(self.dWs + self.dbs, plain_dWs + plain_dbs):
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
        self._backprop_for_net()(X, Y, self._plan(net.weights, net.biases, X.shape[0]))
        return self._split(views(self.grad.copy(), self.shapes))

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
        N = X.shape[0]
        if batch_size < N:
            X, Y = self.shuffled(X, Y, rng)
        full, last = (self._own_plan(n) for n in (min(batch_size, N), N % batch_size or batch_size))
        backprop, cost, theta, grad, before = (
            self._backprop_for_net(), self.net.output_cost, self.theta, self.grad, self.before
        )  # fmt: skip
        total = 0.0
        for start in range(0, N, batch_size):
            stop = start + batch_size
            Xb, Yb = X[start:stop], Y[start:stop]
            Z, A = backprop(Xb, Yb, full if stop <= N else last)
            C = cost(Z, A, Yb)
            if not math.isfinite(C):  # the last step led here: undo it
                if self.before_valid:
                    np.copyto(theta, before)
                    self.before_valid = False
                raise Diverged(number, lr, C, history)
            total += C * Xb.shape[0]
            grad *= lr  # every W and b at once, in place
            before[...] = theta  # kept to fall back on (not np.copyto: 0.1 us less a call)
            theta -= grad
            if not finite(C, theta):  # a NaN or infinity (or beyond 1e154) in the step
                np.copyto(theta, before)
                self.before_valid = False
                raise Diverged(number, lr, C, history)
            self.before_valid = True
        return total / N


#: Entries of one block of rows in the elementwise steps of the backward pass (256 KiB).
BLOCK = 32768


def block_rows(n: int, m: int) -> int:
    """Rows of one block of an (n, m) array: BLOCK entries, at least one row, at most n."""
    return min(n, max(1, BLOCK // m))


def row_blocks(n: int, m: int) -> list[slice]:
    """Slices of the n rows of an (n, m) array, :func:`block_rows` rows at a time.

    The backward pass computes f'(Z) into one block-sized array and multiplies it into
    Delta block by block: the block of Delta is still in the cache for the second pass and
    f' never leaves it (at 4096 x 256: 1.3 ms less per step than whole arrays, the same
    bits). A small batch is one block.
    """
    rows = block_rows(n, m)
    return [slice(start, start + rows) for start in range(0, n, rows)]


#: Layers of up to this many entries (batch size x widest layer) are multiplied with .dot.
SMALL = 8192


def product_for(entries: int):
    """The function for the matrix products of a step whose largest layer array has ``entries``
    entries: ``np.ndarray.dot`` for small ones (the C function behind ``np.dot`` without its
    ``__array_function__`` dispatcher, a Python call: ~0.5 us less per product than ``@`` at
    32 x 32),
    ``np.matmul`` for large ones (``Delta @ W`` of shape (4096, 10) @ (10, 256) takes half the
    time). Both give the same bits as ``@`` in ``Network.backward_pass``.
    """
    return np.ndarray.dot if entries <= SMALL else np.matmul


def views(flat: np.ndarray, shapes) -> list[np.ndarray]:
    """Consecutive pieces of the 1-D array ``flat``, reshaped to ``shapes`` (views, no copies)."""
    pieces, start = [], 0
    for shape in shapes:
        stop = start + math.prod(shape)
        pieces.append(flat[start:stop].reshape(shape))
        start = stop
    return pieces
