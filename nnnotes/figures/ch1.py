"""Chapter 1 figures: difference-quotient errors and gradient descent on C(w) (notes 001 §1)."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .. import regression
from ..calculus import MACHINE_EPSILON, step_errors


def draw_step_errors(fig: Figure, f, f_prime, x: float, eps: np.ndarray, *, label: str) -> dict:
    """Log-log plot of forward and central difference errors against the step eps.

    Marks the measured best step of each quotient and the theoretical one, and draws the
    truncation slopes (eps^1, eps^2) and the round-off line u/eps as guides.

    Returns
    -------
    dict with "forward", "central" (errors, shape (k,)), "best_forward", "best_central" (floats)
    """
    forward, central = step_errors(f, f_prime, x, eps)
    best_f, best_c = eps[np.argmin(forward)], eps[np.argmin(central)]
    scale = abs(float(f_prime(x)))
    ax = fig.add_subplot(1, 1, 1)
    floor = 1e-18  # an error of exactly 0 cannot sit on a log axis
    ax.loglog(eps, np.maximum(forward, floor), ".-", color="C0", label="forward  (f(x+ε)−f(x))/ε")
    ax.loglog(
        eps, np.maximum(central, floor), ".-", color="C1", label="central  (f(x+ε)−f(x−ε))/2ε"
    )
    ax.loglog(eps, scale * eps / 2, "--", color="C0", lw=1, alpha=0.6, label="slope 1: ε·|f″|/2")
    ax.loglog(
        eps, scale * eps**2 / 6, "--", color="C1", lw=1, alpha=0.6, label="slope 2: ε²·|f‴|/6"
    )
    ax.loglog(eps, scale * MACHINE_EPSILON / eps, ":", color="k", lw=1, label="round-off: u·|f|/ε")
    for best, color, name in ((best_f, "C0", "forward"), (best_c, "C1", "central")):
        ax.axvline(best, color=color, lw=0.8, alpha=0.5)
        ax.annotate(
            f"best {name}\nε = {best:.0e}",
            (best, 1e-15),
            color=color,
            ha="center",
            fontsize=8,
            bbox={"fc": "white", "ec": "none", "alpha": 0.8},
        )
    ax.set_ylim(1e-16, 10)
    ax.set_xlabel("step ε")
    ax.set_ylabel("|quotient − exact derivative|")
    ax.set_title(f"Error of difference quotients for {label}")
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8, borderaxespad=0)
    ax.grid(True, which="major", alpha=0.3)
    fig.tight_layout()
    return {"forward": forward, "central": central, "best_forward": best_f, "best_central": best_c}


def descent(x, y, lr: float, steps: int, w0: float = -1.0) -> dict:
    """Gradient descent on C(w) from w0: what :func:`draw_descent` plots.

    Returns
    -------
    dict with "path" (w_t), "costs" (C(w_t)) and "excess" (C(w_t) - C(w*)), each of shape
    (steps+1,); they overflow to inf (no warning) when the descent diverges
    """
    path = regression.gradient_descent(x, y, w0, lr, steps)
    with np.errstate(over="ignore", invalid="ignore"):
        costs = regression.cost(path, x, y)
    excess = costs - regression.cost(regression.minimiser(x, y), x, y)
    return {"path": path, "costs": costs, "excess": excess}


def descent_axes(fig: Figure, x, y, w0: float = -1.0):
    """The part of :func:`draw_descent` that no learning rate or step count changes.

    Left: the parabola C(w) around the minimum w*, the start w0 and w* marked, with a legend;
    right: an empty log axis for the excess cost.

    Returns
    -------
    left, right : Axes
    span : float
        The left axis shows w* - span <= w <= w* + span.
    """
    w_star = regression.minimiser(x, y)
    left, right = fig.subplots(1, 2)
    span = max(3.0, 1.2 * abs(w0 - w_star))
    grid = np.linspace(w_star - span, w_star + span, 400)
    left.plot(grid, regression.cost(grid, x, y), color="0.3", lw=1.5)
    left.plot(w0, regression.cost(w0, x, y), "s", color="C3", ms=7, label=f"start w₀ = {w0:g}")
    left.axvline(w_star, color="C2", lw=1, ls="--", label=f"minimum w* = {w_star:.3f}")
    left.set_xlim(grid[0], grid[-1])
    left.set_xlabel("w")
    left.set_ylabel("C(w)")
    left.legend(fontsize=8, loc="upper center")
    right.set_yscale("log")
    right.set_xlabel("step t")
    right.set_ylabel("C(w_t) − C(w*)")
    right.grid(True, alpha=0.3)
    # fixed margins: tight_layout would cost ~150 ms per animation frame or slider move
    fig.subplots_adjust(left=0.07, right=0.985, bottom=0.14, top=0.9, wspace=0.25)
    return left, right, span


def descent_titles(x, lr: float, steps: int, excess: np.ndarray) -> tuple[str, str]:
    """The titles of :func:`draw_descent`'s panels: the learning rate, the final excess cost."""
    limit = regression.stability_limit(x)
    return (
        f"η = {lr:.3g}  ({lr / limit:.2f} × limit 2/C″ = {limit:.3f})",
        f"excess cost per step: {excess[-1]:.3g} after {steps} steps",
    )


