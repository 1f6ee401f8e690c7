"""Chapter 3 figures: the computation as a picture, the price of a gradient, vanishing gradients,
a chain learning (notes 001 §4-5).

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
from ..timing import best_time, gradient_timings
from ..train import Run


def draw_chain_diagram(fig: Figure, chain: ScalarChain, x: float, y: float) -> dict:
    """The computation of a chain on one example (x, y), as a picture (notes 001 §4.1, §5.1).

    Top row, left to right: the forward pass, a(0) = x, then z(l) = w(l) a(l-1) + b(l) and
    a(l) = sigma(z(l)) for each layer, then the cost. Bottom row, right to left: the backward pass,
    delta(n) = dC/da(n) f'(z(n)) and delta(l) = w(l+1) delta(l+1) f'(z(l)); below each layer its
    two derivatives dC/dw(l) = delta(l) a(l-1) and dC/db(l) = delta(l). Every number printed is
    the chain's own value for this example (N = 1).

    Returns
    -------
    dict
        "z", "delta", "dw", "db" (shape (n,)), "a" (shape (n + 1,)), "cost" (float): the numbers
        written on the picture; "forward_arrows", "backward_arrows" (int): arrows drawn.
    """
    X, Y = np.array([float(x)]), np.array([float(y)])
    z, a = chain.forward_pass(X)
    delta = chain.deltas(X, Y)[:, 0]
    dw, db = chain.gradients(X, Y)
    z, a = z[:, 0], a[:, 0]
    n = chain.depth
    cost = float((a[-1] - Y[0]) ** 2)
    ax = fig.subplots()
    ax.set_xlim(-0.6, n + 1.6)
    ax.set_ylim(-2.05, 1.2)
    ax.axis("off")
    box = {"boxstyle": "round,pad=0.35", "fc": "white", "lw": 1.2}
    top, bottom = 0.55, -0.55
    ax.text(
        0,
        top,
        f"x = a(0)\n{a[0]:+.3f}",
        ha="center",
        va="center",
        fontsize=11,
        bbox={**box, "ec": "0.4"},
    )
    for l in range(1, n + 1):
        ax.text(
            l,
            top,
            f"z({l}) = {z[l - 1]:+.3f}\na({l}) = {a[l]:+.3f}",
            ha="center",
            va="center",
            fontsize=11,
            bbox={**box, "ec": "C0"},
        )
        ax.text(
            l,
            bottom,
            f"δ({l})\n{delta[l - 1]:+.2e}",
            ha="center",
            va="center",
            fontsize=11,
            bbox={**box, "ec": "C3"},
        )
        ax.text(
            l,
            -1.45,
            f"∂C/∂w({l}) = δ({l}) a({l - 1})\n= {dw[l - 1]:+.2e}\n∂C/∂b({l}) = {db[l - 1]:+.2e}",
            ha="center",
            va="center",
            fontsize=9.5,
            color="0.25",
        )
        ax.annotate(
            "",
            xy=(l, -1.12),
            xytext=(l, bottom - 0.2),
            arrowprops={"arrowstyle": "->", "color": "0.5"},
        )
    ax.text(
        n + 1,
        top,
        f"C = (a({n}) − y)²\n= {cost:.4f}",
        ha="center",
        va="center",
        fontsize=11,
        bbox={**box, "ec": "k"},
    )
    ax.text(
        n + 1,
        bottom,
        f"∂C/∂a({n})\n= 2(a({n}) − y)",
        ha="center",
        va="center",
        fontsize=10,
        bbox={**box, "ec": "k"},
    )
    forward = backward = 0
    for l in range(n + 1):  # forward arrows: a(l) -> layer l+1 (or the cost)
        label = f"× w({l + 1}) + b({l + 1}), σ" if l < n else "y"
        ax.annotate(
            "",
            xy=(l + 0.62, top),
            xytext=(l + 0.38, top),
            arrowprops={"arrowstyle": "-|>", "color": "C0", "lw": 1.5},
        )
        ax.text(l + 0.5, top + 0.33, label, ha="center", fontsize=9.5, color="C0")
        forward += 1
    for l in range(n, 0, -1):  # backward arrows: (the cost or) delta(l+1) -> delta(l)
        label = f"× σ′(z({n}))" if l == n else f"× w({l + 1}) σ′(z({l}))"
        ax.annotate(
            "",
            xy=(l + 0.36, bottom),
            xytext=(l + 0.64, bottom),
            arrowprops={"arrowstyle": "-|>", "color": "C3", "lw": 1.5},
        )
        ax.text(l + 0.5, bottom - 0.36, label, ha="center", fontsize=9.5, color="C3")
        backward += 1
    ax.annotate(
        "",
        xy=(n + 1, bottom + 0.3),
        xytext=(n + 1, top - 0.3),
        arrowprops={"arrowstyle": "-|>", "color": "k"},
    )
    ax.text(-0.55, top + 0.45, "forward: values", color="C0", fontsize=11, ha="left")
    ax.text(-0.55, bottom + 0.1, "backward: δ = ∂C/∂z", color="C3", fontsize=11, ha="left")
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.99)
    return {
        "z": z,
        "a": a,
        "delta": delta,
        "dw": dw,
        "db": db,
        "cost": cost,
        "forward_arrows": forward,
        "backward_arrows": backward,
    }


def _backward_pieces(chain: ScalarChain, X, y):
    z, a = chain.forward_pass(X)
    return a, chain.activation.f_prime(z), 2.0 / X.size * (a[-1] - y)


def gradient_reusing_delta(chain: ScalarChain, X, y) -> tuple[np.ndarray, np.ndarray, int]:
    """Backpropagation: each delta from the one after it (notes 001, eq. 54).

    Returns (dC/dw, dC/db, multiplications per example after the forward pass): 3n - 1.
    """
    X, y = np.asarray(X, float), np.asarray(y, float)
    a, fp, dC_da = _backward_pieces(chain, X, y)
    n = chain.depth
    dw, db = np.empty(n), np.empty(n)
    delta = dC_da * fp[-1]
    mults = 1
    for l in range(n - 1, -1, -1):
        if l < n - 1:
            delta = chain.w[l + 1] * delta * fp[l]
            mults += 2
        dw[l], db[l] = np.sum(delta * a[l]), np.sum(delta)
        mults += 1
    return dw, db, mults


def gradient_from_scratch(chain: ScalarChain, X, y) -> tuple[np.ndarray, np.ndarray, int]:
    """Each layer's delta as the whole product of eq. (ch3-product), recomputed from the output.

    Returns (dC/dw, dC/db, multiplications per example after the forward pass): n^2 + n.
    """
    X, y = np.asarray(X, float), np.asarray(y, float)
    a, fp, dC_da = _backward_pieces(chain, X, y)
    n = chain.depth
    dw, db = np.empty(n), np.empty(n)
    mults = 0
    for l in range(n):
        delta = dC_da * fp[-1]
        mults += 1
        for k in range(n - 1, l, -1):  # times w(k+1) sigma'(z(k)), 1-based, down to layer l+1
            delta = delta * chain.w[k] * fp[k - 1]
            mults += 2
        dw[l], db[l] = np.sum(delta * a[l]), np.sum(delta)
        mults += 1
    return dw, db, mults


def gradient_forward_mode(chain: ScalarChain, X, y) -> tuple[np.ndarray, np.ndarray, int]:
    """Forward mode: for each of the 2n parameters, push d(.)/d(parameter) forward to the cost.

    Returns (dC/dw, dC/db, multiplications per example after the forward pass): 2n(n + 1).
    """
    X, y = np.asarray(X, float), np.asarray(y, float)
    a, fp, dC_da = _backward_pieces(chain, X, y)
    n = chain.depth
    grads = np.empty((2, n))
    mults = 0
    for l in range(n):
        for p, dz in enumerate((a[l], np.ones_like(X))):  # dz(l+1)/dw(l+1) = a(l); /db = 1
            t = dz * fp[l]  # d a(l+1) / d parameter
            mults += 1
            for k in range(l + 1, n):
                t = chain.w[k] * t * fp[k]
                mults += 2
            grads[p, l] = np.sum(dC_da * t)
            mults += 1
    return grads[0], grads[1], mults


#: The three ways to the same gradient that :func:`backward_costs` compares.
BACKWARD_METHODS = {
    "reverse mode, reusing δ (backprop)": gradient_reusing_delta,
    "each δ from scratch": gradient_from_scratch,
    "forward mode, one sweep per parameter": gradient_forward_mode,
}


def backward_costs(
    depths: Sequence[int], *, n_examples: int = 64, repeats: int = 5, seed=0
) -> dict:
    """Count and time the three ways of :data:`BACKWARD_METHODS` on chains of each depth.

    Returns
    -------
    dict
        "depth" (shape (k,)); for each method name, a dict with "mults" (multiplications per
        example, counted while computing) and "seconds" (best of ``repeats``), shape (k,);
        "agree": whether all three gradients equal :meth:`ScalarChain.gradients` (rtol 1e-10).
    """
    depths = np.array([as_count(n, "depths[i]") for n in depths])
    rng = as_rng(seed)
    X = rng.uniform(-1.0, 1.0, n_examples)
    y = rng.uniform(0.0, 1.0, n_examples)
    out = {"depth": depths, "agree": True}
    results = {name: {"mults": [], "seconds": []} for name in BACKWARD_METHODS}
    for n in depths:
        chain = ScalarChain(int(n), seed=rng)
        reference = np.concatenate(chain.gradients(X, y))
        for name, method in BACKWARD_METHODS.items():
            dw, db, mults = method(chain, X, y)
            out["agree"] &= bool(
                np.allclose(np.concatenate([dw, db]), reference, rtol=1e-10, atol=1e-300)
            )
            results[name]["mults"].append(mults)
            results[name]["seconds"].append(
                best_time(lambda m=method, c=chain: m(c, X, y), repeats)
            )
    for name, r in results.items():
        out[name] = {key: np.array(v) for key, v in r.items()}
    return out


def _power_guides(ax, depths, linear, square) -> None:
    """Guides ∝ n through the last point of ``linear`` and ∝ n² through the last of ``square``."""
    grid = np.array([depths.min(), depths.max()], float)
    for values, p, style, label in ((linear, 1, ":", "∝ n"), (square, 2, "-.", "∝ n²")):
        ax.plot(grid, values[-1] * (grid / grid[-1]) ** p, style, color="0.45", lw=1, label=label)


def draw_backward_costs(
    fig: Figure, depths: Sequence[int], *, n_examples: int = 64, repeats: int = 5, seed=0
) -> dict:
    """Left: multiplications per example of each way to the gradient (log-log, counted).
    Right: seconds per gradient (log-log, measured). Guides of slope 1 (∝ n) and 2 (∝ n²).

    Returns
    -------
    dict as :func:`backward_costs`
    """
    data = backward_costs(depths, n_examples=n_examples, repeats=repeats, seed=seed)
    d = data["depth"]
    left, right = fig.subplots(1, 2)
    for k, name in enumerate(BACKWARD_METHODS):
        left.loglog(d, data[name]["mults"], "o-", ms=4, color=f"C{k}", label=name)
        right.loglog(d, data[name]["seconds"] * 1e3, "o-", ms=4, color=f"C{k}", label=name)
    names = list(BACKWARD_METHODS)
    _power_guides(left, d, data[names[0]]["mults"], data[names[1]]["mults"])
    _power_guides(right, d, data[names[0]]["seconds"] * 1e3, data[names[1]]["seconds"] * 1e3)
    left.set_ylabel("multiplications per example (counted)")
    left.set_title("Work after the forward pass")
    right.set_ylabel("milliseconds per gradient (measured)")
    right.set_title(f"Time, N = {n_examples} examples")
    for ax in (left, right):
        ax.set_xlabel("depth n (layers)")
        ax.grid(True, which="major", alpha=0.3)
        ax.yaxis.set_minor_locator(NullLocator())
    left.legend(fontsize=7.5, loc="upper left")
    fig.subplots_adjust(left=0.08, right=0.98, bottom=0.14, top=0.91, wspace=0.28)
    return data


def draw_timings(
    fig: Figure, depths: Sequence[int], *, n_examples: int = 64, repeats: int = 9, seed=0
) -> dict:
    """Measure (:func:`nnnotes.timing.gradient_timings`) and plot the cost of one full gradient.

    Left: seconds per gradient against depth, central differences and backpropagation, on
    log-log axes with guides of slope 2 (∝ n²) and 1 (∝ n): a power law is a straight line there.
    Right: their ratio (log-log), with a guide ∝ n and the least-squares line through it.

    Returns
    -------
    dict
        The timings ("depth", "numerical", "backprop", "ratio", "cost_calls", arrays of shape
        (k,)), "slope", "intercept" of the fitted line ratio ~ slope * depth + intercept, and
        "exponents": the slopes of log(time) against log(depth) over the deeper half of the
        depths, for "numerical" and "backprop".
    """
    t = gradient_timings(depths, n_examples=n_examples, repeats=repeats, seed=seed)
    d = t["depth"]
    slope, intercept = np.polyfit(d, t["ratio"], 1)
    deep = d >= np.median(d)
    exponents = {
        key: float(np.polyfit(np.log(d[deep]), np.log(t[key][deep]), 1)[0])
        if deep.sum() >= 2 and np.ptp(d[deep]) > 0
        else float("nan")
        for key in ("numerical", "backprop")
    }
    left, right = fig.subplots(1, 2)
    left.loglog(
        d, t["numerical"] * 1e3, "o-", color="C3", label="central differences (4n forward passes)"
    )
    left.loglog(d, t["backprop"] * 1e3, "o-", color="C0", label="backprop (1 forward + 1 backward)")
    grid = np.array([d.min(), d.max()], float)
    for key, p, style in (("numerical", 2, "-."), ("backprop", 1, ":")):
        left.plot(
            grid,
            t[key][-1] * 1e3 * (grid / grid[-1]) ** p,
            style,
            color="0.5",
            lw=1,
            label=f"∝ n{'²' if p == 2 else ''} (guide)",
        )
    left.set_xlabel("depth n (layers)")
    left.set_ylabel("milliseconds per full gradient")
    left.set_title(f"Time for all 2n derivatives, N = {n_examples} examples")
    left.legend(fontsize=7.5)
    right.loglog(d, t["ratio"], "o", color="C2", label="measured (best of repeats)")
    right.plot(grid, t["ratio"][-1] * grid / grid[-1], ":", color="0.5", lw=1, label="∝ n (guide)")
    right.set_xlabel("depth n (layers)")
    right.set_ylabel("time(differences) / time(backprop)")
    right.set_title("How many times faster backprop is")
    right.legend(fontsize=7.5)
    for ax in (left, right):
        ax.grid(True, which="major", alpha=0.3)
        ax.yaxis.set_minor_locator(NullLocator())
    fig.tight_layout()
    return {**t, "slope": slope, "intercept": intercept, "exponents": exponents}


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
