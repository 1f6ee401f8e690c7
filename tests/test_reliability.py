"""Reliability: no silent nonsense, no lost training, exact extremes.

Each test states the behaviour; every one of them failed on the code before the fix.
"""

import copy

import numpy as np
import pytest

from nnnotes import train
from nnnotes.activations import ACTIVATIONS, Activation, sigmoid, sigmoid_prime
from nnnotes.losses import cross_entropy, cross_entropy_from_logits, cross_entropy_prime
from nnnotes.network import Network
from nnnotes.softmax import log_softmax, softmax, softmax_backward, softmax_jacobian


# ------------------------------------------------------------------------------ divergence
def relu_problem():
    rng = np.random.default_rng(3)
    X, Y = rng.standard_normal((40, 3)), rng.standard_normal((40, 2))
    return Network([3, 8, 2], activation="relu", output="identity", seed=0), X, Y


def test_diverging_fit_raises_and_keeps_the_last_finite_parameters():
    """lr = 1e6: Diverged, and the parameters are the last whose cost was finite (a replay)."""
    net, X, Y = relu_problem()
    with pytest.raises(train.Diverged, match=r"epoch \d+ with lr=1e\+06") as info:
        net.fit(X, Y, epochs=5, lr=1e6, batch_size=10, seed=1)
    err = info.value
    assert all(np.all(np.isfinite(p)) for p in net.weights + net.biases)
    assert np.isfinite(net.cost(X, Y))  # the kept parameters can still be evaluated
    # replay: the same steps, one by one, stopped before the one that diverged
    replay, _, _ = relu_problem()
    steps, previous = 0, []
    rng = np.random.default_rng(1)
    for _epoch in range(err.epoch):
        order = rng.permutation(40)
        for start in range(0, 40, 10):
            Xb, Yb = X[order[start : start + 10]], Y[order[start : start + 10]]
            with np.errstate(all="ignore"):
                Zs, As = replay._forward_pass(Xb)
                dWs, dbs = replay.backward_pass(Zs, As, Yb)
                C = replay.output_cost(Zs[-1], As[-1], Yb)
            grads = [1e6 * g for g in dWs + dbs]
            if not train.finite(C) and steps:  # this batch's cost: undo the step that led here
                for p, old in zip(replay.weights + replay.biases, previous):
                    p[...] = old
            if not train.finite(C, *grads, *replay.weights, *replay.biases):
                break
            previous = [p.copy() for p in replay.weights + replay.biases]
            for p, g in zip(replay.weights + replay.biases, grads):
                p -= g
            steps += 1
        else:
            continue
        break
    assert steps >= 1
    for p, q in zip(net.weights + net.biases, replay.weights + replay.biases):
        assert np.array_equal(p, q)
    assert len(err.history.cost) == err.epoch - 1


def test_train_step_records_a_diverged_network_run():
    net, X, Y = relu_problem()
    run = train.start(net, X, Y, lr=1e6, epochs_per_step=3, batch_size=10, seed=1)
    train.step(run, 2)
    assert isinstance(run.diverged, train.Diverged) and run.done
    assert "DIVERGED" in train.status(run)
    assert all(np.all(np.isfinite(p)) for p in net.weights + net.biases)


def test_fit_raises_no_floating_point_warning_or_error_while_diverging():
    net, X, Y = relu_problem()
    with np.errstate(all="raise"), pytest.raises(train.Diverged):
        net.fit(X, Y, epochs=5, lr=1e6)


