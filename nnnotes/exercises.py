"""Exercises that check themselves (chapters 2-5): the reader writes a function, a checker runs it.

Each ``check_*`` runs the reader's function on seeded random shapes and values, compares with
finite differences (:mod:`nnnotes.calculus`) or the package, prints a verdict and returns an
:class:`ExerciseResult`. On failure it shows the first failing input, what was expected, what came
back, and a hint: a wrong answer is matched against the mistakes of :mod:`nnnotes.breakit` by its
signature (exactly 1/2 or N times too large, sign-flipped, transposed, slope missing, softmax's
diagonal only, the sum over trials inside the error) before falling back to a generic hint.

    check_sigmoid_prime(fn)        fn(z (n,)) -> (n,)                        notes 001 eq. 10
    check_neuron_gradient(fn)      fn(X (N, n), y (N,), w (n,), b) -> (dw (n,), db)   eqs. 17, 20
    check_delta_step(fn)           fn(W_next (m', m), delta_next (N, m'), z (N, m)) -> (N, m)  eq. 59
    check_batched_dW(fn)           fn(delta (N, m), A_prev (N, m_prev)) -> (m, m_prev)  eqs. 60-62
    check_softmax_jacobian(fn)     fn(z (m,)) -> J (m, m)                     notes 003 §II
    check_gamma(fn)                fn(Lam (N, m_L, m_l), A (N, m_L)) -> Gamma (N, m_L, m_l)  003 §II
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from ._validation import as_rng
from .activations import sigmoid, sigmoid_prime
from .calculus import central_difference
from .softmax import softmax, softmax_jacobian

HINTS = {
    "missing_factor_2": "Exactly half the answer: the 2 of d(a - y)^2/da = 2(a - y) is missing "
    "(notes 001 writes eq. 58 without it).",
    "extra_factor_2": "Exactly twice the answer: a factor 2 appears twice.",
    "missing_1_over_N": "Exactly N times the answer: the cost is a mean, so the gradient needs "
    "the 1/N (notes 001 eqs. 62-63).",
    "extra_1_over_N": "Exactly 1/N of the answer: the 1/N is applied twice (delta already holds "
    "the 2/N of dC/da).",
    "sign_slip_004": "Sign-flipped: you computed -dC/dz (notes 004 defines delta = -dL/da) or "
    "(y - a) instead of (a - y).",
    "transposed": "Your answer is the transpose of the expected one: check which index is the row "
    "(W^(l) has shape (m_l, m_(l-1)); a batch holds examples as rows).",
    "missing_transpose": "You used W where W^T belongs: in rows, delta = (delta_next @ W_next) * "
    "f'(z) — W_next, not W_next.T (notes 001 eq. 59's W^T delta).",
    "missing_f_prime": "The slope f'(z) is missing: multiply by sigma'(z) = a (1 - a) elementwise.",
    "sigmoid_itself": "You returned sigma(z), not its derivative sigma(z) (1 - sigma(z)).",
    "softmax_diagonal_only": "Only the diagonal a_j (1 - a_j): softmax couples its outputs, "
    "da_j/dz_mu = a_j (delta_{j mu} - a_mu) has off-diagonal terms -a_j a_mu (notes 003 §II).",
    "missing_diagonal": "Only the -a_j a_mu part: the Kronecker delta gives a_j on the diagonal too.",
    "sum_over_trials_in_e": "The examples were summed before the product: sum_i delta_i a_i^T, "
    "not (sum_i delta_i)(sum_i a_i)^T — notes 000 eq. 26 puts the sum over trials inside e.",
    "no_gamma_correction": "You returned Lambda unchanged: Gamma = Lambda - sum_k a_k Lambda_k "
    "(notes 003 §II), the softmax's coupling.",
    "gamma_sign": "The correction has the wrong sign: Gamma = Lambda MINUS sum_k a_k Lambda_k.",
    "shape": "Wrong shape: compare with the shapes in the exercise's statement.",
    "error": "Your function raised an error on this input (shown above).",
    "generic": "Not one of the usual slips: recheck your derivation term by term against the "
    "chapter's equation, and print small cases by hand.",
}


class ExerciseResult(NamedTuple):
    """A checker's verdict. ``ok``; else the first failing input, expected, got, diagnosis, hint."""

    exercise: str
    ok: bool
    trials: int
    inputs: dict | None = None
    expected: object = None
    got: object = None
    diagnosis: str | None = None
    hint: str | None = None

    def __str__(self) -> str:
        if self.ok:
            return f"{self.exercise}: correct on all {self.trials} random cases."
        lines = [f"{self.exercise}: NOT YET — first failing case (of {self.trials}):"]
        for k, v in (self.inputs or {}).items():
            lines.append(f"  {k} = {_fmt(v)}")
        lines.append(f"  expected: {_fmt(self.expected)}")
        lines.append(f"  got:      {_fmt(self.got)}")
        lines.append(f"hint: {self.hint}")
        return "\n".join(lines)

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(str(self))


