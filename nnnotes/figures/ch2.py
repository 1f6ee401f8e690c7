"""Chapter 2 figures: the sigmoid, one neuron on its cost surface, a 2-D decision line and the
learning slowdown of sigmoid + MSE (notes 001 §2-3).

The training figures draw a :class:`nnnotes.train.Run` of a neuron
(:func:`nnnotes.neuron.start_run`: it records ``w`` and ``b`` after every step); ``upto=k``
shows the run as it was at record k, for animations.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from matplotlib import colormaps
from matplotlib.figure import Figure
from matplotlib.patches import Circle

from ..activations import sigmoid, sigmoid_prime
from ..neuron import Neuron, cost_surface
from ..train import Run

# Fixed margins instead of tight_layout, which would double the time of every animation frame.
MARGINS = {"left": 0.06, "right": 0.98, "bottom": 0.13, "top": 0.91, "wspace": 0.22}


class Surface(NamedTuple):
    """C(w, b) of a one-input neuron on a grid: ``C[j, k]`` at (w[k], b[j]); shapes (q, p)."""

    w: np.ndarray
    b: np.ndarray
    C: np.ndarray


def make_surface(x, y, w_range=(-4.0, 8.0), b_range=(-6.0, 6.0), n: int = 121) -> Surface:
    """Evaluate the cost of the one-input neuron on an n x n grid (notes 001, eq. 11)."""
    w = np.linspace(*w_range, n)
    b = np.linspace(*b_range, n)
    return Surface(w, b, cost_surface(x, y, w, b))


def draw_neuron_diagrams(fig: Figure, input_counts=(1, 2)) -> list[list[str]]:
    """Side-by-side diagrams of a neuron with each number of inputs (notes 001 §2.1.1 and §3.1
    announce such diagrams, but they are missing from the notes' text).

    Inputs x_k feed, through weights w_k, one node that adds them with the bias b into z; the
    sigmoid turns z into the output a.

    Returns
    -------
    list of the text labels drawn, one list per diagram
    """
    axes = np.atleast_1d(fig.subplots(1, len(input_counts)))
    drawn = [_draw_neuron(ax, n) for ax, n in zip(axes, input_counts)]
    fig.subplots_adjust(left=0.02, right=0.98, bottom=0.02, top=0.9, wspace=0.1)
    return drawn


def _draw_neuron(ax, n: int) -> list[str]:
    labels = []

    def text(xy, label, **kw):
        ax.text(*xy, label, ha="center", va="center", **kw)
        labels.append(label)

    def arrow(start, end):
        ax.annotate("", end, start, arrowprops={"arrowstyle": "->", "lw": 1.2})

    def sub(k):
        return "" if n == 1 else chr(0x2080 + k)  # subscript digit

    for k, yk in enumerate(np.linspace(0.8, 0.2, n) if n > 1 else [0.5], start=1):
        ax.add_patch(_circle((0.1, yk), 0.06, "#dbe9f6"))
        text((0.1, yk), f"x{sub(k)}", fontsize=12)
        arrow((0.16, yk), (0.42, 0.5))
        mid = (0.29, yk + (0.5 - yk) * 0.45)  # label above a falling arrow, below a rising one
        offset = (0.03, -0.06) if yk < 0.5 else (0.0, 0.06)
        text((mid[0] + offset[0], mid[1] + offset[1]), f"w{sub(k)}", fontsize=11, color="C3")
    text((0.48, 0.86), "b", fontsize=11, color="C3")
    arrow((0.48, 0.82), (0.48, 0.58))
    ax.add_patch(_circle((0.48, 0.5), 0.08, "#fde6c8"))
    text((0.48, 0.5), "Σ", fontsize=14)
    arrow((0.56, 0.5), (0.68, 0.5))
    text((0.62, 0.56), "z", fontsize=11)
    ax.add_patch(_circle((0.74, 0.5), 0.06, "#dff2d8"))
    text((0.74, 0.5), "σ", fontsize=13)
    arrow((0.8, 0.5), (0.93, 0.5))
    text((0.96, 0.5), "a", fontsize=12)
    terms = " + ".join(f"x{sub(k)}w{sub(k)}" for k in range(1, n + 1))
    text((0.5, 0.04), f"z = {terms} + b,   a = σ(z)", fontsize=10)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(f"{n} input{'s' if n > 1 else ''}")
    return labels


def _circle(center, radius, color):
    return Circle(center, radius, facecolor=color, edgecolor="0.3", lw=1.2)


def draw_sigmoid(fig: Figure, z: np.ndarray) -> dict:
    """sigma(z) (left) and sigma'(z) = sigma(z)(1 - sigma(z)) (right), max 1/4 marked.

    Returns
    -------
    dict with "z", "sigma", "sigma_prime" (each of z's shape)
    """
    s, ds = sigmoid(z), sigmoid_prime(z)
    left, right = fig.subplots(1, 2)
    left.plot(z, s, color="C0", lw=2)
    left.axhline(0.5, color="0.6", lw=0.8, ls=":")
    left.set_title("σ(z) = 1 / (1 + e⁻ᶻ)")
    left.set_ylabel("σ(z)")
    right.plot(z, ds, color="C1", lw=2)
    right.axhline(0.25, color="C3", lw=1, ls="--")
    right.annotate(
        "max σ′ = σ′(0) = 1/4",
        (0, 0.25),
        xytext=(1.2, 0.21),
        color="C3",
        fontsize=9,
        arrowprops={"arrowstyle": "->", "color": "C3"},
    )
    right.set_ylim(0, 0.3)
    right.set_title("σ′(z) = σ(z)(1 − σ(z))")
    right.set_ylabel("σ′(z)")
    for ax in (left, right):
        ax.set_xlabel("z")
        ax.grid(True, alpha=0.3)
    fig.tight_layout()
    return {"z": z, "sigma": s, "sigma_prime": ds}


def draw_contours(ax, surface: Surface) -> None:
    """Filled contours of C(w, b) on ``ax`` with a colour bar (the explorer's and descent's)."""
    levels = np.quantile(surface.C, np.linspace(0.0, 1.0, 16) ** 2)
    filled = ax.contourf(surface.w, surface.b, surface.C, levels=np.unique(levels), cmap="viridis")
    ax.figure.colorbar(filled, ax=ax, label="C(w, b)", format="%.3g")
    ax.set_xlabel("w")
    ax.set_ylabel("b")


def neuron_fit_axes(fig: Figure, surface: Surface):
    """The part of :func:`draw_neuron_fit` that no (w, b) changes: the axes of the fit (left)
    and the contours of C(w, b) (right). Returns the two axes."""
    left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.15]})
    left.set_ylim(-0.08, 1.08)
    left.set_xlabel("x")
    left.set_ylabel("a, y")
    draw_contours(right, surface)
    right.set_title("the same (w, b) on the cost surface")
    fig.subplots_adjust(**MARGINS)
    return left, right


#: The inputs t at which :func:`draw_neuron_fit` draws the neuron's curve a = sigma(w t + b).
FIT_GRID = np.linspace(-3.2, 3.2, 200)


def neuron_fit(x, y, w: float, b: float) -> dict:
    """What :func:`draw_neuron_fit` shows for (w, b): dict with "t" (shape (200,)), "a" (the
    curve, shape (200,)), "residual_tops" (a at the data, shape (N,)), "cost" (float) and
    "title" (str)."""
    neuron = Neuron(w=w, b=b)
    cost = neuron.cost(x, y)
    return {
        "t": FIT_GRID,
        "a": neuron.forward(FIT_GRID),
        "residual_tops": neuron.forward(x),
        "cost": cost,
        "title": f"w = {w:.2f}, b = {b:.2f}:  C = {cost:.4f}",
    }


def draw_neuron_fit(fig: Figure, x, y, w: float, b: float, surface: Surface) -> dict:
    """One-input neuron: data, output curve a = sigma(w t + b) and residuals (left); where
    (w, b) sits on the cost surface (right).

    Returns
    -------
    dict with "t" (shape (200,)), "a" (curve, shape (200,)) and "cost" (float)
    """
    fit = neuron_fit(x, y, w, b)
    left, right = neuron_fit_axes(fig, surface)
    left.vlines(x, y, fit["residual_tops"], color="C3", lw=0.8, alpha=0.6, label="residual a − y")
    left.scatter(x, y, s=18, color="k", zorder=3, label="data (x, y)")
    left.plot(fit["t"], fit["a"], color="C0", lw=2, label="a = σ(wx + b)")
    left.set_title(fit["title"])
    left.legend(fontsize=8, loc="center left", framealpha=0.9)
    right.plot(w, b, "o", color="C3", ms=9, mec="w")
    return {key: fit[key] for key in ("t", "a", "cost")}


def _shown(run: Run, upto: int | None) -> tuple[int, int]:
    """The record k that ``upto`` selects (default: the last) and the epochs trained by then."""
    k = len(run.record["epoch"]) - 1 if upto is None else upto
    return k, run.record["epoch"][k]


def descent(run: Run, upto: int | None = None) -> dict:
    """The part of a neuron's run that :func:`draw_descent` shows: up to record ``upto``.

    Returns
    -------
    dict with "path" (shape (k+1, 2): w, b at each record shown) and "cost" (shape (E,): the
    cost of each epoch shown)
    """
    k, E = _shown(run, upto)
    path = np.column_stack([np.ravel(run.record["w"][: k + 1]), run.record["b"][: k + 1]])
    return {"path": path, "cost": np.asarray(run.history.cost[:E])}


def descent_axes(fig: Figure, surface: Surface):
    """The part of :func:`draw_descent` that no run changes: the contours of C(w, b) (left)
    and the labels of the cost axis (right). Returns the two axes."""
    left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.15, 1]})
    draw_contours(left, surface)
    left.set_xlim(surface.w[0], surface.w[-1])
    left.set_ylim(surface.b[0], surface.b[-1])
    left.set_title("gradient descent on C(w, b)")
    right.set_xlabel("epoch")
    right.set_ylabel("C")
    right.grid(True, alpha=0.3)
    fig.subplots_adjust(**MARGINS)
    return left, right


def descent_labels(cost: np.ndarray) -> tuple[str, str]:
    """The legend entry of the last point and the cost axis's title, for the E epochs shown."""
    title = f"cost per epoch: {cost[-1]:.4f}" if cost.size else "cost per epoch"
    return f"after {cost.size} epochs", title


def draw_descent(fig: Figure, run: Run, surface: Surface, *, upto: int | None = None) -> dict:
    """Gradient descent on C(w, b): the path over the contours (left), cost per epoch (right).

    Parameters
    ----------
    run : Run of a one-input neuron (:func:`nnnotes.neuron.start_run`)
    surface : Surface
        C(w, b) on a grid, for the contours.
    upto : int, optional
        Show the run as it was at record ``upto`` (an animation frame); None shows all of it.

    Returns
    -------
    dict with "path" and "cost", as :func:`descent`
    """
    data = descent(run, upto)
    path, cost = data["path"], data["cost"]
    last, title = descent_labels(cost)
    left, right = descent_axes(fig, surface)
    left.plot(path[:, 0], path[:, 1], ".-", color="C3", ms=3, lw=1.2)
    left.plot(*path[0], "s", color="C3", ms=8, mec="w", label="start")
    left.plot(*path[-1], "o", color="C1", ms=8, mec="w", label=last)
    left.legend(fontsize=8, loc="upper right")
    right.plot(np.arange(cost.size), cost, color="C3", lw=1.5)
    right.set_xlim(0, max(run.epoch, 1))
    right.set_ylim(0, 1.05 * max(run.history.cost, default=1.0))
    right.set_title(title)
    return data


def draw_decision(fig: Figure, run: Run, *, upto: int | None = None, ghosts=()) -> dict:
    """Two-input neuron: the points, its output a shaded, and the decision line a = 1/2,
    i.e. w_1 x_1 + w_2 x_2 + b = 0 (left); cost per epoch (right).

    Parameters
    ----------
    run : Run of a two-input neuron trained one epoch per step (:func:`nnnotes.neuron.start_run`)
    upto : int, optional
        Which record (= epoch) to show; None means the last.
    ghosts : sequence of int
        Earlier epochs whose lines are drawn faintly, to show the line moving.

    Returns
    -------
    dict with "line" (shape (2, 2): two points (x_1, x_2) on the line, or NaN if there is none),
    "accuracy" (fraction of points on the right side) and "w", "b"
    """
    X, y, cost = run.X, run.y, run.history.cost
    E, _ = _shown(run, upto)
    w, b = run.record["w"][E], run.record["b"][E]
    left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.1, 1]})
    lo, hi = -0.6, 1.6
    g = np.linspace(lo, hi, 120)
    G1, G2 = np.meshgrid(g, g)
    a_grid = Neuron(w=w, b=b).forward(np.column_stack([G1.ravel(), G2.ravel()]))
    shade = left.contourf(
        G1, G2, a_grid.reshape(G1.shape), levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.55
    )
    fig.colorbar(shade, ax=left, label="neuron output a")

    def line(w, b):
        if abs(w[1]) >= abs(w[0]) and w[1] != 0:  # x_2 as a function of x_1
            return np.array([[lo, -(b + w[0] * lo) / w[1]], [hi, -(b + w[0] * hi) / w[1]]])
        if w[0] != 0:  # nearly vertical: x_1 as a function of x_2
            return np.array([[-(b + w[1] * lo) / w[0], lo], [-(b + w[1] * hi) / w[0], hi]])
        return np.full((2, 2), np.nan)

    right.plot(cost, color="0.75", lw=1)
    right.plot(np.arange(min(E, len(cost))), cost[:E], color="C3", lw=1.5)
    for k, e in enumerate(ghosts):  # earlier lines, each with its epoch marked on the cost curve
        color = colormaps["Greens"](0.45 + 0.55 * k / max(len(ghosts) - 1, 1))
        ghost = line(run.record["w"][e], run.record["b"][e])
        left.plot(ghost[:, 0], ghost[:, 1], "--", color=color, lw=1.4)
        right.plot(
            e,
            cost[min(e, len(cost) - 1)],
            "o",
            color=color,
            mec="k",
            mew=0.5,
            label=f"line at epoch {e}",
        )
    pts = line(w, b)
    left.plot(pts[:, 0], pts[:, 1], color="k", lw=2)
    right.plot([], [], color="k", lw=2, label=f"a = 1/2 at epoch {E}")
    for label, marker, color in ((0.0, "o", "C0"), (1.0, "^", "C3")):
        keep = y == label
        left.scatter(
            X[keep, 0], X[keep, 1], marker=marker, s=22, color=color, ec="k", lw=0.4, zorder=3
        )
        right.scatter(
            [], [], marker=marker, s=22, color=color, ec="k", lw=0.4, label=f"target {label:g}"
        )
    accuracy = float(np.mean((Neuron(w=w, b=b).forward(X) > 0.5) == (y > 0.5)))
    left.set_xlim(lo, hi)
    left.set_ylim(lo, hi)
    left.set_aspect("equal")
    left.set_xlabel("x₁")
    left.set_ylabel("x₂")
    left.set_title(f"epoch {E}: {accuracy:.0%} classified correctly")
    right.set_xlabel("epoch")
    right.set_ylabel("C")
    right.set_title(f"cost per epoch (w = [{w[0]:.2f}, {w[1]:.2f}], b = {b:.2f})", fontsize=10)
    right.grid(True, alpha=0.3)
    right.legend(fontsize=8, loc="upper right")
    fig.subplots_adjust(**MARGINS)
    return {"line": pts, "accuracy": accuracy, "w": w, "b": b}


