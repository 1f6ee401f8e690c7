"""The live widgets and their blitting scenes, without a browser (tests/test_browser.py has one).

What a slider or Play tick runs is called here directly: the widget's observe callbacks, the
scene's update, the Agg rendering. The scenes must draw what the chapters' plain draw
functions draw, and a blitted picture must equal the same scene drawn from scratch.
"""

import io
from functools import partial

import ipywidgets as widgets
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

import nnnotes.widgets
from nnnotes import chain, classify, neuron, playground, train
from nnnotes.activations import ACTIVATIONS
from nnnotes.canvas import Renderer, changed_pixels
from nnnotes.data import (
    TOY_DATASETS,
    load_digits,
    make_falling_curve,
    make_line,
    make_threshold_data,
    split,
    standardizer,
)
from nnnotes.figures import ch1, ch2, ch3, ch4, ch5, live
from nnnotes.figures.live.base import decades, doubling
from nnnotes.pixelgrid import PixelGrid
from nnnotes.widgets import Canvas, Dashboard, Scene, explorer


def pixels(jpeg: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(jpeg)).convert("RGB"), dtype=float)


def from_scratch(scene: Scene, figsize, dpi, *args) -> np.ndarray:
    """The scene drawn as a plain draw function on a new figure, through the same encoder."""
    canvas = Canvas(figsize, dpi)
    canvas.render(lambda fig, *a: scene(fig, *a), *args)
    return pixels(canvas.image.value)


def assert_same(scene_data, plain_data):
    """The scene returned what the plain figure function returned (dicts, arrays, numbers)."""
    if isinstance(plain_data, dict):
        assert scene_data.keys() == plain_data.keys()
        for key in plain_data:
            assert_same(scene_data[key], plain_data[key])
    else:
        np.testing.assert_allclose(scene_data, plain_data, rtol=1e-12, atol=0)


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


def test_training_scene_lays_out_again_for_new_data_or_network():
    canvas = Canvas((9, 3), 40)
    scene = live.Training()
    canvas.render(scene, playground.start_run(hidden="3", seed=0))
    first_axes = list(canvas.fig.axes)
    canvas.render(scene, playground.start_run(hidden="5, 2", seed=0))
    assert canvas.fig.axes[0] is not first_axes[0]
    assert len(scene.nodes) == 3  # hidden 5, hidden 2, output


# ----- every scene of the book, against its chapter's plain figure function -----------------
#
# A case: (figure size, a fresh scene, the plain figure function, successive arguments). For
# an explorer the arguments are slider values; for a dashboard, the same run stepped on.

LINE = make_line(n=20, w_true=1.5, noise=0.4, seed=0)
THRESHOLD = make_threshold_data(n=40, threshold=0.5, steepness=2.0, seed=3)
SURFACE = ch2.make_surface(*THRESHOLD, n=41)
CURVE = make_falling_curve(n=40, noise=0.03, seed=0)


def digits():
    """A small softmax network trained on the digits, its transform, the test set and a run."""
    X, y = load_digits()
    X_train, X_test, y_train, y_test = split(X, y, test_fraction=0.25, seed=0)
    transform = standardizer(X_train)
    start = partial(
        classify.start_run, transform(X_train), y_train, transform(X_test), y_test, seed=0
    )
    net = train.step(start(hidden=16, lr=1.0, epochs=3, batch_size=32), 3).model
    return net, transform, X_test, y_test, start


NET, TRANSFORM, X_TEST, Y_TEST, START_DIGITS = digits()


