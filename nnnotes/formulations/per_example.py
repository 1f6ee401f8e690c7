"""One example at a time: the pseudocode of notes 001 §6.4 (chapter 4).

For each example i, as column vectors (shapes (m_l,)):

    z_i^(l) = W^(l) a_i^(l-1) + b^(l),   a_i^(l) = f(z_i^(l))            (§6.2; pseudocode A)
    delta_i^(L) = dL_i/da_i^(L) o f'(z_i^(L))                            (eq. 58, with its 2)
    delta_i^(l) = (W^(l+1)^T delta_i^(l+1)) o f'(z_i^(l))                (eq. 59)
    dC/dW^(l) += delta_i^(l) a_i^(l-1)^T / N,  dC/db^(l) += delta_i^(l) / N   (eqs. 60-63)

The batched ``Network.gradients`` does the same arithmetic with one matrix product per layer
instead of N matrix-vector products; :func:`measure_speedup` times the difference.
"""

from __future__ import annotations

import numpy as np

from .._validation import as_count
from ..network import Network
from ..timing import best_time
from ._common import prepare


def _example_gradients(net: Network, x: np.ndarray, y: np.ndarray):
    """dL/dW, dL/db of one example's loss L = C(a, y) over a batch of one; x (m_0,), y (m_L,)."""
    L = len(net.weights)
    a, zs, activations = x, [], [x]
    for l, (W, b) in enumerate(zip(net.weights, net.biases)):
        z = W @ a + b
        a = (net.output if l == L - 1 else net.activation).f(z)
        zs.append(z)
        activations.append(a)
    dL_da = net.loss.prime(a[None, :], y[None, :])[0]  # 2 (a - y) for the squared error
    delta = dL_da * net.output.f_prime(zs[-1])  # eq. 58 (its 2 kept)
    dWs, dbs = [None] * L, [None] * L
    for l in range(L - 1, -1, -1):
        dWs[l] = np.outer(delta, activations[l])  # eq. 60: (m_l, 1)(1, m_{l-1})
        dbs[l] = delta  # eq. 61
        if l > 0:
            delta = (net.weights[l].T @ delta) * net.activation.f_prime(zs[l - 1])  # eq. 59
    return dWs, dbs


def per_example_gradients(net: Network, X, Y):
    """Gradient of ``net.cost`` by looping over the examples (notes 001 §6.4, eqs. 58-63).

    Parameters
    ----------
    net : Network
        With an elementwise output activation.
    X : ndarray of shape (N, m_0)
    Y : ndarray of shape (N, m_L)

    Returns
    -------
    dWs, dbs : lists shaped like ``net.weights`` and ``net.biases``
        The average of the N per-example gradients (eqs. 62-63).
    """
    X, Y = prepare(net, X, Y)
    N = X.shape[0]
    dWs = [np.zeros_like(W) for W in net.weights]
    dbs = [np.zeros_like(b) for b in net.biases]
    for x, y in zip(X, Y):
        dWs_i, dbs_i = _example_gradients(net, x, y)
        for acc, g in zip(dWs + dbs, dWs_i + dbs_i):
            acc += g  # pseudocode C: accumulate, divide by N at the end
    return [dW / N for dW in dWs], [db / N for db in dbs]


def measure_speedup(net: Network, X, Y, batch_sizes, repeats: int = 3) -> dict:
    """Time the per-example loop against the batched gradient for each batch size.

    Parameters
    ----------
    net : Network
    X : ndarray of shape (N, m_0), Y : ndarray of shape (N, m_L)
        The first B rows make the batch of size B; every B must be <= N.
    batch_sizes : sequence of int
    repeats : int
        Each time is the best of this many calls.

    Returns
    -------
    dict with "batch_sizes", "loop", "matrix" (seconds) and "speedup" = loop / matrix,
    each an ndarray of shape (len(batch_sizes),)
    """
    X, Y = prepare(net, X, Y)
    repeats = as_count(repeats, "repeats")
    sizes = np.array([as_count(B, "batch size") for B in batch_sizes])
    if sizes.max() > X.shape[0]:
        raise ValueError(f"batch sizes must be <= N = {X.shape[0]}; got {sizes.max()}.")
    loop = np.array(
        [best_time(lambda B=B: per_example_gradients(net, X[:B], Y[:B]), repeats) for B in sizes]
    )
    matrix = np.array([best_time(lambda B=B: net.gradients(X[:B], Y[:B]), repeats) for B in sizes])
    return {"batch_sizes": sizes, "loop": loop, "matrix": matrix, "speedup": loop / matrix}
