"""The matrix network of chapter 4 (notes 001 §6): gradients, bridges, shapes, errors, training."""

import numpy as np
import pytest
from _gradcheck import ACTIVATIONS, off_kinks, problems
from hypothesis import assume, given

from nnnotes.calculus import relative_error
from nnnotes.chain import ScalarChain
from nnnotes.data import make_xor
from nnnotes.formulations.differences import flatten as flat
from nnnotes.formulations.differences import numerical_network_gradients as fd_gradients
from nnnotes.network import Network


@given(problems())
def test_gradients_match_finite_differences(problem):
    net, X, Y = problem
    assume(off_kinks(net, X))
    assert relative_error(flat(*net.gradients(X, Y)), flat(*fd_gradients(net, X, Y))) < 1e-7


@given(problems())
def test_batched_gradient_is_mean_of_per_example_gradients(problem):
    net, X, Y = problem
    per_example = [flat(*net.gradients(X[i : i + 1], Y[i : i + 1])) for i in range(len(X))]
    assert relative_error(flat(*net.gradients(X, Y)), np.mean(per_example, axis=0)) < 1e-12


@given(problems())
def test_shapes_of_every_product(problem):
    net, X, Y = problem
    N, L = len(X), len(net.weights)
    assert [W.shape for W in net.weights] == [(m, k) for k, m in zip(net.sizes, net.sizes[1:])]
    assert net.forward(X).shape == (N, net.sizes[-1])
    _, As = net.forward_pass(X)
    assert [A.shape for A in As] == [(N, m) for m in net.sizes]
    dWs, dbs = net.gradients(X, Y)
    assert [dW.shape for dW in dWs] == [W.shape for W in net.weights]
    assert [db.shape for db in dbs] == [b.shape for b in net.biases]
    assert len(dWs) == L and isinstance(net.cost(X, Y), float)


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_every_activation_on_a_fixed_net(activation):
    rng = np.random.default_rng(7)
    net = Network([3, 5, 4, 2], activation=activation, seed=rng)
    for b in net.biases:
        b += 0.5 * rng.standard_normal(b.shape)  # zero biases put dead ReLUs exactly on the kink
    X, Y = rng.standard_normal((9, 3)), rng.random((9, 2))
    assert off_kinks(net, X)
    assert relative_error(flat(*net.gradients(X, Y)), flat(*fd_gradients(net, X, Y))) < 1e-7


def test_notes_001_eq58_drops_factor_2():
    """Eq. 58 writes delta^L = (a - y) o sigma'(z); finite differences need 2 (a - y) o sigma'."""
    rng = np.random.default_rng(0)
    net = Network([2, 1], seed=rng)
    X, Y = rng.standard_normal((1, 2)), rng.random((1, 1))
    Zs, As = net.forward_pass(X)
    delta_eq58 = (As[1] - Y) * net.activation.f_prime(Zs[1])
    numeric = fd_gradients(net, X, Y)[1][0]  # dC/db^L = delta^L for one example
    assert relative_error(2 * delta_eq58[0], numeric) < 1e-8
    assert relative_error(delta_eq58[0], numeric) > 0.4


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_width_one_network_is_chapter_3_scalar_chain(activation):
    """With every width 1 the matrices are 1x1 and eq. 59 is notes 001's scalar eq. 54."""
    rng = np.random.default_rng(3)
    chain = ScalarChain(4, activation=activation, seed=11)
    net = Network([1] * 5, activation=activation, seed=11)
    for b_net, b in zip(net.biases, rng.standard_normal(4)):
        b_net[0] = b
    chain.b = np.array([b[0] for b in net.biases])
    assert np.array_equal(chain.w, [W[0, 0] for W in net.weights])
    x, y = rng.standard_normal(6), rng.random(6)
    assert np.array_equal(net.forward(x[:, None])[:, 0], chain.forward(x))
    assert net.cost(x[:, None], y[:, None]) == chain.cost(x, y)
    dWs, dbs = net.gradients(x[:, None], y[:, None])
    dw, db = chain.gradients(x, y)
    assert relative_error(flat(dWs, dbs), np.concatenate([dw, db])) < 1e-14


def test_bad_input_errors_name_the_argument():
    net = Network([2, 3, 1])
    with pytest.raises(ValueError, match=r"X must have shape \(N, 2\).*X.reshape\(1, -1\)"):
        net.forward(np.zeros(2))
    with pytest.raises(ValueError, match=r"Y must have shape \(N, 1\) = \(4, 1\)"):
        net.gradients(np.zeros((4, 2)), np.zeros((3, 1)))
    with pytest.raises(ValueError, match="X contains NaN"):
        net.cost(np.full((1, 2), np.nan), np.zeros((1, 1)))
    with pytest.raises(ValueError, match="sizes must list at least two"):
        Network([3])
    with pytest.raises(ValueError, match="activation must be one of"):
        Network([2, 1], activation="swish")
    with pytest.raises(ValueError, match="lr must be a positive number"):
        net.fit(np.zeros((4, 2)), np.zeros(4), epochs=1, lr=0.0)


def test_xor_is_learned_by_a_2_3_1_network():
    X, y = make_xor()
    net = Network([2, 3, 1], activation="tanh", output="sigmoid", seed=1)
    history = net.fit(X, y, epochs=2000, lr=2.0)
    assert history.cost[-1] < 0.01 < history.cost[0]
    assert np.array_equal(net.forward(X)[:, 0] > 0.5, y == 1)


@given(problems())
def test_gradients_match_torch_autograd(problem):
    """An independent oracle: PyTorch's reverse mode in float64 on the same network and cost."""
    torch = pytest.importorskip("torch")
    net, X, Y = problem
    assume(off_kinks(net, X))
    Ws = [torch.tensor(W, requires_grad=True) for W in net.weights]
    bs = [torch.tensor(b, requires_grad=True) for b in net.biases]
    f = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}.get(
        net.activation.name, lambda z: z
    )
    A = torch.tensor(X)
    for W, b in zip(Ws, bs):
        A = f(A @ W.T + b)
    C = ((A - torch.tensor(Y)) ** 2).sum() / len(X)
    C.backward()
    reference = np.concatenate([t.grad.numpy().ravel() for t in Ws + bs])
    assert relative_error(flat(*net.gradients(X, Y)), reference) < 1e-9


def test_sizes_may_be_any_sequence_of_ints():
    for sizes in ([3, 4, 2], (3, 4, 2), np.array([3, 4, 2])):
        net = Network(sizes, seed=0)
        assert net.sizes == [3, 4, 2]
        assert [W.shape for W in net.weights] == [(4, 3), (2, 4)]
