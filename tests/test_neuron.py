"""nnnotes.neuron: one neuron's forward pass, MSE cost, gradients (notes 001 §2-3) and training."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnnotes import train
from nnnotes.activations import sigmoid, sigmoid_prime
from nnnotes.calculus import central_difference, relative_error
from nnnotes.data import make_gate_data, make_threshold_data, make_xor
from nnnotes.figures import ch2
from nnnotes.gradcheck import check_gradients
from nnnotes.network import Network
from nnnotes.neuron import Neuron, cost_surface, start_run


@given(
    n_inputs=st.sampled_from([1, 2, 5]),
    N=st.sampled_from([1, 3, 17, 64]),
    seed=st.integers(0, 2**16),
)
def test_gradients_match_central_differences(n_inputs, N, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(N, n_inputs))
    y = rng.uniform(size=N)
    neuron = Neuron(n_inputs, b=rng.normal(), seed=seed)
    dw, _ = neuron.gradients(X, y)
    assert dw.shape == (n_inputs,)
    check = check_gradients(neuron, X, y)
    assert check.ok, check


@pytest.mark.parametrize("activation", ["tanh", "identity"])
def test_gradients_match_central_differences_for_other_activations(activation):
    rng = np.random.default_rng(4)
    X, y = rng.normal(size=(9, 3)), rng.uniform(size=9)
    neuron = Neuron(3, b=0.3, activation=activation, seed=1)
    check = check_gradients(neuron, X, y)
    assert check.ok, check


def test_sigmoid_prime_notes_001_eq10_matches_central_differences_and_peaks_at_quarter():
    z = np.linspace(-8.0, 8.0, 81)
    assert relative_error(sigmoid_prime(z), central_difference(sigmoid, z)) < 1e-7
    assert sigmoid_prime(0.0) == 0.25
    assert np.all(sigmoid_prime(z) <= 0.25)


def test_notes_001_eq17_eq20_one_input_worked_example():
    # x = (1, -2), y = (0, 1), w = 0.5, b = -0.25, written out term by term as in eqs. 17 and 20.
    x, y, w, b = np.array([1.0, -2.0]), np.array([0.0, 1.0]), 0.5, -0.25
    a = 1 / (1 + np.exp(-(x * w + b)))
    dw_17 = 2 / 2 * np.sum((a - y) * a * (1 - a) * x)
    db_20 = 2 / 2 * np.sum((a - y) * a * (1 - a))
    dw, db = Neuron(w=w, b=b).gradients(x, y)
    assert dw[0] == pytest.approx(dw_17, rel=1e-12)
    assert db == pytest.approx(db_20, rel=1e-12)


def test_notes_001_eq27_eq31_two_inputs_use_each_input_as_its_own_factor():
    # The notes' inputs (x_i, u_i) are the columns of X; their targets "z_i" are y here.
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(6, 2)), rng.uniform(size=6)
    neuron = Neuron(w=[0.3, -0.7], b=0.1)
    a = neuron.forward(X)
    common = 2 / 6 * (a - y) * a * (1 - a)
    dw, db = neuron.gradients(X, y)
    np.testing.assert_allclose(dw, [np.sum(common * X[:, 0]), np.sum(common * X[:, 1])], rtol=1e-12)
    assert db == pytest.approx(np.sum(common), rel=1e-12)


@given(N=st.integers(1, 20), seed=st.integers(0, 2**16))
def test_batch_gradient_is_mean_of_per_example_gradients(N, seed):
    rng = np.random.default_rng(seed)
    X, y = rng.normal(size=(N, 2)), rng.uniform(size=N)
    neuron = Neuron(2, b=0.2, seed=seed)
    dw, db = neuron.gradients(X, y)
    per = [neuron.gradients(X[i : i + 1], y[i : i + 1]) for i in range(N)]
    np.testing.assert_allclose(dw, np.mean([g[0] for g in per], axis=0), atol=1e-12)
    assert db == pytest.approx(np.mean([g[1] for g in per]), abs=1e-12)


def test_neuron_agrees_with_a_one_layer_network():
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(11, 3)), rng.uniform(size=11)
    neuron = Neuron(3, b=0.4, seed=2)
    net = Network([3, 1], seed=0)
    net.weights[0][0], net.biases[0][0] = neuron.w, neuron.b
    np.testing.assert_allclose(neuron.forward(X), net.forward(X)[:, 0], rtol=1e-13)
    assert neuron.cost(X, y) == pytest.approx(net.cost(X, y), rel=1e-13)
    dWs, dbs = net.gradients(X, y)
    dw, db = neuron.gradients(X, y)
    np.testing.assert_allclose(dw, dWs[0][0], rtol=1e-12)
    assert db == pytest.approx(dbs[0][0], rel=1e-12)


def test_one_input_accepts_a_plain_vector_of_inputs():
    x, y = make_threshold_data(10, seed=1)
    neuron = Neuron(w=1.5, b=-0.5)
    assert neuron.cost(x, y) == neuron.cost(x[:, None], y[:, None])


def test_fit_lowers_the_cost():
    x, y = make_threshold_data(40, seed=3)
    neuron = Neuron(w=-2.0, b=3.0)
    history = neuron.fit(x, y, epochs=150, lr=2.0)
    assert isinstance(history, train.History) and len(history.cost) == 150
    assert history.cost[0] == Neuron(w=-2.0, b=3.0).cost(x, y)  # the cost before the step
    assert history.cost[-1] < 0.2 * history.cost[0]
    assert neuron.cost(x, y) < history.cost[-1]


def test_a_run_records_the_path_the_fit_takes():
    x, y = make_threshold_data(40, seed=3)
    run = train.step(start_run(x, y, w0=-2.0, b0=3.0, lr=2.0), 150)
    fitted = Neuron(w=-2.0, b=3.0)
    history = fitted.fit(x, y, epochs=150, lr=2.0)
    assert run.history.cost == history.cost  # one epoch per step changes nothing
    assert run.record["epoch"] == list(range(151)) and len(run.record["w"]) == 151
    assert run.record["w"][0].tolist() == [-2.0] and run.record["b"][0] == 3.0
    np.testing.assert_array_equal(run.record["w"][-1], fitted.w)
    assert run.record["b"][-1] == fitted.b


def test_fit_learns_and_but_not_xor():
    X, y = make_gate_data(10, "and", seed=0)
    neuron = Neuron(2, seed=0)
    neuron.fit(X, y, epochs=300, lr=5.0)
    assert np.mean((neuron.forward(X) > 0.5) == y) == 1.0
    X, y = make_xor(40, noise=0.05, seed=0)
    neuron = Neuron(2, seed=0)
    neuron.fit(X, y, epochs=300, lr=5.0)
    assert np.mean((neuron.forward(X) > 0.5) == y) <= 0.75


def test_callback_can_stop_training():
    x, y = make_threshold_data(10, seed=0)
    history = Neuron(w=0.0).fit(x, y, epochs=50, lr=1.0, callback=lambda e, n, c: e < 4)
    assert len(history.cost) == 5


def test_saturated_start_learns_slowly():
    # w = b = 2 aimed at target 0: sigma'(4) ~ 0.018, so the first 30 epochs barely move C.
    slow = Neuron(w=2.0, b=2.0).fit([1.0], [0.0], epochs=30, lr=0.15)
    fast = Neuron(w=0.6, b=0.9).fit([1.0], [0.0], epochs=30, lr=0.15)
    assert slow.cost[0] - slow.cost[-1] < 0.05
    assert fast.cost[-1] < 0.2 * fast.cost[0]


def test_cost_surface_matches_the_neuron_pointwise():
    x, y = make_threshold_data(12, seed=2)
    w, b = np.array([-1.0, 0.5, 2.0]), np.array([-0.5, 1.0])
    C = cost_surface(x, y, w, b)
    assert C.shape == (2, 3)
    assert C[1, 2] == pytest.approx(Neuron(w=2.0, b=1.0).cost(x, y), rel=1e-13)


def test_data_makers_are_seeded():
    np.testing.assert_array_equal(
        make_threshold_data(5, seed=7)[0], make_threshold_data(5, seed=7)[0]
    )
    X, y = make_gate_data(3, "or", seed=1)
    assert X.shape == (12, 2) and y.tolist() == [0.0] * 3 + [1.0] * 9


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: Neuron(), TypeError, "n_inputs or starting weights"),
        (lambda: Neuron(0), ValueError, "n_inputs must be at least 1"),
        (lambda: Neuron(3, w=[1.0, 2.0]), ValueError, r"w must have shape \(3,\)"),
        (lambda: Neuron(w=[[1.0, 2.0]]), ValueError, "w must be a number or have shape"),
        (lambda: Neuron(w=[np.nan]), ValueError, "w contains NaN"),
        (lambda: Neuron(w=1.0, b=[1.0, 2.0]), ValueError, "b must have 0 dimension"),
        (
            lambda: Neuron(2, seed=0).forward(np.ones((4, 3))),
            ValueError,
            r"X must have shape \(N, 2\)",
        ),
        (lambda: Neuron(2, seed=0).forward(np.ones(2)), ValueError, "X.reshape"),
        (
            lambda: Neuron(2, seed=0).cost(np.ones((4, 2)), np.ones(3)),
            ValueError,
            r"y must have shape \(4,\)",
        ),
        (lambda: Neuron(w=1.0).cost([1.0, np.nan], [0.0, 1.0]), ValueError, "X contains NaN"),
        (lambda: Neuron(w=1.0).gradients([1.0, 2.0], [0.0, np.inf]), ValueError, "y contains NaN"),
        (
            lambda: Neuron(w=1.0).fit([1.0], [0.0], epochs=5, lr=0.0),
            ValueError,
            "lr must be a positive",
        ),
        (
            lambda: Neuron(w=1.0).fit([1.0], [0.0], epochs=5, lr=-1.0),
            ValueError,
            "lr must be a positive",
        ),
        (lambda: Neuron(w=1.0).fit([1.0], [0.0], epochs=2.5, lr=0.1), TypeError, "epochs"),
        (lambda: Neuron(w=1.0, activation="step"), ValueError, "activation must be one of"),
        (lambda: make_gate_data(gate="nand"), ValueError, "gate must be 'and' or 'or'"),
        (lambda: make_gate_data(noise=-1.0), ValueError, "noise must be >= 0"),
    ],
)
def test_bad_input_raises_clear_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()


# ------------------------------------------------------------------------ chapter 2 figures


def test_draw_sigmoid_returns_sigma_and_its_derivative(fig):
    data = ch2.draw_sigmoid(fig, np.linspace(-4, 4, 9))
    np.testing.assert_allclose(data["sigma_prime"], data["sigma"] * (1 - data["sigma"]))


def test_draw_neuron_diagrams_label_every_input_and_weight(fig):
    one, two = ch2.draw_neuron_diagrams(fig, input_counts=(1, 2))
    assert {"x", "w", "b", "σ", "a"} <= set(one)
    assert {"x₁", "w₁", "x₂", "w₂", "b"} <= set(two)


def test_draw_neuron_fit_reports_the_cost(fig):
    x, y = make_threshold_data(20, seed=3)
    surface = ch2.make_surface(x, y, n=11)
    data = ch2.draw_neuron_fit(fig, x, y, 1.0, -0.5, surface)
    assert data["cost"] == pytest.approx(Neuron(w=1.0, b=-0.5).cost(x, y))
    np.testing.assert_allclose(data["a"], sigmoid(data["t"] - 0.5))


def test_dashboard_run_and_descent_figure(fig):
    x, y = make_threshold_data(20, seed=3)
    surface = ch2.make_surface(x, y, n=11)
    run = start_run(x, y, lr=2.0, epochs_per_step=5, w0=-2.0, b0=3.0)
    train.step(run, 3)
    assert run.epoch == 15 and run.record["epoch"] == [0, 5, 10, 15]
    assert train.status(run) == f"epoch 15 · cost {run.history.cost[-1]:.4g}"
    data = ch2.draw_descent(fig, run, surface)
    # the drawn path goes through the parameters a plain fit visits every 5 epochs
    plain = Neuron(w=-2.0, b=3.0)
    for k in range(1, 4):
        plain.fit(x, y, epochs=5, lr=2.0)
        np.testing.assert_array_equal(data["path"][k], [plain.w[0], plain.b])
    (line,) = [l for l in fig.axes[0].lines if len(l.get_xdata()) == 4]
    np.testing.assert_array_equal(line.get_xydata(), data["path"])
    fig.clear()
    early = ch2.draw_descent(fig, run, surface, upto=1)
    assert early["path"].shape == (2, 2) and early["cost"].shape == (5,)


def test_draw_decision_line_is_where_the_output_is_one_half(fig):
    X, y = make_gate_data(5, "and", seed=0)
    start = Neuron(2, seed=0)
    run = train.step(start_run(X, y, w0=start.w, b0=start.b, lr=5.0), 100)
    data = ch2.draw_decision(fig, run, ghosts=(0, 10))
    np.testing.assert_allclose(
        Neuron(w=data["w"], b=data["b"]).forward(data["line"]), 0.5, atol=1e-12
    )
    assert data["accuracy"] == 1.0


def test_draw_slowdown_returns_cost_and_sigma_prime(fig):
    run = train.step(start_run([1.0], [0.0], w0=2.0, b0=2.0, lr=0.15), 10)
    data = ch2.draw_slowdown(fig, {"saturated": run})["saturated"]
    assert data["cost"].shape == (10,) and data["sigma_prime"].shape == (11,)
    assert data["sigma_prime"][0] == pytest.approx(sigmoid_prime(4.0))
