"""Chapter 3 figures: the price of a gradient, vanishing gradients, a chain learning (notes 001 §4-5).

:func:`draw_run` draws a chain's :class:`nnnotes.train.Run` (:func:`nnnotes.chain.start_run`),
which the chapter's dashboard and its animation both step with :func:`nnnotes.train.step`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import LogLocator, MaxNLocator, NullLocator

from .._validation import as_count, as_rng
from ..chain import ScalarChain
from ..timing import gradient_timings
from ..train import Run


def draw_timings(
    fig: Figure, depths: Sequence[int], *, n_examples: int = 64, repeats: int = 9, seed=0
) -> dict:
    """Measure (:func:`nnnotes.timing.gradient_timings`) and plot the cost of one full gradient.

    Left: seconds per gradient against depth, central differences and backpropagation (log y).
    Right: their ratio with a least-squares line through it.

    Returns
    -------
    dict
        The timings ("depth", "numerical", "backprop", "ratio", "cost_calls", arrays of shape
        (k,)) and "slope", "intercept" of the fitted line ratio ~ slope * depth + intercept.
    """
    t = gradient_timings(depths, n_examples=n_examples, repeats=repeats, seed=seed)
    slope, intercept = np.polyfit(t["depth"], t["ratio"], 1)
    left, right = fig.subplots(1, 2)
    left.semilogy(
        t["depth"],
        t["numerical"] * 1e3,
        "o-",
        color="C3",
        label="central differences (4n forward passes)",
    )
    left.semilogy(
        t["depth"], t["backprop"] * 1e3, "o-", color="C0", label="backprop (1 forward + 1 backward)"
    )
    left.set_xlabel("depth n (layers)")
    left.set_ylabel("milliseconds per full gradient")
    left.set_title(f"Time for all 2n derivatives, N = {n_examples} examples")
    left.legend(fontsize=8)
    left.grid(True, which="both", alpha=0.3)
    right.plot(t["depth"], t["ratio"], "o", color="C2", label="measured (best of repeats)")
    grid = np.array([0, t["depth"].max()])
    right.plot(
        grid,
        slope * grid + intercept,
        "--",
        color="0.4",
        label=f"fit: {slope:.1f}·n {'+' if intercept >= 0 else '−'} {abs(intercept):.1f}",
    )
    right.set_xlim(left=0)
    right.set_ylim(bottom=0)
    right.set_xlabel("depth n (layers)")
    right.set_ylabel("time(differences) / time(backprop)")
    right.set_title("How many times faster backprop is")
    right.legend(fontsize=8)
    right.grid(True, alpha=0.3)
    for ax in (left, right):
        ax.xaxis.get_major_locator().set_params(integer=True)
    fig.tight_layout()
    return {**t, "slope": slope, "intercept": intercept}


def gradient_magnitudes(depth: int, weight_scale: float, *, n_examples: int = 64, seed=0) -> dict:
    """|dC/dw_l| for every layer of a fresh chain, and the bound that sigma' <= 1/4 gives.

    Inputs x ~ U(-1, 1), targets y ~ U(0, 1); the chain's weights are weight_scale * N(0, 1).
    Since |delta_l| <= |delta_n| prod_{k>l} |w_k| / 4 (notes 001, eq. 54) and |a_{l-1}| <= 1,

        |dC/dw_l| <= sum_i |delta_{n,i}| prod_{k=l+1}^{n} |w_k| / 4.

    Returns
    -------
    dict of ndarrays
        "dw" (shape (depth,)): |dC/dw_l|; "bound" (shape (depth,)): the right-hand side above;
        "factor" (shape (depth - 1,)): mean over examples of |w_{l+1} sigma'(z_l)|, the number
        each delta is multiplied by on its way back through layer l.
    """
    rng = as_rng(seed)
    X = rng.uniform(-1.0, 1.0, n_examples)
    y = rng.uniform(0.0, 1.0, n_examples)
    chain = ScalarChain(depth, seed=rng, weight_scale=weight_scale)
    dw, _ = chain.gradients(X, y)
    z, _ = chain.forward_pass(X)
    delta = chain.deltas(X, y)
    quarter_w = np.abs(chain.w[1:]) / 4  # |w_{l+1}| / 4 for l = 1..n-1
    tail = np.append(np.cumprod(quarter_w[::-1])[::-1], 1.0)  # prod_{k>l} |w_k| / 4
    slope = chain.activation.f_prime(z[:-1])
    return {
        "dw": np.abs(dw),
        "bound": np.abs(delta[-1]).sum() * tail,
        "factor": np.mean(np.abs(chain.w[1:, None] * slope), axis=1),
    }


def magnitude_axes(fig: Figure, max_depth: int, *, fixed_axes: bool = False):
    """The part of :func:`draw_gradient_magnitudes` that no depth or scale changes.

    Log y axes with a few labelled decades and no minor ticks (cheap to redraw per frame),
    layers 1..max_depth on x; ``fixed_axes`` fixes the y ranges too. Returns (left, right).
    """
    left, right = fig.subplots(1, 2)
    left.set_xlabel("layer ℓ  (ℓ = n is the output)")
    left.set_ylabel("|∂C/∂w(ℓ)|")
    right.axhline(1.0, color="k", lw=1)
    right.set_xlabel("layer ℓ")
    right.set_ylabel("mean |w(ℓ+1) σ′(z(ℓ))|")
    right.set_title("Factor δ is multiplied by per layer")
    for ax in (left, right):
        ax.set_yscale("log")
        ax.set_xlim(0.5, max_depth + 0.5)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.yaxis.set_major_locator(LogLocator(numticks=8))
        ax.yaxis.set_minor_locator(NullLocator())
        ax.grid(True, which="major", alpha=0.3)
    if fixed_axes:
        left.set_ylim(1e-32, 10.0)
        right.set_ylim(1e-8, 10.0)
    # fixed margins, not tight_layout: this figure is redrawn for every frame and slider move
    fig.subplots_adjust(left=0.08, right=0.98, bottom=0.12, top=0.92, wspace=0.25)
    return left, right


def magnitude_labels(depth: int, scale: float) -> tuple[str, str]:
    """The left panel's title for ``depth`` and the legend entry of weight scale ``scale``."""
    return (
        f"Gradient per layer, depth n = {depth} (dashed: bound Π|w|/4)",
        f"weights ~ {scale:g}·N(0,1)",
    )


