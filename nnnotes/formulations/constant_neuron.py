"""The bias as an extra always-1 neuron, 0-based, delta = -dL/da (notes 004; chapter 4).

Notes 004 numbers layers l = 0 (input) ... L-1 (output) and gives every layer an extra
neuron 0 whose output o_0 = 1 always; then the bias is just the weight from that neuron:

    a_i^{l+1} = sum_j o_j^l w_{ji}^l,    o_i^{l+1} = f(a_i^{l+1}),   o_0^l = 1
    w^l has shape (n^l, n^{l+1}), n^l = width + 1:  w_{0i}^l = bias of node i,
    w_{ji}^l = W^(l+1)_{ij} (the notes' w is the transpose of notes 001's W)

Note: a^l here is notes 001's z (the weighted input), o^l is notes 001's a.

With delta_i^l = -dL/da_i^l (the notes' sign), the chain rule gives

    dL/dw_{ij}^l = -delta_j^{l+1} o_i^l                (the notes' first theorem drops the minus)
    delta_i^l = f'(a_i^l) sum_k w_{ik}^l delta_k^{l+1}  (backpropagation formula)
    delta_0^l = 0                                     (o_0 is a constant, nothing flows back)

and the descent step Delta w = -alpha dL/dw = +alpha delta o. The notes' own base case
delta^{L-1} = o(1-o)(o-D) is +dL/da, and with that sign their rule Delta w = -alpha delta o
is also descent: the two slips cancel. See the errata.
"""

from __future__ import annotations

import numpy as np

from .._validation import as_positive
from ..network import Network
from ._common import prepare


def augmented_weights(net: Network) -> list[np.ndarray]:
    """The notes' w^l, l = 0..L-2: shape (m_l + 1, m_{l+1} + 1) with the bias in row 0.

    Column 0 is the Kronecker column w_{j0} = delta_{j0} of the notes; it feeds the next
    constant neuron, whose output is then set to 1 regardless (f(1) is not 1).
    """
    ws = []
    for W, b in zip(net.weights, net.biases):
        w = np.zeros((W.shape[1] + 1, W.shape[0] + 1))
        w[0, 0] = 1.0
        w[0, 1:] = b
        w[1:, 1:] = W.T
        ws.append(w)
    return ws


def forward_with_constant_neuron(net: Network, X, ws=None):
    """Forward phase of notes 004: ``a[l]`` and ``o[l]`` of shape (N, m_l + 1), o[l][:, 0] = 1.

    Parameters
    ----------
    net : Network
    X : ndarray of shape (N, m_0)
    ws : list of ndarrays, optional
        The augmented weights (default: :func:`augmented_weights` of ``net``).

    Returns
    -------
    a, o : lists of L + 1 ndarrays (a[0] is unused and zero)
    """
    X = net.check_inputs(X)
    ws = augmented_weights(net) if ws is None else ws
    o = [np.column_stack([np.ones(X.shape[0]), X])]
    a = [np.zeros_like(o[0])]
    for l, w in enumerate(ws):
        a.append(o[l] @ w)  # a_i^{l+1} = sum_j o_j^l w_{ji}^l, every row at once
        f = net.output if l == len(ws) - 1 else net.activation
        o_next = f.f(a[-1])
        o_next[:, 0] = 1.0  # the constant neuron
        o.append(o_next)
    return a, o


def constant_neuron_deltas(net: Network, X, Y):
    """delta^l = -dC/da^l for l = 1..L-1 (0-based layers), shape (N, m_l + 1), column 0 = 0.

    Returns
    -------
    deltas : list; deltas[l] for l >= 1 (deltas[0] is None: the inputs have no weighted input)
    o : list of outputs as from :func:`forward_with_constant_neuron`
    """
    X, Y = prepare(net, X, Y)
    ws = augmented_weights(net)
    a, o = forward_with_constant_neuron(net, X, ws)
    last = len(ws)
    deltas = [None] * (last + 1)
    dC_do = net.loss.prime(o[last][:, 1:], Y)  # the outputs are nodes 1..m_L
    deltas[last] = np.column_stack([np.zeros(len(X)), -dC_do * net.output.f_prime(a[last][:, 1:])])
    for l in range(last - 1, 0, -1):
        delta = net.activation.f_prime(a[l]) * (deltas[l + 1] @ ws[l].T)  # sum_k w_ik delta_k
        delta[:, 0] = 0.0  # o_0 = 1 is a constant: no error reaches it
        deltas[l] = delta
    return deltas, o


def constant_neuron_gradients(net: Network, X, Y):
    """Gradient of ``net.cost`` in the notes-004 bookkeeping, unpacked to (dWs, dbs).

    dC/dw^l = -o^l^T delta^{l+1} (summed over the batch's rows); row 0 holds dC/db.

    Parameters
    ----------
    net : Network
    X : ndarray of shape (N, m_0), Y : ndarray of shape (N, m_L)

    Returns
    -------
    dWs, dbs : lists shaped like ``net.weights`` and ``net.biases``
    """
    deltas, o = constant_neuron_deltas(net, X, Y)
    dws = [-(o[l].T @ deltas[l + 1]) for l in range(len(net.weights))]  # (m_l + 1, m_{l+1} + 1)
    return [dw[1:, 1:].T for dw in dws], [dw[0, 1:] for dw in dws]


def stepping_rule(net: Network, X, Y, alpha: float) -> list[np.ndarray]:
    """The weight changes Delta w^l = -alpha dC/dw^l = alpha o^l^T delta^{l+1} (notes 004 §5).

    Written with the notes' delta = -dC/da, so the sign is + (see the module docstring).
    Column 0 is always zero: the Kronecker column never changes, the bias row 0 does.

    Returns
    -------
    list of ndarrays of shape (m_l + 1, m_{l+1} + 1)
    """
    alpha = as_positive(alpha, "alpha")
    deltas, o = constant_neuron_deltas(net, X, Y)
    return [alpha * (o[l].T @ deltas[l + 1]) for l in range(len(net.weights))]
