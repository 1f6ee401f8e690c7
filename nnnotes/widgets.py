"""Live widgets: a parameter explorer and a training dashboard, shared by every chapter.

Both call plain nnnotes functions — ``draw(fig, ...)``, a chapter's ``start_run(...)``, and
:func:`nnnotes.train.step` / :func:`nnnotes.train.status` — that the tests and the book's
animations call too, so what a click runs is what CI checks.

Both draw through a :class:`~nnnotes.canvas.Canvas` (one reusable figure shown as a picture in
an ``ipywidgets.Image``: redrawn in place, no flicker, no figures piling up); ``draw`` may be a
:class:`~nnnotes.canvas.Scene`, which redraws only what moves. An error raised by ``draw`` is
shown below the picture instead of vanishing (an error raised in an ipywidgets callback is
otherwise shown nowhere).
"""

from __future__ import annotations

import numbers
import time
from collections.abc import Callable

import ipywidgets as widgets
from IPython.display import display

from . import train
from .canvas import LIVE_DPI, Canvas, Scene

__all__ = ["LIVE_DPI", "SLOW_REDRAW", "Canvas", "Dashboard", "Scene", "explorer", "set_values"]

#: Seconds: an explorer whose redraws take longer stops redrawing while a slider is dragged.
SLOW_REDRAW = 0.15


def set_values(controls: dict, values: dict, caller: str) -> None:
    """Give controls the initial ``values`` a caller asked for, refusing what they cannot show.

    Parameters
    ----------
    controls : dict of name -> ipywidgets value widget (sliders and menus)
    values : dict of name -> value
    caller : str
        The function the values were given to, for the messages.

    Raises
    ------
    TypeError
        For a name that is not a control, or a slider value that is not a number.
    ValueError
        For a value off a menu or outside a slider's range (never silently clamped).
    """
    for name, value in values.items():
        if name not in controls:
            known = ", ".join(controls)
            raise TypeError(f"{caller}() has no control {name!r}; its controls are {known}.")
        control = controls[name]
        if hasattr(control, "options"):  # a menu
            allowed = [o[1] if isinstance(o, tuple) else o for o in control.options]
            if value not in allowed:
                raise ValueError(f"{name} must be one of {allowed}; got {value!r}.")
        else:
            if isinstance(value, bool) or not isinstance(value, numbers.Real):
                raise TypeError(f"{name} must be a number; got {type(value).__name__}.")
            lo, hi = control.min, control.max
            if isinstance(control, widgets.FloatLogSlider):
                lo, hi = control.base**lo, control.base**hi
            if not lo <= value <= hi:
                raise ValueError(
                    f"{name} must lie in [{lo:g}, {hi:g}], the range of its slider; got {value!r}."
                )
        control.value = value


def explorer(
    draw: Callable, *, figsize=(9.0, 3.6), dpi: int = LIVE_DPI, **controls: widgets.ValueWidget
):
    """Sliders -> plots: redraw ``draw(fig, **values)`` whenever a control moves.

    Parameters
    ----------
    draw : callable
        ``draw(fig, **values)``, a plain nnnotes function drawing on an empty figure, or a
        :class:`Scene` (much faster: only what moves is redrawn).
    figsize : (float, float)
    dpi : int
    **controls : ipywidgets value widgets, named like ``draw``'s keyword arguments.

    Returns
    -------
    ipywidgets.VBox
        The controls (first child, an HBox) above the plot.

    Notes
    -----
    A dragged slider sends a value many times a second. If two redraws in a row take longer
    than ``SLOW_REDRAW`` seconds, the sliders switch to ``continuous_update=False`` (they send
    their value when released), so the plot never lags behind a queue of stale values.
    """
    canvas = Canvas(figsize, dpi)
    slow = []  # whether each redraw after a change was slow

    def redraw(change=None):
        start = time.monotonic()
        canvas.render(draw, **{k: c.value for k, c in controls.items()})
        if change is None:
            return  # the first draw also warms caches up: not representative
        slow.append(time.monotonic() - start > SLOW_REDRAW)
        if slow[-2:] == [True, True]:
            for control in controls.values():
                if getattr(control, "continuous_update", False):
                    control.continuous_update = False

    for control in controls.values():
        control.observe(redraw, names="value")
    redraw()
    return widgets.VBox([widgets.HBox(list(controls.values())), canvas.widget])


