"""A gradient check that sees every layer (chapters 1-5; notes 001 eq. 1, chapter 1's step analysis).

One max-norm relative error over the whole gradient, ``max|g - g~| / max|g|``, is blind to small
layers: in a depth-10 sigmoid chain dC/dw^(1) is ~3e-12 while dC/dw^(10) is ~1e-1, so flipping the
sign of the first layer moves the global error by ~1e-10 and passes any usual threshold — and at
eps = 1e-6 the central difference of that entry is itself mostly round-off.

This checker compares each parameter array (each layer, W and b apart) on its own scale:

* every entry theta_k gets its own step. Chapter 1: a central difference has truncation error
  ~eps^2 |C'''| / 6 and round-off error ~delta_C / eps (delta_C: the noise of one evaluation of C),
  best at eps ~ (3 delta_C / |C'''|)^(1/3) — u^(1/3) ~ 6e-6 only when C''' ~ C. A deep layer's C'''
  is as tiny as its C', so its best step is far larger. We try the ladder
  eps = u^(1/3) * max(1, |theta_k|) * 10^j, j = 0..4, estimate each rung's error as
  |D(eps) - D(2 eps)| + 2 delta_C / eps, keep the rung with the smallest estimate E_k, and report
  the Richardson value g~_k = (4 D(eps) - D(2 eps)) / 3.
* per entry, the scale-aware relative error  |g_k - g~_k| / max(|g_k| + |g~_k|, E_k / rtol):
  the floor E_k / rtol comes from that entry's own round-off and truncation, never from the
  largest gradient elsewhere. An entry fails exactly when |g - g~| > max(rtol (|g| + |g~|), E_k).
* per array, the largest of its entries' errors; the report names the layer and W or b.

Public API
----------
check_gradients(model, X=None, Y=None, grads=None, rtol=1e-6)   -> GradCheck
check_function(f, theta, grad, rtol=1e-6, name="theta")          -> GradCheck
numerical_gradients(f, theta, arrays)                            -> list[(g~, E)]
compare(arrays, grads, numeric, rtol)                            -> GradCheck
global_relative_error(grads, numeric)  the one-number check the per-array one replaces
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

import numpy as np

from ._trainer import views
from ._validation import as_float_array, as_positive, as_rng
from .calculus import MACHINE_EPSILON, central_difference, optimal_step, relative_error

#: Steps tried per entry: u^(1/3) * max(1, |theta_k|) * LADDER (chapter 1's optimum, then larger).
LADDER = 10.0 ** np.arange(5)


class ParamArray(NamedTuple):
    """One parameter array of a model: its report name, layer (1-based, 0 if none), kind, shape."""

    name: str
    layer: int
    kind: str
    shape: tuple


class ArrayReport(NamedTuple):
    """The verdict on one parameter array.

    rel_error : largest scale-aware relative error of its entries
    floor : largest E_k / rtol of its entries (the denominator never falls below it)
    max_abs : largest |g_k| (analytic)
    unresolved : entries whose gradient is below the finite differences' error E_k (sign unknown)
    step : (smallest, largest) step used
    worst : index of the worst entry; analytic, numeric: its two values
    """

    param: ParamArray
    rel_error: float
    floor: float
    max_abs: float
    unresolved: int
    step: tuple
    worst: tuple
    analytic: float
    numeric: float
    ok: bool


class GradCheck:
    """Per-array verdicts of a gradient check, in layer order (W1, b1, W2, b2, ...).

    Attributes
    ----------
    rows : list of ArrayReport
    rtol : float
    ok : bool
        Every array passes.
    failures : list of ArrayReport
        The failing arrays, in layer order.
    first_failure : ArrayReport or None
        The failing array that backpropagation computes first, i.e. the one nearest the output
        (largest layer; W before b). A bug enters the backward pass there and spreads to the
        layers below it.
    """

    def __init__(self, rows: list[ArrayReport], rtol: float):
        self.rows = rows
        self.rtol = rtol

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.rows)

    @property
    def failures(self) -> list[ArrayReport]:
        return [r for r in self.rows if not r.ok]

    @property
    def failing_names(self) -> list[str]:
        return [r.param.name for r in self.failures]

    @property
    def first_failure(self) -> ArrayReport | None:
        fails = self.failures
        if not fails:
            return None
        return max(fails, key=lambda r: (r.param.layer, r.param.kind.lower() == "w"))

    def __getitem__(self, name: str) -> ArrayReport:
        for r in self.rows:
            if r.param.name == name:
                return r
        raise KeyError(
            f"no parameter array named {name!r}; have {[r.param.name for r in self.rows]}."
        )

    def verdict(self) -> str:
        """One sentence: all pass, or which layer disagrees first."""
        if self.ok:
            return f"gradient check passed: every array agrees to {self.rtol:.0e}."
        f = self.first_failure
        where = f"layer {f.param.layer}, {f.param.kind}" if f.param.layer else f.param.kind
        others = [r.param.name for r in self.failures if r is not f]
        also = f" (also: {', '.join(others)})" if others else ""
        return (
            f"gradient check FAILED at {f.param.name} ({where}): rel. error {f.rel_error:.1e} > "
            f"{self.rtol:.0e}; worst entry {f.worst}: analytic {f.analytic:+.3e}, "
            f"numeric {f.numeric:+.3e}{also}."
        )

    def __str__(self) -> str:
        head = f"{'array':>6} {'shape':>9} {'max|g|':>9} {'rel.err':>8} {'floor':>8} {'steps':>15}  verdict"
        lines = [head]
        for r in self.rows:
            shape = "x".join(map(str, r.param.shape)) or "()"
            steps = f"{r.step[0]:.0e}..{r.step[1]:.0e}"
            mark = "ok" if r.ok else "FAIL"
            if r.unresolved:
                mark += f" ({r.unresolved} below resolution)"
            lines.append(
                f"{r.param.name:>6} {shape:>9} {r.max_abs:9.1e} {r.rel_error:8.1e} "
                f"{r.floor:8.1e} {steps:>15}  {mark}"
            )
        lines.append(self.verdict())
        return "\n".join(lines)

    def _repr_pretty_(self, p, cycle) -> None:  # IPython / Jupyter show the table
        p.text(str(self))

    def __repr__(self) -> str:
        return f"GradCheck(ok={self.ok}, failing={self.failing_names})"


# ------------------------------------------------------------------------- finite differences
def noise_level(f: Callable[[np.ndarray], float], theta: np.ndarray, seed=0) -> float:
    """Estimated round-off noise delta_C of one evaluation of f near theta (Moré & Wild, ECnoise).

    f is evaluated at 12 points theta + j tau v (v a random unit direction, tau = 1e-5); at that
    spacing the smooth part of the 6th differences is ~tau^6 f^(6), far below round-off, so what
    remains is noise: sigma^2 ~ (6!)^2 / 12! * mean((Delta^6 f)^2). Never below u |f(theta)|.

    Parameters
    ----------
    f : callable, theta of shape (P,) -> float
    theta : ndarray of shape (P,)
    """
    v = as_rng(seed).standard_normal(theta.shape)
    v /= np.linalg.norm(v) or 1.0
    tau = 1e-5 * max(1.0, float(np.max(np.abs(theta), initial=0.0)))
    values = np.array([f(theta + j * tau * v) for j in range(12)])
    sixth = np.diff(values, 6)
    gamma6 = 518400.0 / 479001600.0  # (6!)^2 / 12!
    sigma = float(np.sqrt(gamma6 * np.mean(sixth**2)))
    return max(sigma, MACHINE_EPSILON * abs(values[0]))


def numerical_gradients(
    f: Callable[[np.ndarray], float], theta, seed=0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-entry central differences with a per-entry step, and each entry's error estimate.

    For entry k, phi(t) = f(theta + t e_k) is differenced by :func:`nnnotes.calculus.central_difference`
    at every step of the ladder eps_j = u^(1/3) max(1, |theta_k|) 10^j and at 2 eps_j. The rung with
    the smallest estimated error E = |D(eps) - D(2 eps)| + 2 delta_C / eps wins (chapter 1: truncation
    + round-off), and the entry's value is the Richardson extrapolation (4 D(eps) - D(2 eps)) / 3.

    Parameters
    ----------
    f : callable
        theta (ndarray of shape (P,)) -> float. It must not keep its argument.
    theta : array_like of shape (P,)

    Returns
    -------
    g : ndarray of shape (P,)      numerical gradient
    E : ndarray of shape (P,)      error estimate of each entry
    eps : ndarray of shape (P,)    the step chosen for each entry
    """
    theta = as_float_array(theta, "theta").reshape(-1).copy()
    delta_C = noise_level(f, theta, seed)
    P = theta.size
    g, E, eps = np.empty(P), np.empty(P), np.empty(P)
    for k in range(P):
        saved = theta[k]

        def phi(t, k=k, saved=saved):
            out = np.empty(t.shape)
            for i, ti in enumerate(t.flat):
                theta[k] = saved + ti
                out.flat[i] = f(theta)
            theta[k] = saved
            return out

        h = optimal_step("central") * max(1.0, abs(saved)) * LADDER
        D = central_difference(phi, np.zeros(2 * h.size), np.concatenate([h, 2 * h]))
        D1, D2 = D[: h.size], D[h.size :]
        err = np.abs(D1 - D2) + 2 * delta_C / h
        j = int(np.argmin(err))
        g[k], E[k], eps[k] = (4 * D1[j] - D2[j]) / 3, err[j], h[j]
    return g, E, eps


