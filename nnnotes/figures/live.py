"""Live scenes: chapter figures that redraw in place for the widgets (see nnnotes.widgets.Scene).

Each scene draws the same picture as its chapter's plain draw function, but split into a static
part, rendered once, and the few artists a slider or a training step moves; the widgets then
redraw only those (blitting), which keeps a redraw within the issue's responsiveness bars.
Called as ``scene(fig, ...)`` a scene is an ordinary draw function, so ``animate`` and the
tests run exactly the code the widget runs.
"""

from __future__ import annotations

import numpy as np
from contourpy import LineType, contour_generator
from matplotlib.collections import LineCollection
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from .. import classify
from ..canvas import Scene
from ..neuron import Neuron
from . import ch4
from .ch2 import MARGINS, Surface, draw_contours

_RESOLUTION = 80  # heat-map grid, as in ch4.plot_decision
_MAX_WIDTH = 4.0  # widest edge of the network diagram, as in ch4.plot_network


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

    t = np.linspace(-3.2, 3.2, 200)

    def __init__(self, x, y, surface: Surface):
        self.x, self.y, self.surface = np.asarray(x, float), np.asarray(y, float), surface

    def setup(self, fig: Figure) -> None:
        left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.15]})
        self.residuals = left.vlines(
            self.x, self.y, self.y, color="C3", lw=0.8, alpha=0.6, label="residual a − y"
        )
        self.dots = left.scatter(self.x, self.y, s=18, color="k", zorder=3, label="data (x, y)")
        (self.curve,) = left.plot(self.t, self.t, color="C0", lw=2, label="a = σ(wx + b)")
        left.set_xlim(1.05 * self.t[0], 1.05 * self.t[-1])  # as autoscaling would
        left.set_ylim(-0.08, 1.08)
        left.set_xlabel("x")
        left.set_ylabel("a, y")
        self.title = left.set_title(" ")
        legend = left.legend(fontsize=8, loc="center left", framealpha=1.0)
        draw_contours(right, self.surface)
        (self.marker,) = right.plot([0.0], [0.0], "o", color="C3", ms=9, mec="w")
        right.set_title("the same (w, b) on the cost surface")
        fig.subplots_adjust(**MARGINS)
        self.moving = [self.residuals, self.curve, self.dots, self.title, self.marker]
        self.overlay = [legend]

    def update(self, w: float, b: float) -> dict:
        neuron = Neuron(w=w, b=b)
        cost = neuron.cost(self.x, self.y)
        a_curve = neuron.forward(self.t)
        a = neuron.forward(self.x)
        self.residuals.set_segments(np.stack([np.c_[self.x, self.y], np.c_[self.x, a]], axis=1))
        self.curve.set_ydata(a_curve)
        self.title.set_text(f"w = {w:.2f}, b = {b:.2f}:  C = {cost:.4f}")
        self.marker.set_data([w], [b])
        return {"t": self.t, "a": a_curve, "cost": cost}