CASES = {
    "ch1 descent": (
        (10, 3.8),
        lambda: live.RegressionDescent(*LINE, -1.0),
        lambda fig, lr, steps: ch1.draw_descent(fig, *LINE, lr, steps, -1.0),
        [(0.6, 12), (0.3, 12), (0.75, 25), (0.2, 40), (0.02, 0)],
    ),
    "ch2 neuron fit": (
        (11, 4),
        lambda: live.NeuronFit(*THRESHOLD, SURFACE),
        lambda fig, w, b: ch2.draw_neuron_fit(fig, *THRESHOLD, w, b, SURFACE),
        [(-1.0, 2.0), (0.5, 2.0), (3.0, -1.0), (-2.5, -1.0)],
    ),
    "ch2 descent": (
        (11, 4),
        lambda: live.NeuronDescent(SURFACE),
        partial(ch2.draw_descent, surface=SURFACE),
        lambda: neuron.start_run(*THRESHOLD, w0=-2.0, b0=3.0, lr=2.0, epochs_per_step=5),
    ),
    "ch3 gradients": (
        (11, 4.2),
        lambda: live.GradientMagnitudes(),
        lambda fig, depth, weight_scale: ch3.draw_gradient_magnitudes(
            fig, depth, scales=(weight_scale,), fixed_axes=True
        ),
        [(20, 1.0), (7, 1.0), (7, 6.0), (2, 0.25), (12, 8.0)],
    ),
    "ch3 chain run": (
        (12, 3.8),
        lambda: live.ChainRun(),
        ch3.draw_run,
        lambda: chain.start_run(*CURVE, depth=3, lr=2.0, seed=0),
    ),
    "ch4 playground": (
        (11, 3.6),
        lambda: live.Training(),
        ch4.draw_run,
        lambda: playground.start_run(dataset="moons", n=80, epochs_per_step=4, seed=2),
    ),
    "ch5 prediction": (
        (9, 3.2),
        lambda: live.Prediction(NET, X_TEST, Y_TEST, TRANSFORM),
        partial(ch5.draw_prediction, net=NET, images=X_TEST, labels=Y_TEST, transform=TRANSFORM),
        [(0, 0, 0), (5, 0, 0), (5, 2, 0), (9, 2, -3)],
    ),
    "ch5 probabilities": (
        (9, 3.2),
        lambda: live.Probabilities(NET, TRANSFORM),
        partial(ch5.draw_probabilities, net=NET, transform=TRANSFORM),
        [(X_TEST[0],), (np.zeros(64),), ((X_TEST[3] > 0.5).astype(float),)],
    ),
    "ch5 digits run": (
        (10, 3.6),
        lambda: live.DigitsRun(),
        ch5.draw_run,
        lambda: START_DIGITS(hidden=8, lr=1.0, epochs=10, batch_size=64),
    ),
}


def frames(case) -> list[tuple]:
    """The successive arguments of a case: slider values, or one run stepped 6 times."""
    values = case[3]
    if isinstance(values, list):
        return values
    run = values()
    return [(run,)] + [(train.step(run),) for _ in range(6)]  # the same run, further each time


def first_frame(case) -> tuple:
    """The first arguments of a case, built afresh (for a dashboard: a run not yet trained)."""
    values = case[3]
    return values[0] if isinstance(values, list) else (values(),)


def last_frame(case) -> tuple:
    """The last arguments of a case, built afresh (for a dashboard: a run stepped 6 times)."""
    values = case[3]
    return values[-1] if isinstance(values, list) else (train.step(values(), 6),)


@pytest.mark.parametrize("name", CASES)
def test_scene_returns_what_the_plain_figure_function_returns(name):
    case = CASES[name]
    args = last_frame(case)
    assert_same(case[1]()(Figure(), *args), case[2](Figure(), *args))


@pytest.mark.parametrize("name", CASES)
def test_blitted_scene_equals_the_scene_drawn_from_scratch(name):
    """Pixel for pixel: the widget's blitted picture is the scene drawn on a fresh figure."""
    figsize, make_scene, _, _ = case = CASES[name]
    canvas = Canvas(figsize, 50)
    scene = make_scene()
    for args in frames(case):  # the first draws everything, the others blit the moving artists
        canvas.render(scene, *args)
    assert not canvas._failed
    blitted = np.asarray(canvas.renderer.rgba()).copy()
    fresh = Renderer(figsize, 50)
    fresh.render(lambda fig, *a: make_scene()(fig, *a), *last_frame(case))
    np.testing.assert_array_equal(blitted, fresh.rgba())
    first = Renderer(figsize, 50)
    first.render(lambda fig, *a: make_scene()(fig, *a), *first_frame(case))
    assert (blitted != first.rgba()).any()  # the comparison sees a change of frame
    assert np.abs(pixels(canvas.image.value) - blitted[..., :3]).mean() < 1.0  # its JPEG


