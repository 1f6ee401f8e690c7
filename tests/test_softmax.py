"""Softmax (chapter 5; notes 003 §II): values, stability, Jacobian, and the Gamma gradient."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from nnnotes.calculus import central_difference, relative_error
from nnnotes.formulations.differences import flatten as flat
from nnnotes.formulations.differences import numerical_network_gradients as fd_gradients
from nnnotes.gamma import gamma_gradients, gammas
from nnnotes.gradcheck import check_function
from nnnotes.losses import cross_entropy, cross_entropy_prime
from nnnotes.network import Network
from nnnotes.softmax import naive_softmax, softmax, softmax_backward, softmax_jacobian

logits = arrays(
    np.float64,
    st.tuples(st.integers(1, 6), st.integers(1, 8)),
    elements=st.floats(-50, 50, allow_nan=False),
)


@given(logits)
def test_rows_are_probabilities(Z):
    A = softmax(Z)
    assert np.all(A >= 0)
    assert np.allclose(A.sum(axis=1), 1.0, rtol=0, atol=1e-12)


@given(logits, st.floats(-1e3, 1e3))
def test_invariant_to_adding_a_constant(Z, c):
    assert np.allclose(softmax(Z + c), softmax(Z), rtol=0, atol=1e-12)


def test_no_overflow_at_plus_minus_1e4():
    Z = np.array([[1e4, 0.0, -1e4], [-1e4, -1e4, -1e4], [1e4, 1e4, 0.0]])
    A = softmax(Z)
    assert np.all(np.isfinite(A))
    assert np.allclose(A, [[1, 0, 0], [1 / 3, 1 / 3, 1 / 3], [0.5, 0.5, 0]], rtol=0, atol=1e-15)


def test_naive_softmax_overflows_where_the_stable_one_does_not():
    z = np.array([1000.0, 999.0])
    with np.errstate(over="ignore", invalid="ignore"):
        assert np.all(np.isnan(naive_softmax(z)))
    assert np.allclose(softmax(z), [1 / (1 + np.exp(-1)), 1 / (1 + np.e)])
    small = np.array([0.5, -1.0, 2.0])
    assert np.allclose(naive_softmax(small), softmax(small), rtol=1e-15, atol=0)


def test_bad_input():
    with pytest.raises(ValueError, match="Z must have shape"):
        softmax(np.zeros((2, 2, 2)))
    with pytest.raises(ValueError, match="NaN or infinity"):
        softmax([0.0, np.inf])
    with pytest.raises(TypeError, match="Z must be"):
        softmax("logits")
    with pytest.raises(ValueError, match="z must have 1 dimension"):
        softmax_jacobian(np.zeros((2, 3)))


@given(arrays(np.float64, st.integers(1, 7), elements=st.floats(-8, 8)))
def test_notes_003_softmax_jacobian_vs_central_differences(z):
    J = softmax_jacobian(z)
    for j in range(z.size):  # row j is the gradient of a_j, each entry checked on its own scale
        check = check_function(lambda t, j=j: softmax(t)[j], z, J[j], name=f"a_{j}")
        assert check.ok, check
    assert np.allclose(J, J.T) and np.allclose(J.sum(axis=1), 0.0, atol=1e-15)


def test_softmax_backward_is_jacobian_transpose_times_dA():
    rng = np.random.default_rng(0)
    Z, dA = rng.standard_normal((5, 4)), rng.standard_normal((5, 4))
    expected = np.stack([softmax_jacobian(z).T @ d for z, d in zip(Z, dA)])
    assert relative_error(softmax_backward(softmax(Z), dA), expected) < 1e-14


def test_cross_entropy_through_softmax_gives_a_minus_y():
    rng = np.random.default_rng(1)
    Z = rng.standard_normal((6, 5))
    Y = np.eye(5)[rng.integers(0, 5, 6)]
    A = softmax(Z)
    delta = softmax_backward(A, cross_entropy_prime(A, Y))
    assert relative_error(delta, (A - Y) / 6) < 1e-14


def test_cross_entropy_finite_with_zero_probabilities():
    A = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    Y = np.array([[0.0, 1.0, 0.0], [0.0, 1.0, 0.0]])
    C = cross_entropy(A, Y)
    assert np.isfinite(C) and C > 10  # log of the clipped 1e-12, halved over N = 2
    assert np.all(np.isfinite(cross_entropy_prime(A, Y)))


@pytest.mark.parametrize("loss", ["cross_entropy", "mse"])
@pytest.mark.parametrize("sizes", [[4, 3], [5, 6, 3], [3, 4, 5, 4]])
@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
def test_notes_003_gamma_form_equals_delta_recurrence(loss, sizes, activation):
    rng = np.random.default_rng(len(sizes))
    net = Network(sizes, activation=activation, output="softmax", loss=loss, seed=rng)
    for b in net.biases:
        b += 0.3 * rng.standard_normal(b.shape)
    X = rng.standard_normal((7, sizes[0]))
    Y = np.eye(sizes[-1])[rng.integers(0, sizes[-1], 7)]
    gamma, delta = flat(*gamma_gradients(net, X, Y)), flat(*net.gradients(X, Y))
    assert relative_error(gamma, delta) < 1e-12
    assert relative_error(gamma, flat(*fd_gradients(net, X, Y))) < 1e-7


def test_gamma_is_the_derivative_of_log_a():
    """a_j Gamma_{j mu} = d a_j / d z^(l)_mu: check the first layer's Gamma numerically."""
    rng = np.random.default_rng(3)
    net = Network([3, 4, 3], activation="tanh", output="softmax", seed=rng)
    x = rng.standard_normal(3)
    Gamma = gammas(net, x[None, :])[0][0]  # (m_L, m_1) for the one example
    z1 = net.weights[0] @ x + net.biases[0]
    a_of_z1 = lambda z: softmax(net.weights[1] @ np.tanh(z) + net.biases[1])  # noqa: E731
    E = np.eye(4)
    dlog_a = np.column_stack(
        [
            central_difference(lambda t, m=m: np.log(a_of_z1(z1 + (t - z1[m]) * E[m])), z1[m])
            for m in range(4)
        ]
    )
    assert relative_error(Gamma, dlog_a) < 1e-7


def test_gamma_rejects_non_softmax_networks():
    with pytest.raises(ValueError, match="output='softmax'"):
        gamma_gradients(Network([2, 2]), np.zeros((1, 2)), np.zeros((1, 2)))
    with pytest.raises(TypeError, match="net must be an nnnotes Network"):
        gammas("net", np.zeros((1, 2)))


@given(
    st.lists(st.integers(1, 7), min_size=1, max_size=4),
    st.sampled_from(["sigmoid", "tanh", "relu", "identity"]),
    st.sampled_from(["cross_entropy", "mse"]),
    st.integers(1, 9),
    st.integers(0, 2**16),
)
def test_gamma_equals_delta_on_random_softmax_networks(widths, activation, loss, N, seed):
    rng = np.random.default_rng(seed)
    sizes = [*widths, int(rng.integers(2, 6))]  # a softmax over one class is constant: C' = 0
    net = Network(sizes, activation=activation, output="softmax", loss=loss, seed=rng)
    X = rng.standard_normal((N, sizes[0]))
    Y = rng.dirichlet(np.ones(sizes[-1]), N)  # soft targets: any rows summing to 1
    assert relative_error(flat(*gamma_gradients(net, X, Y)), flat(*net.gradients(X, Y))) < 1e-12
