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


def _pixel_box(artist, renderer, before: np.ndarray, after: np.ndarray):
    """Rows and columns (r0, r1, c0, c1) of the buffer that ``artist`` paints, padded.

    The box around the pixels that drawing it changed (``before`` -> ``after``) and its
    window extent, where matplotlib knows one (an Axis reports none: its tick labels and
    grid lines are found from the pixels). None if it paints nothing.
    """
    height, width = before.shape[:2]
    boxes = []
    changed = (before != after).any(axis=-1)
    rows, cols = np.flatnonzero(changed.any(axis=1)), np.flatnonzero(changed.any(axis=0))
    if rows.size:
        boxes.append((rows[0], rows[-1] + 1, cols[0], cols[-1] + 1))
    bbox = artist.get_window_extent(renderer)
    if np.isfinite(bbox.bounds).all() and bbox.width + bbox.height > 0:
        boxes.append(
            (
                int(np.floor(height - bbox.y1)),
                int(np.ceil(height - bbox.y0)),
                int(np.floor(bbox.x0)),
                int(np.ceil(bbox.x1)),
            )
        )
    if not boxes:
        return None
    return (
        max(min(b[0] for b in boxes) - _PAD, 0),
        min(max(b[1] for b in boxes) + _PAD, height),
        max(min(b[2] for b in boxes) - _PAD, 0),
        min(max(b[3] for b in boxes) + _PAD, width),
    )


def _same(a: np.ndarray, b: np.ndarray, box) -> bool:
    r0, r1, c0, c1 = box
    return np.array_equal(a[r0:r1, c0:c1], b[r0:r1, c0:c1])


def _overlap(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


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
        self._static, self._covered = [], None

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
        """Draw everything but ``order`` (B0), and the static artists of ``order`` over it (B1)."""
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
        self._static = []
        for artist in order:  # each static one drawn in turn: the pixels it paints
            if id(artist) in moving or (isinstance(artist, Text) and not artist.get_text()):
                continue
            before = self.rgba().copy()
            self.fig.draw_artist(artist)
            box = _pixel_box(artist, renderer, before, self.rgba())
            if box is not None:
                self._static.append((artist, box))
        self._covered = self.rgba().copy()  # the static picture, the moving artists left out
        self._blitted, self._limits = order, axis_limits(self.fig)

    def _blit(self, scene: Scene) -> None:
        """The moving artists over the background, exactly as a full draw would show them.

        A static artist of the blitted order (a spine, a legend, a label above the moving ones)
        is drawn again, in its place in the order, only where the moving artists reach it;
        elsewhere its pixels are copied from the static picture. Whether they reach it is
        read from the pixels in its box; if a moving artist later in the order reached a
        static one left out, the frame is drawn again with that one drawn in its place.
        """
        moving = {id(a) for a in scene.moving}
        boxes = {id(a): box for a, box in self._static}
        buffer = self.rgba()
        buffer[...] = self._background
        drawn: list = []  # boxes of the static artists drawn again
        for artist in self._blitted:
            box = boxes.get(id(artist))
            if id(artist) in moving:
                self.fig.draw_artist(artist)
            elif box is not None and (
                not _same(buffer, self._background, box) or any(_overlap(box, d) for d in drawn)
            ):
                self.fig.draw_artist(artist)
                drawn.append(box)
        left_out = [(a, box) for a, box in self._static if box not in drawn]
        late = [
            (a, box)
            for a, box in left_out
            if not _same(buffer, self._background, box) or any(_overlap(box, d) for d in drawn)
        ]
        if late:  # reached after its turn in the order: draw the frame again, that one included
            redraw = {id(a) for a, box in self._static if box in drawn} | {id(a) for a, _ in late}
            changed = True
            while changed:  # a static artist overlapping a redrawn one is redrawn too
                changed = False
                for artist, box in self._static:
                    if id(artist) not in redraw and any(
                        _overlap(box, boxes[i]) for i in redraw if i in boxes
                    ):
                        redraw.add(id(artist))
                        changed = True
            buffer[...] = self._background
            for artist in self._blitted:
                if id(artist) in moving or id(artist) in redraw:
                    self.fig.draw_artist(artist)
            left_out = [(a, box) for a, box in self._static if id(a) not in redraw]
        for _artist, (r0, r1, c0, c1) in left_out:
            buffer[r0:r1, c0:c1] = self._covered[r0:r1, c0:c1]

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
