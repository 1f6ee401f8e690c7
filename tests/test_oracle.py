"""The package against an oracle that shares no code with it and uses no finite differences.

``tests/_autodiff.py`` is a scalar reverse-mode autodiff (a ``Value`` class, micrograd-style)
that rebuilds every cost from +, -, *, /, exp, log and the activations, in Python floats. It
runs on every CI run (no optional dependency), so ``Network.cost/forward/gradients``,
``Neuron``, ``ScalarChain``, the softmax layer, the Gamma form and every formulation are
compared with an independent reference on random small architectures (hypothesis, derandomized).

Agreement means, elementwise for every array (and plainly relative for a cost),

    |actual - oracle| <= RTOL * max(|oracle|, FLOOR * max|oracle over the array|, FLOOR * scale)

that is relative error <= 1e-9 for every entry down to 1e-4 of the array's largest. Below that,
two kinds of entry are held to 1e-13 of a scale instead: entries tiny next to the rest of their
array, and gradients whose terms cancel — ``scale`` is the oracle's sum of |terms| (the
gradient with every local derivative in absolute value), e.g. J^T dA through a saturated
softmax, a_j (dA_j - sum_k dA_k a_k) with a_j ~ 1: any implementation, the oracle included,
loses eps * scale there (checked against 50-digit mpmath). A sign, a factor or a term wrong
moves an entry by about its own size and fails. ReLU's kink is avoided: examples with a ReLU
pre-activation within KINK of 0 are rejected (``assume``), since there the derivative is a
convention, and a rounding difference in z could pick the other side.
"""

from __future__ import annotations

import math

import _autodiff as oracle
import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from nnnotes.activations import ACTIVATIONS
from nnnotes.chain import ScalarChain
from nnnotes.formulations import FORMULATIONS
from nnnotes.gamma import gamma_gradients
from nnnotes.losses import LOSSES
from nnnotes.network import Network
from nnnotes.neuron import Neuron
from nnnotes.softmax import softmax, softmax_backward, softmax_jacobian

RTOL = 1e-9
FLOOR = 1e-4  # entries below FLOOR * (the array's largest) are compared absolutely
KINK = 1e-6  # a ReLU pre-activation must be at least this far from 0
EXAMPLES = 400  # random problems per test

HIDDEN = sorted(ACTIVATIONS)
ELEMENTWISE_OUTPUTS = [None, *HIDDEN]  # None: the output uses the hidden activation

#: Which outputs each loss fits: (output, n_outputs) -> bool. A loss missing here is an error.
FITS = {
    "mse": lambda output, m: True,
    "cross_entropy": lambda output, m: output == "softmax" and m >= 2,
}

