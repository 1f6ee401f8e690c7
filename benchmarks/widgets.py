"""How responsive is every live widget of the book?

    python benchmarks/widgets.py            # ~1-2 min; prints a table and the bars

Every widget the chapters show is built here as its notebook builds it (same data, controls
and figure size), twice: drawn by its blitting scene (:mod:`nnnotes.figures.live`: the static
part rendered once, only the moving artists redrawn) and by the chapter's plain draw function
(the whole figure rebuilt on every update).

* **Explorers**: the median time from a control's value changing to the finished redraw, i.e.
  the widget's ``observe`` callback has drawn the figure, rendered it with Agg, encoded the
  picture and put it into the ``Image`` widget. The controls are moved in turn through their
  ranges. Bar: <= 50 ms.
* **Dashboards**: the updates per second sustained while playing, one update = one Play tick
  = ``step`` (some epochs of training) + the redraw, from the median tick. Bar: >= 20/s.

Measured in-process, without a browser: what is timed is everything the kernel does for one
slider move or Play tick. The browser adds the websocket round trip and decoding the picture
(measured once in JupyterLab + Chromium for chapter 2's explorer: scene 53 ms, plain 151 ms,
including ~10-20 ms of the test driver's own polling). Times are medians, so a busy machine
shifts them less than means; the load average is printed first because on a busy machine
every figure is slower. ``--repeat k`` measures everything k times and reports the median.

A dashboard's tick is training as well as drawing. On a loaded 2-core machine OpenBLAS's own
threads can make numpy's matmuls ~30x slower (measured: the forward pass of chapter 5's
accuracy measures, 40 ms instead of 1.4 ms), so chapter 5's dashboard, which trains 2 epochs
and measures 4 accuracies per tick, then misses its bar although its redraw takes ~10 ms;
``OPENBLAS_NUM_THREADS=1 python benchmarks/widgets.py`` shows the rate without that effect.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from functools import partial

import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets

from nnnotes import chain, classify, neuron, playground, train
from nnnotes.data import (
    load_digits,
    make_falling_curve,
    make_line,
    make_threshold_data,
    split,
    standardizer,
)
from nnnotes.figures import ch1, ch2, ch3, ch4, ch5, live
from nnnotes.pixelgrid import PixelGrid
from nnnotes.widgets import Dashboard, explorer

EXPLORER_BAR_MS = 50.0
DASHBOARD_BAR_PER_S = 20.0


def sweep(control, values) -> list:
    """(control, value) moves taking ``control`` through ``values``."""
    return [(control, v) for v in values]


# ----- the explorers: each returns (widget box, moves) -------------------------------------


def ch1_explorer(scene: bool):
    x, y = make_line(n=20, w_true=1.5, noise=0.4, seed=0)
    w0 = -1.0
    lr = widgets.FloatSlider(value=0.6, min=0.02, max=0.8, step=0.01)
    steps = widgets.IntSlider(value=12, min=0, max=40)
    draw = (
        live.RegressionDescent(x, y, w0)
        if scene
        else lambda fig, lr, steps: ch1.draw_descent(fig, x, y, lr, steps, w0)
    )
    box = explorer(draw, figsize=(10, 3.8), lr=lr, steps=steps)
    moves = sweep(lr, [round(0.6 - 0.02 * k, 2) for k in range(1, 26)])
    return box, moves + sweep(steps, range(13, 38))


def ch2_explorer(scene: bool):
    x, y, surface = neuron_data()
    draw = (
        live.NeuronFit(x, y, surface)
        if scene
        else lambda fig, w, b: ch2.draw_neuron_fit(fig, x, y, w, b, surface)
    )
    w = widgets.FloatSlider(value=-1.0, min=-4.0, max=8.0, step=0.1)
    b = widgets.FloatSlider(value=2.0, min=-6.0, max=6.0, step=0.1)
    box = explorer(draw, figsize=(11, 4), w=w, b=b)
    moves = sweep(w, [round(-1.0 + 0.2 * k, 1) for k in range(1, 26)])
    return box, moves + sweep(b, [round(2.0 - 0.2 * k, 1) for k in range(1, 26)])


def ch3_explorer(scene: bool):
    draw = (
        live.GradientMagnitudes()
        if scene
        else lambda fig, depth, weight_scale: ch3.draw_gradient_magnitudes(
            fig, depth, scales=(weight_scale,), fixed_axes=True
        )
    )
    depth = widgets.IntSlider(value=20, min=2, max=20)
    scale = widgets.FloatLogSlider(value=1.0, base=2, min=-2, max=3, step=0.25)
    box = explorer(draw, figsize=(11, 4.2), depth=depth, weight_scale=scale)
    moves = sweep(depth, range(19, 1, -1))
    return box, moves + sweep(scale, [2.0 ** (-2 + 0.25 * k) for k in range(21)])


def ch5_prediction_explorer(scene: bool):
    net, transform, X_test, y_test = digits_network()
    options = dict(net=net, images=X_test, labels=y_test, transform=transform)
    draw = live.Prediction(**options) if scene else partial(ch5.draw_prediction, **options)
    index = widgets.IntSlider(value=0, min=0, max=len(y_test) - 1)
    dx = widgets.IntSlider(value=0, min=-3, max=3)
    dy = widgets.IntSlider(value=0, min=-3, max=3)
    box = explorer(draw, figsize=(9, 3.2), index=index, dx=dx, dy=dy)
    moves = sweep(index, range(1, 31)) + sweep(dx, [-3, -2, -1, 1, 2, 3])
    return box, moves + sweep(dy, [-3, -2, -1, 1, 2, 3])


def ch5_drawing_explorer(scene: bool):
    net, transform, X_test, y_test = digits_network()
    draw = (
        live.Probabilities(net, transform)
        if scene
        else partial(ch5.draw_probabilities, net=net, transform=transform)
    )
    grid = PixelGrid(X_test[y_test == 7][0])
    box = explorer(draw, figsize=(9, 3.2), pixels=grid)
    # each move presses or releases one button, as a reader drawing does
    return box, [(button, not button.value) for button in grid.buttons[8:48]]


EXPLORERS = {
    "ch1 descent explorer": (ch1_explorer, "RegressionDescent", "ch1.draw_descent"),
    "ch2 neuron explorer": (ch2_explorer, "NeuronFit", "ch2.draw_neuron_fit"),
    "ch3 gradient explorer": (
        ch3_explorer,
        "GradientMagnitudes",
        "ch3.draw_gradient_magnitudes",
    ),
    "ch5 test-image explorer": (ch5_prediction_explorer, "Prediction", "ch5.draw_prediction"),
    "ch5 drawing explorer": (ch5_drawing_explorer, "Probabilities", "ch5.draw_probabilities"),
}


# ----- the dashboards: each returns a Dashboard ---------------------------------------------


def ch2_dashboard(scene: bool, frames: int):
    x, y, surface = neuron_data()
    return Dashboard(
        start=partial(neuron.start_run, x, y),
        draw=live.NeuronDescent(surface) if scene else partial(ch2.draw_descent, surface=surface),
        controls={
            "lr": widgets.FloatLogSlider(value=2.0, base=10, min=-1, max=1.3),
            "epochs_per_step": widgets.IntSlider(value=5, min=1, max=25),
            "w0": widgets.FloatSlider(value=-2.0, min=-4.0, max=8.0, step=0.5),
            "b0": widgets.FloatSlider(value=3.0, min=-6.0, max=6.0, step=0.5),
        },
        max_frames=frames,
        figsize=(11, 4),
    )


def ch3_dashboard(scene: bool, frames: int):
    x, y = make_falling_curve(n=40, noise=0.03, seed=0)
    return Dashboard(
        start=lambda lr, seed: chain.start_run(x, y, depth=3, lr=lr, seed=seed),
        draw=live.ChainRun() if scene else ch3.draw_run,
        controls={
            "lr": widgets.FloatLogSlider(value=2.0, min=-1, max=1),
            "seed": widgets.IntSlider(value=0, min=0, max=9),
        },
        max_frames=frames,
        figsize=(12, 3.8),
    )


def ch4_dashboard(scene: bool, frames: int):
    dashboard = playground.playground(max_frames=frames)
    dashboard.draw = live.Training() if scene else ch4.draw_run
    return dashboard


def ch5_dashboard(scene: bool, frames: int):
    Xs_train, y_train, Xs_test, y_test = digits_split(standardized=True)
    return Dashboard(
        start=partial(
            classify.start_run, Xs_train, y_train, Xs_test, y_test, batch_size=32, seed=0
        ),
        draw=live.DigitsRun() if scene else ch5.draw_run,
        step=partial(train.step, steps=2),
        controls={
            "hidden": widgets.IntSlider(value=64, min=2, max=128),
            "lr": widgets.FloatLogSlider(value=1.0, base=10, min=-2, max=1),
            "epochs": widgets.IntSlider(value=100, min=10, max=100, step=10),
        },
        max_frames=frames,
        figsize=(10, 3.6),
    )


DASHBOARDS = {
    "ch2 descent dashboard": (ch2_dashboard, "NeuronDescent", "ch2.draw_descent"),
    "ch3 chain dashboard": (ch3_dashboard, "ChainRun", "ch3.draw_run"),
    "ch4 playground": (ch4_dashboard, "Training", "ch4.draw_run"),
    "ch5 digits dashboard": (ch5_dashboard, "DigitsRun", "ch5.draw_run"),
}


# ----- the chapters' data -------------------------------------------------------------------


def neuron_data():
    """Chapter 2's data and cost surface."""
    x, y = make_threshold_data(n=40, threshold=0.5, steepness=2.0, seed=3)
    return x, y, ch2.make_surface(x, y, w_range=(-4.0, 8.0), b_range=(-6.0, 6.0), n=121)


