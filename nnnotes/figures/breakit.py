"""Break-it figures (chapter 4b): a broken backward pass next to the correct one.

Two panels: left, the cost of plain gradient descent with the correct pass and with the broken
one (:func:`nnnotes.breakit.train_with` on :func:`nnnotes.breakit.demo_problem`); right, the
per-array gradient check of the broken pass (:func:`nnnotes.gradcheck.check_gradients`), one bar
per parameter array, red where it fails. Every function returns the data it drew.
"""

from __future__ import annotations

import copy
from functools import lru_cache

import numpy as np
from matplotlib.figure import Figure

from .. import breakit
from ..gradcheck import check_gradients

#: Bars below this are drawn at this height (a passing array's error can be ~1e-12).
_FLOOR = 1e-12


@lru_cache(maxsize=32)
def bug_run(bug: str, epochs: int = 300, lr: float = 0.5, seed: int = 0) -> dict:
    """Train the demo network with the correct pass and with ``bug``; check the bug's gradient.

    Parameters
    ----------
    bug : str
        A name in :data:`nnnotes.breakit.BUGS`, or "correct".
    epochs, lr, seed : as for :func:`nnnotes.breakit.bug_table`.

    Returns
    -------
    dict with
        "bug" : str
        "cost_correct", "cost_bug" : ndarray of shape (epochs + 1,)
        "names" : list of str, the arrays W1, b1, W2, ... in layer order
        "rel_errors" : ndarray of shape (n_arrays,), the checker's relative error per array
        "flagged" : list of str, the failing arrays
        "verdict" : str, the checker's sentence
    """
    fn = breakit.correct if bug == "correct" else breakit.BUGS[bug].fn
    net, X, Y = breakit.demo_problem(seed)
    report = check_gradients(net, X, Y, grads=fn(net, X, Y))
    return {
        "bug": bug,
        "cost_correct": breakit.train_with(breakit.correct, copy.deepcopy(net), X, Y, epochs, lr),
        "cost_bug": breakit.train_with(fn, copy.deepcopy(net), X, Y, epochs, lr),
        "names": [r.param.name for r in report.rows],
        "rel_errors": np.array([r.rel_error for r in report.rows]),
        "flagged": report.failing_names,
        "verdict": report.verdict(),
    }


def draw_bug(fig: Figure, bug: str, upto: int | None = None, run: dict | None = None) -> dict:
    """Cost curves (correct vs ``bug``) up to epoch ``upto``, and the checker's bars.

    Parameters
    ----------
    fig : an empty Figure
    bug : str, a name in :data:`nnnotes.breakit.BUGS` (or "correct")
    upto : int, optional; draw the curves over epochs 0..upto (default: all)
    run : dict, optional; :func:`bug_run`'s result (computed when omitted)

    Returns
    -------
    dict: "epochs" (ndarray (k,)), "correct" and "broken" (the cost drawn, ndarray (k,)),
    "rel_errors" (ndarray (n_arrays,)), "flagged" (list of str)
    """
    run = bug_run(bug) if run is None else run
    n = len(run["cost_correct"]) - 1
    upto = n if upto is None else int(min(max(upto, 0), n))
    epochs = np.arange(upto + 1)
    left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.5, 1.0]})
    correct, broken = run["cost_correct"][: upto + 1], run["cost_bug"][: upto + 1]
    left.plot(epochs, correct, color="C0", lw=1.8, label="correct backward pass")
    left.plot(epochs, broken, color="C3", lw=1.8, ls="--", label=f"with bug: {bug}")
    everything = np.concatenate([run["cost_correct"], run["cost_bug"]])
    everything = everything[np.isfinite(everything)]
    left.set(xlim=(0, n), yscale="log", xlabel="gradient-descent step", ylabel="cost C")
    left.set_ylim(0.5 * everything.min(), 2.0 * everything.max())
    left.grid(True, alpha=0.3)
    left.legend(fontsize=8, loc="lower left")
    left.set_title(f"training, step {upto}: cost {broken[-1]:.4f} vs {correct[-1]:.4f}", fontsize=9)
    heights = np.maximum(run["rel_errors"], _FLOOR)
    colors = ["C3" if name in run["flagged"] else "C2" for name in run["names"]]
    right.bar(run["names"], heights, color=colors)
    right.axhline(1e-6, color="k", lw=0.8, ls=":")
    right.set(yscale="log", ylim=(_FLOOR / 3, 10.0), ylabel="relative error (per array)")
    right.set_title("gradient check: red = flagged", fontsize=9)
    right.tick_params(labelsize=8)
    fig.subplots_adjust(left=0.08, right=0.98, bottom=0.16, top=0.88, wspace=0.28)
    return {
        "epochs": epochs,
        "correct": correct,
        "broken": broken,
        "rel_errors": run["rel_errors"],
        "flagged": list(run["flagged"]),
    }
