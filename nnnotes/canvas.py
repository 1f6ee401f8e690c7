"""Drawing a live figure fast: one reusable figure shown as a picture, and blitting scenes.

The widgets (:mod:`nnnotes.widgets`) draw through a :class:`Canvas`: ONE off-screen matplotlib
figure per widget (no pyplot, so no figure piles up and no ``plt.close`` garbage collection per
frame), rendered with Agg into an ``ipywidgets.Image``, so the picture is replaced in place and
the page never shows an empty frame. A plain draw function rebuilds the whole figure each time;
a :class:`Scene` is set up once and then only its moving artists are redrawn (blitting), which
is what keeps a slider move or a training step within a few tens of milliseconds.

The figure and the blitting live in a :class:`Renderer`, which needs no ipywidgets: the
kernel-free players (:mod:`nnnotes.player`) draw their precomputed pictures through it too.
"""

from __future__ import annotations

import io
import traceback
from collections.abc import Callable

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
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
    * static artists above the moving ones in the drawing order (spines, a legend, labels)
      need nothing: the :class:`Renderer` draws them again where moving pixels reach them, so
      a blitted picture is, pixel for pixel, the scene drawn from scratch (``overlay`` is
      kept for older scenes and ignored).

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


def blit_order(fig: Figure, moving) -> list:
    """The artists to draw over a scene's background, in the order a full draw draws them.

    A full draw of ``fig`` draws each Axes' children sorted by zorder (ties: in
    ``get_children`` order), the Axes in turn, then the figure's own artists (a suptitle).
    Blitting must reproduce that order where pixels overlap, or a moving line drawn over a
    spine, a legend or a label would differ from the scene drawn from scratch. So the artists
    blitted are, within each Axes holding a moving artist, every child from the first moving
    one on in that order (the static spines, legend, ... above it are drawn again, over it);
    likewise among the figure's own artists. Moving artists of different Axes are assumed not
    to overlap (they are clipped to their Axes). The tests compare every blitted picture with
    the scene drawn on a fresh figure, pixel for pixel.
    """
    ids = {id(a) for a in moving}
    order: list = []

    def tail(children) -> list:
        children = sorted(children, key=lambda a: a.get_zorder())  # stable, like draw
        first = next((k for k, a in enumerate(children) if id(a) in ids), len(children))
        return children[first:]

    for ax in sorted(fig.axes, key=lambda a: a.get_zorder()):
        children = [a for a in ax.get_children() if a is not ax.patch]
        if not (ax.axison and ax.get_frame_on()):
            children = [a for a in children if a not in ax.spines.values()]
        if not ax.axison:
            children = [a for a in children if a not in (ax.xaxis, ax.yaxis)]
        order += tail(children)
    order += tail([a for a in fig.get_children() if a is not fig.patch])
    seen = {id(a) for a in order}
    # moving artists nested deeper (none in the book's scenes) are drawn last, in zorder
    order += sorted((a for a in moving if id(a) not in seen), key=lambda a: a.get_zorder())
    return [a for a in order if a.get_visible()]


#: Pixels around an artist's extent that its anti-aliased edges may reach.
_PAD = 2


def changed_pixels(before: np.ndarray, after: np.ndarray) -> np.ndarray:
    """Where two pictures of shape (H, W, channels) differ: an (H, W) bool array.

    The channels' differences joined with ``|`` one channel at a time: ``.any(axis=-1)`` over
    3 or 4 channels is ~7 times slower (1.6 vs 0.24 ms at 570 x 204).
    """
    differ = before != after
    changed = differ[..., 0].copy()
    for channel in range(1, differ.shape[-1]):
        changed |= differ[..., channel]
    return changed