@pytest.mark.parametrize("name", CASES)
def test_scene_called_as_a_plain_draw_function_leaves_nothing_animated(name):
    figsize, make_scene, _, _ = case = CASES[name]
    fig = Figure(figsize=figsize, dpi=40)
    FigureCanvasAgg(fig)
    make_scene()(fig, *last_frame(case))
    fig.canvas.draw()  # nothing left animated: a normal draw shows every artist
    assert not [a for a in fig.findobj() if a.get_animated()]


def test_growing_axes_change_rarely():
    assert [doubling(n) for n in (0, 10, 11, 40, 41)] == [10, 10, 20, 40, 80]
    assert decades(3e-7, 2.0) == (1e-7, 10.0)
    assert decades(3e-7, 2.0, every=5) == (1e-10, 1e5)
    assert decades(1.0, 1.0) == (1.0, 10.0)  # never an empty range


# ----- every widget of the book, its controls driven to their extremes ---------------------
#
# The controls as the chapters build them; each is set to its minimum and maximum (or every
# menu value), and a dashboard then plays a tick: no exception, no error shown under the
# picture.


def extremes(control) -> list:
    """The values to drive a control to: min and max, or every option of a menu."""
    if isinstance(control, widgets.Dropdown):
        return [value for _, value in control.options] if control.options and isinstance(
            control.options[0], tuple
        ) else list(control.options)  # fmt: skip
    if isinstance(control, widgets.FloatLogSlider):
        return [control.base**control.min, control.base**control.max]
    return [control.min, control.max]


def explorers():
    """The book's explorers: (scene, figsize, controls), as the chapters build them."""
    return {
        "ch1": (
            live.RegressionDescent(*LINE, -1.0),
            (10, 3.8),
            {
                "lr": widgets.FloatSlider(value=0.6, min=0.02, max=0.8, step=0.01),
                "steps": widgets.IntSlider(value=12, min=0, max=40),
            },
        ),
        "ch2": (
            live.NeuronFit(*THRESHOLD, SURFACE),
            (11, 4),
            {
                "w": widgets.FloatSlider(value=-1.0, min=-4.0, max=8.0, step=0.1),
                "b": widgets.FloatSlider(value=2.0, min=-6.0, max=6.0, step=0.1),
            },
        ),
        "ch3": (
            live.GradientMagnitudes(),
            (11, 4.2),
            {
                "depth": widgets.IntSlider(value=20, min=2, max=20),
                "weight_scale": widgets.FloatLogSlider(value=1.0, base=2, min=-2, max=3, step=0.25),
            },
        ),
        "ch5 prediction": (
            live.Prediction(NET, X_TEST, Y_TEST, TRANSFORM),
            (9, 3.2),
            {
                "index": widgets.IntSlider(value=0, min=0, max=len(Y_TEST) - 1),
                "dx": widgets.IntSlider(value=0, min=-3, max=3),
                "dy": widgets.IntSlider(value=0, min=-3, max=3),
            },
        ),
    }


@pytest.mark.parametrize("name", ["ch1", "ch2", "ch3", "ch5 prediction"])
def test_explorer_controls_at_their_extremes_draw_without_error(name):
    scene, figsize, controls = explorers()[name]
    box = explorer(scene, figsize=figsize, dpi=40, **controls)
    errors = box.children[-1].children[1]
    for control in controls.values():
        default = control.value
        for value in extremes(control):
            control.value = value
            assert errors.outputs == (), errors.outputs
        control.value = default
    for end in (0, -1):  # every control at its minimum together, then at its maximum
        for control in controls.values():
            control.value = extremes(control)[end]
        assert errors.outputs == (), errors.outputs


