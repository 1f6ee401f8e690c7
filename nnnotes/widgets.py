"""Live widgets: a parameter explorer and a training dashboard, shared by every chapter.

Both call plain nnnotes functions — ``draw(fig, ...)``, ``start(...)``, ``step(state)`` — that
the tests and the book's animations call too, so what a click runs is what CI checks.

Facts this follows (shared/WIDGETS.md): each redraw happens inside an ``Output`` widget with
``clear_output(wait=True)`` and ends with ``plt.show()`` (no flicker, no leaked figures), and an
error raised by a callback is shown in that output instead of vanishing.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import display


def _render(out: widgets.Output, figsize, draw: Callable, *args, **kwargs) -> None:
    """Draw a fresh figure inside ``out``, replacing what was there; show errors there too."""
    with out:
        out.clear_output(wait=True)
        try:
            fig = plt.figure(figsize=figsize)
            draw(fig, *args, **kwargs)
            plt.show()
        except Exception:  # a callback's error must be seen, not swallowed by the frontend
            plt.close("all")
            print(traceback.format_exc())


def explorer(draw: Callable, *, figsize=(9.0, 3.6), **controls: widgets.ValueWidget):
    """Sliders -> plots: redraw ``draw(fig, **values)`` whenever a control moves.

    Parameters
    ----------
    draw : callable
        ``draw(fig, **values)``, a plain nnnotes function.
    figsize : (float, float)
    **controls : ipywidgets value widgets, named like ``draw``'s keyword arguments.

    Returns
    -------
    ipywidgets.VBox
        The controls above the plot.
    """
    out = widgets.Output()

    def redraw(_change=None):
        _render(out, figsize, draw, **{k: c.value for k, c in controls.items()})

    for control in controls.values():
        control.observe(redraw, names="value")
    redraw()
    return widgets.VBox([widgets.HBox(list(controls.values())), out])


class Dashboard:
    """Play / pause / step / reset over any training run, with live plots.

    Parameters
    ----------
    start : callable
        ``start(**values) -> state`` builds a fresh run from the control values.
    step : callable
        ``step(state) -> state`` advances the run by one frame (one or more epochs).
    draw : callable
        ``draw(fig, state)`` draws the current state.
    controls : dict of ipywidgets value widgets
        Named like ``start``'s keyword arguments; changing one resets the run.
    max_frames : int
        Frames before Play stops.
    interval : int
        Milliseconds between frames while playing.
    status : callable, optional
        ``status(state) -> str`` shown beside the buttons (e.g. epoch and loss).
    """

    def __init__(
        self,
        start: Callable,
        step: Callable,
        draw: Callable,
        controls: dict,
        *,
        max_frames: int = 100,
        interval: int = 150,
        figsize=(9.0, 3.6),
        status: Callable | None = None,
    ):
        self.start, self.step, self.draw = start, step, draw
        self.controls, self.figsize = controls, figsize
        self.status = status or (lambda state: "")
        self.play = widgets.Play(value=0, min=0, max=max_frames, interval=interval)
        self.step_button = widgets.Button(description="Step", icon="step-forward")
        self.reset_button = widgets.Button(description="Reset", icon="refresh")
        self.label = widgets.HTML()
        self.out = widgets.Output()
        self.frame = 0
        self.play.observe(self._on_play, names="value")
        self.step_button.on_click(lambda _b: self._advance(self.frame + 1))
        self.reset_button.on_click(lambda _b: self.reset())
        for control in controls.values():
            control.observe(lambda _change: self.reset(), names="value")
        self.widget = widgets.VBox(
            [
                widgets.HBox(list(controls.values())),
                widgets.HBox([self.play, self.step_button, self.reset_button, self.label]),
                self.out,
            ]
        )
        self.reset()

    def reset(self) -> None:
        """Start a new run from the controls' current values and draw it."""
        self.state = self.start(**{k: c.value for k, c in self.controls.items()})
        self.frame = 0
        with self.play.hold_trait_notifications():
            self.play.value = 0
        self._show()

    def _on_play(self, change) -> None:
        if change["new"] > self.frame:
            self._advance(change["new"])

    def _advance(self, frame: int) -> None:
        while self.frame < min(frame, self.play.max):
            self.state = self.step(self.state)
            self.frame += 1
        self._show()

    def _show(self) -> None:
        self.label.value = self.status(self.state)
        _render(self.out, self.figsize, self.draw, self.state)

    def _ipython_display_(self) -> None:
        display(self.widget)