def _region(artist, renderer, before: np.ndarray, after: np.ndarray):
    """Where ``artist`` paints: ((r0, r1, c0, c1), mask of those rows and columns), or None.

    The pixels drawing it changed (``before`` -> ``after``). An artist with a window extent
    (a legend, a text, a spine) owns its whole box, padded: it may paint a pixel the colour
    that was there already. An Axis reports no extent; its tick marks, labels and grid lines
    are the pixels they change.
    """
    height, width = before.shape[:2]
    changed = changed_pixels(before, after)
    bbox = artist.get_window_extent(renderer)
    if np.isfinite(bbox.bounds).all() and bbox.width + bbox.height > 0:
        r0 = max(int(np.floor(height - bbox.y1)) - _PAD, 0)
        r1 = min(int(np.ceil(height - bbox.y0)) + _PAD, height)
        c0 = max(int(np.floor(bbox.x0)) - _PAD, 0)
        c1 = min(int(np.ceil(bbox.x1)) + _PAD, width)
        changed[r0:r1, c0:c1] = True
    rows, cols = np.flatnonzero(changed.any(axis=1)), np.flatnonzero(changed.any(axis=0))
    if not rows.size:
        return None
    r0, r1, c0, c1 = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
    return (r0, r1, c0, c1), changed[r0:r1, c0:c1]


def axis_limits(fig: Figure) -> list:
    """Every Axes' limits and scales: a background drawn for other limits is stale."""
    return [(ax.get_xlim(), ax.get_ylim(), ax.get_xscale(), ax.get_yscale()) for ax in fig.axes]


