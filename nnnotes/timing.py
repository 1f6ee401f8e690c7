"""Why backpropagation: what one gradient costs, measured (chapter 3; notes 001 §5.5).

A central-difference gradient of a chain with n layers nudges each of its 2n parameters up and
down, so it runs the forward pass 4n times; each pass costs about n layer updates, so the whole
gradient costs about 4n^2 of them. Backpropagation gets the same 2n numbers from one forward and
one backward pass, about 2n layer updates. The ratio of the two times grows like n.

Wall-clock times depend on the machine and on whatever else it is doing, so every time here is
the best of several repeats, and the book prints only verdicts about them (the figure shows the
measured values).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from functools import partial

import numpy as np

from ._validation import as_count, as_rng
from .calculus import numerical_gradient
from .chain import ScalarChain


def best_time(fn: Callable[[], object], repeats: int = 5, number: int = 1) -> float:
    """Seconds per call of ``fn()``: the best of ``repeats`` runs of ``number`` calls each.

    The minimum, not the mean, is the time the work itself takes: interruptions by other
    processes only ever add time.
    """
    repeats = as_count(repeats, "repeats")
    number = as_count(number, "number")
    best = np.inf
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, time.perf_counter() - start)
    return best / number


def count_calls(f: Callable) -> tuple[Callable, list[int]]:
    """Wrap ``f`` so that ``counter[0]`` counts its calls; returns (wrapped, counter)."""
    counter = [0]

    def wrapped(*args, **kwargs):
        counter[0] += 1
        return f(*args, **kwargs)

    return wrapped, counter


def gradient_timings(
    depths: Sequence[int], n_examples: int = 64, repeats: int = 5, seed=0
) -> dict[str, np.ndarray]:
    """Time the full gradient of a chain's cost by central differences and by backpropagation.

    For each depth n: a :class:`ScalarChain` on ``n_examples`` random inputs; the
    numerical gradient is :func:`nnnotes.calculus.numerical_gradient` of
    :meth:`ScalarChain.cost_function`, the analytic one :meth:`ScalarChain.gradients`.

    Parameters
    ----------
    depths : sequence of int >= 1, length k
    n_examples : int >= 1
    repeats : int >= 1
        Each time is the best of this many runs.
    seed : None, int or Generator

    Returns
    -------
    dict of ndarrays of shape (k,)
        "depth"; "numerical" and "backprop" (seconds per gradient); "ratio" (numerical /
        backprop); "cost_calls" (forward passes the numerical gradient made, counted: 4n).
    """
    depths = np.array([as_count(n, "depths[i]") for n in depths])
    if depths.size == 0:
        raise ValueError("depths must hold at least one depth; got an empty sequence.")
    n_examples = as_count(n_examples, "n_examples")
    rng = as_rng(seed)
    X = rng.uniform(-1.0, 1.0, n_examples)
    y = rng.uniform(0.0, 1.0, n_examples)
    numerical, backprop, calls = [], [], []
    for n in depths:
        chain = ScalarChain(n, seed=rng)
        cost = chain.cost_function(X, y)
        counted, counter = count_calls(cost)
        theta = chain.parameters
        numerical_gradient(counted, theta)
        calls.append(counter[0])
        numerical.append(best_time(partial(numerical_gradient, cost, theta), repeats))
        backprop.append(best_time(partial(chain.gradients, X, y), repeats, number=10))
    numerical, backprop = np.array(numerical), np.array(backprop)
    return {
        "depth": depths,
        "numerical": numerical,
        "backprop": backprop,
        "ratio": numerical / backprop,
        "cost_calls": np.array(calls),
    }
