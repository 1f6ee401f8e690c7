"""The live widgets and their blitting scenes, without a browser (tests/test_browser.py has one).

What a slider or Play tick runs is called here directly: the widget's observe callbacks, the
scene's update, the Agg rendering. The scenes must draw what the chapters' plain draw
functions draw, and a blitted picture must equal the same scene drawn from scratch.
"""

import io

import ipywidgets as widgets
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

import nnnotes.widgets
from nnnotes import playground, train
from nnnotes.data import make_threshold_data
from nnnotes.figures import ch2, ch4, live
from nnnotes.widgets import Canvas, Dashboard, Scene, explorer


def pixels(jpeg: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(jpeg)).convert("RGB"), dtype=float)


def from_scratch(scene: Scene, figsize, dpi, *args) -> np.ndarray:
    """The scene drawn as a plain draw function on a new figure, through the same encoder."""
    canvas = Canvas(figsize, dpi)
    canvas.render(lambda fig, *a: scene(fig, *a), *args)
    return pixels(canvas.image.value)


@pytest.fixture(scope="module")
def neuron_data():
    x, y = make_threshold_data(n=40, threshold=0.5, steepness=2.0, seed=3)
    return x, y, ch2.make_surface(x, y, n=41)


def test_explorer_redraws_on_every_control_change():
    calls = []

    def draw(fig, a, b):
        calls.append((a, b))
        fig.add_subplot().plot([0, 1], [a, b])

    a, b = widgets.FloatSlider(value=0.0), widgets.IntSlider(value=1)
    box = explorer(draw, figsize=(3, 2), a=a, b=b)
    image = box.children[-1].children[0]
    assert isinstance(box.children[0], widgets.HBox) and list(box.children[0].children) == [a, b]
    first = image.value
    a.value = 0.5
    assert calls == [(0.0, 1), (0.5, 1)]
    assert image.value != first and image.format == "jpeg"
    b.value = 3
    assert calls[-1] == (0.5, 3)


def test_explorer_with_slow_redraws_updates_sliders_on_release_only(monkeypatch):
    clock = [0.0]
    monkeypatch.setattr(nnnotes.widgets.time, "monotonic", lambda: clock[0])
    cost = [0.01]

    def draw(fig, a):
        clock[0] += cost[0]

    a = widgets.FloatSlider(value=0.0)
    explorer(draw, a=a)
    a.value = 0.1
    a.value = 0.2
    assert a.continuous_update  # fast redraws: the plot follows the drag
    cost[0] = 0.4
    a.value = 0.3
    assert a.continuous_update  # one slow redraw is not enough
    a.value = 0.4
    assert not a.continuous_update  # two in a row: redraw on release only


def test_draw_error_is_kept_and_cleared_on_success():
    canvas = Canvas((2, 2), 40)

    def broken(fig, value):
        if value < 0:
            raise ValueError("value must be >= 0")
        fig.add_subplot().plot([0, value])

    assert canvas.render(broken, 1.0) is None  # draws return None here
    good = canvas.image.value
    canvas.render(broken, -1.0)
    assert canvas._failed and canvas.image.value == good  # the last good picture stays
    canvas.render(broken, 2.0)
    assert not canvas._failed and canvas.image.value != good


def test_dashboard_play_step_reset_and_control_change():
    def start(lr):
        return {"lr": lr, "steps": 0}

    def step(state):
        return {**state, "steps": state["steps"] + 1}

    def draw(fig, state):
        fig.add_subplot().bar([0], [state["steps"]])

    lr = widgets.FloatSlider(value=0.1)
    dash = Dashboard(
        start, draw, {"lr": lr}, step=step, status=lambda s: f"{s['steps']}", max_frames=5
    )
    dash.play.value = 3  # the browser's Play widget counting up
    assert dash.run["steps"] == 3 and dash.label.value == "3"
    dash.step_button.click()
    assert dash.run["steps"] == 4
    dash.play.value = 99  # never past max_frames
    assert dash.run["steps"] == 5
    lr.value = 0.2  # a control change starts a fresh run
    assert dash.run == {"lr": 0.2, "steps": 0} and dash.play.value == 0
    dash.play.value = 2
    dash.reset_button.click()
    assert dash.run["steps"] == 0


