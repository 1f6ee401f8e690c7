"""Kernel-free animations for the rendered book: the same draw function, frame by frame.

A live widget needs a Python kernel; the static book has none. Each widget's moving equivalent
is made here from the *same* ``draw(fig, frame)`` function the widget calls, rendered with
matplotlib's JavaScript player (``FuncAnimation.to_jshtml``: play/pause and a frame slider,
frames as inline PNGs, nothing fetched from the network).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence

import matplotlib.pyplot as plt
from matplotlib.animation import FuncAnimation
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

    def update(i: int):
        fig.clear()
        draw(fig, frames[i])
        return []

    anim = FuncAnimation(
        fig, update, frames=len(frames), init_func=list, interval=interval, blit=False
    )  # init_func: no extra drawing of frame 0 before recording
    try:
        html = anim.to_jshtml(default_mode="once")
    finally:
        plt.close(fig)
    player_id = hashlib.sha1(name.encode()).hexdigest()[:32]
    html = _CDN_LINK.sub("", html).replace(_PLAYER_ID.search(html).group(1), player_id)
    return Animation(name, len(frames), html)