def _fmt(v) -> str:
    if isinstance(v, tuple):
        return "(" + ", ".join(_fmt(x) for x in v) + ")"
    if isinstance(v, np.ndarray):
        return f"shape {v.shape}: " + np.array2string(
            v, precision=4, threshold=12, suppress_small=True
        )
    if isinstance(v, float):
        return f"{v:.6g}"
    return str(v)


def _close(a, b) -> bool:
    try:
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    except (TypeError, ValueError):
        return False
    return a.shape == b.shape and np.allclose(a, b, rtol=1e-7, atol=1e-12)


def _as_parts(x) -> list[np.ndarray]:
    parts = x if isinstance(x, tuple | list) else (x,)
    return [np.asarray(p, dtype=float) for p in parts]


def _same(got, expected) -> bool:
    try:
        g, e = _as_parts(got), _as_parts(expected)
    except (TypeError, ValueError):
        return False
    return len(g) == len(e) and all(_close(a, b) for a, b in zip(g, e))


def diagnose(expected, got, N: int | None = None, candidates: dict | None = None) -> str:
    """Name the likely mistake from how ``got`` relates to ``expected`` (see :data:`HINTS`).

    expected, got : arrays or tuples of arrays (e.g. (dw, db))
    N : the batch size, to recognise a missing or doubled 1/N
    candidates : {diagnosis: the array a known broken version would return} for this input
    """
    for name, wrong in (candidates or {}).items():
        if _same(got, wrong) and not _same(wrong, expected):
            return name
    scales = {"missing_factor_2": 0.5, "extra_factor_2": 2.0, "sign_slip_004": -1.0}
    if N is not None and N > 2:
        scales |= {"missing_1_over_N": float(N), "extra_1_over_N": 1.0 / N}
    for name, s in scales.items():
        if _same(got, tuple(s * e for e in _as_parts(expected))):
            return name
    try:
        g, e = _as_parts(got), _as_parts(expected)
    except (TypeError, ValueError):
        return "shape"
    if len(g) != len(e):
        return "shape"
    for a, b in zip(g, e):
        if a.shape != b.shape:
            return "transposed" if a.ndim == 2 and a.shape == b.T.shape else "shape"
        if a.ndim == 2 and a.shape[0] == a.shape[1] and b.ndim == 2 and _close(a, b.T):
            return "transposed"
    return "generic"


def _run(exercise: str, fn: Callable, cases, verbose: bool) -> ExerciseResult:
    """cases: iterable of (inputs dict, expected, N, candidates). First failure wins."""
    n = 0
    result = None
    for inputs, expected, N, candidates in cases:
        n += 1
        try:
            got = fn(
                *[
                    np.array(v, copy=True) if isinstance(v, np.ndarray) else v
                    for v in inputs.values()
                ]
            )
        except Exception as exc:  # the reader's code: report any error on its input
            diagnosis = "error"
            if any(w in str(exc) for w in ("shape", "align", "broadcast", "dimension")):
                diagnosis = candidates.get("_on_shape_error", "error") if candidates else "error"
            result = ExerciseResult(
                exercise,
                False,
                n,
                inputs,
                expected,
                f"{type(exc).__name__}: {exc}",
                diagnosis,
                HINTS.get(diagnosis, HINTS["error"]),
            )
            break
        if not _same(got, expected):
            cands = {k: v for k, v in (candidates or {}).items() if not k.startswith("_")}
            diagnosis = diagnose(expected, got, N, cands)
            result = ExerciseResult(
                exercise, False, n, inputs, expected, got, diagnosis, HINTS[diagnosis]
            )
            break
    if result is None:
        result = ExerciseResult(exercise, True, n)
    if verbose:
        print(result)
    return result


