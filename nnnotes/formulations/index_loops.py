"""Index by index: the derivation of notes 000 §2.2 as literal loops (chapter 4).

Notes 000 writes every quantity with indices: w^k_{n,l} is the weight into node n of layer k
from node l of layer k-1 (our ``weights[k-1][n, l]``), T trials, K layers. For one trial

    e^K_c     = dC/da^K_c * f'(z^K_c)                       (eqs. 12-13; 2 eps_c a(1-a) for
                                                              sigmoid and the plain squared error)
    e^{k-1}_c = sum_n e^k_n w^k_{n,c} f'(z^{k-1}_c)          (eqs. 26, 38-40, for k = K, K-1, ...)
    dC/dw^k_{c,p} = sum over trials of e^k_c a^{k-1}_p       (eqs. 13, 27, 41)
    dC/db^k_c     = sum over trials of e^k_c

The notes stop at layer K-2; the same step continues to layer 1. Unlike the notes, the sum over
trials sits OUTSIDE everything: each trial has its own errors e, and only the products
e_c a_p are summed (eq. 26 puts a sum over trials inside e^{K-1}, eq. 27 sums again, and
eq. 41 drops the sum; see the errata).
"""

from __future__ import annotations

import numpy as np

from ..network import Network
from ._common import prepare


def index_loop_gradients(net: Network, X, Y):
    """Gradient of ``net.cost`` with one Python loop per index: trial i, layer k, nodes c, p, n.

    Parameters
    ----------
    net : Network
        With an elementwise output activation (notes 000 §2.3: any f, not only sigma).
    X : ndarray of shape (N, m_0)
        One trial per row (the notes' T = N).
    Y : ndarray of shape (N, m_L)

    Returns
    -------
    dWs, dbs : lists shaped like ``net.weights`` and ``net.biases``
    """
    X, Y = prepare(net, X, Y)
    Zs, As = net.forward_pass(X)
    K = len(net.weights)
    dC_da = net.loss.prime(As[-1], Y)  # (N, m_K): 2 eps_n / N for the book's mean cost
    dWs = [np.zeros_like(W) for W in net.weights]
    dbs = [np.zeros_like(b) for b in net.biases]
    for i in range(X.shape[0]):  # the sum over trials, outermost
        f_prime_K = net.output.f_prime(Zs[K][i])
        e = [dC_da[i, c] * f_prime_K[c] for c in range(net.sizes[K])]  # e^K, eq. 12-13
        for k in range(K, 0, -1):  # layer k of the notes is weights[k - 1]
            W, a_prev = net.weights[k - 1], As[k - 1][i]
            for c in range(net.sizes[k]):
                dbs[k - 1][c] += e[c]
                for p in range(net.sizes[k - 1]):
                    dWs[k - 1][c, p] += e[c] * a_prev[p]  # eqs. 13, 27, 41
            if k > 1:
                f_prime = net.activation.f_prime(Zs[k - 1][i])
                e = [
                    sum(e[n] * W[n, c] for n in range(net.sizes[k])) * f_prime[c]  # eq. 40
                    for c in range(net.sizes[k - 1])
                ]
    return dWs, dbs


def eq36_weight_gradient(net: Network, X, Y, c: int, p: int) -> float:
    """dC/dw^{K-2}_{c,p} from the fully expanded eq. 36 of notes 000, no e's at all.

    Sums over trials i, output nodes n and layer K-1 nodes l the product of every factor on
    the path  w^{K-2}_{c,p} -> z^{K-2}_c -> z^{K-1}_l -> z^K_n -> C. Needs at least 3 layers.

    Parameters
    ----------
    net : Network with ``len(net.weights) >= 3``
    X : ndarray of shape (N, m_0), Y : ndarray of shape (N, m_K)
    c, p : int
        Row and column of the weight in ``weights[K - 3]`` (0-based).

    Returns
    -------
    float
    """
    X, Y = prepare(net, X, Y)
    K = len(net.weights)
    if K < 3:
        raise ValueError(f"eq. 36 needs a network with at least 3 layers; got {K}.")
    if not (0 <= c < net.sizes[K - 2] and 0 <= p < net.sizes[K - 3]):
        raise ValueError(
            f"(c, p) must index weights[{K - 3}] of shape {net.weights[K - 3].shape}; got {(c, p)}."
        )
    Zs, As = net.forward_pass(X)
    dC_da = net.loss.prime(As[-1], Y)
    W_K, W_K1 = net.weights[K - 1], net.weights[K - 2]
    total = 0.0
    for i in range(X.shape[0]):
        fK = net.output.f_prime(Zs[K][i])
        fK1 = net.activation.f_prime(Zs[K - 1][i])
        fK2 = net.activation.f_prime(Zs[K - 2][i])
        for n in range(net.sizes[K]):
            for l in range(net.sizes[K - 1]):
                total += (
                    dC_da[i, n] * fK[n] * W_K[n, l] * fK1[l] * W_K1[l, c] * fK2[c] * As[K - 3][i, p]
                )
    return total
