"""The matrix network of chapter 4 (notes 001 §6): gradients, bridges, shapes, errors, training."""

import copy

import numpy as np
import pytest
from _gradcheck import off_kinks, problems
from hypothesis import assume, given

from nnnotes._trainer import product_for, row_blocks
from nnnotes.activations import ACTIVATIONS, Activation
from nnnotes.calculus import relative_error
from nnnotes.chain import ScalarChain
from nnnotes.data import make_xor
from nnnotes.formulations.differences import flatten as flat
from nnnotes.formulations.differences import numerical_network_gradients as fd_gradients
from nnnotes.gradcheck import check_gradients
from nnnotes.losses import LOSSES
from nnnotes.network import Network


@given(problems())
def test_gradients_match_finite_differences_layer_by_layer(problem):
    net, X, Y = problem
    assume(off_kinks(net, X))
    check = check_gradients(net, X, Y)  # every W^(l) and b^(l) on its own scale
    assert check.ok, check


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
    Zs, As = net.forward_pass(X)
    assert Zs[0] is None and np.array_equal(As[0], X)
    assert [Z.shape for Z in Zs[1:]] == [A.shape for A in As[1:]] == [(N, m) for m in net.sizes[1:]]
    dWs, dbs = net.gradients(X, Y)
    assert [dW.shape for dW in dWs] == [W.shape for W in net.weights]
    assert [db.shape for db in dbs] == [b.shape for b in net.biases]
    assert len(dWs) == L and isinstance(net.cost(X, Y), float)


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_every_activation_on_a_fixed_net(activation):
    rng = np.random.default_rng(7)
    net = Network([3, 5, 4, 2], activation=activation, seed=rng)
    for b in net.biases:
        b += 0.5 * rng.standard_normal(b.shape)  # zero biases put dead ReLUs exactly on the kink
    X, Y = rng.standard_normal((9, 3)), rng.random((9, 2))
    assert off_kinks(net, X)
    check = check_gradients(net, X, Y)
    assert check.ok, check


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


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
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
    net.weights[1] = np.zeros((3, 1))
    with pytest.raises(ValueError, match=r"weights\[1\] must have shape \(1, 3\).*got \(3, 1\)"):
        net.forward(np.zeros((4, 2)))
    net.weights = net.weights[:1]
    with pytest.raises(ValueError, match=r"weights must hold 2 arrays.*got 1"):
        net.fit(np.zeros((4, 2)), np.zeros(4), epochs=1, lr=1.0)


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
    torch_f = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}
    torch_f["identity"] = lambda z: z
    assert set(torch_f) == set(ACTIVATIONS), "give a new activation its PyTorch twin here"
    f = torch_f[net.activation.name]
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


# --------------------------------------------- the fast path (nnnotes._trainer) and the equations
def plain_sgd(net, X, Y, epochs, lr, batch_size, seed):
    """Minibatch SGD written with nothing but forward_pass, backward_pass and W -= lr dW.

    Like Network.fit, it shuffles each epoch unless one batch holds every example.
    """
    rng, N = np.random.default_rng(seed), len(X)
    for _ in range(epochs):
        order = rng.permutation(N) if batch_size < N else slice(None)
        Xs, Ys = X[order], Y[order]
        for start in range(0, N, batch_size):
            Xb, Yb = Xs[start : start + batch_size], Ys[start : start + batch_size]
            dWs, dbs = net.backward_pass(*net.forward_pass(Xb), Yb)
            for p, dp in zip(net.weights + net.biases, dWs + dbs):
                p -= lr * dp


def same_bits(arrays, others):
    return all(a.tobytes() == b.tobytes() for a, b in zip(arrays, others, strict=True))


def parameters(net):
    return net.weights + net.biases


