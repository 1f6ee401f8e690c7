"""nnnotes.activations: each derivative against central differences; stability; lookup errors."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from nnnotes.activations import ACTIVATIONS, get_activation, sigmoid, sigmoid_prime
from nnnotes.calculus import central_difference, relative_error

off_kink = st.floats(-6.0, 6.0).filter(lambda v: abs(v) > 1e-3)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
@given(z=arrays(np.float64, st.integers(1, 30), elements=off_kink))
def test_derivative_matches_central_differences(name, z):
    act = get_activation(name)
    assert relative_error(act.f_prime(z), central_difference(act.f, z)) < 1e-7


def test_sigmoid_prime_is_sigma_times_one_minus_sigma_notes_001_eq10():
    z = np.linspace(-8, 8, 101)
    s = sigmoid(z)
    np.testing.assert_allclose(sigmoid_prime(z), s * (1 - s), rtol=1e-15)
    np.testing.assert_allclose(sigmoid_prime(z), np.exp(-z) / (1 + np.exp(-z)) ** 2, rtol=1e-12)


def test_sigmoid_prime_peaks_at_a_quarter():
    z = np.linspace(-10, 10, 20001)
    assert sigmoid_prime(z).max() == pytest.approx(0.25, abs=1e-12)
    assert sigmoid_prime(0.0) == 0.25


def test_sigmoid_does_not_overflow():
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # underflow to 0 is fine
        s = sigmoid(np.array([-1e4, -800.0, 0.0, 800.0, 1e4]))
    np.testing.assert_array_equal(s, [0.0, 0.0, 0.5, 1.0, 1.0])
    assert np.all(np.isfinite(sigmoid_prime(np.array([-1e4, 1e4]))))


def test_relu_kink_convention():
    np.testing.assert_array_equal(
        get_activation("relu").f_prime(np.array([-1.0, 0.0, 2.0])), [0, 0, 1]
    )


def test_lookup_errors():
    with pytest.raises(ValueError, match="activation must be one of"):
        get_activation("swish")
    with pytest.raises(TypeError, match="activation must be a name"):
        get_activation(3)
    with pytest.raises(TypeError, match="z must be"):
        sigmoid("zero")