def compare(
    params: Sequence[ParamArray],
    grads: Sequence,
    numeric: tuple[np.ndarray, np.ndarray, np.ndarray],
    rtol: float = 1e-6,
) -> GradCheck:
    """Judge analytic gradients array by array against :func:`numerical_gradients`' output.

    Parameters
    ----------
    params : list of ParamArray, in the order the flat theta lists them
    grads : list of array_like, grads[i].shape == params[i].shape (analytic)
    numeric : (g, E, eps), each of shape (P,) — from :func:`numerical_gradients`
    rtol : float > 0

    Returns
    -------
    GradCheck
    """
    rtol = as_positive(rtol, "rtol")
    g_num, E, eps = numeric
    if len(grads) != len(params):
        raise ValueError(f"grads must hold {len(params)} arrays; got {len(grads)}.")
    rows, start = [], 0
    for p, g in zip(params, grads):
        g = as_float_array(g, f"gradient of {p.name}", finite=False)
        if g.shape != tuple(p.shape) and not (g.size == 1 and int(np.prod(p.shape)) == 1):
            raise ValueError(f"gradient of {p.name} must have shape {p.shape}; got {g.shape}.")
        g = g.reshape(-1)
        stop = start + g.size
        gn, Ek, hk = g_num[start:stop], E[start:stop], eps[start:stop]
        start = stop
        floor = Ek / rtol
        with np.errstate(invalid="ignore"):
            rel = np.abs(g - gn) / np.maximum(np.abs(g) + np.abs(gn), floor)
        rel = np.where(np.isfinite(g), np.nan_to_num(rel), np.inf)  # NaN/inf analytic: fail
        k = int(np.argmax(rel))
        worst = np.unravel_index(k, p.shape) if p.shape else ()
        rows.append(
            ArrayReport(
                param=p,
                rel_error=float(rel[k]),
                floor=float(floor.max()),
                max_abs=float(np.max(np.abs(g))),
                unresolved=int(np.sum(np.abs(gn) < Ek)),
                step=(float(hk.min()), float(hk.max())),
                worst=tuple(int(i) for i in worst),
                analytic=float(g[k]),
                numeric=float(gn[k]),
                ok=bool(rel[k] <= rtol),
            )
        )
    return GradCheck(rows, rtol)


