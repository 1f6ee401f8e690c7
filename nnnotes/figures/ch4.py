"""Chapter 4 figures: decision boundary, cost curve, network diagram, timings (notes 001 §6).

The ``plot_*(ax, ...)`` helpers draw on one axes; the ``draw_*(fig, ...)`` functions lay out a
whole figure. Every one returns the data it plotted.
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import LinearSegmentedColormap, ListedColormap
from matplotlib.figure import Figure

from .. import classify
from ..network import Network
from ..train import Run

#: Two classes: class 0 orange, class 1 blue, as in TensorFlow Playground.
CLASS_COLORS = ("#e8871e", "#1f77b4")
#: Positive weights blue, negative orange (the same pair, so the diagram reads like the map).
SIGN_COLORS = {1: "#1f77b4", -1: "#e8871e"}
#: Heat map of P(class 1): orange (0) through white (0.5) to blue (1).
PROBABILITY_CMAP = LinearSegmentedColormap.from_list(
    "class_probability", [CLASS_COLORS[0], "#ffffff", CLASS_COLORS[1]]
)


def probability_grid(net: Network, X: np.ndarray, resolution: int = 60, margin: float = 0.3):
    """The network's first output on a square grid covering X (plus a margin).

    Returns
    -------
    xs : ndarray of shape (resolution,), ys : ndarray of shape (resolution,)
    P : ndarray of shape (resolution, resolution), P[j, k] = output at (xs[k], ys[j])
    """
    lo, hi = X.min(axis=0) - margin, X.max(axis=0) + margin
    xs, ys = np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution)
    gx, gy = np.meshgrid(xs, ys)
    P = net.forward(np.column_stack([gx.ravel(), gy.ravel()]))[:, 0].reshape(gx.shape)
    return xs, ys, P


def plot_decision(ax, net: Network, X, y, resolution: int = 80) -> dict:
    """Heat map of the output a^(L)(x) (class-1 probability) with the data on top.

    Returns
    -------
    dict with "xs", "ys", "P" (see :func:`probability_grid`) and "accuracy" (float)
    """
    xs, ys, P = probability_grid(net, X, resolution)
    ax.imshow(
        P,
        origin="lower",
        extent=(xs[0], xs[-1], ys[0], ys[-1]),
        cmap=PROBABILITY_CMAP,
        vmin=0.0,
        vmax=1.0,
        alpha=0.5,
        aspect="auto",
        interpolation="nearest",
    )
    ax.contour(xs, ys, P, levels=[0.5], colors="k", linewidths=1.0)
    ax.scatter(
        X[:, 0],
        X[:, 1],
        c=y,
        cmap=ListedColormap(CLASS_COLORS),
        s=12 if len(X) > 20 else 60,
        edgecolors="k",
        linewidths=0.4,
        vmin=0,
        vmax=1,
    )
    accuracy = classify.accuracy(net, X, y)
    ax.set_title(f"output a(x), accuracy {accuracy:.0%}", fontsize=9)
    ax.set_xticks([])
    ax.set_yticks([])
    return {"xs": xs, "ys": ys, "P": P, "accuracy": accuracy}


def plot_cost(ax, cost) -> dict:
    """The cost of every epoch (1, 2, ...). Returns dict with "epochs" and "cost"."""
    cost = np.asarray(cost, dtype=float)
    epochs = np.arange(1, cost.size + 1)
    if cost.size:
        ax.plot(epochs, cost, color="C3", lw=1.5)
        ax.set_ylim(0.0, 1.05 * cost.max())
        ax.set_title(f"cost C = {cost[-1]:.4f}", fontsize=9)
    ax.set_xlabel("epoch", fontsize=8)
    ax.grid(True, alpha=0.3)
    ax.tick_params(labelsize=7)
    return {"epochs": epochs, "cost": cost}


def network_layout(sizes) -> list[np.ndarray]:
    """Node positions: layer l at x = l, its m_l nodes spread evenly on y in [0, 1]."""
    return [np.column_stack([np.full(m, l), (np.arange(m) + 0.5) / m]) for l, m in enumerate(sizes)]


def sign_colors(values) -> list[str]:
    """A colour per value: :data:`SIGN_COLORS` of its sign (0 counts as positive)."""
    return [SIGN_COLORS[1 if v >= 0 else -1] for v in np.ravel(values)]


def network_edges(net: Network, max_width: float = 4.0) -> list[tuple]:
    """The diagram's edges: (l, j, k, w, linewidth) for every weight w = W^(l+1)[j, k].

    Line widths are scaled by the largest |w| in the whole network.
    """
    scale = max(max(np.abs(W).max() for W in net.weights), 1e-12)
    return [
        (l, j, k, float(W[j, k]), max_width * abs(float(W[j, k])) / scale)
        for l, W in enumerate(net.weights)
        for j in range(W.shape[0])
        for k in range(W.shape[1])
    ]


def bias_sizes(net: Network) -> list[np.ndarray]:
    """The diagram's node areas for every layer after the inputs: 40 + 100 |b| / max |b|."""
    scale = max(max((np.abs(b).max() for b in net.biases), default=0.0), 1e-12)
    return [40 + 100 * np.abs(b) / scale for b in net.biases]