def _shapes(rng, trials: int, dims: int, max_size: int = 5):
    """Random shapes; the first is small, at least one is non-square, N >= 2 from the second on."""
    out = []
    for t in range(trials):
        s = list(rng.integers(1 if t == 0 else 2, max_size + 1, dims))
        if t == 1 and dims >= 2:
            s[-1], s[-2] = 2, 3  # non-square on purpose
        out.append([int(v) for v in s])
    return out


# -------------------------------------------------------------------------------- chapter 2
def check_sigmoid_prime(
    fn: Callable, seed=0, trials: int = 6, verbose: bool = True
) -> ExerciseResult:
    """sigma'(z) = sigma(z)(1 - sigma(z)) (notes 001 eq. 10), against central differences.

    fn : z (ndarray of shape (n,)) -> ndarray of shape (n,)
    """
    rng = as_rng(seed)

    def cases():
        for t in range(trials):
            z = rng.uniform(-6, 6, int(rng.integers(1, 8))) if t else np.array([0.0, 1.0])
            expected = central_difference(sigmoid, z)
            cands = {"sigmoid_itself": sigmoid(z), "missing_factor_2": sigmoid_prime(z) / 2}
            yield {"z": z}, _rounded_to(expected, sigmoid_prime(z)), None, cands

    return _run("sigma'(z)", fn, cases(), verbose)


def _rounded_to(numeric, exact):
    """The central difference agrees with the exact value to ~1e-10: return the exact one."""
    assert np.allclose(numeric, exact, rtol=1e-7, atol=1e-10)
    return exact


def check_neuron_gradient(
    fn: Callable, seed=0, trials: int = 6, verbose: bool = True
) -> ExerciseResult:
    """dC/dw = (2/N) X^T ((a - y) sigma'(z)), dC/db = (2/N) sum_i (a_i - y_i) sigma'(z_i)
    for C = (1/N) sum_i (a_i - y_i)^2, a = sigma(X w + b) (notes 001 eqs. 17, 20, 27, 31, 35).

    fn : (X (N, n), y (N,), w (n,), b float) -> (dw (n,), db float)
    """
    from .neuron import Neuron

    rng = as_rng(seed)

    def cases():
        for N, n in _shapes(rng, trials, 2):
            X, y = rng.standard_normal((N, n)), rng.random(N)
            w, b = rng.standard_normal(n), float(rng.normal())
            dw, db = Neuron(w=w, b=b).gradients(X, y)
            a = sigmoid(X @ w + b)
            r = 2 / N * (a - y)
            cands = {"missing_f_prime": (X.T @ r, r.sum())}
            yield {"X": X, "y": y, "w": w, "b": b}, (dw, db), N, cands

    return _run("one-neuron gradient (dw, db)", fn, cases(), verbose)


# -------------------------------------------------------------------------------- chapter 3-4
def check_delta_step(fn: Callable, seed=0, trials: int = 6, verbose: bool = True) -> ExerciseResult:
    """One step of the delta recurrence, sigmoid layers, examples as rows (notes 001 eqs. 54, 59):

        delta = (delta_next @ W_next) * sigma'(z)

    fn : (W_next (m_next, m), delta_next (N, m_next), z (N, m)) -> delta (N, m)
    """
    rng = as_rng(seed)

    def cases():
        for t, (N, m_next, m) in enumerate(_shapes(rng, trials, 3)):
            if t == 2:
                m_next = m  # a square layer, where W.T silently conforms
            W, dn, z = (
                rng.standard_normal((m_next, m)),
                rng.standard_normal((N, m_next)),
                rng.normal(0, 2, (N, m)),
            )
            expected = (dn @ W) * sigmoid_prime(z)
            cands = {"missing_f_prime": dn @ W, "_on_shape_error": "missing_transpose"}
            if m == m_next:
                cands["missing_transpose"] = (dn @ W.T) * sigmoid_prime(z)
            yield {"W_next": W, "delta_next": dn, "z": z}, expected, N, cands

    return _run("one step of the delta recurrence", fn, cases(), verbose)


