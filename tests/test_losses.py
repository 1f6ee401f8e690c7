"""nnnotes.losses: costs and their derivatives against central differences."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnnotes.calculus import numerical_gradient, relative_error
from nnnotes.losses import LOSSES, cross_entropy, get_loss, mse, mse_prime
from nnnotes.softmax import softmax, softmax_backward


@pytest.mark.parametrize("name", sorted(LOSSES))
@given(n=st.integers(1, 8), m=st.integers(1, 5), seed=st.integers(0, 2**16))
def test_loss_prime_matches_central_differences(name, n, m, seed):
    rng = np.random.default_rng(seed)
    A = rng.uniform(0.05, 0.95, size=(n, m))
    Y = rng.dirichlet(np.ones(m), size=n)
    loss = get_loss(name)
    numeric = numerical_gradient(lambda a: loss.value(a, Y), A)
    assert relative_error(loss.prime(A, Y), numeric) < 1e-7


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_softmax_residual_flag_says_whether_softmax_gives_a_minus_y(name):
    """The flag Network relies on: J^T dC/dA = (A - Y)/N behind a softmax, or not."""
    rng = np.random.default_rng(0)
    A = softmax(rng.standard_normal((6, 4)))
    Y = rng.dirichlet(np.ones(4), size=6)
    loss = get_loss(name)
    pulled_back = softmax_backward(A, loss.prime(A, Y))
    assert (relative_error(pulled_back, (A - Y) / 6) < 1e-12) == loss.softmax_residual


def test_mse_is_notes_001_eq57():
    A = np.array([[1.0, 2.0], [0.0, 0.0]])
    Y = np.array([[0.0, 0.0], [1.0, 1.0]])
    assert mse(A, Y) == pytest.approx(((1 + 4) + (1 + 1)) / 2)
    np.testing.assert_allclose(mse_prime(A, Y), (A - Y))  # 2/N with N = 2


def test_one_dimensional_inputs_are_single_output_columns():
    assert mse([1.0, 3.0], [0.0, 1.0]) == pytest.approx((1 + 4) / 2)


def test_cross_entropy_is_finite_with_zero_probabilities():
    A = np.array([[0.0, 1.0], [1.0, 0.0]])
    Y = np.array([[1.0, 0.0], [1.0, 0.0]])
    value = cross_entropy(A, Y)
    assert np.isfinite(value)
    assert value == pytest.approx(-np.log(1e-12) / 2)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: mse(np.zeros((3, 2)), np.zeros((3, 1))), ValueError, r"same shape \(N, m\)"),
        (lambda: mse(np.zeros((3, 2)), np.full((3, 2), np.nan)), ValueError, "Y contains NaN"),
        (lambda: get_loss("hinge"), ValueError, "loss must be one of"),
        (lambda: get_loss(None), TypeError, "loss must be a name"),
    ],
)
def test_bad_input_raises_clear_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()
