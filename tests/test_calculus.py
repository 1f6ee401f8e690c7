"""nnnotes.calculus: difference quotients, numerical gradients, relative error (chapter 1)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from nnnotes.calculus import (
    MACHINE_EPSILON,
    central_difference,
    forward_difference,
    numerical_gradient,
    optimal_step,
    relative_error,
    step_errors,
)

finite = st.floats(-3.0, 3.0, allow_nan=False)


@given(arrays(np.float64, st.integers(1, 20), elements=finite))
def test_central_difference_of_sin_is_cos(z):
    assert relative_error(central_difference(np.sin, z), np.cos(z)) < 1e-9


@given(arrays(np.float64, st.integers(1, 20), elements=finite))
def test_forward_difference_of_exp_is_exp_to_sqrt_u(z):
    assert relative_error(forward_difference(np.exp, z), np.exp(z)) < 1e-6


def test_truncation_orders_notes_001_eq1():
    """Halving eps halves the forward error and quarters the central error."""
    eps = np.array([1e-2, 5e-3])
    fwd, cen = step_errors(np.exp, np.exp, 1.0, eps)
    assert fwd[0] / fwd[1] == pytest.approx(2.0, rel=0.02)
    assert cen[0] / cen[1] == pytest.approx(4.0, rel=0.02)


def test_best_steps_match_theory():
    eps = np.logspace(-16, 0, 161)
    fwd, cen = step_errors(np.exp, np.exp, 1.0, eps)
    assert 0.1 < eps[np.argmin(fwd)] / (2 * np.sqrt(MACHINE_EPSILON)) < 10
    assert 0.1 < eps[np.argmin(cen)] / (3 * MACHINE_EPSILON) ** (1 / 3) < 10
    assert np.min(cen) < 1e-3 * np.min(fwd)  # central is orders of magnitude better


def test_optimal_step_values():
    assert optimal_step("forward") == pytest.approx(1.49e-8, rel=1e-2)
    assert optimal_step("central") == pytest.approx(6.06e-6, rel=1e-2)
    with pytest.raises(ValueError, match="method"):
        optimal_step("backward")


@given(
    arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(1, 4)), elements=finite),
    arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(1, 4)), elements=finite),
)
def test_numerical_gradient_of_quadratic_form(x, _unused):
    # F(x) = sum(c * x^2) + sum(sin x): gradient 2 c x + cos x
    c = np.arange(x.size, dtype=float).reshape(x.shape) + 1.0
    grad = numerical_gradient(lambda v: np.sum(c * v**2) + np.sum(np.sin(v)), x)
    assert grad.shape == x.shape
    assert relative_error(grad, 2 * c * x + np.cos(x)) < 1e-7


def test_numerical_gradient_leaves_input_alone():
    x = np.array([1.0, 2.0])
    numerical_gradient(lambda v: float(v @ v), x)
    np.testing.assert_array_equal(x, [1.0, 2.0])


def test_relative_error():
    assert relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert relative_error([0.0], [0.0]) == 0.0
    assert relative_error([1.0, 2.0], [1.0, 2.2]) == pytest.approx(0.2 / 2.2)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: relative_error([1.0, 2.0], [1.0]), ValueError, "same shape"),
        (lambda: central_difference(np.sin, "a"), TypeError, "x must be"),
        (lambda: central_difference(np.sin, [np.nan]), ValueError, "NaN"),
        (lambda: forward_difference(np.sin, 1.0, eps=-1e-3), ValueError, "eps must be positive"),
        (lambda: numerical_gradient(np.sum, [1.0], eps=0), ValueError, "eps must be a positive"),
        (lambda: step_errors(np.exp, np.exp, [1.0, 2.0], [1e-3]), ValueError, "x must have 0"),
    ],
)
def test_bad_input_raises_clear_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()