class Training(Scene):
    """Chapter 4's playground picture (:func:`nnnotes.figures.ch4.draw_run`) as a scene.

    ``update(run)`` and ``scene(fig, run)`` take a :class:`nnnotes.train.Run` of a 2-input
    network (:func:`nnnotes.playground.start_run`). A new data set or network shape lays the
    figure out afresh; the cost axis grows by doubling, so its ticks are redrawn only when it
    does. Returns dict with "decision" ("P", "accuracy"), "network" ("widths", shape (number of
    weights,)) and "cost".
    """

    def setup(self, fig: Figure) -> None:
        fig.clear()
        self._key = None  # the layout is made by the first update, which knows the state
        self.moving = []

    def _layout(self, run) -> None:
        fig = self.fig
        fig.clear()
        net, X = run.model, run.X
        left, middle, right = fig.subplots(1, 3, gridspec_kw={"width_ratios": [1.0, 1.2, 1.0]})
        self.xs, self.ys, P = ch4.probability_grid(net, X, _RESOLUTION)
        extent = (self.xs[0], self.xs[-1], self.ys[0], self.ys[-1])
        self.heat = left.imshow(
            P,
            origin="lower",
            extent=extent,
            cmap=ch4.PROBABILITY_CMAP,
            vmin=0.0,
            vmax=1.0,
            alpha=0.5,
            aspect="auto",
            interpolation="nearest",
        )
        self.boundary = LineCollection([], colors="k", linewidths=1.0, zorder=2)  # P = 0.5
        left.add_collection(self.boundary)
        dots = left.scatter(
            X[:, 0],
            X[:, 1],
            c=run.y,
            cmap=ListedColormap(ch4.CLASS_COLORS),
            s=12 if len(X) > 20 else 60,
            edgecolors="k",
            linewidths=0.4,
            vmin=0,
            vmax=1,
            zorder=3,
        )
        left.set(xlim=extent[:2], ylim=extent[2:], xticks=[], yticks=[])
        self.accuracy_text = left.set_title(" ", fontsize=9)
        pos = ch4.network_layout(net.sizes)
        segments = [
            [pos[l][k], pos[l + 1][j]]
            for l, W in enumerate(net.weights)
            for j in range(W.shape[0])
            for k in range(W.shape[1])
        ]
        self.edges = LineCollection(segments, alpha=0.8, capstyle="round", zorder=1)
        middle.add_collection(self.edges)
        inputs = middle.scatter(*pos[0].T, s=90, c="0.85", edgecolors="k", linewidths=0.8, zorder=2)
        self.nodes = [
            middle.scatter(*p.T, s=40, edgecolors="k", linewidths=0.8, zorder=2) for p in pos[1:]
        ]
        middle.set_xlim(-0.3, len(net.sizes) - 0.7)
        middle.set_ylim(-0.05, 1.05)
        middle.axis("off")
        middle.set_title("weights: blue > 0, orange < 0, width ~ |w|", fontsize=9)
        (self.cost_line,) = right.plot([], [], color="C3", lw=1.5)
        self.cost_ax = right
        self.cost_text = right.set_title(" ", fontsize=9)
        right.set_xlabel("epoch", fontsize=8)
        right.grid(True, alpha=0.3)
        right.tick_params(labelsize=7)
        self.suptitle = fig.suptitle(" ", fontsize=10)
        fig.subplots_adjust(left=0.02, right=0.98, bottom=0.14, top=0.82, wspace=0.15)
        # Static artists that the moving ones would cover are redrawn with them: the frame
        # of the heat map and the input nodes (cheap, and drawn in zorder).
        self.moving = [
            self.heat,
            self.boundary,
            dots,
            *left.spines.values(),
            self.edges,
            inputs,
            *self.nodes,
            self.cost_line,
            self.accuracy_text,
            self.cost_text,
            self.suptitle,
        ]
        self._limits = (0.0, 0.0)

    def update(self, run) -> dict:
        key = (id(run.X), tuple(run.model.sizes))
        if key != self._key:
            self._layout(run)
            self._key, self.background_stale = key, True
        net = run.model
        _, _, P = ch4.probability_grid(net, run.X, _RESOLUTION)
        self.heat.set_data(P)
        self.boundary.set_segments(
            contour_generator(self.xs, self.ys, P, line_type=LineType.Separate).lines(0.5)
        )
        accuracy = classify.accuracy(net, run.X, run.y)
        self.accuracy_text.set_text(f"output a(x), accuracy {accuracy:.0%}")
        scale = max(max(np.abs(W).max() for W in net.weights), 1e-12)
        w = np.concatenate([W.ravel() for W in net.weights])
        widths = _MAX_WIDTH * np.abs(w) / scale
        self.edges.set_linewidths(widths)
        self.edges.set_colors([ch4.SIGN_COLORS[1 if v >= 0 else -1] for v in w])
        b_scale = max(max(np.abs(b).max() for b in net.biases), 1e-12)
        for nodes, b in zip(self.nodes, net.biases):
            nodes.set_sizes(40 + 100 * np.abs(b) / b_scale)
            nodes.set_facecolors([ch4.SIGN_COLORS[1 if v >= 0 else -1] for v in b])
        cost = np.asarray(run.history.cost, dtype=float)
        epochs = np.arange(1, cost.size + 1)
        self.cost_line.set_data(epochs, cost)
        if cost.size:
            self.cost_text.set_text(f"cost C = {cost[-1]:.4f}")
            self._fit_cost_axis(cost.size, cost.max())
        self.suptitle.set_text(ch4.run_title(run))
        return {
            "decision": {"P": P, "accuracy": accuracy},
            "network": {"widths": widths},
            "cost": {"epochs": epochs, "cost": cost},
        }

    def _fit_cost_axis(self, epochs: int, top: float) -> None:
        """Double the epoch axis when the curve reaches its end; raise the top when needed."""
        x_max, y_max = self._limits
        if epochs > x_max or top > y_max:
            x_max = max(x_max, 10.0)
            while x_max < epochs:
                x_max *= 2
            y_max = max(y_max, 1.05 * top)
            self.cost_ax.set(xlim=(0, x_max), ylim=(0.0, y_max))
            self._limits, self.background_stale = (x_max, y_max), True
