"""The reference every formulation is checked against: central differences (chapters 1, 4)."""

from __future__ import annotations

import numpy as np

from ..calculus import numerical_gradient
from ..network import Network


def flatten(dWs, dbs) -> np.ndarray:
    """Every entry of a gradient ``(dWs, dbs)`` in one vector, weights first.

    One vector lets two gradients be compared with a single relative error.
    """
    return np.concatenate([g.ravel() for g in [*dWs, *dbs]])


def numerical_network_gradients(net: Network, X, Y, eps: float = 1e-6):
    """dC/dW and dC/db of ``net.cost(X, Y)`` by central differences, one parameter at a time.

    Each parameter array is swapped for the perturbed copy and restored afterwards, so the
    network is unchanged on return. Costs 2 cost evaluations per parameter.

    Returns
    -------
    dWs, dbs : lists shaped like ``net.weights`` and ``net.biases``
    """
    X, Y = net.check_batch(X, Y)

    def partial(params: list, k: int) -> np.ndarray:
        def cost(value):
            saved, params[k] = params[k], value
            try:
                return net.cost(X, Y)
            finally:
                params[k] = saved

        return numerical_gradient(cost, params[k], eps)

    return (
        [partial(net.weights, k) for k in range(len(net.weights))],
        [partial(net.biases, k) for k in range(len(net.biases))],
    )
