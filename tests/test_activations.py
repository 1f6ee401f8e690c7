"""nnnotes.activations: each derivative against central differences; stability; lookup errors."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from nnnotes import activations
from nnnotes.activations import (
    ACTIVATIONS,
    CLIP_ONE_PASS,
    get_activation,
    sigmoid,
    sigmoid_prime,
)
from nnnotes.calculus import central_difference, relative_error

off_kink = st.floats(-6.0, 6.0).filter(lambda v: abs(v) > 1e-3)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
@given(z=arrays(np.float64, st.integers(1, 30), elements=off_kink))
def test_derivative_matches_central_differences(name, z):
    act = get_activation(name)
    assert relative_error(act.f_prime(z), central_difference(act.f, z)) < 1e-7


def test_sigmoid_and_its_derivative_match_closed_forms_notes_001_eqs_8_10():
    # independent closed forms: sigma(z) = (1 + tanh(z/2)) / 2 and sigma'(z) = 1 / (4 cosh^2(z/2))
    z = np.linspace(-8, 8, 101)
    np.testing.assert_allclose(sigmoid(z), (1 + np.tanh(z / 2)) / 2, rtol=1e-12)
    np.testing.assert_allclose(sigmoid_prime(z), 1 / (4 * np.cosh(z / 2) ** 2), rtol=1e-12)
    # far out, 1 - sigma(z) cancels for z > 0: a(1 - a) stays within 1e-16 absolute there
    far = np.array([-40.0, -30.0, 30.0, 40.0])
    exact = 1 / (4 * np.cosh(far / 2) ** 2)
    np.testing.assert_allclose(sigmoid_prime(far)[:2], exact[:2], rtol=1e-13)
    np.testing.assert_allclose(sigmoid_prime(far), exact, rtol=0, atol=1.2e-16)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_out_argument_is_written_and_returned(name):
    act = get_activation(name)
    z = np.linspace(-3.0, 3.0, 7) + 0.05
    for f, x in ((act.f, z), (act.f_prime_from_a, act.f(z))):
        out = np.full_like(z, np.nan)
        result = f(x, out=out)
        assert result is out
        np.testing.assert_array_equal(out, f(x))
    assert act.f(z) is not z


def test_sigmoid_prime_peaks_at_a_quarter():
    z = np.linspace(-10, 10, 20001)
    assert sigmoid_prime(z).max() == pytest.approx(0.25, abs=1e-12)
    assert sigmoid_prime(0.0) == 0.25


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_extreme_inputs_raise_no_floating_point_error(name):
    """Every activation and derivative at |z| up to 1e4 with every numpy FP error raising
    (overflow, underflow, invalid, divide): e^-z of the plain formula overflows at z < -709."""
    act = get_activation(name)
    z = np.array([-1e4, -800.0, -709.5, -30.0, 0.0, 30.0, 709.5, 800.0, 1e4])
    with np.errstate(all="raise"):
        values = [act.f(z), act.f_prime(z), act.f_prime_from_a(act.f(z))]
    assert all(np.all(np.isfinite(v)) for v in values)


def test_sigmoid_of_a_large_array_clips_in_one_pass_with_the_same_bits(monkeypatch):
    """Above CLIP_ONE_PASS entries z is clipped by np.clip instead of np.maximum + np.minimum:
    the same numbers, NaN and infinities included."""
    rng = np.random.default_rng(0)
    z = np.concatenate([400 * rng.standard_normal(CLIP_ONE_PASS), [np.nan, np.inf, -np.inf]])
    z = np.concatenate([z, [708.5, -708.5, 1e4, -1e4, 0.0, -0.0]])
    one_pass = ACTIVATIONS["sigmoid"].f(z)
    monkeypatch.setattr(activations, "CLIP_ONE_PASS", z.size)
    assert one_pass.tobytes() == ACTIVATIONS["sigmoid"].f(z).tobytes()


def test_sigmoid_at_extremes_is_exact_to_1e_307():
    s = sigmoid(np.array([-1e4, -800.0, 0.0, 800.0, 1e4]))
    np.testing.assert_allclose(s, [0.0, 0.0, 0.5, 1.0, 1.0], rtol=0, atol=1e-307)
    assert s[-1] == 1.0 and s[0] > 0.0


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
