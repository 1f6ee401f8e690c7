"""The softmax network's gradient through notes 003's adjusted matrix Gamma (chapter 5).

Notes 003 §I writes the chain rule with per-example matrices Lambda^(l) (shape (N, m_L, m_l)),
Lambda^(l)_{ij mu} = dz^(L)_{ij} / dz^(l)_{i mu}, built in
:func:`nnnotes.formulations.lambda_products.lambdas`. With an elementwise output a = h(z),

    da^(L)_{ij} / dW^(l)_{mu nu} = h'(z^(L)_{ij}) Lambda^(l)_{ij mu} a^(l-1)_{i nu}.

A softmax output couples the outputs, da_j/dz_mu = a_j (delta_{j mu} - a_mu), and §II finds

    da^(L)_{ij} / dW^(l)_{mu nu} = a^(L)_{ij} Gamma^(l)_{ij mu} a^(l-1)_{i nu},
    Gamma^(l)_{ij mu} = Lambda^(l)_{ij mu} - sum_k a^(L)_{ik} Lambda^(l)_{ik mu}   (N, m_L, m_l)

so §I's recipe carries over with Lambda -> Gamma and h'(z) -> a:

    e_{ij} = dC/da^(L)_{ij} * a^(L)_{ij}                 (the notes' eta; ours is the lr)
    Delta^(l)(i, :) = Gamma^(l)(i, :, :)^T e(i, :)       (N, m_l): the delta of the recurrence
    dC/dW^(l) = Delta^(l)^T a^(l-1),   dC/db^(l) = sum_i Delta^(l)_i

Read as a derivative, Gamma^(l)_{ij mu} = d log a^(L)_{ij} / dz^(l)_{i mu}.
"""

from __future__ import annotations

import numpy as np

from .formulations.lambda_products import lambdas
from .network import Network


def _check_softmax_net(net) -> None:
    if not isinstance(net, Network):
        raise TypeError(f"net must be an nnnotes Network; got {type(net).__name__}.")
    if not net.softmax_output:
        raise ValueError(f"net must have output='softmax' (notes 003 §II); got {net!r}.")


def gammas(net: Network, X) -> list[np.ndarray]:
    """Gamma^(l) = Lambda^(l) - a^T Lambda^(l) for l = 1..L (list index l - 1).

    Parameters
    ----------
    net : Network with ``output="softmax"``
    X : ndarray of shape (N, m_0)

    Returns
    -------
    list of ndarrays of shape (N, m_L, m_l); ``a_j * Gamma_{j mu}`` is da_j/dz^(l)_mu
    """
    _check_softmax_net(net)
    Zs, As = net.forward_pass(X)
    return _gammas(net, Zs, As[-1])


def _gammas(net: Network, Zs, A) -> list[np.ndarray]:
    return [Lam - np.einsum("ik,ikm->im", A, Lam)[:, None, :] for Lam in lambdas(net, Zs)]


def gamma_gradients(net: Network, X, Y):
    """Gradient of ``net.cost`` for a softmax output through Gamma (notes 003 §II).

    Works for either loss: the softmax enters only through Gamma and e = dC/da * a.

    Parameters
    ----------
    net : Network with ``output="softmax"``
    X : ndarray of shape (N, m_0)
    Y : ndarray of shape (N, m_L)

    Returns
    -------
    dWs, dbs : lists shaped like ``net.weights`` and ``net.biases``
    """
    _check_softmax_net(net)
    X, Y = net.check_batch(X, Y)
    Zs, As = net.forward_pass(X)
    A = As[-1]
    e = net.loss.prime(A, Y) * A  # h'(z) -> a                               (N, m_L)
    dWs, dbs = [], []
    for l, Gamma in enumerate(_gammas(net, Zs, A), start=1):
        Delta = np.einsum("ijm,ij->im", Gamma, e)  # Gamma^T e, one example per row (N, m_l)
        dWs.append(Delta.T @ As[l - 1])
        dbs.append(Delta.sum(axis=0))
    return dWs, dbs
