"""nnnotes.breakit: every broken backward pass is caught where it differs, the correct one passes."""

import copy

import numpy as np
import pytest
from _gradcheck import networks, off_kinks
from hypothesis import given, settings

from nnnotes import breakit
from nnnotes.breakit import BUGS, applies, bug_table, correct, train_with
from nnnotes.chain import ScalarChain
from nnnotes.gradcheck import check_gradients, compare, numerical_gradients, problem
from nnnotes.network import Network
from nnnotes.neuron import Neuron


def _differing(prob, grads_bug, tol):
    """Names of arrays where the bug moved some entry by more than tol (|g| + |g_bug|)."""
    out = []
    for p, g, gb in zip(prob.params, prob.grads, grads_bug):
        g, gb = np.asarray(g, float), np.asarray(gb, float)
        d = np.abs(g - gb)
        if np.any(d > tol * (np.abs(g) + np.abs(gb))):
            out.append(p.name)
    return out


def test_correct_pass_is_the_networks_own_and_forward_pass_matches():
    rng = np.random.default_rng(0)
    for output, loss in [(None, "mse"), ("softmax", "mse"), ("softmax", "cross_entropy")]:
        net = Network([3, 5, 4, 3], activation="tanh", output=output, loss=loss, seed=1)
        X, Y = rng.standard_normal((7, 3)), np.eye(3)[rng.integers(0, 3, 7)]
        assert np.allclose(net.forward_pass(X)[1][-1], net.forward(X), rtol=1e-14)
        (cW, cb), (dWs, dbs) = correct(net, X, Y), net.gradients(X, Y)
        for a, b in zip(cW + cb, dWs + dbs):
            assert np.allclose(a, b, rtol=1e-12, atol=1e-300)


@settings(max_examples=30, deadline=None, derandomize=True)
@given(networks())
def test_checker_flags_every_bug_where_it_differs_and_nowhere_else(problem_):
    net, X, Y = problem_
    if not off_kinks(net, X, margin=1e-2):
        return
    prob = problem(net, X, Y)
    numeric = numerical_gradients(prob.f, prob.theta)
    assert compare(prob.params, prob.grads, numeric).ok
    for name, bug in BUGS.items():
        if not applies(name, net, X.shape[0]):
            continue
        broken = problem(net, X, Y, grads=bug.fn(net, X, Y))
        report = compare(prob.params, broken.grads, numeric)
        flagged = set(report.failing_names)
        assert set(_differing(prob, broken.grads, 1e-3)) <= flagged, name
        assert flagged <= set(_differing(prob, broken.grads, 1e-12)), name
        if flagged:  # the first failure is the highest layer the bug touches
            top = max(p.layer for p in prob.params if p.name in flagged)
            assert report.first_failure.param.layer == top


def test_each_bug_on_the_demo_network_is_caught_with_its_signature():
    net, X, Y = breakit.demo_problem()
    dWs, dbs = net.gradients(X, Y)
    N, L = X.shape[0], len(dWs)
    for name, bug in BUGS.items():
        bW, bb = bug.fn(net, X, Y)
        report = check_gradients(net, X, Y, grads=(bW, bb))
        assert not report.ok, name
        scale = {"half": 0.5, "times_N": N, "negated": -1.0}.get(bug.signature)
        if scale is not None:
            assert all(np.allclose(b, scale * g) for b, g in zip(bW + bb, dWs + dbs)), name
            assert len(report.failures) == 2 * L
    hidden_only = ["sum_over_trials_in_e", "missing_transpose", "missing_hidden_f_prime"]
    for name in hidden_only:  # output layer untouched: the failure starts one layer down
        report = check_gradients(net, X, Y, grads=BUGS[name].fn(net, X, Y))
        assert report.first_failure.param.layer == L - 1, name
        assert "W3" not in report.failing_names and "b3" not in report.failing_names


def test_missing_transpose_runs_on_non_square_layers_and_is_plain_W_on_square_ones():
    rng = np.random.default_rng(1)
    net = Network([2, 3, 3, 5], activation="sigmoid", seed=0)  # W3 (5, 3) non-square, W2 square
    X, Y = rng.standard_normal((4, 2)), rng.random((4, 5))
    bW, _ = breakit.missing_transpose(net, X, Y)
    assert [d.shape for d in bW] == [W.shape for W in net.weights]
    report = check_gradients(net, X, Y, grads=breakit.missing_transpose(net, X, Y))
    assert report.failing_names == ["W1", "b1", "W2", "b2"]
    # on the square layer the bug is exactly delta @ W.T
    Zs, As = net.forward_pass(X)
    delta3 = net.loss.prime(As[3], Y) * net.output.f_prime(Zs[3])
    delta2 = (delta3 @ net.weights[2]) * net.activation.f_prime(Zs[2])
    wrong1 = (delta2 @ net.weights[1].T) * net.activation.f_prime(Zs[1])
    assert not np.allclose(bW[0], wrong1.T @ X)  # W3 is non-square: its reshape scrambles delta2


