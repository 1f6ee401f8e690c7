"""A scalar reverse-mode autodiff: the tests' oracle, sharing no code with nnnotes.

Every :class:`Value` holds a float and, for each input it was computed from, the local
derivative d(value)/d(input), written right beside the forward formula (micrograd-style, with
the partials stored instead of closures). :meth:`Value.backward` visits the graph in reverse
topological order and applies the chain rule, ``input.grad += local * node.grad``.

On top of it, built from these scalars and Python's ``math`` only: the activations, softmax and
log-softmax (shifted by the row's max, a constant), the MSE and cross-entropy costs, and whole
networks (:func:`network`). numpy appears only to read weights in and hand gradients out.
No finite differences anywhere: the gradients are exact up to round-off.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np


class Value:
    """A float in a computation graph, with the gradient d(output)/d(self) after backward()."""

    __slots__ = ("_inputs", "data", "grad", "scale")

    def __init__(self, data: float, inputs: tuple = ()):
        self.data = float(data)
        self.grad = 0.0
        self.scale = 0.0  # sum over paths of |products of local derivatives|: see backward()
        self._inputs = inputs  # ((input Value, d self / d input), ...)

    def __repr__(self) -> str:
        return f"Value({self.data!r}, grad={self.grad!r})"

    # ------------------------------------------------------------ arithmetic, derivative beside
    def __add__(self, other):
        other = lift(other)
        return Value(self.data + other.data, ((self, 1.0), (other, 1.0)))

    __radd__ = __add__

    def __neg__(self):
        return Value(-self.data, ((self, -1.0),))

    def __sub__(self, other):
        other = lift(other)
        return Value(self.data - other.data, ((self, 1.0), (other, -1.0)))

    def __rsub__(self, other):
        return lift(other) - self

    def __mul__(self, other):
        other = lift(other)
        return Value(self.data * other.data, ((self, other.data), (other, self.data)))

    __rmul__ = __mul__

    def __truediv__(self, other):
        other = lift(other)
        q = self.data / other.data
        return Value(q, ((self, 1.0 / other.data), (other, -q / other.data)))

    def __rtruediv__(self, other):
        return lift(other) / self

    def __pow__(self, k: float):  # a constant exponent only
        k = float(k)
        return Value(self.data**k, ((self, k * self.data ** (k - 1.0)),))

    def exp(self):
        e = math.exp(self.data)
        return Value(e, ((self, e),))

    def log(self):
        return Value(math.log(self.data), ((self, 1.0 / self.data),))

    # ---------------------------------------------------------------------------- activations
    def sigmoid(self):
        # 1 / (1 + e^-x) from e = e^-|x| <= 1 (never overflows); derivative e / (1 + e)^2,
        # the same as s (1 - s) but without its cancellation when s is close to 1
        e = math.exp(-abs(self.data))
        s = 1.0 / (1.0 + e) if self.data >= 0 else e / (1.0 + e)
        return Value(s, ((self, e / (1.0 + e) ** 2),))

    def tanh(self):
        # (1 - e) / (1 + e) with e = e^-2|x| <= 1; 1 - e as -expm1 (exact for small x);
        # derivative 4 e / (1 + e)^2 = 1 - tanh^2 without cancellation
        e = math.exp(-2.0 * abs(self.data))
        t = math.copysign(-math.expm1(-2.0 * abs(self.data)) / (1.0 + e), self.data)
        return Value(t, ((self, 4.0 * e / (1.0 + e) ** 2),))

    def relu(self):
        return Value(max(self.data, 0.0), ((self, 1.0 if self.data > 0 else 0.0),))

    def identity(self):
        return self

    # ------------------------------------------------------------------------------- backward
    def backward(self) -> None:
        """d self / d v for every v in the graph, into ``v.grad`` (the graph's grads start at 0).

        Alongside, ``v.scale`` gets the same sum over paths with every local derivative taken
        in absolute value: the size of the terms that the gradient adds up. Where they cancel,
        round-off in ANY implementation is about (ops along a path) * eps * scale, however
        small the gradient itself; the tests use it as the floor of their relative tolerance.
        """
        order, seen, stack = [], set(), [(self, False)]
        while stack:  # iterative depth-first post-order: inputs before the nodes using them
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
            elif id(node) not in seen:
                seen.add(id(node))
                stack.append((node, True))
                stack.extend((v, False) for v, _ in node._inputs if id(v) not in seen)
        self.grad, self.scale = 1.0, 1.0
        for node in reversed(order):
            for v, local in node._inputs:
                v.grad += local * node.grad
                v.scale += abs(local) * node.scale


def lift(x) -> Value:
    """A Value as it is; a number as a constant Value."""
    return x if isinstance(x, Value) else Value(x)


def total(values) -> Value:
    """sum(values) as one node (math.fsum: correctly rounded); d/dv_k = 1."""
    values = [lift(v) for v in values]
    return Value(math.fsum(v.data for v in values), tuple((v, 1.0) for v in values))


#: Activation name -> the Value method computing it. Must cover nnnotes' registry (a test checks).
ACTIVATIONS = {
    "sigmoid": Value.sigmoid,
    "tanh": Value.tanh,
    "relu": Value.relu,
    "identity": Value.identity,
}


def log_softmax(z: list[Value]) -> list[Value]:
    """log softmax(z)_k = (z_k - m) - log sum_j e^(z_j - m), m = max_j z_j held constant."""
    m = max(v.data for v in z)
    shifted = [v - m for v in z]
    log_sum = total(s.exp() for s in shifted).log()
    return [s - log_sum for s in shifted]


def softmax(z: list[Value]) -> list[Value]:
    """softmax(z)_k = e^(z_k - m) / sum_j e^(z_j - m), m = max_j z_j held constant."""
    m = max(v.data for v in z)
    e = [(v - m).exp() for v in z]
    s = total(e)
    return [ek / s for ek in e]


def mse(A: list[list[Value]], Y) -> Value:
    """C = (1/N) sum_i sum_k (a_ik - y_ik)^2."""
    return total((a - y) ** 2 for a_row, y_row in zip(A, Y) for a, y in zip(a_row, y_row)) / len(A)


def cross_entropy(A: list[list[Value]], Y) -> Value:
    """C = -(1/N) sum_i sum_k y_ik log a_ik, from probabilities (no clipping)."""
    return -total(y * a.log() for a_row, y_row in zip(A, Y) for a, y in zip(a_row, y_row)) / len(A)


def cross_entropy_from_logits(Z: list[list[Value]], Y) -> Value:
    """C = -(1/N) sum_i sum_k y_ik log softmax(z_i)_k, by log-softmax: exact for any logits."""
    return -total(
        y * lp for z_row, y_row in zip(Z, Y) for lp, y in zip(log_softmax(z_row), y_row)
    ) / len(Z)


#: Loss name -> cost(A, Y). Must cover nnnotes' registry (a test checks).
LOSSES = {"mse": mse, "cross_entropy": cross_entropy}


class Result(NamedTuple):
    """What the oracle computed for a network on a batch, as floats and numpy arrays."""

    cost: float
    A: np.ndarray  # (N, m_L) output activations
    Zs: list  # Zs[l] (N, m_{l+1}) pre-activations of layer l + 1
    dWs: list  # shaped like the weights
    dbs: list  # shaped like the biases
    dWs_scale: list  # the size of the terms each gradient sums (Value.scale)
    dbs_scale: list


def network(weights, biases, X, Y, activation: str, output: str | None, loss: str) -> Result:
    """Cost, outputs and exact gradients of a fully connected network, built from Values.

    Parameters
    ----------
    weights : list of arrays, weights[l] of shape (m_{l+1}, m_l)
    biases : list of arrays, biases[l] of shape (m_{l+1},)
    X : array of shape (N, m_0)
    Y : array of shape (N, m_L)
    activation : name of the hidden activation
    output : None (same as ``activation``), an activation name, or "softmax"
    loss : "mse" or "cross_entropy"; a softmax output's cross-entropy is computed from its
        logits by log-softmax
    """
    Ws = [[[Value(w) for w in row] for row in np.asarray(W, float)] for W in weights]
    bs = [[Value(b) for b in np.asarray(bias, float)] for bias in biases]
    X, Y = np.asarray(X, float).tolist(), np.asarray(Y, float).tolist()
    hidden = ACTIVATIONS[activation]
    last = len(Ws) - 1
    A, Zs = [[lift(x) for x in row] for row in X], []
    for l, (W, b) in enumerate(zip(Ws, bs)):
        Z = [[total([*(w * a for w, a in zip(W_j, a_row)), b_j]) for W_j, b_j in zip(W, b)]
             for a_row in A]  # fmt: skip
        Zs.append(Z)
        if l < last:
            A = [[hidden(z) for z in z_row] for z_row in Z]
        elif output == "softmax":
            A = [softmax(z_row) for z_row in Z]
        else:
            f = ACTIVATIONS[activation if output is None else output]
            A = [[f(z) for z in z_row] for z_row in Z]
    if output == "softmax" and loss == "cross_entropy":
        cost = cross_entropy_from_logits(Zs[-1], Y)
    else:
        cost = LOSSES[loss](A, Y)
    cost.backward()
    return Result(
        cost.data,
        _data(A),
        [_data(Z) for Z in Zs],
        [np.array([[w.grad for w in row] for row in W]) for W in Ws],
        [np.array([b.grad for b in bias]) for bias in bs],
        [np.array([[w.scale for w in row] for row in W]) for W in Ws],
        [np.array([b.scale for b in bias]) for bias in bs],
    )


def gradient(f, x) -> tuple[float, np.ndarray, np.ndarray]:
    """f(x), its gradient and the gradient's scale, for f: list of Values -> Value."""
    xs = [Value(v) for v in np.asarray(x, float)]
    y = f(xs)
    y.backward()
    return y.data, np.array([v.grad for v in xs]), np.array([v.scale for v in xs])


def _data(rows) -> np.ndarray:
    return np.array([[v.data for v in row] for row in rows])
