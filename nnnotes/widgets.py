"""Live widgets: a parameter explorer and a training dashboard, shared by every chapter.

Both call plain nnnotes functions — ``draw(fig, ...)``, ``start(...)``, ``step(state)`` — that
the tests and the book's animations call too, so what a click runs is what CI checks.

How a redraw works (and why it is fast and flicker-free): each widget owns ONE off-screen
matplotlib figure (no pyplot, so no figure piles up and no ``plt.close`` garbage collection
per frame). A redraw clears it, calls ``draw``, renders it with Agg and puts the picture into an
``ipywidgets.Image``: the picture is replaced in place, the page never shows an empty frame.
An error raised by ``draw`` is shown in an ``Output`` below the picture instead of vanishing
(shared/WIDGETS.md: callback errors are otherwise invisible).
"""

from __future__ import annotations

import io
import time
import traceback
from collections.abc import Callable

import ipywidgets as widgets
from IPython.display import display
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

#: Resolution of live plots. Lower than the inline backend's 100 dpi: a redraw costs about
#: (dpi/100)² of the rendering time, and the plot is read on screen at its pixel size.
LIVE_DPI = 80
#: Seconds: an explorer whose redraws take longer stops redrawing while a slider is dragged.
SLOW_REDRAW = 0.15


class Scene:
    """A figure drawn once and then changed in place: the fast path of the live widgets.

    A plain draw function rebuilds and re-renders the whole figure on every slider move; most
    of that time goes into axes, ticks and text that never change. A scene splits the figure:

    * ``setup(fig)`` draws everything that does not depend on the controls, creates the
      artists that do, lists them in ``self.moving`` and fixes every axis limit (a static
      artist that a moving one would wrongly cover, like an axes frame over an image, is
      listed as moving too: moving artists are drawn in zorder);
    * ``update(*args, **values) -> dict`` changes only the moving artists (``set_data``,
      ``set_text``, ...) and returns the data it plotted. If it had to change something static
      (an axis limit, say), it sets ``self.background_stale = True``;
    * ``self.overlay`` optionally lists static, opaque artists that must stay on top of the
      moving ones (a legend with ``framealpha=1``): their pixels are pasted back after each
      update instead of being drawn again.

    The widgets render the static part once and then only the moving artists over it
    (blitting). Calling the scene, ``scene(fig, *args, **values)``, runs setup and update on an
    empty figure: it is then an ordinary draw function, for ``animate`` and the tests.

    Attributes
    ----------
    fig : Figure or None
        The figure of the last ``setup``.
    moving : list of matplotlib artists
    overlay : list of matplotlib artists
    background_stale : bool
    """

    fig: Figure | None = None
    moving: list = ()
    overlay: list = ()
    background_stale: bool = False

    def setup(self, fig: Figure) -> None:
        raise NotImplementedError

    def update(self, *args, **values) -> dict:
        raise NotImplementedError

    def __call__(self, fig: Figure, *args, **values) -> dict:
        self.fig = fig
        self.setup(fig)
        return self.update(*args, **values)


