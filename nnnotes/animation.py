"""Kernel-free animations for the rendered book: the same draw function, frame by frame.

A live widget needs a Python kernel; the static book has none. Each widget's moving equivalent
is made here from the *same* ``draw(fig, frame)`` function the widget calls, rendered with
matplotlib's JavaScript player (``FuncAnimation.to_jshtml``: play/pause and a frame slider,
frames as inline PNGs, nothing fetched from the network).

Each frame is drawn and rendered exactly once, straight into matplotlib's ``HTMLWriter`` (the
writer behind ``to_jshtml``). ``FuncAnimation.to_jshtml`` renders every frame twice: after each
update it calls ``canvas.draw_idle()``, which on a non-interactive canvas (Agg, the notebook's
inline backend) is a full draw, and then ``savefig`` draws the frame again for the PNG. That
wasted draw was about half of the rendering time and a third of the chapters' execution time.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import matplotlib as mpl
import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
from matplotlib.animation import HTMLWriter
from matplotlib.figure import Figure

# to_jshtml links a Font Awesome stylesheet on a CDN; the player's buttons render without it.
_CDN_LINK = re.compile(r"<link[^>]*font-awesome[^>]*>\s*", re.IGNORECASE)
_PLAYER_ID = re.compile(r"_anim_img([0-9a-f]{32})")  # the random uuid matplotlib picks


class Animation:
    """An HTML animation player; displays itself in Jupyter and in the built book.

    Attributes
    ----------
    name : str
        Stable name; the player's element ids derive from it, so re-running gives the same HTML.
    n_frames : int
    html : str
    """

    def __init__(self, name: str, n_frames: int, html: str):
        self.name, self.n_frames, self.html = name, n_frames, html

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"Animation({self.name!r}, {self.n_frames} frames)"


def animate(
    draw: Callable[[Figure, object], None],
    frames: Sequence,
    *,
    name: str,
    figsize: tuple[float, float] = (9.0, 3.6),
    dpi: int = 72,
    interval: int = 200,
) -> Animation:
    """Render ``draw(fig, frame)`` for every frame into a self-contained HTML player.

    Parameters
    ----------
    draw : callable
        ``draw(fig, frame)`` draws one frame on an empty figure; the widget calls the same function.
    frames : sequence
        One item per frame, passed to ``draw``.
    name : str
        Identifies the player on the page (must be unique within a page).
    figsize, dpi : figure size in inches and resolution; they set the notebook's size.
    interval : int
        Milliseconds between frames when playing.

    Returns
    -------
    Animation
    """
    if len(frames) == 0:
        raise ValueError("frames must hold at least one frame; got an empty sequence.")
    fig = plt.figure(figsize=figsize, dpi=dpi)
    try:
        html = _render_player(fig, draw, frames, interval)
    finally:
        plt.close(fig)
    player_id = hashlib.sha1(name.encode()).hexdigest()[:32]
    html = _CDN_LINK.sub("", html).replace(_PLAYER_ID.search(html).group(1), player_id)
    return Animation(name, len(frames), html)


def _render_player(fig: Figure, draw, frames: Sequence, interval: int) -> str:
    """The HTML ``FuncAnimation(fig, ...).to_jshtml(default_mode="once")`` makes, one draw a frame.

    Same writer, frame rate, resolution and frame background as ``Animation.save`` uses for
    ``to_jshtml``; only the extra ``draw_idle`` before each saved frame is left out.
    """
    writer = HTMLWriter(fps=1000 / interval, embed_frames=True, default_mode="once")
    dpi = mpl.rcParams["savefig.dpi"]
    if dpi == "figure":
        dpi = fig.dpi
    # HTMLWriter has no transparency: Animation.save composites the background onto white.
    facecolor = mpl.rcParams["savefig.facecolor"]
    r, g, b, a = mcolors.to_rgba(fig.get_facecolor() if facecolor == "auto" else facecolor)
    background = (a * r + 1 - a, a * g + 1 - a, a * b + 1 - a)
    with tempfile.TemporaryDirectory() as tmpdir:
        path = Path(tmpdir, "player.html")
        with writer.saving(fig, path, dpi):
            for frame in frames:
                fig.clear()
                draw(fig, frame)
                writer.grab_frame(facecolor=background, transparent=False)
        return path.read_text()
