"""Break it: deliberately wrong backward passes, each a mistake from the notes or from practice.

Every bug is a function ``bug(net, X, Y) -> (dWs, dbs)`` shaped like
:meth:`nnnotes.network.Network.gradients` (dWs[l]: (m_{l+1}, m_l), dbs[l]: (m_{l+1},)); it also
accepts a :class:`~nnnotes.chain.ScalarChain` (-> dw, db of shape (n,)) or a
:class:`~nnnotes.neuron.Neuron` (-> dw (n,), db float), which are width-1 / one-layer networks.
The production classes carry no ``bug=`` switch: the broken passes live here only, built from
one backward pass (:func:`backward`) with the mistake switched in.

The correct pass, batched, N examples as rows (notes 001 §6, eqs. 58-63, with the 2/N kept):

    Delta^(L) = dC/dA^(L) * f'(Z^(L))          (softmax: pulled back through its Jacobian)
    Delta^(l) = (Delta^(l+1) @ W^(l+1)) * f'(Z^(l))
    dW^(l) = Delta^(l).T @ A^(l-1),   db^(l) = Delta^(l).sum(axis=0)

``BUGS`` maps a name to a :class:`Bug` (function, one-line description, where it comes from,
what the checker should see). :func:`train_with` runs plain gradient descent with any backward
pass; :func:`bug_table` gives the book's table: bug -> checker's report -> what training does.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from ._validation import as_count, as_float_array, as_positive
from .activations import get_activation
from .softmax import softmax_backward

_SIGMOID_SLOPE = get_activation("sigmoid").f_prime_from_a  # a (1 - a), notes 001 eq. 10


# ------------------------------------------------------------------------------ the network
def _as_network(model, X, Y):
    """(net, X (N, m_0), Y (N, m_L), unpack) for a Network, ScalarChain or Neuron."""
    from .chain import ScalarChain
    from .network import Network
    from .neuron import Neuron

    if isinstance(model, Network):
        X = as_float_array(X, "X")
        Y = as_float_array(Y, "Y")
        if Y.ndim == 1:
            Y = Y[:, None]
        return model, X, Y, lambda dWs, dbs: (dWs, dbs)
    if isinstance(model, ScalarChain):
        n = model.depth
        net = Network([1] * (n + 1), activation=model.activation, loss="mse", seed=0)
        for l in range(n):
            net.weights[l][0, 0], net.biases[l][0] = model.w[l], model.b[l]
        X = as_float_array(X, "X").reshape(-1, 1)
        Y = as_float_array(Y, "Y").reshape(-1, 1)
        return (
            net,
            X,
            Y,
            lambda dWs, dbs: (
                np.array([d[0, 0] for d in dWs]),
                np.array([d[0] for d in dbs]),
            ),
        )
    if isinstance(model, Neuron):
        net = Network([model.n_inputs, 1], activation=model.activation, loss="mse", seed=0)
        net.weights[0][0], net.biases[0][0] = model.w, model.b
        X = as_float_array(X, "X")
        X = X.reshape(-1, model.n_inputs) if X.ndim == 1 else X
        Y = as_float_array(Y, "Y").reshape(-1, 1)
        return net, X, Y, lambda dWs, dbs: (dWs[0][0].copy(), float(dbs[0][0]))
    raise TypeError(f"model must be a Network, ScalarChain or Neuron; got {type(model).__name__}.")


def backward(
    net,
    X,
    Y,
    *,
    dC_dA_factor: float = 1.0,
    negate_delta: bool = False,
    slope: str = "f_prime",
    pull_back: str = "W",
    hidden_prime: bool = True,
    sum_trials_in_e: bool = False,
    softmax_jacobian: str = "full",
):
    """One backward pass with switches; the defaults give the correct gradient.

    Parameters
    ----------
    net : Network;  X : (N, m_0);  Y : (N, m_L)
    dC_dA_factor : multiplies dC/dA^(L) (1/2: the missing 2 of eq. 58; N: the missing 1/N)
    negate_delta : delta = -dC/dz as in notes 004, then used as the gradient
    slope : "f_prime" or "sigmoid_from_a" (a (1 - a) whatever f is: notes 001 eqs. 54, 58)
    pull_back : "W" (Delta @ W, i.e. W^T delta) or "W_no_transpose" (W delta)
    hidden_prime : False drops f'(Z^(l)) from the hidden recurrence
    sum_trials_in_e : the first hidden delta summed over examples (notes 000 eq. 26)
    softmax_jacobian : "full" or "diagonal" (a_j (1 - a_j) only)

    Returns
    -------
    dWs, dbs : lists shaped like ``net.weights`` and ``net.biases``
    """
    Zs, As = net.forward_pass(X)
    L = len(net.weights)

    def prime(l, output=False):
        if slope == "sigmoid_from_a":
            return _SIGMOID_SLOPE(As[l])
        act = net.output if output else net.activation
        return act.f_prime(Zs[l])

    A = As[-1]
    dC_dA = dC_dA_factor * net.loss.prime(A, Y)
    if not net.softmax_output:
        delta = dC_dA * prime(L, output=True)
    elif softmax_jacobian == "diagonal":
        delta = dC_dA * _SIGMOID_SLOPE(A)  # J_jj = a_j (1 - a_j), the off-diagonal -a_j a_mu lost
    else:
        delta = softmax_backward(A, dC_dA)
    if negate_delta:
        delta = -delta
    dWs, dbs = [None] * L, [None] * L
    for l in range(L - 1, -1, -1):
        dWs[l] = delta.T @ As[l]
        dbs[l] = delta.sum(axis=0)
        if l == 0:
            break
        W = net.weights[l]  # W^(l+1), shape (m_{l+1}, m_l)
        if pull_back == "W_no_transpose":
            # the notes' column form wants W^T delta; the learner writes W delta. On a square
            # layer that is delta @ W.T here; on a non-square one numpy refuses, and the "fix"
            # learners reach for is a reshape in place of the transpose: same bug, any shape.
            W = W.reshape(W.shape[1], W.shape[0]).T
        delta = delta @ W
        if hidden_prime:
            delta = delta * prime(l)
        if sum_trials_in_e and l == L - 1:
            delta = np.broadcast_to(delta.sum(axis=0), delta.shape)  # e^{K-1}: sum_i inside e
    return dWs, dbs


def correct(model, X, Y):
    """The right backward pass (notes 001, eqs. 58-63), for comparison."""
    return _run(model, X, Y)


def _run(model, X, Y, **switches):
    net, X, Y, unpack = _as_network(model, X, Y)
    return unpack(*backward(net, X, Y, **switches))


def missing_factor_2(model, X, Y):
    """Notes 001 eq. 58: delta^(L) = (a - y) o sigma'(z), the 2 of dL/da = 2(a - y) dropped.

    Every gradient comes out exactly half the true one (MSE only).
    """
    _require(model, loss="mse", bug="missing_factor_2")
    return _run(model, X, Y, dC_dA_factor=0.5)


def sum_over_trials_in_e(model, X, Y):
    """Notes 000 eq. 26: e_c^{K-1} = sum_i sum_n e_n^K w_nc a_c(1 - a_c) — the sum over trials
    inside the error, so every example carries the batch's summed error below layer K.

    The output layer is right; every hidden layer is wrong once N >= 2.
    """
    return _run(model, X, Y, sum_trials_in_e=True)


def sign_slip_004(model, X, Y):
    """Notes 004: delta := -dL/da (§1) but the base case is computed as +dL/da, and the step
    Delta w = -alpha delta o (§5) then climbs. Here: delta = -dC/dz used as the gradient.

    Every gradient flips sign; gradient descent becomes gradient ascent.
    """
    return _run(model, X, Y, negate_delta=True)


def sigmoid_slope_for_tanh(model, X, Y):
    """Notes 001 eqs. 54, 58-59 write the slope as a (1 - a), true for the sigmoid only; copied
    into a tanh network it replaces f'(z) = 1 - a^2 in every layer.
    """
    return _run(model, X, Y, slope="sigmoid_from_a")


def missing_transpose(model, X, Y):
    """W delta where the notes' eq. 59 has W^T delta (layer l+1 -> l).

    On a square layer that silently runs; on a non-square one numpy raises, and the learner's
    usual "fix", W.reshape(m_l, m_{l+1}) for W.T, runs silently with the same kind of error.
    Every layer below the first hidden pull-back is wrong.
    """
    return _run(model, X, Y, pull_back="W_no_transpose")


def missing_hidden_f_prime(model, X, Y):
    """delta^(l) = W^T delta^(l+1) without the factor f'(z^(l)) of notes 001 eq. 59.

    The output layer is right, every hidden layer wrong (for ReLU: only where z < 0).
    """
    return _run(model, X, Y, hidden_prime=False)


def missing_1_over_N(model, X, Y):
    """The cost is a mean (notes 001 eqs. 57, 62-63) but the gradient a sum: N times too large."""
    X = _as_network(model, X, Y)[1]
    return _run(model, X, Y, dC_dA_factor=float(X.shape[0]))


def softmax_diagonal_only(model, X, Y):
    """Notes 003 §II: da_j/dz_mu = a_j (delta_{j mu} - a_mu); keeping only the diagonal a_j (1 - a_j)
    treats softmax as if it were elementwise. Every layer is wrong.
    """
    net = _as_network(model, X, Y)[0]
    if not net.softmax_output:
        raise ValueError(
            f"softmax_diagonal_only needs a network with output='softmax'; got {net!r}."
        )
    return _run(model, X, Y, softmax_jacobian="diagonal")


def _require(model, loss: str, bug: str) -> None:
    name = getattr(getattr(model, "loss", None), "name", "mse")
    if name != loss:
        raise ValueError(f"{bug} applies to loss={loss!r}; got loss={name!r}.")


class Bug(NamedTuple):
    """A registered mistake: the broken pass, what it does, where it comes from.

    needs : what a network must have for the bug to show: "N>=2", "hidden", "tanh",
            "softmax", "mse", "square" (a square hidden pull-back makes the plain W visible).
    signature : how the wrong gradient relates to the right one, when it is that simple:
            "half", "times_N", "negated" (the exercises recognise these).
    """

    fn: Callable
    description: str
    source: str
    needs: tuple
    signature: str | None = None


BUGS: dict[str, Bug] = {
    "missing_factor_2": Bug(
        missing_factor_2,
        "dL/da = 2(a - y) written as (a - y): every gradient halved",
        "notes 001, eq. 58",
        ("mse",),
        "half",
    ),
    "sum_over_trials_in_e": Bug(
        sum_over_trials_in_e,
        "the sum over trials put inside the back-propagated error e^{K-1}",
        "notes 000, eq. 26",
        ("N>=2", "hidden"),
    ),
    "sign_slip_004": Bug(
        sign_slip_004,
        "delta = -dL/dz used as +dL/dz: every gradient negated",
        "notes 004, §1 and §4-5",
        (),
        "negated",
    ),
    "sigmoid_slope_for_tanh": Bug(
        sigmoid_slope_for_tanh,
        "a (1 - a) used as the slope of a tanh layer",
        "notes 001, eq. 54 (and 58-59): sigmoid-only slope",
        ("tanh",),
    ),
    "missing_transpose": Bug(
        missing_transpose,
        "W delta instead of W^T delta (a reshape for the transpose on non-square layers)",
        "notes 001, eq. 59: the classic missing transpose",
        ("hidden",),
    ),
    "missing_hidden_f_prime": Bug(
        missing_hidden_f_prime,
        "f'(z) forgotten in the hidden delta",
        "notes 001, eq. 59: the classic dropped slope",
        ("hidden",),
    ),
    "missing_1_over_N": Bug(
        missing_1_over_N,
        "gradient summed over the batch, cost averaged: N times too large",
        "notes 001, eqs. 62-63 (notes 000 sums without the 1/N)",
        ("N>=2",),
        "times_N",
    ),
    "softmax_diagonal_only": Bug(
        softmax_diagonal_only,
        "softmax Jacobian's diagonal a_j (1 - a_j) only",
        "notes 003 §II: the Jacobian is a_j (delta_{j mu} - a_mu)",
        ("softmax",),
    ),
}


def applies(name: str, net, N: int) -> bool:
    """Whether bug ``name`` can be run on ``net`` with a batch of N (see :attr:`Bug.needs`)."""
    bug = BUGS[name]
    has = {
        "N>=2": N >= 2,
        "hidden": len(net.weights) >= 2,
        "tanh": net.activation.name == "tanh",
        "softmax": net.softmax_output,
        "mse": net.loss.name == "mse",
    }
    return all(has[k] for k in bug.needs)


# ------------------------------------------------------------------------------- training
def train_with(backward_fn: Callable, net, X, Y, epochs: int, lr: float) -> np.ndarray:
    """Plain gradient descent with any backward pass: W <- W - lr dW, b <- b - lr db.

    Parameters
    ----------
    backward_fn : callable (net, X, Y) -> (dWs, dbs), e.g. ``BUGS[name].fn`` or :func:`correct`
    net : Network; trained IN PLACE (pass ``copy.deepcopy(net)`` to keep the original)
    X : ndarray of shape (N, m_0);  Y : ndarray of shape (N, m_L)
    epochs : int >= 1; lr : float > 0

    Returns
    -------
    cost : ndarray of shape (epochs + 1,)   the cost before each step and after the last
    """
    epochs = as_count(epochs, "epochs")
    lr = as_positive(lr, "lr")
    cost = [net.cost(X, Y)]
    for _ in range(epochs):
        dWs, dbs = backward_fn(net, X, Y)
        for W, b, dW, db in zip(net.weights, net.biases, dWs, dbs):
            W -= lr * dW
            b -= lr * db
        c = net.cost(X, Y)
        cost.append(c if np.isfinite(c) else np.inf)
    return np.array(cost)


def demo_problem(seed=0):
    """The table's network and data: sizes [2, 6, 6, 3], tanh hidden, softmax output, MSE.

    A tanh network (so the sigmoid slope is a bug), a square hidden layer (so the missing
    transpose runs), a softmax output (its Jacobian) and the MSE (its factor 2): every bug shows.
    X: (60, 2) points in [-1, 1]^2, Y: (60, 3) one-hot by the angle's third of the circle.
    """
    from .network import Network

    rng = np.random.default_rng(seed)
    X = rng.uniform(-1.0, 1.0, (60, 2))
    k = ((np.arctan2(X[:, 1], X[:, 0]) + np.pi) // (2 * np.pi / 3)).astype(int) % 3
    Y = np.eye(3)[k]
    net = Network([2, 6, 6, 3], activation="tanh", output="softmax", loss="mse", seed=rng)
    return net, X, Y


def bug_table(epochs: int = 300, lr: float = 0.5, seed=0) -> list[dict]:
    """The book's table: for each bug, what the checker reports and what training does.

    Returns
    -------
    list of dict, one per bug (plus "correct" first), keys:
        bug, source, description, checker (verdict sentence), flagged (failing arrays),
        first_failure, rel_error, cost_start, cost_end (after ``epochs`` steps at ``lr``),
        cost_correct (the correct pass's cost after the same steps)
    """
    from .gradcheck import compare, numerical_gradients, problem

    net, X, Y = demo_problem(seed)
    prob = problem(net, X, Y)
    numeric = numerical_gradients(prob.f, prob.theta)
    correct_cost = train_with(correct, copy.deepcopy(net), X, Y, epochs, lr)
    rows = []
    for name, fn, src, desc in [("correct", correct, "notes 001, eqs. 58-63", "backprop")] + [
        (k, b.fn, b.source, b.description) for k, b in BUGS.items()
    ]:
        prob_b = problem(net, X, Y, grads=fn(net, X, Y))
        report = compare(prob_b.params, prob_b.grads, numeric)
        f = report.first_failure
        cost = train_with(fn, copy.deepcopy(net), X, Y, epochs, lr)
        rows.append(
            {
                "bug": name,
                "source": src,
                "description": desc,
                "checker": report.verdict(),
                "flagged": report.failing_names,
                "first_failure": None if f is None else f.param.name,
                "rel_error": None if f is None else f.rel_error,
                "cost_start": float(cost[0]),
                "cost_end": float(cost[-1]),
                "cost_correct": float(correct_cost[-1]),
            }
        )
    return rows