@pytest.mark.parametrize(
    ("loss", "output"),
    [(name, output) for name in sorted(LOSSES) for output in (None, "softmax")
     if output == "softmax" or not LOSSES[name].needs_softmax],
)  # fmt: skip
@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_fit_trains_bit_for_bit_like_the_plain_equations(activation, loss, output):
    """Network.fit (reused arrays, packed parameters, f' from A) is eqs. 58-63 exactly."""
    rng = np.random.default_rng(5)
    fast = Network([4, 6, 5, 3], activation=activation, output=output, loss=loss, seed=rng)
    for b in fast.biases:
        b += 0.3 * rng.standard_normal(b.shape)
    plain = copy.deepcopy(fast)
    X = rng.standard_normal((45, 4))
    Y = np.eye(3)[rng.integers(0, 3, 45)]
    with np.errstate(all="ignore"):
        fast.fit(X, Y, epochs=4, lr=0.2, batch_size=8, seed=9)
        plain_sgd(plain, X, Y, epochs=4, lr=0.2, batch_size=8, seed=9)
        assert same_bits(parameters(fast), parameters(plain))
        dWs, dbs = fast.gradients(X, Y)
        dWs_plain, dbs_plain = plain.backward_pass(*plain.forward_pass(X), Y)
        assert same_bits(dWs + dbs, dWs_plain + dbs_plain)


def test_fit_trains_bit_for_bit_at_a_batch_large_enough_for_matmul_and_blocks():
    """Above SMALL entries per layer array the trainer multiplies with np.matmul, not .dot;
    above BLOCK it multiplies f'(Z) into Delta a block of rows at a time."""
    rng = np.random.default_rng(6)
    fast = Network([5, 240, 4], activation="tanh", output="softmax", loss="cross_entropy", seed=0)
    plain = copy.deepcopy(fast)
    X, Y = rng.standard_normal((300, 5)), np.eye(4)[rng.integers(0, 4, 300)]
    assert product_for(150 * 240) is np.matmul and product_for(7 * 60) is np.ndarray.dot
    assert [(r.start, r.stop) for r in row_blocks(150, 240)] == [(0, 136), (136, 272)]
    fast.fit(X, Y, epochs=2, lr=0.2, batch_size=150, seed=3)
    plain_sgd(plain, X, Y, epochs=2, lr=0.2, batch_size=150, seed=3)
    assert same_bits(parameters(fast), parameters(plain))


def test_fit_with_batch_sizes_that_change_between_calls_trains_bit_for_bit():
    """The trainer keeps arrays and a plan per batch size, taller arrays once a batch outgrows
    them: calls at 8, then 300 (all: taller arrays), 150, then 8 again (views of the tall
    ones) train as the equations do."""
    rng = np.random.default_rng(7)
    fast = Network([5, 240, 6, 4], activation="sigmoid", output="softmax", loss="cross_entropy")
    plain = copy.deepcopy(fast)
    X, Y = rng.standard_normal((300, 5)), np.eye(4)[rng.integers(0, 4, 300)]
    for batch_size, seed in [(8, 1), (300, 2), (150, 3), (8, 4)]:
        fast.fit(X, Y, epochs=1, lr=0.3, batch_size=batch_size, seed=seed)
        plain_sgd(plain, X, Y, epochs=1, lr=0.3, batch_size=batch_size, seed=seed)
        assert same_bits(parameters(fast), parameters(plain)), f"batch size {batch_size}"


def test_an_activation_of_your_own_trains_by_the_plain_equations():
    """Without f_prime_from_a (and out=) the fast path falls back on the equations as written."""
    softplus = Activation(
        "softplus", lambda z: np.logaddexp(0.0, z), lambda z: 1 / (1 + np.exp(-z))
    )
    rng = np.random.default_rng(1)
    net = Network([3, 4, 2], activation=softplus, output="softmax", loss="cross_entropy", seed=0)
    plain = copy.deepcopy(net)
    X, Y = rng.standard_normal((20, 3)), np.eye(2)[rng.integers(0, 2, 20)]
    net.fit(X, Y, epochs=3, lr=0.5, batch_size=6, seed=2)
    plain_sgd(plain, X, Y, epochs=3, lr=0.5, batch_size=6, seed=2)
    assert same_bits(parameters(net), parameters(plain))
    assert relative_error(flat(*net.gradients(X, Y)), flat(*fd_gradients(net, X, Y))) < 1e-7