def test_dashboard_skips_drawing_the_ticks_that_queued_during_a_slow_draw(monkeypatch):
    clock = [0.0]
    monkeypatch.setattr(nnnotes.widgets.time, "monotonic", lambda: clock[0])
    drawn = []

    def draw(fig, n):  # drawing frame 1 takes 120 ms: ticks 2 and 3 (every 50 ms) queue up
        drawn.append(n)
        clock[0] += 0.12 if n == 1 else 0.01

    dash = Dashboard(lambda: 0, draw, {}, step=lambda n: n + 1, status=str, max_frames=10)
    dash.play.playing = True  # the browser pressed Play
    for tick in range(1, 6):
        dash.play.value = tick
    assert dash.run == 5 and drawn == [0, 1, 4, 5]  # 2 and 3 only trained
    clock[0] += 1.0
    dash.play.value = 6
    assert drawn[-1] == 6
    drawn.clear()
    dash._queued = 1  # a tick that only trains ...
    dash.play.value = 7
    dash.play.playing = False  # ... is drawn when Play pauses
    assert drawn == [7] and dash.run == 7
    dash.play.playing = True
    dash._queued = 3
    dash.play.value = 10  # the last tick always draws
    assert drawn[-1] == 10


def test_neuron_fit_scene_draws_what_draw_neuron_fit_draws(neuron_data):
    x, y, surface = neuron_data
    plain = ch2.draw_neuron_fit(Figure(), x, y, 1.3, -0.4, surface)
    scene = live.NeuronFit(x, y, surface)(Figure(), 1.3, -0.4)
    np.testing.assert_allclose(scene["a"], plain["a"])
    np.testing.assert_allclose(scene["t"], plain["t"])
    assert scene["cost"] == pytest.approx(plain["cost"])


def test_blitted_neuron_fit_equals_the_scene_drawn_from_scratch(neuron_data):
    x, y, surface = neuron_data
    scene = live.NeuronFit(x, y, surface)
    w, b = (
        widgets.FloatSlider(value=-1.0, min=-4, max=8),
        widgets.FloatSlider(value=2.0, min=-6, max=6),
    )
    box = explorer(scene, figsize=(8, 3), dpi=50, w=w, b=b)
    for value in (0.5, 3.0, -2.5):  # each move redraws only the moving artists
        w.value = value
    b.value = -1.0
    blitted = pixels(box.children[-1].children[0].value)
    fresh = from_scratch(live.NeuronFit(x, y, surface), (8, 3), 50, -2.5, -1.0)
    assert np.abs(blitted - fresh).mean() < 0.25  # JPEG noise ~0.1; w off by 0.1 gives 0.6


def test_training_scene_draws_what_draw_run_draws():
    state = train.step(playground.start_run(dataset="xor", n=60, epochs_per_step=3, seed=1), 4)
    plain = ch4.draw_run(Figure(), state)
    scene = live.Training()(Figure(), state)
    np.testing.assert_allclose(scene["decision"]["P"], plain["decision"]["P"])
    assert scene["decision"]["accuracy"] == plain["decision"]["accuracy"]
    np.testing.assert_allclose(
        scene["network"]["widths"], [e[4] for e in plain["network"]["edges"]]
    )
    np.testing.assert_allclose(scene["cost"]["cost"], plain["cost"]["cost"])


def test_blitted_training_equals_the_scene_drawn_from_scratch():
    state = playground.start_run(dataset="moons", n=80, epochs_per_step=4, seed=2)
    canvas = Canvas((9, 3), 50)
    scene = live.Training()
    for _ in range(7):  # crosses a doubling of the epoch axis (a full redraw) and blits
        canvas.render(scene, train.step(state))
    fresh = from_scratch(live.Training(), (9, 3), 50, state)
    assert np.abs(pixels(canvas.image.value) - fresh).mean() < 0.25


def test_training_scene_lays_out_again_for_new_data_or_network():
    canvas = Canvas((9, 3), 40)
    scene = live.Training()
    canvas.render(scene, playground.start_run(hidden="3", seed=0))
    first_axes = list(canvas.fig.axes)
    canvas.render(scene, playground.start_run(hidden="5, 2", seed=0))
    assert canvas.fig.axes[0] is not first_axes[0]
    assert len(scene.nodes) == 3  # hidden 5, hidden 2, output


def test_scene_is_a_plain_draw_function_for_animate():
    fig = Figure(figsize=(8, 3), dpi=40)
    FigureCanvasAgg(fig)
    state = playground.start_run(n=40, seed=0)
    live.Training()(fig, train.step(state))
    fig.canvas.draw()  # nothing left animated: a normal draw shows every artist
    assert not [a for ax in fig.axes for a in ax.get_children() if a.get_animated()]
