"""nnnotes.train: the one training-run protocol (start / step / status), History and divergence."""

import copy

import numpy as np
import pytest

from nnnotes import train
from nnnotes.chain import RECORDED, ScalarChain
from nnnotes.data import make_falling_curve, make_threshold_data
from nnnotes.neuron import Neuron


@pytest.fixture
def curve():
    return make_falling_curve(n=20, seed=4)


def test_start_records_the_measures_once_and_step_after_every_step(curve):
    x, y = curve
    seen = []
    run = train.start(
        ScalarChain(2, seed=0),
        x,
        y,
        lr=1.0,
        epochs_per_step=7,
        measures={"w1": lambda r: seen.append(r.epoch) or float(r.model.w[0])},
    )
    assert run.epoch == 0 and run.record == {"epoch": [0], "w1": [float(run.model.w[0])]}
    train.step(run, 3)
    assert seen == [0, 7, 14, 21] and run.record["epoch"] == [0, 7, 14, 21]
    plain = ScalarChain(2, seed=0)
    history = plain.fit(x, y, epochs=21, lr=1.0)
    assert run.history.cost == history.cost  # three steps of 7 = one fit of 21, bit for bit
    assert run.latest("w1") == plain.w[0]


def test_max_epochs_caps_the_last_step(curve):
    x, y = curve
    run = train.start(ScalarChain(2), x, y, lr=1.0, epochs_per_step=4, max_epochs=10)
    train.step(run, 5)
    assert run.record["epoch"] == [0, 4, 8, 10] and run.done
    assert train.step(run).epoch == 10  # a finished run stays put


def test_status_line(curve):
    x, y = curve
    run = train.start(
        ScalarChain(2), x, y, lr=1.0, measures={"test accuracy": lambda r: 0.25, "w": lambda r: 1}
    )
    assert train.status(run) == "epoch 0 · cost — · test accuracy 25.0%"
    train.step(run)
    assert train.status(run) == f"epoch 1 · cost {run.history.cost[0]:.4g} · test accuracy 25.0%"


def test_snapshots_are_independent_copies(curve):
    x, y = curve
    run = train.start(ScalarChain(3, seed=1), x, y, lr=1.0, epochs_per_step=5)
    shots = train.snapshots(run, 2)
    assert [s.epoch for s in shots] == [0, 5, 10] and run.epoch == 10
    assert not np.array_equal(shots[0].model.w, shots[2].model.w)
    np.testing.assert_array_equal(shots[2].model.w, run.model.w)
    assert shots[2].model.w is not run.model.w


@pytest.mark.parametrize(
    ("options", "error", "match"),
    [
        ({"lr": 0.0}, ValueError, "lr must be a positive number"),
        ({"lr": 1.0, "epochs_per_step": 0}, ValueError, "epochs_per_step must be at least 1"),
        ({"lr": 1.0, "max_epochs": 2.5}, TypeError, "max_epochs must be a whole number"),
        ({"lr": 1.0, "measures": {"epoch": len}}, TypeError, "names other than 'epoch'"),
        ({"lr": 1.0, "measures": {"a": 3}}, TypeError, "functions of the run"),
    ],
)
def test_start_refuses_bad_options(curve, options, error, match):
    with pytest.raises(error, match=match):
        train.start(ScalarChain(2), *curve, **options)


# ------------------------------------------------------------------------------- divergence
def diverging_models():
    """Identity activations: nothing saturates, so a huge learning rate blows up."""
    return [ScalarChain(3, activation="identity", seed=0), Neuron(w=1.0, activation="identity")]


@pytest.mark.parametrize("model", diverging_models(), ids=type)
def test_a_diverging_fit_raises_and_keeps_the_last_finite_parameters(curve, model):
    x, y = curve
    before = copy.deepcopy(model)
    epochs = []
    with pytest.raises(train.Diverged, match=r"diverged in epoch \d+ with lr=10.*2/C''") as info:
        model.fit(x, y, epochs=5000, lr=10.0, callback=lambda e, m, c: epochs.append(e))
    error = info.value
    assert error.lr == 10.0 and error.epoch == len(epochs) + 1  # callbacks ran for the others
    kept = len(error.history.cost)  # the epochs whose parameters led to a finite cost
    assert kept in (error.epoch - 1, error.epoch - 2)
    params = [model.w, np.atleast_1d(model.b)]
    assert all(np.all(np.isfinite(p)) for p in params) and np.isfinite(model.cost(x, y))
    # the kept parameters are exactly those a fit of `kept` epochs leaves
    before.fit(x, y, epochs=kept, lr=10.0)
    np.testing.assert_array_equal(before.w, model.w)
    np.testing.assert_array_equal(before.b, model.b)


def test_a_run_that_diverges_stops_and_says_so(curve):
    x, y = curve
    run = train.start(diverging_models()[0], x, y, lr=10.0, epochs_per_step=50)
    train.step(run, 4)
    assert run.diverged is not None and run.done
    kept = len(run.diverged.history.cost)
    assert run.record["epoch"] == [0, kept] and run.epoch == kept  # the epochs before it
    assert train.status(run).startswith(f"DIVERGED in epoch {run.diverged.epoch} at lr=10")
    assert np.all(np.isfinite(run.model.w))
    assert train.step(run).record["epoch"] == [0, kept]


def test_callback_is_checked_before_any_training():
    x, y = make_threshold_data(10, seed=0)
    for model in (Neuron(w=0.5), ScalarChain(2)):
        w = model.w.copy()
        with pytest.raises(TypeError, match="callback must be a function"):
            model.fit(x, y, epochs=3, lr=1.0, callback="x")
        np.testing.assert_array_equal(model.w, w)


def test_negative_seed_is_named():
    with pytest.raises(ValueError, match="seed must be None, an int >= 0"):
        Neuron(3, seed=-1)


def test_a_dashboard_shows_a_diverged_run_in_its_status_line_not_a_traceback(curve):
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    from nnnotes.figures import ch3
    from nnnotes.widgets import Dashboard

    x, y = curve
    dash = Dashboard(
        lambda lr: train.start(
            ScalarChain(3, activation="identity", seed=0),
            x,
            y,
            lr=lr,
            epochs_per_step=50,
            measures=RECORDED,
        ),
        ch3.draw_run,
        {"lr": widgets.FloatSlider(value=10.0, min=0.1, max=10.0)},
        max_frames=5,
    )
    dash.step_button.click()
    assert dash.label.value.startswith("DIVERGED in epoch")
    assert not dash.canvas.errors.outputs  # the picture of the last finite state, no traceback
    assert np.all(np.isfinite(dash.run.model.w))
    dash.controls["lr"].value = 0.1  # a sane rate starts afresh and trains
    dash.step_button.click()
    assert dash.label.value.startswith("epoch 50 · cost")
    plt.close("all")