def draw_gradient_magnitudes(
    fig: Figure,
    depth: int = 20,
    scales: Sequence[float] = (0.5, 1, 2, 4, 8),
    *,
    n_examples: int = 64,
    seed=0,
    fixed_axes: bool = False,
) -> dict:
    """Left: |dC/dw_l| per layer (log y) for several weight scales, dashed: the sigma' <= 1/4
    bound. Right: the mean per-layer factor |w_{l+1} sigma'(z_l)| against the line 1.

    ``fixed_axes=True`` keeps the same axes whatever the depth and scales (for sliders and
    animations, where moving axes would hide the change).

    Returns
    -------
    dict mapping each scale to the dict of :func:`gradient_magnitudes`
    """
    depth = as_count(depth, "depth", minimum=2)
    left, right = magnitude_axes(
        fig, max(depth, 20) if fixed_axes else depth, fixed_axes=fixed_axes
    )
    layers = np.arange(1, depth + 1)
    data = {}
    for k, scale in enumerate(scales):
        g = gradient_magnitudes(depth, scale, n_examples=n_examples, seed=seed)
        data[scale] = g
        color = f"C{k}"
        label = magnitude_labels(depth, scale)[1]
        left.plot(layers, g["dw"], "o-", ms=4, color=color, label=label)
        left.plot(layers, g["bound"], "--", lw=1, color=color, alpha=0.6)
        right.plot(layers[:-1], g["factor"], "o-", ms=4, color=color)
    left.set_title(magnitude_labels(depth, scales[0])[0])
    left.legend(fontsize=8, loc="lower right")
    return data


#: The inputs at which :func:`draw_run` draws the chain's output.
FIT_GRID = np.linspace(-1.0, 1.0, 200)