def test_fit_called_again_and_again_equals_one_long_fit():
    """A dashboard calls fit once per frame: nothing is lost or re-drawn between the calls."""
    X, y = make_xor()
    once, frames = Network([2, 3, 1], seed=4), Network([2, 3, 1], seed=4)
    history = once.fit(X, y, epochs=6, lr=1.0)
    costs = [frames.fit(X, y, epochs=1, lr=1.0).cost[0] for _ in range(6)]
    assert costs == history.cost
    assert same_bits(parameters(once), parameters(frames))
    W = frames.weights[0]
    frames.fit(X, y, epochs=1, lr=1.0)
    assert frames.weights[0] is W  # trained in place: a reference to net.weights[l] follows it


def test_fit_with_other_shapes_between_calls_matches_fresh_networks():
    rng = np.random.default_rng(2)
    X, Y = rng.standard_normal((40, 3)), rng.random((40, 2))
    net = Network([3, 4, 2], activation="tanh", seed=0)
    for N, batch_size in [(40, 8), (10, None), (40, 40), (25, 7), (3, 16)]:
        fresh = copy.deepcopy(net)
        net.fit(X[:N], Y[:N], epochs=2, lr=0.3, batch_size=batch_size, seed=1)
        plain_sgd(fresh, X[:N], Y[:N], 2, 0.3, batch_size or N, seed=1)
        assert same_bits(parameters(net), parameters(fresh)), (N, batch_size)


@pytest.mark.parametrize("assign", ["entry", "list"])
def test_fit_trains_what_net_weights_shows_after_assignment(assign):
    """net.weights[0] = W (or net.weights = [...]) before fit: fit starts from W, trains the
    network's own arrays, and net.weights shows the result; W itself is left as it was."""
    rng = np.random.default_rng(8)
    X, Y = rng.standard_normal((12, 3)), rng.random((12, 2))
    net = Network([3, 4, 2], seed=0)
    net.fit(X, Y, epochs=2, lr=0.5)  # the network now trains its own packed arrays
    W = rng.standard_normal((4, 3))
    W_before = W.copy()
    if assign == "entry":
        net.weights[0] = W
    else:
        net.weights = [W, net.weights[1].copy()]
    expected = copy.deepcopy(net)
    assert net.forward(X).tobytes() == expected.forward(X).tobytes()  # W is used at once
    net.fit(X, Y, epochs=3, lr=0.5)
    plain_sgd(expected, X, Y, epochs=3, lr=0.5, batch_size=12, seed=0)
    assert same_bits(parameters(net), parameters(expected))
    assert np.array_equal(W, W_before) and not np.shares_memory(W, net.weights[0])
    net.biases[1] = [0.5, -0.5]  # array-likes of the right shape are taken as floats
    assert net.forward(X).shape == (12, 2) and net.biases[1].dtype == np.float64


def test_a_callback_may_assign_weights_between_epochs():
    rng = np.random.default_rng(4)
    X, Y = rng.standard_normal((10, 2)), rng.random((10, 1))
    net, reference = Network([2, 3, 1], seed=1), Network([2, 3, 1], seed=1)
    zeros = np.zeros((3, 2))

    def reset(epoch, network, cost):
        network.weights[0] = zeros

    net.fit(X, Y, epochs=2, lr=1.0, callback=reset)
    reference.fit(X, Y, epochs=1, lr=1.0)
    reference.weights[0] = zeros
    reference.fit(X, Y, epochs=1, lr=1.0)
    reference.weights[0] = zeros
    assert same_bits(parameters(net), parameters(reference))
    assert not zeros.any()


def test_gradients_are_new_arrays_and_copies_train_alone():
    rng = np.random.default_rng(6)
    X, Y = rng.standard_normal((5, 2)), rng.random((5, 1))
    net = Network([2, 3, 1], seed=0)
    first = net.gradients(X, Y)[0][0]
    kept = first.copy()
    net.gradients(2 * X, Y)
    assert np.array_equal(first, kept)
    twin = copy.deepcopy(net)
    twin.fit(X, Y, epochs=3, lr=1.0)
    assert net.cost(X, Y) > twin.cost(X, Y)
    assert not any(np.shares_memory(p, q) for p, q in zip(parameters(net), parameters(twin)))
