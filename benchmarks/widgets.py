"""How responsive are the live widgets?  (issue 7)

    python benchmarks/widgets.py            # ~30 s; prints the figures and their bars

1. **Neuron explorer** (chapter 2: ``nnnotes.widgets.explorer`` over the neuron-fit figure):
   the median time from a slider's value changing to the finished redraw, i.e. the widget's
   ``observe`` callback has drawn the figure, rendered it with Agg, encoded the picture and put
   it into the ``Image`` widget. Bar: < 50 ms. Falls back to chapter 1's explorer if chapter 2
   is absent.
2. **Training dashboard** on chapter 4's playground (``nnnotes.playground.playground``): the
   updates per second it sustains while playing, one update = one Play tick = ``step`` (a few
   epochs of training) + the redraw. Bar: >= 20 updates/s.

Each is measured twice: drawn by a blitting scene (``nnnotes.figures.live``: static part
rendered once, only the moving artists redrawn) and by the chapter's plain draw function
(whole figure rebuilt on every update).

Measured in-process, without a browser: what is timed is everything the kernel does for one
slider move or Play tick. The browser adds the websocket round trip and decoding the picture:
measured once in JupyterLab + Chromium (arrow key on the slider -> new picture loaded, load 2),
the scene's median was 53 ms and the plain draw's 151 ms, including ~10-20 ms of the test
driver's own polling. Times are medians, so a busy machine shifts them less than means; the load
average is printed first because on a busy machine every figure is slower.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets

from nnnotes.widgets import explorer


def neuron_explorer(scene: bool):
    """Chapter 2's neuron explorer (chapter 1's descent explorer if chapter 2 is absent).

    ``scene=True`` draws with the blitting scene ``live.NeuronFit``; ``False`` with the plain
    ``ch2.draw_neuron_fit``, which re-creates the whole figure on every move.
    Returns (name, widget box, the slider to move, the values to move it through).
    """
    try:
        from nnnotes.figures import ch2, live
        from nnnotes.neuron import make_threshold_data
    except ImportError:
        from nnnotes import regression
        from nnnotes.figures import ch1

        x, y = regression.make_data(n=20, w_true=1.5, noise=0.4, seed=0)
        lr = widgets.FloatSlider(value=0.1, min=0.02, max=0.8, step=0.01)
        box = explorer(
            lambda fig, lr, steps: ch1.draw_descent(fig, x, y, lr, steps, -1.0),
            figsize=(10, 3.8),
            lr=lr,
            steps=widgets.IntSlider(value=12, min=0, max=40),
        )
        values = [0.1 + 0.01 * k for k in range(1, 61)]
        return "chapter 1 descent explorer (chapter 2 absent)", box, lr, values
    x, y = make_threshold_data(n=40, threshold=0.5, steepness=2.0, seed=3)
    surface = ch2.make_surface(x, y, w_range=(-4.0, 8.0), b_range=(-6.0, 6.0), n=121)
    if scene:
        name, draw = "scene live.NeuronFit", live.NeuronFit(x, y, surface)
    else:
        name = "plain ch2.draw_neuron_fit"
        draw = lambda fig, w, b: ch2.draw_neuron_fit(fig, x, y, w, b, surface)  # noqa: E731
    w = widgets.FloatSlider(value=-1.0, min=-4.0, max=8.0, step=0.1)
    b = widgets.FloatSlider(value=2.0, min=-6.0, max=6.0, step=0.1)
    box = explorer(draw, figsize=(11, 4), w=w, b=b)
    values = [round(-1.0 + 0.1 * k, 1) for k in range(1, 61)]
    return f"chapter 2 neuron explorer, {name}", box, w, values


def time_explorer(moves: int, scene: bool) -> tuple[str, list[float]]:
    """Seconds from each slider change to the new picture in the Image widget."""
    name, box, slider, values = neuron_explorer(scene)
    image = box.children[-1].children[0]
    times = []
    for value in values[:moves]:
        before = image.value
        start = time.perf_counter()
        slider.value = value  # runs the observe callback: draw, render, encode, set the Image
        times.append(time.perf_counter() - start)
        assert image.value != before, "the slider change did not produce a new picture"
    return name, times


def time_dashboard(ticks: int, scene: bool) -> tuple[str, list[float], list[float]]:
    """Seconds per Play tick of chapter 4's playground, and of its ``step`` alone.

    ``scene=True`` draws with ``live.Training``; ``False`` with ``playground.draw``.
    """
    from nnnotes import playground
    from nnnotes.figures import live

    dashboard = playground.playground(max_frames=ticks + 1)
    shipped = "scene" if isinstance(dashboard.draw, live.Training) else "plain draw"
    if scene:
        name, dashboard.draw = "scene live.Training", live.Training()
    else:
        name, dashboard.draw = "plain playground.draw", playground.draw
    name += f" (playground() ships the {shipped})"
    step_times = []
    step = dashboard.step

    def timed_step(state):
        start = time.perf_counter()
        state = step(state)
        step_times.append(time.perf_counter() - start)
        return state

    dashboard.step = timed_step
    dashboard.reset()
    times = []
    for tick in range(1, ticks + 1):
        start = time.perf_counter()
        dashboard.play.value = tick  # what the browser's Play widget sends every interval
        times.append(time.perf_counter() - start)
    return f"chapter 4 playground dashboard (moons, hidden 4, 4), {name}", times, step_times


def report_explorer(moves: int, scene: bool) -> None:
    name, times = time_explorer(moves, scene)
    median = 1000 * statistics.median(times)
    print(f"\n{name}: slider change -> finished redraw, {len(times)} moves")
    print(f"  median {median:.1f} ms   (min {1000 * min(times):.1f}, max {1000 * max(times):.1f})")
    print(f"  bar < 50 ms: {'meets' if median < 50 else 'MISSES'}")


def report_dashboard(ticks: int, scene: bool) -> None:
    name, times, steps = time_dashboard(ticks, scene)
    rate = 1 / statistics.median(times)
    print(f"\n{name}: {len(times)} Play ticks")
    print(
        f"  {rate:.1f} updates/s  (median tick {1000 * statistics.median(times):.1f} ms, "
        f"of which training step {1000 * statistics.median(steps):.1f} ms)"
    )
    print(f"  bar >= 20 updates/s: {'meets' if rate >= 20 else 'MISSES'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--moves", type=int, default=30, help="slider changes to time")
    parser.add_argument("--ticks", type=int, default=40, help="dashboard Play ticks to time")
    args = parser.parse_args()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, load {load:.1f}")

    for scene in (True, False):
        report_explorer(args.moves, scene)
    try:
        from nnnotes import playground  # noqa: F401
    except ImportError as error:
        print(f"\ntraining dashboard: chapter 4's playground is absent ({error})")
        return
    for scene in (True, False):
        report_dashboard(args.ticks, scene)


if __name__ == "__main__":
    main()