def digits_split(standardized: bool):
    """Chapter 5's split of the digits (standardized with the training set's statistics)."""
    X, y = load_digits()
    X_train, X_test, y_train, y_test = split(X, y, test_fraction=0.25, seed=0)
    if standardized:
        transform = standardizer(X_train)
        return transform(X_train), y_train, transform(X_test), y_test
    return X_train, y_train, X_test, y_test


def digits_network():
    """A softmax network trained on chapter 5's digits (fewer epochs than the chapter: the
    redraw costs the same), its input transform and the raw test images and labels."""
    X_train, y_train, X_test, y_test = digits_split(standardized=False)
    transform = standardizer(X_train)
    Xs_train, Xs_test = transform(X_train), transform(X_test)
    options = {"hidden": 64, "lr": 1.0, "epochs": 5, "batch_size": 32, "seed": 0}
    run = classify.train_run(Xs_train, y_train, Xs_test, y_test, **options)
    return run.model, transform, X_test, y_test


# ----- measuring ----------------------------------------------------------------------------


def time_explorer(build, scene: bool) -> list[float]:
    """Seconds from each control change to the new picture in the Image widget."""
    box, moves = build(scene)
    image = box.children[-1].children[0]
    times = []
    for control, value in moves:
        start = time.perf_counter()
        control.value = value  # runs the observe callback: draw, render, encode, set the Image
        times.append(time.perf_counter() - start)
    assert image.value, "the explorer shows no picture"
    return times