def chain_record(run: Run, upto: int | None = None) -> dict:
    """What :func:`draw_run` shows of a chain's run, up to record ``upto`` (default: the last).

    Returns
    -------
    dict with "epoch" (shape (k,)), "w" and "b" (shape (k, depth)), "cost" (shape (k,)) and
    "fit" (the chain's output on :data:`FIT_GRID`), for the k records shown.
    """
    record = run.record
    k = len(record["epoch"]) if upto is None else upto + 1
    w, b = np.array(record["w"][:k]), np.array(record["b"][:k])
    shown = ScalarChain(w.shape[1], activation=run.model.activation)
    shown.w, shown.b = w[-1].copy(), b[-1].copy()
    return {
        "epoch": np.array(record["epoch"][:k]),
        "w": w,
        "b": b,
        "cost": np.array(record["cost"][:k]),
        "fit": shown.forward(FIT_GRID),
    }


def run_axes(fig: Figure, run: Run):
    """The part of :func:`draw_run` that no step changes: the data and the panels' labels.

    Returns the three axes: the fit, the parameters, the cost (log y).
    """
    ax_fit, ax_par, ax_cost = fig.subplots(1, 3)
    ax_fit.plot(run.X, run.y, "o", ms=4, color="0.5", label="data")
    ax_fit.set_ylim(0.0, 1.0)
    ax_fit.set_xlabel("x")
    ax_par.set_xlabel("epoch")
    ax_par.set_title("weights (solid), biases (dashed)")
    ax_par.grid(True, alpha=0.3)
    ax_cost.set_yscale("log")
    ax_cost.set_xlabel("epoch")
    ax_cost.yaxis.set_minor_locator(NullLocator())
    ax_cost.grid(True, alpha=0.3)
    for ax in (ax_par, ax_cost):
        ax.xaxis.set_major_locator(MaxNLocator(4, integer=True))
    # fixed margins, not tight_layout: this figure is redrawn for every frame
    fig.subplots_adjust(left=0.05, right=0.97, bottom=0.14, top=0.91, wspace=0.22)
    return ax_fit, ax_par, ax_cost


def run_limits(run: Run) -> dict:
    """The y ranges of :func:`draw_run`'s parameter and cost panels: they span the whole run.

    The parameter panel leaves room below for its legend; the cost panel spans whole decades,
    so it always has ticks. Returns dict with "parameters" and "cost", each (bottom, top).
    """
    record = run.record
    all_params = np.concatenate([np.ravel(record["w"]), np.ravel(record["b"])])
    span = np.ptp(all_params) + 0.2
    decades = np.log10([min(record["cost"]), max(record["cost"])])
    return {
        "parameters": (all_params.min() - 0.35 * span, all_params.max() + 0.05 * span),
        "cost": (10 ** np.floor(decades[0]), 10 ** np.ceil(decades[1])),
    }


def draw_run(fig: Figure, run: Run, *, upto: int | None = None) -> dict:
    """Three panels of a chain's training run up to record ``upto`` (default: the last): the
    data and the chain's curve, each layer's w (solid) and b (dashed), and the cost (log y).

    Returns
    -------
    dict as :func:`chain_record`
    """
    data = chain_record(run, upto)
    epoch, w, b, cost = data["epoch"], data["w"], data["b"], data["cost"]
    ax_fit, ax_par, ax_cost = run_axes(fig, run)
    ax_fit.plot(FIT_GRID, data["fit"], color="C3", lw=2, label="chain output a(n)")
    ax_fit.set_title(f"epoch {epoch[-1]}")
    ax_fit.legend(fontsize=8, loc="lower left")
    for l in range(w.shape[1]):
        ax_par.plot(epoch, w[:, l], "-", color=f"C{l}", label=f"w({l + 1})")
        ax_par.plot(epoch, b[:, l], "--", color=f"C{l}", label=f"b({l + 1})")
        ax_par.plot(epoch[-1], w[-1, l], "o", ms=4, color=f"C{l}")
        ax_par.plot(epoch[-1], b[-1, l], "s", ms=4, mfc="white", color=f"C{l}")
    ax_par.legend(fontsize=7, ncol=3, loc="lower left")
    ax_cost.plot(epoch, cost, color="k")
    ax_cost.plot(epoch[-1], cost[-1], "o", ms=4, color="k")
    ax_cost.set_title(f"cost C = {cost[-1]:.5f}")
    limits = run_limits(run)
    last = max(int(run.record["epoch"][-1]), 1)
    ax_par.set(xlim=(0, last), ylim=limits["parameters"])
    ax_cost.set(xlim=(0, last), ylim=limits["cost"])
    return data