oracle_settings = settings(
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=EXAMPLES,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def assert_close(actual, expected, what: str, scale=0.0) -> None:
    """|actual - expected| <= RTOL * max(|expected|, FLOOR * max|expected|, FLOOR * scale)."""
    actual, expected = np.asarray(actual, dtype=float), np.asarray(expected, dtype=float)
    assert actual.shape == expected.shape, f"{what}: shape {actual.shape} != {expected.shape}"
    assert np.all(np.isfinite(actual)), f"{what}: not finite: {actual}"
    floor = max(FLOOR * np.max(np.abs(expected), initial=0.0), 1e-300)
    bound = RTOL * np.maximum(np.maximum(np.abs(expected), floor), FLOOR * np.asarray(scale))
    excess = np.abs(actual - expected) / bound
    assert np.all(excess <= 1.0), (
        f"{what}: off by {excess.max():.3g} x the tolerance\nactual   {actual}\noracle   {expected}"
    )


def assert_cost_close(actual: float, expected: float, what: str = "cost") -> None:
    assert math.isfinite(actual), f"{what}: {actual}"
    assert abs(actual - expected) <= RTOL * abs(expected), (
        f"{what}: {actual!r} vs oracle {expected!r}, relative error "
        f"{abs(actual - expected) / abs(expected):.3g}"
    )


def assume_off_kinks(Zs, uses_relu: bool) -> None:
    if uses_relu:
        assume(all(np.min(np.abs(Z)) > KINK for Z in Zs))


# ------------------------------------------------------------------------ random problems
class Problem:
    """A network, a batch and the names the oracle needs to rebuild it."""

    def __init__(self, net, X, Y, activation, output, loss):
        self.net, self.X, self.Y = net, X, Y
        self.activation, self.output, self.loss = activation, output, loss

    @property
    def uses_relu(self) -> bool:
        return "relu" in (self.activation, self.output)

    def oracle(self) -> oracle.Result:
        net = self.net
        return oracle.network(
            net.weights, net.biases, self.X, self.Y, self.activation, self.output, self.loss
        )

    def __repr__(self) -> str:
        return f"Problem({self.net!r}, N={len(self.X)})"


def targets(rng, loss: str, N: int, m: int) -> np.ndarray:
    """MSE: any real targets; cross-entropy: one-hot rows or soft rows (positive, sum 1)."""
    if loss == "mse":
        return rng.uniform(-0.5, 1.5, (N, m))
    if rng.random() < 0.5:
        return np.eye(m)[rng.integers(0, m, N)]
    return rng.dirichlet(np.ones(m), N)


@st.composite
def problems(draw, outputs=(*ELEMENTWISE_OUTPUTS, "softmax"), losses=None):
    """Depth 1-4, widths 1-6 (>= 2 classes for softmax), batch 1-5, random biases, any loss
    that fits the output. Weights N(0, 1/m) times a random scale, so units saturate sometimes."""
    depth = draw(st.integers(1, 4))
    sizes = draw(st.lists(st.integers(1, 6), min_size=depth + 1, max_size=depth + 1))
    activation = draw(st.sampled_from(HIDDEN))
    output = draw(st.sampled_from(outputs))
    if output == "softmax":
        sizes[-1] = draw(st.integers(2, 6))
    fitting = [name for name in LOSSES if FITS[name](output, sizes[-1])]
    loss = draw(st.sampled_from([n for n in fitting if losses is None or n in losses]))
    N = draw(st.integers(1, 5))
    scale = draw(st.sampled_from([0.5, 1.0, 2.0]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    net = Network(sizes, activation=activation, output=output, loss=loss, seed=rng)
    for W, b in zip(net.weights, net.biases):
        W *= scale  # in place: whatever arrays the network keeps are the ones changed
        b += 0.5 * rng.standard_normal(b.shape)
    X = rng.standard_normal((N, sizes[0]))
    return Problem(net, X, targets(rng, loss, N, sizes[-1]), activation, output, loss)


def check_gradients(gradients, ref: oracle.Result, what: str = "") -> None:
    """(dWs, dbs) against the oracle's, layer by layer."""
    dWs, dbs = gradients
    assert len(dWs) == len(ref.dWs) and len(dbs) == len(ref.dbs), f"{what} number of layers"
    for l in range(len(ref.dWs)):
        assert_close(dWs[l], ref.dWs[l], f"{what}dW[{l}]", ref.dWs_scale[l])
        assert_close(dbs[l], ref.dbs[l], f"{what}db[{l}]", ref.dbs_scale[l])


def check_network(p: Problem, ref: oracle.Result) -> None:
    assert_cost_close(p.net.cost(p.X, p.Y), ref.cost)
    assert_close(p.net.forward(p.X), ref.A, "forward")
    check_gradients(p.net.gradients(p.X, p.Y), ref)


# --------------------------------------------------------------------------------- coverage
def test_oracle_knows_every_activation_and_loss():
    """A new registry entry must be taught to the oracle (and to FITS), or these tests skip it."""
    assert set(ACTIVATIONS) <= set(oracle.ACTIVATIONS), "add the new activation to _autodiff"
    assert set(LOSSES) <= set(oracle.LOSSES), "add the new loss to _autodiff"
    assert set(LOSSES) == set(FITS), "say which outputs the new loss fits in FITS"


def test_oracle_itself_on_a_hand_computed_neuron():
    """One sigmoid neuron, one example, worked by hand: C = (s - y)^2, dC/dw = 2(s - y)s(1 - s)x."""
    x, w, b, y = 0.7, -1.3, 0.4, 0.25
    s = 1.0 / (1.0 + math.exp(-(w * x + b)))
    ref = oracle.network([[[w]]], [[b]], [[x]], [[y]], "sigmoid", None, "mse")
    assert ref.cost == pytest.approx((s - y) ** 2, rel=1e-15)
    assert ref.dWs[0][0, 0] == pytest.approx(2 * (s - y) * s * (1 - s) * x, rel=1e-14)
    assert ref.dbs[0][0] == pytest.approx(2 * (s - y) * s * (1 - s), rel=1e-14)


# ---------------------------------------------------------------------------------- network
@oracle_settings
@given(problems())
def test_network_cost_forward_gradients_match_oracle(p):
    """Every activation, elementwise or softmax output, every loss that fits."""
    ref = p.oracle()
    assume_off_kinks(ref.Zs, p.uses_relu)
    check_network(p, ref)


@oracle_settings
@given(problems(outputs=("softmax",)))
def test_gamma_gradients_match_oracle(p):
    """Notes 003 §II: the softmax gradient through Gamma, for either loss."""
    ref = p.oracle()
    assume_off_kinks(ref.Zs, p.uses_relu)
    check_gradients(gamma_gradients(p.net, p.X, p.Y), ref)


@oracle_settings
@given(problems(outputs=ELEMENTWISE_OUTPUTS))
def test_every_formulation_matches_oracle(p):
    """Notes 000, 001 §6.4, 002, 003 §I, 004: each road to the gradient, against the oracle."""
    ref = p.oracle()
    assume_off_kinks(ref.Zs, p.uses_relu)
    for name, gradients in FORMULATIONS.items():
        check_gradients(gradients(p.net, p.X, p.Y), ref, f"{name}: ")


# ------------------------------------------------------------- confident wrong predictions
@st.composite
def confident_wrong(draw, losses=None):
    """A softmax network whose last layer is scaled so that, for some example, the target class
    is the least likely by a logit gap T in [40, 300]: its probability is below e^-40 ~ 4e-18,
    far under any clipping at 1e-12 (and no probability is subnormal: every gap <= T < 700).
    The targets are one-hot on each example's least likely class."""
    p = draw(problems(outputs=("softmax",), losses=losses))
    Z = p.oracle().Zs[-1]
    gaps = Z.max(axis=1) - Z.min(axis=1)
    assume(gaps.max() > 1e-3)
    s = draw(st.floats(40.0, 300.0)) / gaps.max()
    p.net.weights[-1] *= s  # only the logits grow; the hidden layers are unchanged
    p.net.biases[-1] *= s
    p.Y = np.eye(Z.shape[1])[Z.argmin(axis=1)]
    return p


def assert_confidently_wrong(ref: oracle.Result, Y: np.ndarray) -> None:
    """The precondition, from the oracle: some target's probability is below e^-40."""
    Z = ref.Zs[-1]
    gap = (Z.max(axis=1) - (Z * Y).sum(axis=1)).max()  # log p_target <= -gap
    assert gap >= 40.0 * (1 - 1e-9), f"not confident enough: largest logit gap {gap}"


@oracle_settings
@given(confident_wrong())
def test_confident_wrong_predictions_forward_and_gradients_match_oracle(p):
    ref = p.oracle()
    assume_off_kinks(ref.Zs, p.uses_relu)
    assert_confidently_wrong(ref, p.Y)
    assert_close(p.net.forward(p.X), ref.A, "forward")
    check_gradients(p.net.gradients(p.X, p.Y), ref)
    if p.loss == "mse":  # the MSE cost needs no logarithm; cross-entropy's is the next test
        assert_cost_close(p.net.cost(p.X, p.Y), ref.cost)


@oracle_settings
@given(confident_wrong(losses=("cross_entropy",)))
def test_confident_wrong_cross_entropy_cost_matches_oracle(p):
    ref = p.oracle()
    assume_off_kinks(ref.Zs, p.uses_relu)
    assert_confidently_wrong(ref, p.Y)
    assert_cost_close(p.net.cost(p.X, p.Y), ref.cost)


@oracle_settings
@given(confident_wrong(losses=("cross_entropy",)))
def test_confident_wrong_gamma_gradients_cross_entropy_match_oracle(p):
    ref = p.oracle()
    assume_off_kinks(ref.Zs, p.uses_relu)
    assert_confidently_wrong(ref, p.Y)
    check_gradients(gamma_gradients(p.net, p.X, p.Y), ref)


# --------------------------------------------------------------------------- neuron, chain
@oracle_settings
@given(
    n=st.integers(1, 6),
    N=st.integers(1, 5),
    activation=st.sampled_from(HIDDEN),
    seed=st.integers(0, 2**32 - 1),
)
def test_neuron_matches_oracle(n, N, activation, seed):
    """One input and several: a = f(X @ w + b), C = (1/N) sum_i (a_i - y_i)^2."""
    rng = np.random.default_rng(seed)
    w, b = 1.5 * rng.standard_normal(n), float(rng.standard_normal())
    X, y = rng.standard_normal((N, n)), rng.uniform(-0.5, 1.5, N)
    ref = oracle.network([w[None, :]], [[b]], X, y[:, None], activation, None, "mse")
    assume_off_kinks(ref.Zs, activation == "relu")
    neuron = Neuron(w=w, b=b, activation=activation)
    assert_cost_close(neuron.cost(X, y), ref.cost)
    assert_close(neuron.forward(X), ref.A[:, 0], "forward")
    dw, db = neuron.gradients(X, y)
    assert_close(dw, ref.dWs[0][0], "dw", ref.dWs_scale[0][0])
    assert_close(db, ref.dbs[0][0], "db", ref.dbs_scale[0][0])


@oracle_settings
@given(
    depth=st.integers(1, 6),
    N=st.integers(1, 5),
    activation=st.sampled_from(HIDDEN),
    seed=st.integers(0, 2**32 - 1),
)
def test_scalar_chain_matches_oracle(depth, N, activation, seed):
    """The n-layer chain is a width-1 network; both delta conventions give the oracle's gradient."""
    rng = np.random.default_rng(seed)
    chain = ScalarChain(depth, activation=activation, seed=rng)
    chain.w[:] = 1.5 * rng.standard_normal(depth)  # in place, as the chain keeps them
    chain.b[:] = 0.5 * rng.standard_normal(depth)
    x, y = rng.standard_normal(N), rng.uniform(-0.5, 1.5, N)
    ref = oracle.network(
        [[[w]] for w in chain.w], [[b] for b in chain.b], x[:, None], y[:, None],
        activation, None, "mse",
    )  # fmt: skip
    assume_off_kinks(ref.Zs, activation == "relu")
    assert_cost_close(chain.cost(x, y), ref.cost)
    assert_close(chain.forward(x), ref.A[:, 0], "forward")
    dw_ref, dw_scale = (np.array([dW[0, 0] for dW in Ws]) for Ws in (ref.dWs, ref.dWs_scale))
    db_ref, db_scale = (np.array([db[0] for db in bs]) for bs in (ref.dbs, ref.dbs_scale))
    for convention in ("cost", "loss"):
        dw, db = chain.gradients(x, y, convention=convention)
        assert_close(dw, dw_ref, f"dw ({convention})", dw_scale)
        assert_close(db, db_ref, f"db ({convention})", db_scale)


# -------------------------------------------------------------------------- softmax layer
@oracle_settings
@given(
    N=st.integers(1, 5),
    m=st.integers(1, 6),
    scale=st.sampled_from([0.1, 1.0, 5.0, 50.0]),
    seed=st.integers(0, 2**32 - 1),
)
def test_softmax_layer_matches_oracle(N, m, scale, seed):
    """softmax, its Jacobian and the pull-back J^T dA (softmax_backward), row by row."""
    rng = np.random.default_rng(seed)
    Z = scale * rng.standard_normal((N, m))
    dA = rng.standard_normal((N, m))
    A = softmax(Z)
    for i in range(N):
        a, J, J_scale = zip(
            *(oracle.gradient(lambda z, j=j: oracle.softmax(z)[j], Z[i]) for j in range(m))
        )
        assert_close(A[i], a, f"softmax row {i}")
        assert_close(softmax_jacobian(Z[i]), J, f"Jacobian of row {i}", J_scale)
        _, dZ, dZ_scale = oracle.gradient(
            lambda z, i=i: oracle.total(d * a for d, a in zip(dA[i], oracle.softmax(z))), Z[i]
        )
        assert_close(softmax_backward(A, dA)[i], dZ, f"softmax_backward row {i}", dZ_scale)
