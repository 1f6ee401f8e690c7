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

The arrays are reused only with activations that write into ``out=`` (every built-in one,
recognised by its ``f_prime_from_a``); an activation of your own gets new arrays each step.
"""

from __future__ import annotations

import numpy as np


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
        self.theta = np.empty(sum(int(np.prod(s)) for s in shapes))  # every W, then every b
        self.params = _views(self.theta, shapes)  # what net.weights + net.biases should hold
        self.grad = np.empty_like(self.theta)  # dC/dtheta, laid out like theta
        self.L = len(net.sizes) - 1
        self.dWs, self.dbs = self._split(_views(self.grad, shapes))
        self.rows = 0  # rows of the arrays below; none allocated yet
        self.Z = self.A = self.Delta = self.prime = None  # [None, (rows, m_1), ..., (rows, m_L)]
        self.shuffle = None  # (Xs, Ys): one epoch's shuffled copy of the data
        self.last_A = None  # A^(L) of the last call of gradients

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

    # ------------------------------------------------------------------------ the workspace
    def _reserve(self, n: int) -> bool:
        """Make the per-layer arrays at least n rows tall; False if they cannot be reused."""
        net = self.net
        if net.activation.f_prime_from_a is None or (
            not net.softmax_output and net.output.f_prime_from_a is None
        ):
            return False
        if n > self.rows:
            self.rows = n
            self.Z, self.A, self.Delta, self.prime = (
                [None] + [np.empty((n, m)) for m in net.sizes[1:]] for _ in range(4)
            )
        return True

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
    def gradients(self, X: np.ndarray, Y: np.ndarray) -> tuple[list, list]:
        """dC/dW^(l), dC/db^(l) for the checked batch X (n, m_0), Y (n, m_L) (eqs. 58-63).

        Returns views of ``grad`` (overwritten by the next call), shaped like the parameters.
        Leaves A^(L) in ``self.last_A`` for the cost.
        """
        net, n, L = self.net, X.shape[0], self.L
        reuse = self._reserve(n)
        Ws, bs = net.weights, net.biases
        Zs, As = [None], [X]
        for l in range(1, L + 1):  # weights[l-1] = W^(l), as in Network.forward_pass
            Z = np.matmul(As[l - 1], Ws[l - 1].T, out=self.Z[l][:n] if reuse else None)
            Z += bs[l - 1]  # z^(l) = W^(l) a^(l-1) + b^(l)
            f = net.layer_function(l)
            As.append(f(Z, out=self.A[l][:n]) if reuse else f(Z))  # a^(l) = f(z^(l))
            Zs.append(Z)
        f_prime, prime_from_a = net.activation.f_prime, net.activation.f_prime_from_a
        Delta = net.output_delta(Zs[L], As[L], Y)  # eq. 58
        for l in range(L, 0, -1):  # as in Network.backward_pass
            np.matmul(Delta.T, As[l - 1], out=self.dWs[l - 1])  # eqs. 60, 62
            np.add.reduce(Delta, axis=0, out=self.dbs[l - 1])  # eqs. 61, 63
            if l > 1:  # eq. 59: Delta^(l-1) = (Delta^(l) @ W^(l)) * f'(Z^(l-1))
                Delta = np.matmul(Delta, Ws[l - 1], out=self.Delta[l - 1][:n] if reuse else None)
                if reuse:
                    Delta *= prime_from_a(As[l - 1], out=self.prime[l - 1][:n])
                else:
                    Delta *= f_prime(Zs[l - 1])
        self.last_A = As[L]
        return self.dWs, self.dbs

    def step(self, X: np.ndarray, Y: np.ndarray, lr: float) -> float:
        """One SGD step on the checked batch (X, Y); returns the batch's cost before the step.

        ``own_parameters`` must have run since the parameters were last assigned.
        """
        self.gradients(X, Y)
        cost = self.net.loss.value(self.last_A, Y)
        self.grad *= lr  # theta <- theta - lr dC/dtheta: every W and b at once, in place
        self.theta -= self.grad
        return cost


def _views(flat: np.ndarray, shapes) -> list[np.ndarray]:
    """Consecutive pieces of the 1-D array ``flat``, reshaped to ``shapes`` (views, no copies)."""
    views, start = [], 0
    for shape in shapes:
        size = int(np.prod(shape))
        views.append(flat[start : start + size].reshape(shape))
        start += size
    return views
