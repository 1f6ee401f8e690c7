"""Chapter 1's descent explorer (:func:`nnnotes.figures.ch1.draw_descent`) as a scene."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from ...canvas import Scene
from .. import ch1
from .base import decades, doubling


class RegressionDescent(Scene):
    """Gradient descent on C(w) from a fixed w0: ``update(lr, steps)`` moves the path.

    Parameters
    ----------
    x, y : ndarray of shape (N,)
        The data of the linear regression.
    w0 : float
        The start.

    ``scene(fig, lr, steps)`` / ``update(lr, steps)`` return what ``ch1.draw_descent`` returns:
    dict with "path", "costs", "excess" (shape (steps+1,)). The step axis ends at 10, 20, 40,
    ... steps and the excess axis at powers of 1e5, so the background is redrawn only when
    they change.
    """

    def __init__(self, x, y, w0: float = -1.0):
        self.x, self.y, self.w0 = np.asarray(x, float), np.asarray(y, float), float(w0)

    def setup(self, fig: Figure) -> None:
        left, self.right, self.span = ch1.descent_axes(fig, self.x, self.y, self.w0)
        left.set_ylim(left.get_ylim())  # the parabola's; the path stays on it
        (self.path,) = left.plot([], [], "o-", color="C3", ms=4, lw=1, alpha=0.8)
        (self.excess,) = self.right.plot([], [], "o-", color="C3", ms=3)
        self.titles = (left.set_title(" "), self.right.set_title(" "))
        self.moving = [self.path, self.excess, *self.titles]
        # the legend, opaque, is pasted back over the path, which may pass under it
        left.get_legend().get_frame().set_alpha(1.0)
        self.overlay = [left.get_legend()]

    def update(self, lr: float, steps: int) -> dict:
        data = ch1.descent(self.x, self.y, lr, steps, self.w0)
        on_parabola, on_log_axis = ch1.shown_descent(data, self.x, self.y, self.span)
        self.path.set_data(data["path"][on_parabola], data["costs"][on_parabola])
        excess = data["excess"][on_log_axis]
        self.excess.set_data(np.arange(steps + 1)[on_log_axis], excess)
        for title, text in zip(self.titles, ch1.descent_titles(self.x, lr, steps, data["excess"])):
            title.set_text(text)
        self.set_limits(
            self.right,
            xlim=(-0.5, doubling(steps) + 0.5),
            ylim=decades(excess.min(), excess.max(), every=5) if excess.size else None,
        )
        return data
