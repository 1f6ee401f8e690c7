"""nnnotes.regression: chapter 1's one-weight cost, its derivative and gradient descent."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnnotes import regression
from nnnotes.calculus import central_difference, relative_error
from nnnotes.data import make_line


@given(n=st.integers(1, 50), seed=st.integers(0, 2**16))
def test_cost_prime_notes_001_eq6_matches_central_differences(n, seed):
    x, y = make_line(n=n, seed=seed)
    w = np.linspace(-3, 3, 7)
    numeric = central_difference(lambda v: regression.cost(v, x, y), w)
    assert relative_error(regression.cost_prime(w, x, y), numeric) < 1e-7


def test_cost_is_notes_001_eq2():
    x, y = np.array([1.0, 2.0]), np.array([1.0, 1.0])
    assert regression.cost(2.0, x, y) == pytest.approx(((2 - 1) ** 2 + (4 - 1) ** 2) / 2)


def test_stability_limit_separates_convergence_from_divergence():
    x, y = make_line(n=20, seed=1)
    limit, w_star = regression.stability_limit(x), regression.minimiser(x, y)
    below = regression.gradient_descent(x, y, -1.0, 0.99 * limit, 500)
    above = regression.gradient_descent(x, y, -1.0, 1.01 * limit, 500)
    assert abs(below[-1] - w_star) < 1e-2
    assert abs(above[-1] - w_star) > 1e2
    one = regression.gradient_descent(x, y, -1.0, 1 / regression.curvature(x), 1)
    assert one[1] == pytest.approx(w_star, abs=1e-12)


def test_error_recursion_is_geometric():
    x, y = make_line(n=10, seed=2)
    lr = 0.3 * regression.stability_limit(x)
    e = regression.gradient_descent(x, y, 3.0, lr, 10) - regression.minimiser(x, y)
    np.testing.assert_allclose(e[1:] / e[:-1], 1 - lr * regression.curvature(x), rtol=1e-9)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: regression.cost(1.0, [1.0, 2.0], [1.0]), ValueError, "equal length"),
        (lambda: regression.gradient_descent([1.0], [1.0], 0.0, 0.0, 3), ValueError, "lr"),
        (lambda: regression.gradient_descent([1.0], [1.0], 0.0, 0.1, 2.5), TypeError, "steps"),
        (lambda: make_line(n=0), ValueError, "n must be at least 1"),
        (lambda: make_line(seed="x"), TypeError, "seed"),
    ],
)
def test_bad_input_raises_clear_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()
