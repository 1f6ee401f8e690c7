"""Chapter 2's explorer and dashboard as scenes: a neuron on its cost surface, and its descent."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from ...canvas import Scene
from ...train import Run
from ..ch2 import (
    FIT_GRID,
    Surface,
    descent,
    descent_axes,
    descent_labels,
    neuron_fit,
    neuron_fit_axes,
)
from .base import RunScene, doubling


class NeuronFit(Scene):
    """Chapter 2's neuron explorer (:func:`nnnotes.figures.ch2.draw_neuron_fit`) as a scene.

    Parameters
    ----------
    x, y : array_like, shape (n,)
        The data.
    surface : ch2.Surface
        C(w, b) on a grid, for the right panel.

    ``scene(fig, w, b)`` / ``update(w, b)`` return dict with "t" (shape (200,)), "a" (the
    curve, shape (200,)) and "cost" (float), like ``draw_neuron_fit``.
    """

    def __init__(self, x, y, surface: Surface):
        self.x, self.y, self.surface = np.asarray(x, float), np.asarray(y, float), surface

    def setup(self, fig: Figure) -> None:
        left, right = neuron_fit_axes(fig, self.surface)
        self.residuals = left.vlines(
            self.x, self.y, self.y, color="C3", lw=0.8, alpha=0.6, label="residual a − y"
        )
        self.dots = left.scatter(self.x, self.y, s=18, color="k", zorder=3, label="data (x, y)")
        (self.curve,) = left.plot(FIT_GRID, FIT_GRID, color="C0", lw=2, label="a = σ(wx + b)")
        left.set_xlim(1.05 * FIT_GRID[0], 1.05 * FIT_GRID[-1])  # as autoscaling would
        self.title = left.set_title(" ")
        legend = left.legend(fontsize=8, loc="center left", framealpha=1.0)
        (self.marker,) = right.plot([0.0], [0.0], "o", color="C3", ms=9, mec="w")
        self.moving = [self.residuals, self.curve, self.dots, self.title, self.marker]
        self.overlay = [legend]

    def update(self, w: float, b: float) -> dict:
        fit = neuron_fit(self.x, self.y, w, b)
        tops = np.c_[self.x, fit["residual_tops"]]
        self.residuals.set_segments(np.stack([np.c_[self.x, self.y], tops], axis=1))
        self.curve.set_ydata(fit["a"])
        self.title.set_text(fit["title"])
        self.marker.set_data([w], [b])
        return {key: fit[key] for key in ("t", "a", "cost")}


class NeuronDescent(RunScene):
    """Chapter 2's descent dashboard (:func:`nnnotes.figures.ch2.draw_descent`) as a scene.

    Parameters
    ----------
    surface : ch2.Surface
        C(w, b) on a grid, for the contours.

    ``update(run)`` / ``scene(fig, run)`` take a :class:`nnnotes.train.Run` of a one-input
    neuron (:func:`nnnotes.neuron.start_run`) and return what ``draw_descent`` returns: dict with
    "path" (shape (k+1, 2)) and "cost" (shape (E,)). The epoch axis ends at 10, 20, 40, ...
    epochs, so the background is redrawn only when it doubles.
    """

    def __init__(self, surface: Surface):
        self.surface = surface

    def layout(self, fig: Figure, run: Run) -> None:
        left, self.right = descent_axes(fig, self.surface)
        (self.path,) = left.plot([], [], ".-", color="C3", ms=3, lw=1.2)
        (self.start,) = left.plot([], [], "s", color="C3", ms=8, mec="w", label="start")
        (self.last,) = left.plot([], [], "o", color="C1", ms=8, mec="w", label=" ")
        self.legend = left.legend(fontsize=8, loc="upper right")
        (self.cost,) = self.right.plot([], [], color="C3", lw=1.5)
        self.title = self.right.set_title(" ")
        self.moving = [self.path, self.start, self.last, self.legend, self.cost, self.title]

    def show(self, run: Run) -> dict:
        data = descent(run)
        path, cost = data["path"], data["cost"]
        last, title = descent_labels(cost)
        self.path.set_data(path[:, 0], path[:, 1])
        self.start.set_data(path[:1, 0], path[:1, 1])
        self.last.set_data(path[-1:, 0], path[-1:, 1])
        self.legend.get_texts()[1].set_text(last)
        self.cost.set_data(np.arange(cost.size), cost)
        self.title.set_text(title)
        top = 1.05 * max(run.history.cost, default=1.0)
        self.set_limits(self.right, xlim=(0, doubling(run.epoch)), ylim=(0, top))
        return data