def test_chain_and_neuron_take_the_same_bugs():
    rng = np.random.default_rng(4)
    chain = ScalarChain(4, activation="tanh", seed=rng)
    chain.b = rng.normal(0, 0.5, 4)
    x, y = rng.uniform(-1, 1, 9), rng.random(9)
    assert all(np.allclose(a, b) for a, b in zip(correct(chain, x, y), chain.gradients(x, y)))
    dw, db = BUGS["sign_slip_004"].fn(chain, x, y)
    assert np.allclose(dw, -chain.gradients(x, y)[0])
    report = check_gradients(chain, x, y, grads=BUGS["missing_hidden_f_prime"].fn(chain, x, y))
    assert report.first_failure.param.name == "w3" and "w4" not in report.failing_names
    report = check_gradients(chain, x, y, grads=BUGS["sigmoid_slope_for_tanh"].fn(chain, x, y))
    assert report.first_failure.param.name == "w4"

    neuron = Neuron(2, seed=0)
    X, t = rng.standard_normal((6, 2)), rng.random(6)
    dw, db = neuron.gradients(X, t)
    bw, bb = BUGS["missing_factor_2"].fn(neuron, X, t)
    assert np.allclose(bw, dw / 2) and np.isclose(bb, db / 2)
    assert check_gradients(neuron, X, t, grads=(bw, bb)).failing_names == ["w", "b"]


def test_bugs_that_need_a_setting_say_so():
    net = Network([2, 3], activation="sigmoid", loss="mse", seed=0)
    X, Y = np.zeros((2, 2)), np.zeros((2, 3))
    with pytest.raises(ValueError, match="output='softmax'"):
        breakit.softmax_diagonal_only(net, X, Y)
    ce = Network([2, 3], output="softmax", loss="cross_entropy", seed=0)
    with pytest.raises(ValueError, match="loss='mse'"):
        breakit.missing_factor_2(ce, X, np.eye(3)[[0, 1]])
    with pytest.raises(TypeError, match="model must be"):
        correct("net", X, Y)
    assert set(BUGS) >= {
        "missing_factor_2",
        "sum_over_trials_in_e",
        "sign_slip_004",
        "sigmoid_slope_for_tanh",
        "missing_transpose",
        "missing_hidden_f_prime",
        "missing_1_over_N",
        "softmax_diagonal_only",
    }
    assert all(b.source.startswith("notes") and b.description for b in BUGS.values())


def test_train_with_correct_pass_equals_plain_gradient_descent_and_leaves_copies_alone():
    net, X, Y = breakit.demo_problem()
    original = [W.copy() for W in net.weights]
    cost = train_with(correct, copy.deepcopy(net), X, Y, epochs=20, lr=0.5)
    assert all(np.array_equal(a, b) for a, b in zip(original, net.weights))
    assert cost.shape == (21,) and cost[-1] < cost[0]
    ascent = train_with(BUGS["sign_slip_004"].fn, copy.deepcopy(net), X, Y, epochs=20, lr=0.5)
    assert ascent[-1] > ascent[0]


def test_bug_table_rows():
    rows = bug_table()
    assert [r["bug"] for r in rows] == ["correct", *BUGS]
    assert rows[0]["flagged"] == [] and "passed" in rows[0]["checker"]
    for r in rows[1:]:
        assert r["flagged"] and r["first_failure"] in r["flagged"] and "FAILED" in r["checker"]
    by = {r["bug"]: r for r in rows}
    assert by["sign_slip_004"]["cost_end"] > by["sign_slip_004"]["cost_start"]
    assert by["missing_1_over_N"]["cost_end"] > 10 * by["correct"]["cost_end"]  # N = 60 x the step
    assert by["sum_over_trials_in_e"]["cost_end"] > 10 * by["correct"]["cost_end"]
    assert all(r["cost_correct"] == rows[0]["cost_end"] for r in rows)


def test_missing_factor_2_trains_exactly_like_half_the_learning_rate():
    net, X, Y = breakit.demo_problem()
    halved = train_with(BUGS["missing_factor_2"].fn, copy.deepcopy(net), X, Y, epochs=30, lr=0.5)
    slower = train_with(correct, copy.deepcopy(net), X, Y, epochs=30, lr=0.25)
    assert np.allclose(halved, slower, rtol=1e-10)
