"""Chapter 3's explorer and dashboard as scenes: vanishing gradients, and a chain learning."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from ..._validation import as_count
from ...canvas import Scene
from ...train import Run
from ..ch3 import (
    FIT_GRID,
    chain_record,
    gradient_magnitudes,
    magnitude_axes,
    magnitude_labels,
    run_axes,
    run_limits,
)
from .base import RunScene, doubling

#: Layers the explorer's x axis shows (its depth slider's maximum); deeper chains widen it.
SHOWN_DEPTH = 20


class GradientMagnitudes(Scene):
    """Chapter 3's explorer: :func:`nnnotes.figures.ch3.draw_gradient_magnitudes` for one
    weight scale with ``fixed_axes=True``, as a scene.

    Parameters
    ----------
    n_examples : int
    seed : None or int

    ``scene(fig, depth, weight_scale)`` / ``update(depth, weight_scale)`` return what
    ``draw_gradient_magnitudes(fig, depth, scales=(weight_scale,), fixed_axes=True)`` returns:
    {weight_scale: dict of :func:`nnnotes.figures.ch3.gradient_magnitudes`}.
    """

    def __init__(self, *, n_examples: int = 64, seed=0):
        self.n_examples, self.seed = n_examples, seed

    def setup(self, fig: Figure) -> None:
        self.left, self.right = magnitude_axes(fig, SHOWN_DEPTH, fixed_axes=True)
        (self.dw,) = self.left.plot([], [], "o-", ms=4, color="C0", label=" ")
        (self.bound,) = self.left.plot([], [], "--", lw=1, color="C0", alpha=0.6)
        (self.factor,) = self.right.plot([], [], "o-", ms=4, color="C0")
        self.title = self.left.set_title(" ")
        self.legend = self.left.legend(fontsize=8, loc="lower right")
        self.moving = [self.dw, self.bound, self.factor, self.title, self.legend]

    def update(self, depth: int, weight_scale: float) -> dict:
        depth = as_count(depth, "depth", minimum=2)
        g = gradient_magnitudes(depth, weight_scale, n_examples=self.n_examples, seed=self.seed)
        layers = np.arange(1, depth + 1)
        self.dw.set_data(layers, g["dw"])
        self.bound.set_data(layers, g["bound"])
        self.factor.set_data(layers[:-1], g["factor"])
        title, label = magnitude_labels(depth, weight_scale)
        self.title.set_text(title)
        self.legend.get_texts()[0].set_text(label)
        for ax in (self.left, self.right):
            self.set_limits(ax, xlim=(0.5, max(depth, SHOWN_DEPTH) + 0.5))
        return {weight_scale: g}


class ChainRun(RunScene):
    """Chapter 3's dashboard (:func:`nnnotes.figures.ch3.draw_run`) as a scene.

    ``update(run)`` / ``scene(fig, run)`` take a chain's :class:`nnnotes.train.Run`
    (:func:`nnnotes.chain.start_run`) and return what ``draw_run`` returns (see
    :func:`nnnotes.figures.ch3.chain_record`). The epoch axes end at 10, 20, 40, ... epochs
    and the parameter axis at whole halves, so the background is redrawn only when they grow.
    """

    def layout(self, fig: Figure, run: Run) -> None:
        ax_fit, self.ax_par, self.ax_cost = run_axes(fig, run)
        (self.fit,) = ax_fit.plot([], [], color="C3", lw=2, label="chain output a(n)")
        self.fit_title = ax_fit.set_title(" ")
        self.parameters = []  # per layer: w line, b line, w marker, b marker
        for l in range(run.model.w.size):
            c = f"C{l}"
            self.parameters.append(
                [
                    *self.ax_par.plot([], [], "-", color=c, label=f"w({l + 1})"),
                    *self.ax_par.plot([], [], "--", color=c, label=f"b({l + 1})"),
                    *self.ax_par.plot([], [], "o", ms=4, color=c),
                    *self.ax_par.plot([], [], "s", ms=4, mfc="white", color=c),
                ]
            )
        (self.cost,) = self.ax_cost.plot([], [], color="k")
        (self.cost_marker,) = self.ax_cost.plot([], [], "o", ms=4, color="k")
        self.cost_title = self.ax_cost.set_title(" ")
        self.moving = [
            self.fit,
            self.fit_title,
            *[line for lines in self.parameters for line in lines],
            self.cost,
            self.cost_marker,
            self.cost_title,
        ]
        # opaque legends, pasted back over the curves that pass under them
        self.overlay = [
            ax_fit.legend(fontsize=8, loc="lower left", framealpha=1.0),
            self.ax_par.legend(fontsize=7, ncol=3, loc="lower left", framealpha=1.0),
        ]

    def show(self, run: Run) -> dict:
        data = chain_record(run)
        epoch, w, b, cost = data["epoch"], data["w"], data["b"], data["cost"]
        self.fit.set_data(FIT_GRID, data["fit"])
        self.fit_title.set_text(f"epoch {epoch[-1]}")
        for l, (w_line, b_line, w_marker, b_marker) in enumerate(self.parameters):
            w_line.set_data(epoch, w[:, l])
            b_line.set_data(epoch, b[:, l])
            w_marker.set_data(epoch[-1:], w[-1:, l])
            b_marker.set_data(epoch[-1:], b[-1:, l])
        self.cost.set_data(epoch, cost)
        self.cost_marker.set_data(epoch[-1:], cost[-1:])
        self.cost_title.set_text(f"cost C = {cost[-1]:.5f}")
        limits = run_limits(run)
        bottom, top = limits["parameters"]
        end = (0, doubling(epoch[-1]))
        self.set_limits(
            self.ax_par, xlim=end, ylim=(np.floor(2 * bottom) / 2, np.ceil(2 * top) / 2)
        )
        self.set_limits(self.ax_cost, xlim=end, ylim=limits["cost"])
        return data