def global_relative_error(grads: Sequence, numeric) -> float:
    """The one-number check: :func:`nnnotes.calculus.relative_error` of everything at once.

    ``max|g - g~| / max(max|g|, max|g~|)`` over all arrays concatenated — the check chapter 3
    printed before this module existed. Blind to layers whose gradient is small (see module doc).
    """
    flat = np.concatenate([np.ravel(np.asarray(g, dtype=float)) for g in grads])
    return relative_error(flat, np.ravel(numeric))


# ----------------------------------------------------------------------------- model adapters
class Problem(NamedTuple):
    """What a check needs: f(theta) -> C, theta (P,), the arrays' layout, analytic gradients."""

    f: Callable[[np.ndarray], float]
    theta: np.ndarray
    params: list
    grads: list


def problem(model, X=None, Y=None, grads=None) -> Problem:
    """Cast a Network, ScalarChain or Neuron and its data as a :class:`Problem`.

    Parameter arrays, in layer order:
      Network      W1 (m_1, m_0), b1 (m_1,), W2, b2, ...            (notes 001 §6)
      ScalarChain  w1 (), b1 (), w2 (), b2 (), ...  — one scalar per layer (notes 001 §5)
      Neuron       w (n,), b ()                                     (notes 001 §2-3)

    grads : optional analytic gradients as the model's own ``gradients`` returns them
        ((dWs, dbs), (dw, db) or (dw, db)); default: the model's own ``gradients(X, Y)``.
    The model is left exactly as it was.
    """
    from .chain import ScalarChain
    from .network import Network
    from .neuron import Neuron

    if isinstance(model, Network):
        L = len(model.weights)
        params = []
        for l in range(L):
            params.append(ParamArray(f"W{l + 1}", l + 1, "W", model.weights[l].shape))
            params.append(ParamArray(f"b{l + 1}", l + 1, "b", model.biases[l].shape))
        arrays = [a for l in range(L) for a in (model.weights[l], model.biases[l])]
        dWs, dbs = model.gradients(X, Y) if grads is None else grads
        g = [a for l in range(L) for a in (dWs[l], dbs[l])]
        theta0 = np.concatenate([a.ravel() for a in arrays])
        shapes = [p.shape for p in params]

        def split(theta):
            return views(theta, shapes)

        def f(theta):
            for a, v in zip(arrays, split(theta)):
                a[...] = v
            return model.cost(X, Y)

        return Problem(_restoring(f, arrays, split(theta0.copy())), theta0, params, g)
    if isinstance(model, ScalarChain):
        n = model.depth
        params = []
        for l in range(n):
            params += [
                ParamArray(f"w{l + 1}", l + 1, "w", ()),
                ParamArray(f"b{l + 1}", l + 1, "b", ()),
            ]
        dw, db = model.gradients(X, Y) if grads is None else grads
        dw, db = np.asarray(dw, float).reshape(n), np.asarray(db, float).reshape(n)
        g = [v for l in range(n) for v in (dw[l], db[l])]
        cost = model.cost_function(X, Y)  # of (w_1..w_n, b_1..b_n); ours interleaves per layer
        theta0 = np.column_stack([model.w, model.b]).ravel()
        return Problem(lambda t: cost(np.concatenate([t[0::2], t[1::2]])), theta0, params, g)
    if isinstance(model, Neuron):
        params = [ParamArray("w", 1, "w", model.w.shape), ParamArray("b", 1, "b", ())]
        dw, db = model.gradients(X, Y) if grads is None else grads
        w0, b0 = model.w.copy(), model.b
        theta0 = np.concatenate([w0, [b0]])

        def f(theta):
            model.w[:] = theta[:-1]
            model.b = float(theta[-1])
            try:
                return model.cost(X, Y)
            finally:
                model.w[:], model.b = w0, b0

        return Problem(f, theta0, params, [dw, db])
    raise TypeError(
        f"model must be a Network, ScalarChain or Neuron (or use check_function); "
        f"got {type(model).__name__}."
    )


