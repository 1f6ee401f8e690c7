"""Drawing a live figure fast: one reusable figure shown as a picture, and blitting scenes.

The widgets (:mod:`nnnotes.widgets`) draw through a :class:`Canvas`: ONE off-screen matplotlib
figure per widget (no pyplot, so no figure piles up and no ``plt.close`` garbage collection per
frame), rendered with Agg into an ``ipywidgets.Image``, so the picture is replaced in place and
the page never shows an empty frame. A plain draw function rebuilds the whole figure each time;
a :class:`Scene` is set up once and then only its moving artists are redrawn (blitting), which
is what keeps a slider move or a training step within a few tens of milliseconds.
"""

from __future__ import annotations

import io
import traceback
from collections.abc import Callable

import ipywidgets as widgets
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

#: Resolution of live plots. Lower than the inline backend's 100 dpi: a redraw costs about
#: (dpi/100)² of the rendering time, and the plot is read on screen at its pixel size.
LIVE_DPI = 80


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
      (an axis limit, say: :meth:`set_limits`), it sets ``self.background_stale = True``;
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

    def set_limits(self, ax, *, xlim=None, ylim=None) -> None:
        """Give ``ax`` these limits (None: leave as is); if they changed, the background is stale."""
        for name, limits in (("x", xlim), ("y", ylim)):
            if limits is not None and getattr(ax, f"get_{name}lim")() != tuple(map(float, limits)):
                getattr(ax, f"set_{name}lim")(limits)
                self.background_stale = True

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