class Renderer:
    """One reusable off-screen figure and the blitting of scenes: what a picture is drawn with.

    Shared by :class:`Canvas` (a live widget's picture) and :mod:`nnnotes.player` (the
    kernel-free players' precomputed pictures): one implementation of blitting.

    Parameters
    ----------
    figsize : (float, float)
        Figure size in inches.
    dpi : int
        Pixels per inch of the picture.

    Attributes
    ----------
    fig : matplotlib.figure.Figure
    full_draws : int
        How many times the whole figure was drawn (a scene's setup, or a stale background).
    """

    def __init__(self, figsize=(9.0, 3.6), dpi: int = LIVE_DPI):
        self.fig = Figure(figsize=figsize, dpi=dpi)
        FigureCanvasAgg(self.fig)
        self.full_draws = 0
        self.reset()

    def reset(self) -> None:
        """Forget the scene: the next :meth:`render` of a scene sets it up afresh."""
        for artist in getattr(self, "_blitted", ()):
            artist.set_animated(False)
        self._scene, self._background, self._blitted, self._limits = None, None, [], None
        self._static = {}

    def render(self, draw: Callable, *args, **kwargs):
        """Draw ``draw(fig, *args, **kwargs)``; return what it returned.

        A plain draw function gets a cleared figure. A :class:`Scene` is set up once; later
        calls only update its moving artists and redraw them over the saved background (which
        is drawn again when ``update`` marks it stale). If ``draw`` raises, the scene is set up
        afresh next time and the exception propagates.
        """
        try:
            if isinstance(draw, Scene):
                return self._render_scene(draw, *args, **kwargs)
            self._scene = None
            self.fig.clear()
            data = draw(self.fig, *args, **kwargs)
            self.fig.canvas.draw()
            self.full_draws += 1
            return data
        except BaseException:
            self.reset()
            raise

    def _render_scene(self, scene: Scene, *args, **kwargs):
        if self._scene is not scene or scene.fig is not self.fig:
            self.reset()
            self.fig.clear()
            scene.fig = self.fig
            scene.setup(self.fig)
            self._scene = scene
        scene.background_stale = False
        data = scene.update(*args, **kwargs)
        order = blit_order(self.fig, scene.moving)
        limits = axis_limits(self.fig)
        if (
            self._background is None
            or scene.background_stale
            or limits != self._limits  # a limit changed although update did not say so
            or order != self._blitted  # update added a moving artist
        ):
            self._draw_background(scene, order)
        self._blit(scene)
        return data

    def _draw_background(self, scene: Scene, order: list) -> None:
        """Draw everything but ``order``; then each static artist of ``order`` in turn over it,
        keeping the pixels it paints as they were just before and just after it."""
        for artist in self._blitted:
            artist.set_animated(False)
        for artist in order:  # left out of the full draw: drawn over it by _blit
            artist.set_animated(True)
        canvas = self.fig.canvas
        canvas.draw()
        self.full_draws += 1
        self._background = self.rgba().copy()
        moving = {id(a) for a in scene.moving}
        renderer = canvas.get_renderer()
        self._static = {}
        for artist in order:
            if id(artist) in moving or (isinstance(artist, Text) and not artist.get_text()):
                continue
            before = self.rgba().copy()
            self.fig.draw_artist(artist)
            after = self.rgba()
            region = _region(artist, renderer, before, after)
            if region is not None:
                (r0, r1, c0, c1), mask = region
                self._static[id(artist)] = (
                    (r0, r1, c0, c1),
                    mask,
                    before[r0:r1, c0:c1][mask],
                    after[r0:r1, c0:c1][mask].copy(),
                )
        self._blitted, self._limits = order, axis_limits(self.fig)

    def _blit(self, scene: Scene) -> None:
        """The moving artists over the background, exactly as a full draw would show them.

        The blitted order is drawn in turn. A static artist in it (a spine, a legend, an axis
        above a moving bar) is drawn again only if the pixels it paints are not, at its turn,
        what they were at its turn in the static picture (a moving artist reached them);
        otherwise its pixels are copied from the static picture.
        """
        moving = {id(a) for a in scene.moving}
        buffer = self.rgba()
        buffer[...] = self._background
        for artist in self._blitted:
            if id(artist) in moving:
                self.fig.draw_artist(artist)
                continue
            static = self._static.get(id(artist))
            if static is None:
                continue
            (r0, r1, c0, c1), mask, before, after = static
            window = buffer[r0:r1, c0:c1]
            if np.array_equal(window[mask], before):
                window[mask] = after
            else:
                self.fig.draw_artist(artist)

    def rgba(self) -> np.ndarray:
        """The last rendered picture, shape (height, width, 4), uint8 (a view of Agg's buffer:
        copy it to keep it past the next render)."""
        return np.asarray(self.fig.canvas.buffer_rgba())

    def jpeg(self, quality: int = 92) -> bytes:
        """The last rendered picture as JPEG, without chroma subsampling.

        Encoding is on the clock of every live redraw: this takes ~1 ms where a PNG of the same
        figure takes ~20 ms, and at this quality lines and text stay sharp.
        """
        canvas = self.fig.canvas
        size = canvas.get_width_height(physical=True)
        picture = Image.frombuffer("RGBA", size, canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        buffer = io.BytesIO()
        picture.convert("RGB").save(buffer, format="jpeg", quality=quality, subsampling=0)
        return buffer.getvalue()


class Canvas:
    """A :class:`Renderer`'s picture shown in an ``ipywidgets.Image`` (what both widgets use).

    Parameters
    ----------
    figsize : (float, float)
        Figure size in inches.
    dpi : int
        Pixels per inch of the picture.

    Attributes
    ----------
    renderer : Renderer
    fig : matplotlib.figure.Figure
        The renderer's figure.
    image : ipywidgets.Image
        Holds the last rendered picture (JPEG bytes).
    errors : ipywidgets.Output
        Shows the traceback if ``draw`` raised, empty otherwise.
    widget : ipywidgets.VBox
        The picture above the error area.
    """

    def __init__(self, figsize=(9.0, 3.6), dpi: int = LIVE_DPI):
        import ipywidgets as widgets  # only the live widgets need it; the players do not

        self.renderer = Renderer(figsize, dpi)
        self.fig = self.renderer.fig
        self.image = widgets.Image(format="jpeg", layout=widgets.Layout(max_width="100%"))
        self.errors = widgets.Output()
        self.widget = widgets.VBox([self.image, self.errors])
        self._failed = False

    def render(self, draw: Callable, *args, **kwargs):
        """Draw ``draw(fig, *args, **kwargs)`` (see :meth:`Renderer.render`) and show the picture.

        Returns what ``draw`` returned, or None if it raised (the traceback is then shown).
        """
        try:
            data = self.renderer.render(draw, *args, **kwargs)
            self.image.value = self.renderer.jpeg()
        except Exception:  # a callback's error must be seen, not swallowed by the frontend
            self._failed = True
            with self.errors:
                self.errors.clear_output(wait=True)
                print(traceback.format_exc())
            return None
        if self._failed:
            self._failed = False
            self.errors.clear_output()
        return data
