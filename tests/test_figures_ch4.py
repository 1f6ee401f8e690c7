"""Chapter 4 figures draw what they say; the playground's runs start, step and draw unaided."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from nnnotes import playground as pg
from nnnotes import train
from nnnotes.data import make_toy
from nnnotes.figures import ch4
from nnnotes.network import Network


def test_decision_grid_is_the_network_output(fig):
    X, y = make_toy("circles", n=40, seed=0)
    net = Network([2, 3, 1], seed=1)
    out = ch4.plot_decision(fig.add_subplot(), net, X, y, resolution=7)
    assert out["P"].shape == (7, 7)
    point = np.array([[out["xs"][2], out["ys"][5]]])
    assert out["P"][5, 2] == pytest.approx(net.forward(point)[0, 0], abs=1e-15)
    assert out["accuracy"] == np.mean((net.forward(X)[:, 0] > 0.5) == (y == 1))


def test_network_diagram_has_one_edge_per_weight_sign_and_width(fig):
    net = Network([2, 3, 1], seed=0)
    edges = ch4.draw_network(fig, net)["edges"]
    assert len(edges) == 2 * 3 + 3 * 1
    widest = max(edges, key=lambda e: e[4])
    assert abs(widest[3]) == max(np.abs(W).max() for W in net.weights)
    assert widest[4] == pytest.approx(4.0)
    for l, j, k, w, _ in edges:
        assert w == net.weights[l][j, k]


def test_timing_figures_draw_milliseconds_and_ratios(fig):
    speed = {
        "batch_sizes": np.array([1, 10]),
        "loop": np.array([1e-4, 1e-3]),
        "matrix": np.array([1e-4, 1e-4]),
        "speedup": np.array([1.0, 10.0]),
    }
    ch4.draw_speedup(fig, speed)
    left, right = fig.axes
    loop, matrix = left.lines[:2]
    np.testing.assert_allclose(loop.get_ydata(), [0.1, 1.0])  # seconds drawn as milliseconds
    np.testing.assert_allclose(matrix.get_ydata(), [0.1, 0.1])
    assert [t.get_text() for t in right.texts] == ["1.0×", "10×"]  # the ratios are annotated
    assert left.get_xscale() == left.get_yscale() == "log"
    fig.clear()
    depth = {
        "depths": np.array([1, 2]),
        "delta": np.ones(2),
        "lambda": 2 * np.ones(2),
        "lambda_scratch": 3 * np.ones(2),
    }
    ch4.draw_depth_cost(fig, depth)
    drawn = {line.get_label(): line.get_ydata().tolist() for line in fig.axes[0].lines}
    assert drawn["Λ products, each from scratch"] == [3000.0, 3000.0]
    assert drawn["δ recurrence (Network.gradients)"] == [1000.0, 1000.0]


def test_playground_run_steps_draws_and_reports(fig):
    run = pg.start_run(
        "xor", noise=0.1, hidden="3", lr=1.0, batch_size=4, n=40, epochs_per_step=3, seed=0
    )
    assert run.model.sizes == [2, 3, 1] and run.epoch == 0 and run.name == "xor"
    shots = train.snapshots(run, 2)
    assert [s.epoch for s in shots] == [0, 3, 6] and run.epoch == 6
    assert shots[1].model.weights[0] is not run.model.weights[0]
    out = ch4.draw_run(fig, run)
    (curve,) = fig.axes[2].lines
    np.testing.assert_array_equal(curve.get_xydata(), np.c_[1:7, run.history.cost])
    assert fig.texts[0].get_text() == "xor, sizes [2, 3, 1], epoch 6"
    assert out["decision"]["accuracy"] == run.latest("accuracy")
    assert train.status(run) == (
        f"epoch 6 · cost {run.history.cost[-1]:.4g} · accuracy {run.latest('accuracy'):.1%}"
    )


def test_playground_learns_moons():
    run = pg.start_run(
        "moons", noise=0.1, hidden="4, 4", lr=0.5, batch_size=16, n=100, epochs_per_step=100, seed=0
    )
    assert train.step(run).latest("accuracy") > 0.95


def test_playground_bad_input():
    with pytest.raises(ValueError, match="hidden must list layer widths"):
        pg.parse_hidden("4, x")
    with pytest.raises(ValueError, match="hidden width must be at least 1"):
        pg.parse_hidden([4, 0])
    assert pg.parse_hidden("") == []
    with pytest.raises(ValueError, match="lr must be a positive number"):
        pg.start_run(lr=-0.1)


def test_playground_widget_builds_and_steps():
    dash = pg.playground(max_frames=3, dataset="xor", hidden="2")
    assert dash.run.model.sizes == [2, 2, 1]
    dash.step_button.click()
    assert dash.frame == 1 and dash.run.epoch == 5
    dash.controls["hidden"].value = "8, 8"
    assert dash.frame == 0 and dash.run.model.sizes == [2, 8, 8, 1]
    assert set(pg.HIDDEN_CHOICES) >= {"", "2", "3", "4, 4"}  # the menu offers XOR's sizes
    plt.close("all")


def test_evolution_grid_shows_each_snapshot(fig):
    shots = train.snapshots(pg.start_run("circles", n=30, epochs_per_step=2, seed=1), 2)
    out = ch4.draw_evolution(fig, {"circles": shots}, [0, 2])
    assert out == {"circles": [shots[0].latest("accuracy"), shots[2].latest("accuracy")]}
    assert [ax.get_title() for ax in fig.axes] == [
        f"epoch {s.epoch}: {s.latest('accuracy'):.0%}" for s in (shots[0], shots[2])
    ]


@pytest.mark.parametrize(
    ("defaults", "error", "match"),
    [
        ({"bogus": 1}, TypeError, "playground\\(\\) has no control 'bogus'"),
        ({"n": 100}, TypeError, "has no control 'n'"),
        ({"lr": 50}, ValueError, r"lr must lie in \[0.001, 10\], the range of its slider; got 50"),
        ({"hidden": "5"}, ValueError, "hidden must be one of"),
        ({"activation": "swish"}, ValueError, "activation must be one of"),
        ({"noise": "high"}, TypeError, "noise must be a number"),
    ],
)
def test_playground_refuses_defaults_it_cannot_show(defaults, error, match):
    with pytest.raises(error, match=match):
        pg.playground(**defaults)


def test_playground_takes_defaults_at_the_ends_of_its_ranges():
    dash = pg.playground(dataset="spirals", lr=10.0, noise=0.0, hidden="", batch_size=200)
    assert dash.run.lr == 10.0 and dash.run.model.sizes == [2, 1] and dash.run.name == "spirals"
    plt.close("all")
