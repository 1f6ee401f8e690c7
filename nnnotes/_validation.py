"""Input checks shared by the public functions: one place, messages that speak to the reader.

Validation happens once, at the public boundary; inner loops trust their inputs.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable

import numpy as np


def as_float_array(x, name: str, *, ndim: int | None = None, finite: bool = True) -> np.ndarray:
    """Return ``x`` as a float64 array, or raise a clear error.

    Parameters
    ----------
    x : array_like
        The value to check.
    name : str
        The argument's name, used in the error message.
    ndim : int, optional
        Required number of dimensions.
    finite : bool, default True
        Reject NaN and infinity.
    """
    if isinstance(x, (str, bytes, complex)) or x is None or np.iscomplexobj(x):
        raise TypeError(f"{name} must be a number or an array of numbers; got {type(x).__name__}.")
    try:
        arr = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            f"{name} must be a number or an array of numbers; got {type(x).__name__}."
        ) from exc
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s); got shape {arr.shape}.")
    if finite:
        check_finite(arr, name)
    return arr


def check_finite(arr: np.ndarray, name: str) -> None:
    """Raise a ValueError naming ``name`` if the float array ``arr`` holds a NaN or an infinity."""
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinity.")


def as_positive(value, name: str) -> float:
    """Return ``value`` as a float after checking it is a finite number > 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a positive number; got {type(value).__name__}.")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive number; got {value!r}.")
    return float(value)


def as_nonnegative(value, name: str) -> float:
    """Return ``value`` as a float after checking it is a finite number >= 0 (a noise level)."""
    value = float(as_float_array(value, name, ndim=0))
    if value < 0:
        raise ValueError(f"{name} must be >= 0; got {value!r}.")
    return value


def as_fraction(value, name: str) -> float:
    """Return ``value`` as a float after checking it lies strictly between 0 and 1."""
    value = float(as_float_array(value, name, ndim=0))
    if not 0.0 < value < 1.0:
        raise ValueError(f"{name} must lie strictly between 0 and 1; got {value!r}.")
    return value


def as_count(value, name: str, *, minimum: int = 1) -> int:
    """Return ``value`` as an int after checking it is a whole number >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number; got {type(value).__name__}.")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}; got {value}.")
    return int(value)


def as_rng(seed) -> np.random.Generator:
    """Normalise ``seed`` (None, int >= 0 or Generator) to a numpy Generator, once."""
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        return np.random.default_rng()
    if isinstance(seed, numbers.Integral) and not isinstance(seed, bool):
        if seed < 0:
            raise ValueError(f"seed must be None, an int >= 0 or a numpy Generator; got {seed}.")
        return np.random.default_rng(int(seed))
    raise TypeError(
        f"seed must be None, an int >= 0 or a numpy Generator; got {type(seed).__name__}."
    )


def as_callback(callback):
    """``callback`` itself after checking it is None or callable (before any training)."""
    if callback is not None and not callable(callback):
        raise TypeError(
            f"callback must be a function callback(epoch, model, cost) or None; "
            f"got {type(callback).__name__}."
        )
    return callback


def lookup(registry: dict, name, kind: str, cls: type):
    """Return ``registry[name]``; an instance of ``cls`` passes through unchanged.

    Errors name the argument (``kind``), the known names and what was received.
    """
    if isinstance(name, cls):
        return name
    if not isinstance(name, str):
        raise TypeError(f"{kind} must be a name (str); got {type(name).__name__}.")
    try:
        return registry[name]
    except KeyError:
        known = ", ".join(repr(k) for k in registry)
        raise ValueError(f"{kind} must be one of {known}; got {name!r}.") from None


def as_labels(y, name: str) -> np.ndarray:
    """Class labels: a non-empty 1-D array of integers >= 0, returned as int64, shape (N,)."""
    y = np.asarray(y)
    if y.ndim != 1 or y.size == 0 or not np.issubdtype(y.dtype, np.integer) or y.min() < 0:
        raise ValueError(
            f"{name} must be a non-empty 1-D array of integer labels >= 0; got dtype {y.dtype}, "
            f"shape {y.shape}."
        )
    return y.astype(np.int64)


def as_scalar_targets(y, n: int) -> np.ndarray:
    """One scalar target per example: ``y`` of shape (n,) or (n, 1), returned as shape (n,)."""
    y = as_float_array(y, "y")
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.shape != (n,):
        raise ValueError(
            f"y must have shape ({n},) or ({n}, 1), one target per example; got {y.shape}."
        )
    return y


def without_overflow(
    what: str, hint: Callable[[], str], compute: Callable, *args, unchecked: dict | None = None
):
    """``compute(*args)`` with numpy's floating-point warnings off, refused if it overflowed.

    Underflow to 0 or to a subnormal number is harmless and passes; any inf or NaN in what
    ``compute`` returns (an array, a float, or tuples/lists of them; None entries skipped)
    raises a ValueError saying that ``what`` overflowed float64, followed by ``hint()`` (called
    only then) — unless one of the ``unchecked`` inputs ({name: float array}, not yet checked
    for NaN and infinity because any would show in the result) holds one: the ValueError then
    names it, as :func:`as_float_array` would have.
    """
    with np.errstate(all="ignore"):
        result = compute(*args)
    if not _all_finite(result):
        for name, arr in (unchecked or {}).items():
            check_finite(arr, name)
        raise ValueError(f"{what} overflowed float64 (beyond 1.8e308): {hint()}")
    return result


def _all_finite(value) -> bool:
    if isinstance(value, (tuple, list)):
        return all(_all_finite(v) for v in value)
    return value is None or bool(np.all(np.isfinite(value)))


#: How far a row of probabilities may sum from 1, per entry (round-off of a softmax is ~1e-16).
ROW_SUM_TOL = 1e-9


def check_probability_rows(A: np.ndarray, name: str, use: str) -> np.ndarray:
    """``A`` (N, m) itself after checking every row is a probability distribution.

    ``use`` ends the message: what to use instead when A holds raw scores.
    """
    sums = A.sum(axis=1)
    if A.min() < 0 or A.max() > 1 or np.abs(sums - 1).max() > ROW_SUM_TOL * A.shape[1]:
        raise ValueError(
            f"{name} must hold probabilities, each row in [0, 1] and summing to 1 (a softmax "
            f"output; {use}); got values in [{A.min():.4g}, {A.max():.4g}] and row sums in "
            f"[{sums.min():.4g}, {sums.max():.4g}]."
        )
    return A