def test_callback_is_checked_before_any_training():
    net, X, Y = relu_problem()
    before = copy.deepcopy(net.weights)
    with pytest.raises(TypeError, match="callback"):
        net.fit(X, Y, epochs=1, lr=0.1, callback="x")
    assert all(np.array_equal(p, q) for p, q in zip(net.weights, before))


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("name", ["X", "Y"])
@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
@pytest.mark.parametrize("output", [None, "softmax"])
def test_nan_or_infinity_in_the_data_is_refused_with_the_parameters_untouched(
    output, activation, name, bad
):
    """fit and gradients find a NaN or infinity in X or Y from their own arithmetic (a bad
    entry always makes its batch's cost or dC/dW non-finite) instead of checking first: the
    error still names the array, and fit leaves the parameters as it found them, though the
    bad row sits in the last of many batches. Large weights saturate the hidden units, so an
    infinite input there gives finite activations: only dC/dW shows it."""
    rng = np.random.default_rng(11)
    loss = "cross_entropy" if output else "mse"
    net = Network([3, 5, 2], activation=activation, output=output, loss=loss, seed=rng)
    net.weights[0] *= 50.0
    X, Y = rng.standard_normal((30, 3)), np.eye(2)[rng.integers(0, 2, 30)]
    (X if name == "X" else Y)[29, 1] = bad
    before = [p.copy() for p in net.weights + net.biases]
    for call in (
        lambda: net.fit(X, Y, epochs=3, lr=0.1, batch_size=4, seed=0),
        lambda: net.gradients(X, Y),
    ):
        with np.errstate(all="raise"), pytest.raises(ValueError, match=f"^{name} contains NaN"):
            call()
        assert all(np.array_equal(p, q) for p, q in zip(net.weights + net.biases, before))


# ------------------------------------------------------------------------ refused nonsense
@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        (dict(sizes=[3, 4, 1], output="softmax"), "output='softmax' needs at least 2 outputs"),
        (dict(sizes=[3, 4, 1], output="sigmoid", loss="cross_entropy"), "needs output='softmax'"),
        (dict(sizes=[3, 4, 2], loss="cross_entropy"), "needs output='softmax'"),
        (dict(sizes=[3, 2], output="bogus"), "output must be one of"),
    ],
)
def test_network_refuses_outputs_and_losses_that_do_not_fit(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Network(**kwargs)


def test_softmax_network_names_its_output():
    net = Network([3, 4, 2], output="softmax", loss="cross_entropy")
    assert net.output.name == "softmax" and "output='softmax'" in repr(net)


@pytest.mark.parametrize(
    "A", [[[5.0, 5.0]], [[-0.5, 1.5]], [[0.2, 0.2]], [[0.5]], np.zeros((0, 2))]
)
@pytest.mark.parametrize("function", [cross_entropy, cross_entropy_prime])
def test_cross_entropy_refuses_what_is_not_a_probability_array(function, A):
    with pytest.raises(ValueError, match="A"):
        function(A, np.ones_like(np.asarray(A)))


@pytest.mark.parametrize("method", ["forward", "cost", "gradients", "fit"])
def test_empty_batch_is_refused(method):
    net = Network([3, 2], seed=0)
    X, Y = np.zeros((0, 3)), np.zeros((0, 2))
    args = {"forward": (X,), "cost": (X, Y), "gradients": (X, Y), "fit": (X, Y, 1, 0.1)}
    with pytest.raises(ValueError, match="N >= 1"):
        getattr(net, method)(*args[method])


@pytest.mark.parametrize("Z", [np.zeros(0), np.zeros((3, 0)), np.zeros((2, 2, 2))])
@pytest.mark.parametrize("function", [softmax, log_softmax])
def test_softmax_refuses_empty_or_3d_logits(function, Z):
    with pytest.raises(ValueError, match="Z must have shape"):
        function(Z)


@pytest.mark.parametrize(
    ("A", "dA"), [(np.ones((2, 3)) / 3, np.ones((3, 2))), (np.ones(3) / 3, np.ones(3))]
)
def test_softmax_backward_checks_its_shapes(A, dA):
    with pytest.raises(ValueError, match="same shape"):
        softmax_backward(A, dA)


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (lambda net: setattr(net, "weights", net.weights[:1]), "weights must hold 2 arrays"),
        (lambda net: net.weights.__setitem__(1, np.zeros((3, 4))), r"weights\[1\] must have"),
        (lambda net: net.biases.__setitem__(0, np.zeros(5)), r"biases\[0\] must have"),
    ],
)
def test_wrong_parameters_are_refused_before_forward(change, match):
    net = Network([3, 4, 2], seed=0)
    change(net)
    with pytest.raises(ValueError, match=match):
        net.forward(np.zeros((1, 3)))