def time_dashboard(build, scene: bool, ticks: int) -> list[float]:
    """Seconds per Play tick (step + redraw)."""
    dashboard = build(scene, ticks + 1)
    times = []
    for tick in range(1, ticks + 1):
        start = time.perf_counter()
        dashboard.play.value = tick  # what the browser's Play widget sends every interval
        times.append(time.perf_counter() - start)
    assert not dashboard.canvas._failed, "the dashboard's draw raised"
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ticks", type=int, default=40, help="dashboard Play ticks to time")
    parser.add_argument("--repeat", type=int, default=1, help="measure k times, report medians")
    args = parser.parse_args()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, load {load:.1f}")
    print(f"\n{'widget':26} {'scene':19} {'plain':10} {'scene':10} bar")
    for name, (build, scene_name, plain_name) in EXPLORERS.items():
        ms = {
            scene: 1000
            * statistics.median(
                statistics.median(time_explorer(build, scene)) for _ in range(args.repeat)
            )
            for scene in (False, True)
        }
        verdict = "meets" if ms[True] <= EXPLORER_BAR_MS else "MISSES"
        print(
            f"{name:26} {scene_name:19} {ms[False]:6.1f} ms {ms[True]:6.1f} ms "
            f"<= {EXPLORER_BAR_MS:g} ms: {verdict}   (plain: {plain_name})"
        )
    for name, (build, scene_name, plain_name) in DASHBOARDS.items():
        rate = {
            scene: 1
            / statistics.median(
                statistics.median(time_dashboard(build, scene, args.ticks))
                for _ in range(args.repeat)
            )
            for scene in (False, True)
        }
        verdict = "meets" if rate[True] >= DASHBOARD_BAR_PER_S else "MISSES"
        print(
            f"{name:26} {scene_name:19} {rate[False]:6.1f} /s {rate[True]:6.1f} /s "
            f">= {DASHBOARD_BAR_PER_S:g}/s: {verdict}   (plain: {plain_name})"
        )


if __name__ == "__main__":
    main()
