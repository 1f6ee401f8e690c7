"""What the scenes share: a scene of a training run, and axis limits that change rarely.

A scene blits only its moving artists over a saved background; an axis limit that changes
forces the background to be drawn again (a full redraw, ~50-100 ms). So the scenes' growing
axes change by doubling, and their log axes by whole blocks of decades, not on every update.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from ...canvas import Scene
from ...train import Run


class RunScene(Scene):
    """A scene of a :class:`nnnotes.train.Run`, laid out afresh for every new run.

    A dashboard passes the same run, stepped further, to every ``update(run)``; a reset passes
    a new one. Subclasses implement ``layout(fig, run)`` (the static part for this run, with
    the moving artists in ``self.moving``) and ``show(run) -> dict`` (moves them).
    """

    def setup(self, fig: Figure) -> None:
        fig.clear()
        self.run, self.moving, self.overlay = None, [], []

    def update(self, run: Run) -> dict:
        if run is not self.run:
            self.fig.clear()
            self.moving, self.overlay = [], []
            self.layout(self.fig, run)
            self.run, self.background_stale = run, True
        return self.show(run)

    def layout(self, fig: Figure, run: Run) -> None:
        raise NotImplementedError

    def show(self, run: Run) -> dict:
        raise NotImplementedError


def doubling(needed: float, start: float = 10.0) -> float:
    """The smallest ``start * 2**k`` (k >= 0) that is >= ``needed``: a growing axis's end."""
    end = start
    while end < needed:
        end *= 2
    return end


def decades(lo: float, hi: float, every: int = 1) -> tuple[float, float]:
    """Log-axis limits: [lo, hi] widened to powers of ten whose exponents are multiples of ``every``."""
    a = every * np.floor(np.log10(lo) / every)
    b = every * np.ceil(np.log10(hi) / every)
    return 10.0**a, 10.0 ** max(b, a + every)