def test_an_activation_without_out_trains_with_fit():
    """f_prime_from_a given but no out=: fit uses the plain equations (takes_out=False)."""
    square = Activation("square", lambda z: z * z, lambda z: 2 * z, lambda a: 2 * np.sqrt(a))
    softplus = Activation(
        "softplus", lambda z: np.logaddexp(0, z), sigmoid, lambda a: -np.expm1(-a)
    )
    rng = np.random.default_rng(0)
    X, Y = rng.standard_normal((12, 3)), np.eye(2)[rng.integers(0, 2, 12)]
    for act in (softplus, square):
        net = Network([3, 4, 2], activation=act, output="softmax", loss="cross_entropy", seed=0)
        history = net.fit(X, Y, epochs=3, lr=0.1, batch_size=5, seed=0)
        assert len(history.cost) == 3
    net = Network([3, 2], activation=softplus, seed=0)
    assert np.isfinite(net.fit(X, Y, epochs=2, lr=0.1).cost).all()


# ---------------------------------------------------------------- extremes, exactly and finite
Z_EXTREME = np.array([[-1e4, 0.0, 1e4], [-1e4, -1e4 + 1.0, -9e3], [3.0, -2.0, 1e4]])


def test_sigmoid_and_its_derivative_are_finite_and_right_at_1e4():
    z = np.array([-1e4, -745.0, -50.0, 0.0, 50.0, 1e4])
    with np.errstate(all="raise"):
        a, da = sigmoid(z), sigmoid_prime(z)
    assert np.all(np.isfinite(a)) and np.all(np.isfinite(da))
    np.testing.assert_allclose(a[2:], 1 / (1 + np.exp(-z[2:])), rtol=1e-15)
    assert a[0] < 1e-300 and a[-1] == 1.0 and da[0] < 1e-300 and da[-1] == 0.0


def test_softmax_log_softmax_and_jacobian_are_finite_and_right_at_1e4():
    with np.errstate(all="raise"):
        A, logA = softmax(Z_EXTREME), log_softmax(Z_EXTREME)
        J = softmax_jacobian(Z_EXTREME[0])
        dZ = softmax_backward(A, np.ones_like(A))
    for x in (A, logA, J, dZ):
        assert np.all(np.isfinite(x))
    np.testing.assert_allclose(A.sum(axis=1), 1.0, rtol=1e-15)
    # exact log-probabilities: row 1's largest logit is -9e3, so the first two are -1e3 and -999 below
    np.testing.assert_allclose(logA[1], [-1000.0, -999.0, 0.0], rtol=1e-15)
    np.testing.assert_allclose(logA[0], [-2e4, -1e4, 0.0], rtol=1e-15)
    assert np.all(A[logA < -745] < 1e-300) and np.all(A > 0)


def test_cross_entropy_from_logits_is_exact_at_1e4():
    Y = np.eye(3)[[0, 0, 1]]  # the first two targets are confidently wrong
    with np.errstate(all="raise"):
        C = cross_entropy_from_logits(Z_EXTREME, Y)
        C_probs = cross_entropy(softmax(Z_EXTREME), Y)  # floored at 1e-12: finite, not exact
        dA = cross_entropy_prime(softmax(Z_EXTREME), Y)
    np.testing.assert_allclose(C, (2e4 + 1000.0 + 10002.0) / 3, rtol=1e-15)
    assert np.isfinite(C_probs) and np.all(np.isfinite(dA))


def test_network_cost_of_a_confident_wrong_softmax_is_exact():
    net = Network([2, 3], activation="identity", output="softmax", loss="cross_entropy")
    net.weights[0][...] = [[1e4, 0.0], [0.0, 0.0], [-1e4, 0.0]]
    X, Y = np.array([[1.0, 0.0]]), np.array([[0.0, 0.0, 1.0]])
    with np.errstate(all="raise"):
        assert net.cost(X, Y) == pytest.approx(2e4, rel=1e-15)
        dWs, _ = net.gradients(X, Y)
    assert np.all(np.isfinite(dWs[0]))