def shown_descent(data: dict, x, y, span: float):
    """Which points of :func:`descent` the panels can show.

    Returns
    -------
    on_parabola : bool ndarray of shape (steps+1,)
        The iterates within the left panel's range (|w_t - w*| <= span).
    on_log_axis : bool ndarray of shape (steps+1,)
        The finite, positive excess costs (0, exactly at w*, has no place on a log axis).
    """
    on_parabola = np.abs(data["path"] - regression.minimiser(x, y)) <= span
    excess = data["excess"]
    return on_parabola, np.isfinite(excess) & (excess > 0)


def draw_descent(fig: Figure, x, y, lr: float, steps: int, w0: float = -1.0) -> dict:
    """Gradient descent on C(w): the iterates on the parabola (left), and the excess cost
    C(w_t) - C(w*) per step on a log axis (right), a straight line when the error shrinks
    by a constant factor.

    Returns
    -------
    dict with "path", "costs" and "excess" (each of shape (steps+1,)), as :func:`descent`
    """
    data = descent(x, y, lr, steps, w0)
    left, right, span = descent_axes(fig, x, y, w0)
    on_parabola, on_log_axis = shown_descent(data, x, y, span)
    path, costs = data["path"][on_parabola], data["costs"][on_parabola]
    left.plot(path, costs, "o-", color="C3", ms=4, lw=1, alpha=0.8)
    t = np.arange(steps + 1)
    right.plot(t[on_log_axis], data["excess"][on_log_axis], "o-", color="C3", ms=3)
    right.set_xlim(-0.5, max(steps, 1) + 0.5)
    titles = descent_titles(x, lr, steps, data["excess"])
    left.set_title(titles[0])
    right.set_title(titles[1])
    return data


def draw_stability(fig: Figure, x, y, *, w0: float = -1.0, steps: int = 30, factors=(0.9, 1.1)):
    """Distance to the minimum |w_t - w*| per step for learning rates just below/above 2/C''.

    Returns
    -------
    dict mapping each factor to its path, shape (steps+1,)
    """
    limit = regression.stability_limit(x)
    w_star = regression.minimiser(x, y)
    ax = fig.add_subplot(1, 1, 1)
    paths = {}
    for k, factor in enumerate(factors):
        path = regression.gradient_descent(x, y, w0, factor * limit, steps)
        paths[factor] = path
        verdict = "converges" if factor < 1 else "diverges"
        ax.semilogy(
            np.abs(path - w_star),
            "o-",
            ms=3,
            color=f"C{k}",
            label=f"η = {factor:g} × 2/C″: {verdict}",
        )
        ax.semilogy(
            np.abs(w0 - w_star) * np.abs(1 - factor * 2) ** np.arange(steps + 1),
            ":",
            color=f"C{k}",
            lw=1,
        )
    ax.set_xlabel("step t")
    ax.set_ylabel("|w_t − w*|")
    ax.set_title("Just below and just above the stability limit (dotted: |1 − η C″|ᵗ |w₀ − w*|)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    return paths
