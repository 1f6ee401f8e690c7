"""nnnotes.gradcheck: per-array gradient checks that small layers cannot hide from."""

import numpy as np
import pytest
from _gradcheck import networks, off_kinks
from hypothesis import given, settings

from nnnotes.calculus import numerical_gradient
from nnnotes.chain import ScalarChain
from nnnotes.gradcheck import (
    GradCheck,
    check_function,
    check_gradients,
    compare,
    global_relative_error,
    numerical_gradients,
    problem,
)
from nnnotes.network import Network
from nnnotes.neuron import Neuron


def _chain(depth, activation="sigmoid", seed=None):
    """test_chain's problem: w ~ N(0, 1), b ~ N(0, 0.5^2), 25 inputs in [-1.5, 1.5]."""
    rng = np.random.default_rng(depth if seed is None else seed)
    chain = ScalarChain(depth, activation=activation, seed=rng)
    chain.b = rng.normal(0.0, 0.5, depth)
    X = rng.uniform(-1.5, 1.5, 25)
    y = rng.uniform(0.0, 1.0, 25)
    if activation == "relu":  # keep every z off the kink, and the chain alive
        chain.w, chain.b = np.abs(chain.w) + 0.2, np.abs(chain.b) + 0.1
        X = np.abs(X) + 0.1
    return chain, X, y


def test_blind_spot_depth10_global_check_passes_a_flipped_first_layer_per_layer_catches_it():
    chain, X, y = _chain(10)
    dw, db = chain.gradients(X, y)
    assert abs(dw[0]) < 1e-10 < np.max(np.abs(db))  # the first layer is tiny
    numeric = numerical_gradient(chain.cost_function(X, y), chain.parameters)  # eps = 1e-6
    flipped = dw.copy()
    flipped[0] = -flipped[0]
    # the old check: one number, passes the sign flip
    assert global_relative_error([flipped, db], numeric) < 1e-7
    # ... and its own value of dC/dw1 at eps = 1e-6 is far off (round-off)
    assert abs(numeric[0] - dw[0]) > 0.2 * abs(dw[0])
    # the per-array check: correct passes, flipped fails exactly at layer 1's w
    assert check_gradients(chain, X, y).ok
    report = check_gradients(chain, X, y, grads=(flipped, db))
    assert report.failing_names == ["w1"]
    assert report.first_failure.param.layer == 1
    assert "w1 (layer 1, w)" in report.verdict()


@pytest.mark.parametrize("depth", range(1, 11))
@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_chain_every_layer_sign_flip_is_caught_at_its_layer(depth, activation):
    chain, X, y = _chain(depth, activation)
    prob = problem(chain, X, y)
    numeric = numerical_gradients(prob.f, prob.theta)
    assert compare(prob.params, prob.grads, numeric).ok
    for k, p in enumerate(prob.params):
        for factor in (-1.0, 0.5, 2.0):
            grads = list(prob.grads)
            grads[k] = factor * grads[k]
            report = compare(prob.params, grads, numeric)
            assert report.failing_names == [p.name], (p.name, factor, str(report))


@settings(max_examples=25, deadline=None, derandomize=True)
@given(networks())
def test_network_each_array_flipped_or_scaled_is_flagged_alone(problem_):
    net, X, Y = problem_
    if not off_kinks(net, X, margin=1e-2):
        return
    prob = problem(net, X, Y)
    numeric = numerical_gradients(prob.f, prob.theta)
    assert compare(prob.params, prob.grads, numeric).ok
    for k, p in enumerate(prob.params):
        if not np.any(prob.grads[k]):
            continue  # an all-zero gradient (dead ReLU) is unchanged by any factor
        for factor in (-1.0, 0.5):
            grads = list(prob.grads)
            grads[k] = factor * grads[k]
            assert compare(prob.params, grads, numeric).failing_names == [p.name]


def test_neuron_and_plain_function():
    rng = np.random.default_rng(0)
    neuron = Neuron(3, seed=1)
    X, y = rng.standard_normal((10, 3)), rng.random(10)
    w0 = neuron.w.copy()
    assert check_gradients(neuron, X, y).ok
    assert np.array_equal(neuron.w, w0)  # left as it was
    dw, db = neuron.gradients(X, y)
    report = check_gradients(neuron, X, y, grads=(dw, -db))
    assert report.failing_names == ["b"]

    A = rng.standard_normal((4, 4))
    A = A @ A.T

    def f(theta):
        return float(theta.ravel() @ A @ theta.ravel()) * 1e-12  # a tiny function: tiny gradient

    def grad(theta):
        return 2e-12 * (A @ theta.ravel()).reshape(theta.shape)

    theta = rng.standard_normal((2, 2))
    assert check_function(f, theta, grad).ok
    assert not check_function(f, theta, lambda t: -grad(t)).ok


def test_network_left_unchanged_and_report_is_readable():
    rng = np.random.default_rng(2)
    net = Network([3, 4, 2], activation="tanh", output="softmax", loss="cross_entropy", seed=3)
    X, Y = rng.standard_normal((5, 3)), np.eye(2)[rng.integers(0, 2, 5)]
    before = [W.copy() for W in net.weights + net.biases]
    report = check_gradients(net, X, Y)
    assert all(np.array_equal(a, b) for a, b in zip(before, net.weights + net.biases))
    assert isinstance(report, GradCheck) and report.ok and report.first_failure is None
    text = str(report)
    assert "W1" in text and "b2" in text and "passed" in text
    assert repr(report) == "GradCheck(ok=True, failing=[])"
    dWs, dbs = net.gradients(X, Y)
    bad = check_gradients(net, X, Y, grads=([dWs[0], 2 * dWs[1]], dbs))
    assert bad.failing_names == ["W2"] and "FAILED at W2 (layer 2, W)" in str(bad)
    assert bad["W2"].rel_error > 0.3


def test_bad_input_raises_clear_errors():
    net = Network([2, 2], seed=0)
    X, Y = np.zeros((3, 2)), np.zeros((3, 2))
    dWs, dbs = net.gradients(X, Y)
    with pytest.raises(ValueError, match="gradient of W1 must have shape"):
        check_gradients(net, X, Y, grads=([dWs[0].T[:1]], dbs))
    with pytest.raises(TypeError, match="model must be"):
        check_gradients(object())
    with pytest.raises(ValueError, match="rtol"):
        check_gradients(net, X, Y, rtol=0.0)