class Dashboard:
    """Play / pause / step / reset over a training run (:class:`nnnotes.train.Run`), live.

    Parameters
    ----------
    start : callable
        ``start(**values) -> Run`` builds a fresh run from the control values (a chapter's
        ``start_run``).
    draw : callable
        ``draw(fig, run)`` draws the run: a figure function or a :class:`Scene`.
    controls : dict of ipywidgets value widgets
        Named like ``start``'s keyword arguments; changing one resets the run.
    step : callable, default :func:`nnnotes.train.step`
        ``step(run) -> run`` advances the run by one frame.
    status : callable, default :func:`nnnotes.train.status`
        ``status(run) -> str`` shown beside the buttons.
    max_frames : int
        Frames before Play stops.
    interval : int
        Milliseconds between Play ticks (50: 20 updates/s). If a tick takes longer than that,
        the ticks that queued up meanwhile only train (the picture skips frames but stays
        current instead of lagging behind the queue); the last tick and a pause draw.
    figsize : (float, float)
    dpi : int
    """

    def __init__(
        self,
        start: Callable,
        draw: Callable,
        controls: dict,
        *,
        step: Callable = train.step,
        status: Callable = train.status,
        max_frames: int = 100,
        interval: int = 50,
        figsize=(9.0, 3.6),
        dpi: int = LIVE_DPI,
    ):
        self.start, self.step, self.draw = start, step, draw
        self.controls = controls
        self.status = status
        self.canvas = Canvas(figsize, dpi)
        self.play = widgets.Play(value=0, min=0, max=max_frames, interval=interval)
        self.step_button = widgets.Button(description="Step", icon="step-forward")
        self.reset_button = widgets.Button(description="Reset", icon="refresh")
        self.label = widgets.HTML()
        self.frame = 0
        self._queued = 0  # ticks that arrived while the last one was drawn: train only
        self._skipped = False  # the last tick only trained
        self.play.observe(self._on_play, names="value")
        self.play.observe(self._on_playing, names="playing")
        self.step_button.on_click(lambda _b: self._advance(self.frame + 1))
        self.reset_button.on_click(lambda _b: self.reset())
        for control in controls.values():
            control.observe(lambda _change: self.reset(), names="value")
        self.widget = widgets.VBox(
            [
                widgets.HBox(list(controls.values())),
                widgets.HBox([self.play, self.step_button, self.reset_button, self.label]),
                self.canvas.widget,
            ]
        )
        self.reset()

    def reset(self) -> None:
        """Start a new run from the controls' current values and draw it."""
        self.run = self.start(**{k: c.value for k, c in self.controls.items()})
        self.frame, self._queued = 0, 0
        with self.play.hold_trait_notifications():
            self.play.value = 0
        self._show()

    def _on_play(self, change) -> None:
        frame = change["new"]
        if frame <= self.frame:
            return
        if self._queued and frame < self.play.max and self.play.playing:
            self._queued -= 1
            self._advance(frame, draw=False)
        else:
            start = time.monotonic()
            self._advance(frame)
            self._queued = int((time.monotonic() - start) * 1000 / self.play.interval)

    def _on_playing(self, change) -> None:
        self._queued = 0
        if not change["new"] and self._skipped:
            self._show()  # paused: show the frame whose tick skipped drawing

    def _advance(self, frame: int, draw: bool = True) -> None:
        while self.frame < min(frame, self.play.max):
            self.run = self.step(self.run)
            self.frame += 1
        self._skipped = not draw
        if draw:
            self._show()
        else:
            self.label.value = self.status(self.run)

    def _show(self) -> None:
        self.label.value = self.status(self.run)
        self.canvas.render(self.draw, self.run)

    def _ipython_display_(self) -> None:
        display(self.widget)