def test_drawing_explorer_blank_and_full_grids_draw_without_error():
    grid = PixelGrid(X_TEST[Y_TEST == 7][0])
    box = explorer(live.Probabilities(NET, TRANSFORM), figsize=(9, 3.2), dpi=40, pixels=grid)
    errors = box.children[-1].children[1]
    for pixels in (np.zeros(64), np.ones(64), X_TEST[0]):
        grid.set_pixels(pixels)
        assert errors.outputs == (), errors.outputs
    grid.buttons[0].value = not grid.buttons[0].value  # one button pressed by hand
    assert errors.outputs == ()


#: The book's dashboards, as the chapters build them (each built only when a test asks).
DASHBOARDS = {
    "ch2": lambda: Dashboard(
        partial(neuron.start_run, *THRESHOLD),
        live.NeuronDescent(SURFACE),
        {
            "lr": widgets.FloatLogSlider(value=2.0, base=10, min=-1, max=1.3),
            "epochs_per_step": widgets.IntSlider(value=5, min=1, max=25),
            "w0": widgets.FloatSlider(value=-2.0, min=-4.0, max=8.0, step=0.5),
            "b0": widgets.FloatSlider(value=3.0, min=-6.0, max=6.0, step=0.5),
        },
        max_frames=60,
        dpi=40,
    ),
    "ch3": lambda: Dashboard(
        lambda lr, seed: chain.start_run(*CURVE, depth=3, lr=lr, seed=seed),
        live.ChainRun(),
        {
            "lr": widgets.FloatLogSlider(value=2.0, min=-1, max=1),
            "seed": widgets.IntSlider(value=0, min=0, max=9),
        },
        max_frames=60,
        dpi=40,
    ),
    "ch4": playground.playground,
    "ch5": lambda: Dashboard(
        partial(START_DIGITS, batch_size=32),
        live.DigitsRun(),
        {
            "hidden": widgets.IntSlider(value=16, min=2, max=128),
            "lr": widgets.FloatLogSlider(value=1.0, base=10, min=-2, max=1),
            "epochs": widgets.IntSlider(value=2, min=2, max=100, step=10),
        },
        step=partial(train.step, steps=2),
        max_frames=50,
        dpi=40,
    ),
}


@pytest.mark.parametrize("name", ["ch2", "ch3", "ch4", "ch5"])
def test_dashboard_controls_at_their_extremes_play_without_error(name):
    dashboard = DASHBOARDS[name]()
    for control in dashboard.controls.values():
        default = control.value
        for value in extremes(control):
            control.value = value  # a fresh run, drawn
            dashboard.play.value = 1  # a Play tick: one step, drawn
            assert not dashboard.canvas._failed, dashboard.canvas.errors.outputs
            assert dashboard.frame == 1
        control.value = default


def test_playground_offers_every_data_set_and_activation():
    controls = playground.playground().controls
    assert set(extremes(controls["dataset"])) == set(TOY_DATASETS)
    assert set(extremes(controls["activation"])) == set(ACTIVATIONS)


@pytest.mark.parametrize("channels", [3, 4])
def test_changed_pixels_are_those_differing_in_any_channel(channels):
    """changed_pixels against its definition, (before != after).any(axis=-1), with pixels that
    differ in one channel only (each channel in turn) and in several."""
    rng = np.random.default_rng(channels)
    before = rng.integers(0, 256, (30, 40, channels), dtype=np.uint8)
    after = before.copy()
    for c in range(channels):
        after[c, 2 * c, c] ^= 1
    after[20:25, 5:9] = 255 - after[20:25, 5:9]
    changed = changed_pixels(before, after)
    np.testing.assert_array_equal(changed, (before != after).any(axis=-1))
    assert changed.sum() == channels + 20