def check_batched_dW(fn: Callable, seed=0, trials: int = 6, verbose: bool = True) -> ExerciseResult:
    """dC/dW^(l) = sum_i delta_i a_i^T = Delta^T A_prev (notes 001 eqs. 60, 62; the 1/N is already
    inside delta = dC/dz, which carries the 2/N of dC/da).

    fn : (delta (N, m), A_prev (N, m_prev)) -> dW (m, m_prev)
    """
    rng = as_rng(seed)

    def cases():
        for N, m, m_prev in _shapes(rng, trials, 3):
            delta, A = rng.standard_normal((N, m)), rng.random((N, m_prev))
            cands = {"sum_over_trials_in_e": np.outer(delta.sum(0), A.sum(0))}
            yield {"delta": delta, "A_prev": A}, delta.T @ A, N, cands

    return _run("batched dC/dW", fn, cases(), verbose)


# -------------------------------------------------------------------------------- chapter 5
def _softmax_column(z: np.ndarray, e: np.ndarray) -> np.ndarray:
    """d softmax(z) / dz_mu by central differences along e = e_mu; shape (m,)."""
    return central_difference(lambda s: softmax(z + s * e), 0.0)


def check_softmax_jacobian(
    fn: Callable, seed=0, trials: int = 6, verbose: bool = True
) -> ExerciseResult:
    """J[j, mu] = da_j/dz_mu = a_j (delta_{j mu} - a_mu), a = softmax(z) (notes 003 §II), against
    central differences of softmax, one column per mu.

    fn : z (ndarray of shape (m,)) -> J (m, m)
    """
    rng = as_rng(seed)

    def cases():
        for t in range(trials):
            z = rng.normal(0, 2, int(rng.integers(2, 7))) if t else np.array([0.0, 1.0, -1.0])
            # central differences of the vector function softmax: one column per mu
            numeric = np.column_stack([_softmax_column(z, e) for e in np.eye(z.size)])
            expected = _rounded_to(numeric, softmax_jacobian(z))
            a = softmax(z)
            cands = {
                "softmax_diagonal_only": np.diag(a * (1 - a)),
                "missing_diagonal": -np.outer(a, a),
            }
            yield {"z": z}, expected, None, cands

    return _run("softmax Jacobian", fn, cases(), verbose)


def check_gamma(fn: Callable, seed=0, trials: int = 5, verbose: bool = True) -> ExerciseResult:
    """Gamma^(l)_{ij mu} = Lambda^(l)_{ij mu} - sum_k a_ik Lambda^(l)_{ik mu} (notes 003 §II),
    compared with :func:`nnnotes.gamma.gammas` of a random softmax network.

    fn : (Lam (N, m_L, m_l), A (N, m_L)) -> Gamma (N, m_L, m_l)
    """
    from .formulations.lambda_products import lambdas
    from .gamma import gammas
    from .network import Network

    rng = as_rng(seed)

    def cases():
        for N, m0, m1, mL in _shapes(rng, trials, 4):
            net = Network([m0, m1, max(mL, 2)], activation="tanh", output="softmax", seed=rng)
            X = rng.standard_normal((N, m0))
            Zs, As = net.forward_pass(X)
            A = As[-1]
            for Lam, Gam in zip(lambdas(net, Zs), gammas(net, X)):
                corr = np.einsum("ik,ikm->im", A, Lam)[:, None, :]
                cands = {"no_gamma_correction": Lam, "gamma_sign": Lam + corr}
                yield {"Lam": Lam, "A": A}, Gam, N, cands

    return _run("Gamma (softmax-adjusted Lambda)", fn, cases(), verbose)


CHECKERS = {
    "sigmoid_prime": check_sigmoid_prime,
    "neuron_gradient": check_neuron_gradient,
    "delta_step": check_delta_step,
    "batched_dW": check_batched_dW,
    "softmax_jacobian": check_softmax_jacobian,
    "gamma": check_gamma,
}
