"""nnnotes.chain, nnnotes.timing and nnnotes.figures.ch3: the n-layer scalar chain (chapter 3)."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnnotes import timing, train
from nnnotes.chain import ScalarChain, start_run
from nnnotes.data import make_falling_curve
from nnnotes.figures import ch3
from nnnotes.gradcheck import check_function, check_gradients
from nnnotes.network import Network
from nnnotes.timing import best_time, count_calls, gradient_timings


def _problem(depth, n_examples=25, seed=0, activation="sigmoid"):
    """A chain with non-zero biases (so every term of eqs. 46-49 matters) and some data."""
    rng = np.random.default_rng(seed)
    chain = ScalarChain(depth, activation=activation, seed=rng)
    chain.b = rng.normal(0.0, 0.5, depth)
    X = rng.uniform(-1.5, 1.5, n_examples)
    y = rng.uniform(0.0, 1.0, n_examples)
    return chain, X, y


def _flat(dw, db):
    return np.concatenate([dw, db])


@pytest.mark.parametrize("depth", range(1, 11))
@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
def test_gradients_match_central_differences_layer_by_layer(depth, activation):
    chain, X, y = _problem(depth, seed=depth, activation=activation)
    for convention in ("cost", "loss"):
        check = check_gradients(chain, X, y, grads=chain.gradients(X, y, convention=convention))
        assert check.ok, check  # every w^(l) and b^(l) on its own scale


@given(depth=st.integers(1, 8), n_examples=st.integers(1, 30), seed=st.integers(0, 2**16))
def test_notes_001_s4_and_s5_conventions_give_the_same_gradient(depth, n_examples, seed):
    """§4 folds 2/n into delta (eq. 43) and sums (eqs. 46-49); §5 keeps 2 (eq. 51) and averages."""
    chain, X, y = _problem(depth, n_examples, seed)
    delta_cost = chain.deltas(X, y, convention="cost")
    delta_loss = chain.deltas(X, y, convention="loss")
    np.testing.assert_allclose(delta_loss, n_examples * delta_cost, rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(
        _flat(*chain.gradients(X, y, "cost")),
        _flat(*chain.gradients(X, y, "loss")),
        rtol=1e-12,
        atol=1e-300,
    )


@given(depth=st.integers(1, 6), n_examples=st.integers(1, 12), seed=st.integers(0, 2**16))
def test_batch_gradient_is_mean_of_per_example_gradients(depth, n_examples, seed):
    chain, X, y = _problem(depth, n_examples, seed)
    per_example = [_flat(*chain.gradients(X[i : i + 1], y[i : i + 1])) for i in range(n_examples)]
    np.testing.assert_allclose(
        _flat(*chain.gradients(X, y)), np.mean(per_example, axis=0), rtol=1e-10, atol=1e-14
    )


def test_notes_001_eqs36_to_49_two_neurons_by_hand():
    chain, X, y = _problem(2, n_examples=5, seed=3)
    (w1, w2), (b1, b2), n = chain.w, chain.b, X.size
    z1 = X * w1 + b1  # eq. 36
    a1 = 1 / (1 + np.exp(-z1))  # eq. 37
    z2 = a1 * w2 + b2  # eq. 38
    a2 = 1 / (1 + np.exp(-z2))  # eq. 39
    assert chain.cost(X, y) == pytest.approx(np.mean((a2 - y) ** 2))  # eq. 40
    delta2 = 2 / n * (a2 - y) * a2 * (1 - a2)  # eq. 43
    delta1 = delta2 * w2 * a1 * (1 - a1)  # eq. 45
    np.testing.assert_allclose(chain.deltas(X, y), [delta1, delta2], rtol=1e-12)
    expected = [np.sum(delta1 * X), np.sum(delta2 * a1), np.sum(delta1), np.sum(delta2)]
    dw, db = chain.gradients(X, y)  # eqs. 48, 46, 49, 47
    np.testing.assert_allclose(_flat(dw, db), expected, rtol=1e-12)


def test_notes_001_eq54_backward_recurrence():
    chain, X, y = _problem(6, seed=4)
    z, a = chain.forward_pass(X)
    delta = chain.deltas(X, y)
    for l in range(5):  # 0-based: delta[l] is delta^(l+1)
        np.testing.assert_allclose(
            delta[l], chain.w[l + 1] * delta[l + 1] * a[l + 1] * (1 - a[l + 1])
        )
    np.testing.assert_allclose(a[1:], 1 / (1 + np.exp(-z)))


def test_column_inputs_equal_flat_inputs():
    chain, X, y = _problem(3)
    assert chain.forward(X[:, None]).shape == (X.size,)
    np.testing.assert_array_equal(chain.forward(X[:, None]), chain.forward(X))
    for g_col, g_flat in zip(chain.gradients(X[:, None], y[:, None]), chain.gradients(X, y)):
        np.testing.assert_array_equal(g_col, g_flat)


@pytest.mark.parametrize("depth", [1, 2, 5])
def test_chain_is_a_width_one_network(depth):
    chain, X, y = _problem(depth, seed=7)
    fresh = ScalarChain(depth, seed=11)
    net = Network([1] * (depth + 1), seed=11)
    np.testing.assert_array_equal(fresh.w, [W[0, 0] for W in net.weights])
    net.weights = [np.array([[w]]) for w in chain.w]
    net.biases = [np.array([b]) for b in chain.b]
    np.testing.assert_allclose(net.forward(X[:, None])[:, 0], chain.forward(X), rtol=1e-14)
    assert net.cost(X[:, None], y) == pytest.approx(chain.cost(X, y), rel=1e-14)
    dWs, dbs = net.gradients(X[:, None], y)
    np.testing.assert_allclose(np.ravel(dWs), chain.gradients(X, y)[0], rtol=1e-12)
    np.testing.assert_allclose(np.ravel(dbs), chain.gradients(X, y)[1], rtol=1e-12)


def test_fit_lowers_the_cost_and_records_it():
    x, y = make_falling_curve(seed=1)
    chain = ScalarChain(3, seed=0)
    before = chain.cost(x, y)
    history = chain.fit(x, y, epochs=800, lr=2.0)
    assert history.cost[0] == pytest.approx(before)
    assert chain.cost(x, y) < 0.1 * before
    assert len(history.cost) == 800


def test_fit_callback_can_stop_training():
    x, y = make_falling_curve(seed=1)
    history = ScalarChain(2).fit(x, y, epochs=50, lr=1.0, callback=lambda e, c, cost: e < 4)
    assert len(history.cost) == 5


def test_gradients_explode_when_every_z_stays_at_zero():
    """w = 6, b = -3 and x = 1/2 keep z = 0, a = 1/2 everywhere: each layer back multiplies by 6/4."""
    chain = ScalarChain(10)
    chain.w[:], chain.b[:] = 6.0, -3.0
    dw, _ = chain.gradients([0.5], [1.0])
    np.testing.assert_allclose(dw[:-1] / dw[1:], 1.5, rtol=1e-12)


def test_sigmoid_gradients_vanish_going_back_and_respect_the_quarter_bound():
    for scale in (0.5, 1.0, 2.0, 8.0):
        g = ch3.gradient_magnitudes(20, scale, seed=0)
        assert np.all(g["dw"] <= g["bound"] * (1 + 1e-12))
        assert g["dw"][0] < 1e-6 * g["dw"][-1]
        assert g["factor"].shape == (19,)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: ScalarChain(0), ValueError, "depth must be at least 1"),
        (lambda: ScalarChain(2.5), TypeError, "depth"),
        (lambda: ScalarChain(2, activation="softplus"), ValueError, "activation"),
        (lambda: ScalarChain(2, weight_scale=0.0), ValueError, "weight_scale"),
        (lambda: ScalarChain(2, seed="x"), TypeError, "seed"),
        (lambda: ScalarChain(2).forward(np.ones((4, 2))), ValueError, r"X must hold.*\(4, 2\)"),
        (lambda: ScalarChain(2).forward([]), ValueError, "X must hold"),
        (lambda: ScalarChain(2).forward([1.0, np.nan]), ValueError, "X contains NaN"),
        (lambda: ScalarChain(2).forward("abc"), TypeError, "X"),
        (lambda: ScalarChain(2).cost([1.0, 2.0], [1.0]), ValueError, r"y must have shape \(2,\)"),
        (lambda: ScalarChain(2).gradients([1.0], [1.0], "mean"), ValueError, "convention"),
        (lambda: ScalarChain(2).fit([1.0], [1.0], epochs=0, lr=0.1), ValueError, "epochs"),
        (lambda: ScalarChain(2).fit([1.0], [1.0], epochs=2, lr=-1.0), ValueError, "lr"),
        (lambda: gradient_timings([]), ValueError, "depths"),
        (lambda: gradient_timings([2, 0]), ValueError, "depths"),
        (lambda: make_falling_curve(noise=-1.0), ValueError, "noise must be >= 0"),
    ],
)
def test_bad_input_raises_clear_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_numerical_gradient_makes_4n_forward_passes():
    t = gradient_timings([1, 3, 5], n_examples=8, repeats=1)
    np.testing.assert_array_equal(t["cost_calls"], [4, 12, 20])
    assert np.all(t["numerical"] > 0) and np.all(t["backprop"] > 0)
    np.testing.assert_allclose(t["ratio"], t["numerical"] / t["backprop"])


def test_timing_helpers(monkeypatch):
    f, counter = count_calls(lambda v: v + 1)
    assert f(1) == 2 and counter == [1]
    # a clock that advances 5, 3, then 4 seconds over the three repeats of two calls each
    ticks = iter([0.0, 5.0, 10.0, 13.0, 20.0, 24.0])
    monkeypatch.setattr(timing.time, "perf_counter", lambda: next(ticks))
    assert best_time(lambda: f(0), repeats=3, number=2) == 1.5  # the best repeat, per call
    assert counter == [7]


def test_figures_return_what_they_plot():
    fig = plt.figure()
    t = ch3.draw_timings(fig, [1, 2, 3], n_examples=8, repeats=1)
    assert t["ratio"].shape == (3,) and np.isfinite(t["slope"])
    plt.close(fig)
    fig = plt.figure()
    data = ch3.draw_gradient_magnitudes(fig, depth=6, scales=(1.0, 2.0))
    assert set(data) == {1.0, 2.0} and data[1.0]["dw"].shape == (6,)
    plt.close(fig)
    x, y = make_falling_curve(n=20, seed=2)
    run = train.step(start_run(x, y, depth=3, lr=2.0, seed=0, epochs_per_step=100), 3)
    plain = ScalarChain(3, seed=0)
    plain.fit(x, y, epochs=300, lr=2.0)
    np.testing.assert_array_equal(run.latest("w"), plain.w)  # stepping = one long fit
    assert run.latest("cost") == plain.cost(x, y)
    fig = plt.figure()
    shown = ch3.draw_run(fig, run, upto=2)
    ax_fit, _, ax_cost = fig.axes
    assert shown["w"].shape == (3, 3) and list(shown["epoch"]) == [0, 100, 200]
    np.testing.assert_array_equal(ax_cost.lines[0].get_ydata(), run.record["cost"][:3])
    curve = ax_fit.lines[1].get_ydata()  # the chain after 200 epochs, drawn on [-1, 1]
    after_200 = ScalarChain(3, seed=0)
    after_200.fit(x, y, epochs=200, lr=2.0)
    np.testing.assert_allclose(curve, after_200.forward(np.linspace(-1.0, 1.0, 200)), rtol=1e-12)
    plt.close(fig)


def test_notes_000_eq3_completed_is_N_times_the_mean_cost_gradient():
    """Notes 000 §1.1 sums over examples (eq. 2, no 1/N) and leaves eq. 3 unfinished."""
    chain, X, y = _problem(4, n_examples=6, seed=5)
    _, a = chain.forward_pass(X)
    slope = a[1:] * (1 - a[1:])
    product = 2 * (a[-1] - y) * slope[-1]
    for l in range(2, -1, -1):
        product = product * chain.w[l + 1] * slope[l]
    dC_dW1 = np.sum(product * a[0])
    sum_cost = lambda theta: X.size * chain.cost_function(X, y)(theta)  # noqa: E731
    grad = X.size * np.concatenate(chain.gradients(X, y))
    assert check_function(sum_cost, chain.parameters, grad).ok
    assert dC_dW1 == pytest.approx(X.size * chain.gradients(X, y)[0][0], rel=1e-12)
