"""The book's animation players: one draw per frame, the same HTML as matplotlib's own player."""

import re

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.animation import FuncAnimation

from nnnotes.animation import animate


def _normalised(html):
    """The player with its id (random in matplotlib's, from the name in ours) and CDN link blanked."""
    player_id = re.search(r"_anim_img([0-9a-f]{32})", html).group(1)
    return re.sub(r"<link[^>]*font-awesome[^>]*>\s*", "", html).replace(player_id, "ID")


def _draw(fig, t):
    ax = fig.add_subplot()
    x = np.linspace(0.0, 1.0, 50)
    ax.plot(x, np.sin(2 * np.pi * (x + 0.1 * t)))
    ax.set_title(f"frame {t}")


def test_player_is_matplotlibs_jshtml_with_one_draw_per_frame(monkeypatch):
    """Byte for byte what FuncAnimation.to_jshtml gives (bar the player id), drawing each frame once."""
    fig = plt.figure(figsize=(4, 3), dpi=50)

    def update(i):
        fig.clear()
        _draw(fig, i)
        return []

    anim = FuncAnimation(fig, update, frames=3, init_func=list, interval=150, blit=False)
    reference = anim.to_jshtml(default_mode="once")
    plt.close(fig)

    draws = []
    original = fig.canvas.__class__.draw
    monkeypatch.setattr(
        fig.canvas.__class__,
        "draw",
        lambda self, *a, **k: draws.append(1) or original(self, *a, **k),
    )
    player = animate(_draw, range(3), name="test", figsize=(4, 3), dpi=50, interval=150)
    monkeypatch.undo()

    assert len(draws) == 3
    assert player.n_frames == 3
    assert "font-awesome" not in player.html
    assert _normalised(player.html) == _normalised(reference)


def test_player_ids_come_from_the_name():
    a = animate(_draw, range(1), name="same", figsize=(2, 2), dpi=20)
    b = animate(_draw, range(1), name="same", figsize=(2, 2), dpi=20)
    assert a.html == b.html


def test_no_frames_is_a_clear_error():
    with pytest.raises(ValueError, match="frames must hold at least one frame"):
        animate(_draw, [], name="empty")
