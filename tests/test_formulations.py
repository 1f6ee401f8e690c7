"""The five formulations of chapter 4 (notes 000, 001 §6.4, 002, 003 §I, 004) agree.

Each is checked against central differences over random architectures and against
``Network.gradients`` to round-off; the notes' slips get their own named tests.
"""

import numpy as np
import pytest
from _gradcheck import off_kinks, problems
from hypothesis import assume, given

from nnnotes import gradcheck
from nnnotes.calculus import relative_error
from nnnotes.formulations import FORMULATIONS, lambda_gradients
from nnnotes.formulations.constant_neuron import (
    augmented_weights,
    constant_neuron_deltas,
    forward_with_constant_neuron,
    stepping_rule,
)
from nnnotes.formulations.differences import flatten as flat
from nnnotes.formulations.index_loops import eq36_weight_gradient
from nnnotes.formulations.jacobians import input_gradient
from nnnotes.formulations.lambda_products import lambdas, measure_depth_cost
from nnnotes.formulations.per_example import measure_speedup
from nnnotes.network import Network


def small_problem(sizes=(3, 4, 5, 2), activation="sigmoid", N=6, seed=0):
    rng = np.random.default_rng(seed)
    net = Network(list(sizes), activation=activation, seed=rng)
    for b in net.biases:
        b += 0.3 * rng.standard_normal(b.shape)
    return net, rng.standard_normal((N, sizes[0])), rng.random((N, sizes[-1]))


@given(problems())
def test_every_formulation_matches_finite_differences_layer_by_layer(problem):
    net, X, Y = problem
    assume(off_kinks(net, X))
    reference = gradcheck.problem(net, X, Y)  # the central differences, taken once for all five
    numeric = gradcheck.numerical_gradients(reference.f, reference.theta)
    for name, gradients in FORMULATIONS.items():
        grads = gradcheck.problem(net, X, Y, grads=gradients(net, X, Y)).grads
        check = gradcheck.compare(reference.params, grads, numeric, rtol=1e-6)
        assert check.ok, f"{name}: {check}"


@given(problems())
def test_every_formulation_matches_network_to_roundoff(problem):
    net, X, Y = problem
    dWs, dbs = net.gradients(X, Y)
    for name, gradients in FORMULATIONS.items():
        dWs2, dbs2 = gradients(net, X, Y)
        assert [g.shape for g in dWs2 + dbs2] == [g.shape for g in dWs + dbs], name
        assert relative_error(flat(dWs2, dbs2), flat(dWs, dbs)) < 1e-12, name
    scratch = lambda_gradients(net, X, Y, reuse=False)
    assert relative_error(flat(*scratch), flat(dWs, dbs)) < 1e-12


def test_notes_000_eq36_expanded_sum_equals_error_recursion():
    net, X, Y = small_problem()
    dW = net.gradients(X, Y)[0][0]  # layer K-2 of a 3-layer net is weights[0]
    for c, p in [(0, 0), (3, 2), (1, 1)]:
        assert abs(eq36_weight_gradient(net, X, Y, c, p) - dW[c, p]) < 1e-14


def test_notes_000_eq26_sum_over_trials_inside_e_is_wrong():
    """Eq. 26 sums e^{K-1} over trials, then eq. 27 sums e^{K-1} a^{K-2} over trials again:
    that is (sum_i e_i)(sum_i a_i), not sum_i e_i a_i — unless there is one trial."""
    net, X, Y = small_problem(sizes=(3, 4, 2), N=5)
    Zs, As = net.forward_pass(X)
    e_K = net.loss.prime(As[-1], Y) * net.output.f_prime(Zs[-1])  # (N, m_K)
    e_K1 = (e_K @ net.weights[1]) * net.activation.f_prime(Zs[1])  # (N, m_{K-1}), per trial
    as_written = np.outer(e_K1.sum(axis=0), As[0].sum(axis=0))  # eqs. 26-27 literally
    correct = e_K1.T @ As[0]
    assert relative_error(correct, net.gradients(X, Y)[0][0]) < 1e-12
    assert relative_error(as_written, correct) > 0.1
    one = slice(0, 1)
    assert np.allclose(np.outer(e_K1[one].sum(0), As[0][one].sum(0)), e_K1[one].T @ As[0][one])


