"""The total derivative as a product of Jacobians (notes 002; chapter 4).

For one example the cost is a composition  x -> z^1 -> a^1 -> ... -> z^L -> a^L -> C, so its
total derivative is a product of Jacobians, read right to left (notes 002):

    dC/dx = dC/da^L . diag f'(z^L) . W^L . diag f'(z^{L-1}) . W^{L-1} ... diag f'(z^1) . W^1

dC/da^L is a covector (a 1 x m_L row); da/dz = diag f'(z) because f acts elementwise; dz/da = W
because z is linear in a. Cutting the product after diag f'(z^l) gives the row dC/dz^l; the
gradient delta^l is its transpose, and dC/dW^l = delta^l a^{l-1}^T.

The bias is a weight on a constant input: [W | b] acting on [a; 1] gives W a + b, so the same
rule dC/d[W | b] = delta [a; 1]^T yields dC/db = delta (notes 002, "Bias").
"""

from __future__ import annotations

import numpy as np

from ..network import Network
from ._common import prepare


def covectors(net: Network, z: list[np.ndarray], dC_da: np.ndarray) -> list[np.ndarray]:
    """The rows dC/dz^l, l = 1..L, of one example as partial products of Jacobians.

    Parameters
    ----------
    net : Network
    z : list of L ndarrays, z[l - 1] of shape (m_l,)
        The example's pre-activations.
    dC_da : ndarray of shape (m_L,)
        dC/da^L, the covector the product starts from.

    Returns
    -------
    list of L ndarrays of shape (1, m_l)
        ``rows[l - 1] = dC/da^L . diag f'(z^L) . W^L ... diag f'(z^l)``.
    """
    L = len(net.weights)
    row = dC_da[None, :] @ np.diag(net.output.f_prime(z[L - 1]))  # (1, m_L)(m_L, m_L)
    rows = [row]
    for l in range(L - 1, 0, -1):
        row = row @ net.weights[l] @ np.diag(net.activation.f_prime(z[l - 1]))  # (1, m_l)
        rows.append(row)
    return rows[::-1]


def jacobian_gradients(net: Network, X, Y):
    """Gradient of ``net.cost`` as transposed Jacobian products, bias as a weight (notes 002).

    Parameters
    ----------
    net : Network
        With an elementwise output activation.
    X : ndarray of shape (N, m_0)
    Y : ndarray of shape (N, m_L)

    Returns
    -------
    dWs, dbs : lists shaped like ``net.weights`` and ``net.biases``
    """
    X, Y = prepare(net, X, Y)
    Zs, As = net.forward_pass(X)
    dC_da = net.loss.prime(As[-1], Y)  # (N, m_L); row i is example i's share of dC/da^L
    L = len(net.weights)
    dWbs = [np.zeros((W.shape[0], W.shape[1] + 1)) for W in net.weights]  # [W | b] shapes
    for i in range(X.shape[0]):
        rows = covectors(net, [Zs[l][i] for l in range(1, L + 1)], dC_da[i])
        for l in range(L):
            delta = rows[l].T  # the gradient is the transpose: (m_l, 1)
            a_one = np.append(As[l][i], 1.0)[None, :]  # [a; 1]^T: (1, m_{l-1} + 1)
            dWbs[l] += delta @ a_one
    return [dWb[:, :-1] for dWb in dWbs], [dWb[:, -1] for dWb in dWbs]


def input_gradient(net: Network, X, Y) -> np.ndarray:
    """dC/dx for every example: the full product of notes 002 down to W^1, transposed.

    Parameters
    ----------
    net : Network
    X : ndarray of shape (N, m_0), Y : ndarray of shape (N, m_L)

    Returns
    -------
    ndarray of shape (N, m_0)
        Row i is (dC/da^L . ... . W^1)^T for example i, i.e. the gradient of C in x_i.
    """
    X, Y = prepare(net, X, Y)
    Zs, As = net.forward_pass(X)
    dC_da = net.loss.prime(As[-1], Y)
    L = len(net.weights)
    return np.vstack(
        [
            covectors(net, [Zs[l][i] for l in range(1, L + 1)], dC_da[i])[0] @ net.weights[0]
            for i in range(X.shape[0])
        ]
    )
