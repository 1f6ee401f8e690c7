"""Batched alpha and Lambda product matrices, eta and Delta (notes 003 §I; chapter 4).

Notes 003 keeps the example index i on every array and writes the chain rule as products of
per-example matrices. With g the hidden and h the output activation, n = L layers:

    alpha^(l)_{ijk} = W^(l)_{jk} g'(z^(l-1)_{ik})        shape (N, m_l, m_{l-1})
    Lambda^(l)(i,:,:) = alpha^(L)(i,:,:) alpha^(L-1)(i,:,:) ... alpha^(l+1)(i,:,:)
                                                         shape (N, m_L, m_l); Lambda^(L) = I
    eta_{ij} = L'(a^(L)_{ij}) h'(z^(L)_{ij})              shape (N, m_L)
    Delta^(l)(i,:) = Lambda^(l)(i,:,:)^T eta(i,:)         shape (N, m_l)
    dJ/dW^(l) = Delta^(l)^T a^(l-1)                        shape (m_l, m_{l-1})

Delta^(l) is exactly the delta of the recurrence; the price is that Lambda carries one row per
OUTPUT: building it costs about m_L times the recurrence's work, and rebuilding each product
from scratch (``reuse=False``, as the notes' definition reads) costs O(L^2) instead of O(L)
matrix products. :func:`measure_depth_cost` times both against ``Network.gradients``.

The notes derive dJ/dW only; z = W a + B gives dJ/dB^(l) = sum_i Delta^(l)_i the same way.
"""

from __future__ import annotations

import numpy as np

from .._validation import as_count
from ..network import Network
from ..timing import best_time
from ._common import prepare


def alphas(net: Network, Zs: list[np.ndarray]) -> list[np.ndarray]:
    """alpha^(l) for l = 2..L (list index l - 2): W^(l)_{jk} g'(z^(l-1)_{ik}), (N, m_l, m_{l-1})."""
    return [
        net.weights[l - 1][None, :, :] * net.activation.f_prime(Zs[l - 1])[:, None, :]
        for l in range(2, len(net.weights) + 1)
    ]


def lambdas(net: Network, Zs: list[np.ndarray], reuse: bool = True) -> list[np.ndarray]:
    """Lambda^(l) for l = 1..L (list index l - 1), each of shape (N, m_L, m_l).

    ``reuse=True`` builds Lambda^(l) = Lambda^(l+1) alpha^(l+1) from the one before;
    ``reuse=False`` multiplies the whole ordered product out again for every l.
    """
    L, N = len(net.weights), Zs[-1].shape[0]
    al = alphas(net, Zs)  # al[l - 2] is alpha^(l)
    identity = np.broadcast_to(np.eye(net.sizes[L]), (N, net.sizes[L], net.sizes[L]))
    Lams = [identity]
    for l in range(L - 1, 0, -1):
        if reuse:
            Lams.append(Lams[-1] @ al[l - 1])  # batched: one matrix product per example
        else:
            product = identity
            for k in range(L, l, -1):  # alpha^(L) alpha^(L-1) ... alpha^(l+1), ordered
                product = product @ al[k - 2]
            Lams.append(product)
    return Lams[::-1]


def lambda_gradients(net: Network, X, Y, reuse: bool = True):
    """Gradient of ``net.cost`` through the Lambda products of notes 003 §I.

    Parameters
    ----------
    net : Network
        With an elementwise output activation h (hidden activation g).
    X : ndarray of shape (N, m_0)
    Y : ndarray of shape (N, m_L)
    reuse : bool
        Build each Lambda from the previous one (True) or from scratch (False).

    Returns
    -------
    dWs, dbs : lists shaped like ``net.weights`` and ``net.biases``
    """
    X, Y = prepare(net, X, Y)
    Zs, As = net.forward_pass(X)
    eta = net.loss.prime(As[-1], Y) * net.output.f_prime(Zs[-1])  # (N, m_L)
    dWs, dbs = [], []
    for l, Lam in enumerate(lambdas(net, Zs, reuse), start=1):
        Delta = np.einsum("ijk,ij->ik", Lam, eta)  # Lambda^T eta, one example per row
        dWs.append(Delta.T @ As[l - 1])  # (m_l, N)(N, m_{l-1})
        dbs.append(Delta.sum(axis=0))
    return dWs, dbs


def measure_depth_cost(
    depths, width: int = 16, n_outputs: int = 4, N: int = 64, repeats: int = 3, seed=0
) -> dict:
    """Time the delta recurrence and the Lambda products on deeper and deeper networks.

    Each network has ``width`` inputs and hidden units per layer and ``n_outputs`` outputs.

    Returns
    -------
    dict with "depths" and the best times in seconds "delta", "lambda", "lambda_scratch",
    each an ndarray of shape (len(depths),)
    """
    width, n_outputs, N = (
        as_count(v, name) for v, name in ((width, "width"), (n_outputs, "n_outputs"), (N, "N"))
    )
    repeats = as_count(repeats, "repeats")
    depths = np.array([as_count(d, "depth") for d in depths])
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((N, width))
    Y = rng.random((N, n_outputs))
    times = {"delta": [], "lambda": [], "lambda_scratch": []}
    for depth in depths:
        net = Network([width] * depth + [n_outputs], seed=rng)
        times["delta"].append(best_time(lambda net=net: net.gradients(X, Y), repeats))
        times["lambda"].append(best_time(lambda net=net: lambda_gradients(net, X, Y), repeats))
        times["lambda_scratch"].append(
            best_time(lambda net=net: lambda_gradients(net, X, Y, reuse=False), repeats)
        )
    return {"depths": depths, **{k: np.array(v) for k, v in times.items()}}