def test_notes_002_input_gradient_matches_finite_differences():
    net, X, Y = small_problem(activation="tanh")
    check = gradcheck.check_function(
        lambda x: net.cost(x, Y), X, input_gradient(net, X, Y), name="X"
    )
    assert check.ok, check


def test_notes_004_bias_neuron_and_kronecker_column():
    net, X, Y = small_problem()
    ws = augmented_weights(net)
    assert [w.shape for w in ws] == [(4, 5), (5, 6), (6, 3)]
    assert np.array_equal(ws[1][0, 1:], net.biases[1])
    assert np.array_equal(ws[1][:, 0], np.eye(5)[0])
    _, o = forward_with_constant_neuron(net, X)
    assert all(np.all(layer[:, 0] == 1.0) for layer in o)
    np.testing.assert_allclose(o[-1][:, 1:], net.forward(X), rtol=0, atol=1e-15)
    deltas, _ = constant_neuron_deltas(net, X, Y)
    assert all(np.all(d[:, 0] == 0.0) for d in deltas[1:])


def test_notes_004_first_theorem_needs_a_minus_sign():
    """With delta = -dL/da the notes' dL/dw = delta o is off by a sign: it is -delta o."""
    net, X, Y = small_problem()
    deltas, o = constant_neuron_deltas(net, X, Y)
    as_stated = o[1].T @ deltas[2]  # dL/dw^1 = delta^2 o^1, the theorem
    dW, db = net.gradients(X, Y)
    np.testing.assert_allclose(-as_stated[1:, 1:].T, dW[1], atol=1e-15)
    np.testing.assert_allclose(-as_stated[0, 1:], db[1], atol=1e-15)


def test_notes_004_stepping_rule_descends():
    net, X, Y = small_problem()
    before = net.cost(X, Y)
    steps = stepping_rule(net, X, Y, alpha=0.5)
    assert all(np.all(dw[:, 0] == 0.0) for dw in steps)  # the Kronecker column never moves
    for W, b, dw in zip(net.weights, net.biases, steps):
        W += dw[1:, 1:].T
        b += dw[0, 1:]
    assert net.cost(X, Y) < before


def test_notes_003_lambda_is_identity_at_output_and_shapes():
    net, X, _ = small_problem()
    Zs, _ = net.forward_pass(X)
    Lams = lambdas(net, Zs)
    assert [Lam.shape for Lam in Lams] == [(6, 2, 4), (6, 2, 5), (6, 2, 2)]
    assert np.array_equal(Lams[-1][0], np.eye(2))


def test_softmax_output_and_bad_input_rejected():
    net = Network([3, 4, 2], output="softmax", loss="cross_entropy")
    X, Y = np.zeros((2, 3)), np.array([[1.0, 0.0], [0.0, 1.0]])
    for gradients in FORMULATIONS.values():
        with pytest.raises(ValueError, match="elementwise output"):
            gradients(net, X, Y)
        with pytest.raises(TypeError, match="net must be an nnnotes Network"):
            gradients("net", X, Y)
    net = Network([3, 2])
    with pytest.raises(ValueError, match=r"X must have shape \(N, 3\)"):
        lambda_gradients(net, np.zeros((2, 4)), Y)
    with pytest.raises(ValueError, match="at least 3 layers"):
        eq36_weight_gradient(net, X, Y, 0, 0)
    with pytest.raises(ValueError, match="alpha must be a positive number"):
        stepping_rule(net, X, Y, alpha=-1.0)


def test_timing_helpers_return_one_time_per_setting():
    net, X, Y = small_problem(N=8)
    result = measure_speedup(net, X, Y, [1, 8], repeats=1)
    assert result["loop"].shape == result["matrix"].shape == result["speedup"].shape == (2,)
    cost = measure_depth_cost([1, 3], width=4, n_outputs=2, N=4, repeats=1)
    assert all(cost[k].shape == (2,) and np.all(cost[k] > 0) for k in ("delta", "lambda"))
    with pytest.raises(ValueError, match="batch sizes must be <= N = 8"):
        measure_speedup(net, X, Y, [16])