def plot_network(ax, net: Network, max_width: float = 4.0) -> dict:
    """The network as a graph: an edge per weight, coloured by sign, thickness ~ |w|.

    Node fill shows the bias (same colours). Returns dict with "edges", as
    :func:`network_edges`.
    """
    pos = network_layout(net.sizes)
    edges = network_edges(net, max_width)
    ax.add_collection(
        LineCollection(
            [[pos[l][k], pos[l + 1][j]] for l, j, k, _, _ in edges],
            colors=sign_colors([e[3] for e in edges]),
            linewidths=[e[4] for e in edges],
            alpha=0.8,
            capstyle="round",
            zorder=1,
        )
    )
    ax.scatter(*pos[0].T, s=90, c="0.85", edgecolors="k", linewidths=0.8, zorder=2)
    for p, b, sizes in zip(pos[1:], net.biases, bias_sizes(net)):
        ax.scatter(*p.T, s=sizes, c=sign_colors(b), edgecolors="k", linewidths=0.8, zorder=2)
    ax.set_xlim(-0.3, len(net.sizes) - 0.7)
    ax.set_ylim(-0.05, 1.05)
    ax.axis("off")
    ax.set_title("weights: blue > 0, orange < 0, width ~ |w|", fontsize=9)
    return {"edges": edges}


def draw_network(fig: Figure, net: Network) -> dict:
    """One panel: :func:`plot_network`."""
    return plot_network(fig.add_subplot(1, 1, 1), net)


def run_title(run: Run) -> str:
    """The default title of a run's picture: its data set, sizes and epoch."""
    return f"{run.name}, sizes {run.model.sizes}, epoch {run.epoch}".lstrip(", ")


def draw_run(fig: Figure, run: Run, *, title: str | None = None) -> dict:
    """Three panels of a network's training run: decision heat map | network diagram | cost.

    Parameters
    ----------
    run : Run of a 2-input, 1-output Network (e.g. :func:`nnnotes.playground.start_run`)
    title : str, optional
        Defaults to :func:`run_title`.

    Returns
    -------
    dict with "decision", "network", "cost" (the panels' data)
    """
    axes = fig.subplots(1, 3, gridspec_kw={"width_ratios": [1.0, 1.2, 1.0]})
    out = {
        "decision": plot_decision(axes[0], run.model, run.X, run.y),
        "network": plot_network(axes[1], run.model),
        "cost": plot_cost(axes[2], run.history.cost),
    }
    fig.suptitle(run_title(run) if title is None else title, fontsize=10)
    # fixed margins, not tight_layout: this runs once per animation frame and per widget step
    fig.subplots_adjust(left=0.02, right=0.98, bottom=0.14, top=0.82, wspace=0.15)
    return out


def draw_speedup(fig: Figure, result: dict) -> dict:
    """Per-example loop vs batched matrix gradient: times (left), speed-up (right).

    Parameters
    ----------
    result : dict from :func:`nnnotes.formulations.per_example.measure_speedup`
    """
    B = result["batch_sizes"]
    left, right = fig.subplots(1, 2)
    left.loglog(B, 1e3 * result["loop"], "o-", label="loop over examples (001 §6.4)")
    left.loglog(B, 1e3 * result["matrix"], "s-", label="one matrix product per layer")
    left.set_xlabel("batch size N")
    left.set_ylabel("time per gradient [ms]")
    left.legend(fontsize=8)
    left.grid(True, which="both", alpha=0.3)
    right.loglog(B, result["speedup"], "o-", color="C2")
    right.axhline(1.0, color="0.5", lw=0.8, ls="--")
    for b, s in zip(B, result["speedup"]):
        right.annotate(
            f"{s:.0f}×" if s >= 10 else f"{s:.1f}×",
            (b, s),
            textcoords="offset points",
            xytext=(0, 6),
            ha="center",
            fontsize=8,
        )
    right.set_xlabel("batch size N")
    right.set_ylabel("speed-up  loop / matrix")
    right.set_title("measured on this machine", fontsize=9)
    right.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    return {"batch_sizes": B, "speedup": result["speedup"]}


def draw_depth_cost(fig: Figure, result: dict) -> dict:
    """Time per gradient against depth: delta recurrence vs Lambda products (reused, from scratch).

    Parameters
    ----------
    result : dict from :func:`nnnotes.formulations.lambda_products.measure_depth_cost`
    """
    ax = fig.add_subplot(1, 1, 1)
    d = result["depths"]
    labels = {
        "delta": "δ recurrence (Network.gradients)",
        "lambda": "Λ products, each from the previous",
        "lambda_scratch": "Λ products, each from scratch",
    }
    for (key, label), marker in zip(labels.items(), "os^"):
        ax.semilogy(d, 1e3 * result[key], marker + "-", label=label)
    ax.set_xticks(d)
    ax.set_xlabel("number of layers L")
    ax.set_ylabel("time per gradient [ms]")
    ax.set_title("cost of notes 003's Λ matrices against the δ recurrence", fontsize=10)
    ax.legend(fontsize=8)
    ax.grid(True, alpha=0.3)
    fig.tight_layout()
    return {k: result[k] for k in ("depths", *labels)}


def draw_evolution(fig: Figure, rows: dict, columns) -> dict:
    """A grid of decision heat maps: one row per run, one column per chosen snapshot.

    Parameters
    ----------
    rows : dict mapping a row label to a list of snapshots
        Runs of a 2-input network, e.g. from :func:`nnnotes.train.snapshots`.
    columns : sequence of int
        Which snapshots (indices into each list) to show.

    Returns
    -------
    dict mapping each label to the list of accuracies shown, left to right
    """
    columns = list(columns)
    axes = fig.subplots(len(rows), len(columns), squeeze=False)
    accuracies = {}
    for r, (label, shots) in enumerate(rows.items()):
        accuracies[label] = []
        for c, k in enumerate(columns):
            shot = shots[k]
            out = plot_decision(axes[r, c], shot.model, shot.X, shot.y, resolution=60)
            axes[r, c].set_title(f"epoch {shot.epoch}: {out['accuracy']:.0%}", fontsize=8)
            accuracies[label].append(out["accuracy"])
        axes[r, 0].set_ylabel(label, fontsize=9)
    fig.tight_layout()
    return accuracies