def _restoring(f, arrays, originals):
    def g(theta):
        try:
            return f(theta)
        finally:
            for a, v in zip(arrays, originals):
                a[...] = v

    return g


def check_gradients(model, X=None, Y=None, grads=None, rtol: float = 1e-6, seed=0) -> GradCheck:
    """Check a model's analytic gradient array by array (W and b of each layer apart).

    Parameters
    ----------
    model : Network, ScalarChain or Neuron
    X : ndarray of shape (N, m_0) (Network, Neuron) or (N,) (ScalarChain)
    Y : ndarray of shape (N, m_L) or (N,)
    grads : optional; the gradient to judge, in the model's own ``gradients`` layout
        ((dWs, dbs) for a Network, (dw, db) for a chain or neuron). Default: the model's own.
        Pass a broken backward pass's output (:mod:`nnnotes.breakit`) to see it caught.
    rtol : float, default 1e-6
    seed : seeds the noise estimate's random direction

    Returns
    -------
    GradCheck : print it for the table; ``.ok``, ``.first_failure``, ``.failures``
    """
    prob = problem(model, X, Y, grads)
    return compare(prob.params, prob.grads, numerical_gradients(prob.f, prob.theta, seed), rtol)


def check_function(
    f: Callable[[np.ndarray], float], theta, grad, rtol: float = 1e-6, name: str = "theta", seed=0
) -> GradCheck:
    """Check the gradient of a plain scalar function f(theta).

    Parameters
    ----------
    f : callable, ndarray of theta's shape -> float
    theta : array_like of any shape
    grad : array_like of theta's shape, or a callable theta -> that array
    """
    theta = as_float_array(theta, "theta")
    shape = theta.shape
    g = grad(theta.copy()) if callable(grad) else grad
    params = [ParamArray(name, 0, name, shape)]
    numeric = numerical_gradients(lambda t: f(t.reshape(shape)), theta.ravel(), seed)
    return compare(params, [g], numeric, rtol)
