"""Chapter 4's playground picture (:func:`nnnotes.figures.ch4.draw_run`) as a scene."""

from __future__ import annotations

import numpy as np
from contourpy import LineType, contour_generator
from matplotlib.collections import LineCollection
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from ... import classify
from ...train import Run
from .. import ch4
from .base import RunScene, doubling

_RESOLUTION = 80  # heat-map grid, as in ch4.plot_decision


class Training(RunScene):
    """Chapter 4's playground picture (:func:`nnnotes.figures.ch4.draw_run`) as a scene.

    ``update(run)`` and ``scene(fig, run)`` take a :class:`nnnotes.train.Run` of a 2-input
    network (:func:`nnnotes.playground.start_run`). A new run lays the figure out afresh; the
    cost axis grows by doubling, so its ticks are redrawn only when it does. Returns what
    ``draw_run`` returns: dict with "decision" (:func:`~nnnotes.figures.ch4.plot_decision`),
    "network" (:func:`~nnnotes.figures.ch4.plot_network`) and "cost"
    (:func:`~nnnotes.figures.ch4.plot_cost`).
    """

    def layout(self, fig: Figure, run: Run) -> None:
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
        segments = [[pos[l][k], pos[l + 1][j]] for l, j, k, _, _ in ch4.network_edges(net)]
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
        self.cost_ax, self.cost_top = right, 0.0
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

    def show(self, run: Run) -> dict:
        net = run.model
        _, _, P = ch4.probability_grid(net, run.X, _RESOLUTION)
        self.heat.set_data(P)
        self.boundary.set_segments(
            contour_generator(self.xs, self.ys, P, line_type=LineType.Separate).lines(0.5)
        )
        accuracy = classify.accuracy(net, run.X, run.y)
        self.accuracy_text.set_text(f"output a(x), accuracy {accuracy:.0%}")
        edges = ch4.network_edges(net)
        self.edges.set_linewidths([e[4] for e in edges])
        self.edges.set_colors(ch4.sign_colors([e[3] for e in edges]))
        for nodes, b, sizes in zip(self.nodes, net.biases, ch4.bias_sizes(net)):
            nodes.set_sizes(sizes)
            nodes.set_facecolors(ch4.sign_colors(b))
        cost = np.asarray(run.history.cost, dtype=float)
        epochs = np.arange(1, cost.size + 1)
        self.cost_line.set_data(epochs, cost)
        if cost.size:
            self.cost_text.set_text(f"cost C = {cost[-1]:.4f}")
            self.cost_top = max(self.cost_top, 1.05 * cost.max())  # grows only
            self.set_limits(self.cost_ax, xlim=(0, doubling(cost.size)), ylim=(0.0, self.cost_top))
        self.suptitle.set_text(ch4.run_title(run))
        return {
            "decision": {"xs": self.xs, "ys": self.ys, "P": P, "accuracy": accuracy},
            "network": {"edges": edges},
            "cost": {"epochs": epochs, "cost": cost},
        }