def draw_slowdown(fig: Figure, runs: dict) -> dict:
    """Cost per epoch (left) and mean sigma'(z_i) per epoch (right) for several starts.

    Parameters
    ----------
    runs : dict mapping a label to a Run of a neuron trained one epoch per step

    Returns
    -------
    dict mapping each label to {"cost": (E,), "sigma_prime": (E+1,)}
    """
    left, right = fig.subplots(1, 2)
    data = {}
    for k, (label, run) in enumerate(runs.items()):
        X = run.X.reshape(len(run.y), -1)
        w, b = np.array(run.record["w"]), np.array(run.record["b"])  # (E+1, n), (E+1,)
        sp = sigmoid_prime(w @ X.T + b[:, None]).mean(axis=1)  # z has shape (E+1, N)
        data[label] = {"cost": np.asarray(run.history.cost), "sigma_prime": sp}
        left.plot(run.history.cost, color=f"C{k}", lw=2, label=label)
        right.plot(sp, color=f"C{k}", lw=2, label=label)
    left.set_ylabel("C")
    left.set_title("cost per epoch")
    right.set_ylabel("σ′(z)")
    right.axhline(0.25, color="0.5", lw=0.8, ls=":")
    right.set_title("σ′(z): the factor in every gradient")
    for ax in (left, right):
        ax.set_xlabel("epoch")
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=8)
    fig.tight_layout()
    return data