class Canvas:
    """One reusable figure shown as a picture in an ``ipywidgets.Image`` (what both widgets use).

    Parameters
    ----------
    figsize : (float, float)
        Figure size in inches.
    dpi : int
        Pixels per inch of the picture.

    Attributes
    ----------
    fig : matplotlib.figure.Figure
    image : ipywidgets.Image
        Holds the last rendered picture (JPEG bytes).
    errors : ipywidgets.Output
        Shows the traceback if ``draw`` raised, empty otherwise.
    widget : ipywidgets.VBox
        The picture above the error area.
    """

    def __init__(self, figsize=(9.0, 3.6), dpi: int = LIVE_DPI):
        self.fig = Figure(figsize=figsize, dpi=dpi)
        FigureCanvasAgg(self.fig)
        self.image = widgets.Image(format="jpeg", layout=widgets.Layout(max_width="100%"))
        self.errors = widgets.Output()
        self.widget = widgets.VBox([self.image, self.errors])
        self._failed = False
        self._scene, self._background, self._overlay = None, None, []

    def render(self, draw: Callable, *args, **kwargs):
        """Draw ``draw(fig, *args, **kwargs)`` and show the picture.

        A plain draw function gets a cleared figure. A :class:`Scene` is set up once; later
        calls only update its moving artists and redraw them over the saved background.
        Returns what ``draw`` returned, or None if it raised (the traceback is then shown).
        """
        try:
            if isinstance(draw, Scene):
                data = self._render_scene(draw, *args, **kwargs)
            else:
                self._scene = None
                self.fig.clear()
                data = draw(self.fig, *args, **kwargs)
                self.fig.canvas.draw()
            self.image.value = self._encode()
        except Exception:  # a callback's error must be seen, not swallowed by the frontend
            self._failed, self._scene = True, None  # a scene is set up afresh next time
            with self.errors:
                self.errors.clear_output(wait=True)
                print(traceback.format_exc())
            return None
        if self._failed:
            self._failed = False
            self.errors.clear_output()
        return data

    def _render_scene(self, scene: Scene, *args, **kwargs):
        canvas = self.fig.canvas
        if self._scene is not scene or scene.fig is not self.fig:
            self.fig.clear()
            scene.fig = self.fig
            scene.setup(self.fig)
            self._scene, self._background = scene, None
        scene.background_stale = False
        data = scene.update(*args, **kwargs)
        for artist in scene.moving:  # left out of full draws: blitted on top (update may add some)
            artist.set_animated(True)
        if self._background is None or scene.background_stale:
            canvas.draw()
            self._background = canvas.copy_from_bbox(self.fig.bbox)
            renderer = canvas.get_renderer()
            self._overlay = [
                canvas.copy_from_bbox(a.get_window_extent(renderer)) for a in scene.overlay
            ]
        else:
            canvas.restore_region(self._background)
        for artist in sorted(scene.moving, key=lambda a: a.get_zorder()):
            self.fig.draw_artist(artist)
        for region in self._overlay:
            canvas.restore_region(region)
        return data

    def _encode(self) -> bytes:
        """The rendered Agg buffer as JPEG, quality 92 without chroma subsampling.

        Encoding is on the clock of every redraw: this takes ~1 ms where a PNG of the same
        figure takes ~20 ms, and at this quality lines and text stay sharp.
        """
        canvas = self.fig.canvas
        size = canvas.get_width_height(physical=True)
        picture = Image.frombuffer("RGBA", size, canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        buffer = io.BytesIO()
        picture.convert("RGB").save(buffer, format="jpeg", quality=92, subsampling=0)
        return buffer.getvalue()


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
        Milliseconds between Play ticks (50: 20 updates/s). If a tick takes longer than that,
        the ticks that queued up meanwhile only train (the picture skips frames but stays
        current instead of lagging behind the queue); the last tick and a pause draw.
    figsize : (float, float)
    status : callable, optional
        ``status(state) -> str`` shown beside the buttons (e.g. epoch and loss).
    dpi : int
    """

    def __init__(
        self,
        start: Callable,
        step: Callable,
        draw: Callable,
        controls: dict,
        *,
        max_frames: int = 100,
        interval: int = 50,
        figsize=(9.0, 3.6),
        status: Callable | None = None,
        dpi: int = LIVE_DPI,
    ):
        self.start, self.step, self.draw = start, step, draw
        self.controls = controls
        self.status = status or (lambda state: "")
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
        self.state = self.start(**{k: c.value for k, c in self.controls.items()})
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
            self.state = self.step(self.state)
            self.frame += 1
        self._skipped = not draw
        if draw:
            self._show()
        else:
            self.label.value = self.status(self.state)

    def _show(self) -> None:
        self.label.value = self.status(self.state)
        self.canvas.render(self.draw, self.state)

    def _ipython_display_(self) -> None:
        display(self.widget)
