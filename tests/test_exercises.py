"""nnnotes.exercises: right solutions pass; each known mistake is named; other wrong ones fail."""

import numpy as np
import pytest

from nnnotes import exercises as ex
from nnnotes.activations import sigmoid


def sig_prime(z):
    a = sigmoid(z)
    return a * (1 - a)


SOLUTIONS = {
    "sigmoid_prime": (ex.check_sigmoid_prime, sig_prime),
    "neuron_gradient": (
        ex.check_neuron_gradient,
        lambda X, y, w, b: _neuron(X, y, w, b),
    ),
    "delta_step": (ex.check_delta_step, lambda W, d, z: (d @ W) * sig_prime(z)),
    "batched_dW": (ex.check_batched_dW, lambda delta, A: delta.T @ A),
    "softmax_jacobian": (ex.check_softmax_jacobian, lambda z: _jac(z)),
    "gamma": (ex.check_gamma, lambda Lam, A: Lam - np.einsum("ik,ikm->im", A, Lam)[:, None, :]),
}


def _neuron(X, y, w, b, factor=2.0, mean=True, prime=True, sign=1.0):
    a = sigmoid(X @ w + b)
    r = factor * (a - y) * (a * (1 - a) if prime else 1.0) * sign
    if mean:
        r = r / len(y)
    return X.T @ r, float(r.sum())


def _softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum()


def _jac(z):
    a = _softmax(z)
    return np.diag(a) - np.outer(a, a)


@pytest.mark.parametrize("name", list(SOLUTIONS))
def test_right_solution_passes(name, capsys):
    check, solution = SOLUTIONS[name]
    result = check(solution)
    assert result.ok and result.trials >= 5
    assert "correct on all" in capsys.readouterr().out


BROKEN = [
    # (exercise, wrong solution, expected diagnosis)
    ("sigmoid_prime", lambda z: sigmoid(z), "sigmoid_itself"),
    ("sigmoid_prime", lambda z: -sig_prime(z), "sign_slip_004"),
    ("sigmoid_prime", lambda z: 0.5 * sig_prime(z), "missing_factor_2"),
    ("neuron_gradient", lambda X, y, w, b: _neuron(X, y, w, b, factor=1.0), "missing_factor_2"),
    ("neuron_gradient", lambda X, y, w, b: _neuron(X, y, w, b, mean=False), "missing_1_over_N"),
    ("neuron_gradient", lambda X, y, w, b: _neuron(X, y, w, b, sign=-1.0), "sign_slip_004"),
    ("neuron_gradient", lambda X, y, w, b: _neuron(X, y, w, b, prime=False), "missing_f_prime"),
    ("delta_step", lambda W, d, z: (d @ W.T) * sig_prime(z), "missing_transpose"),
    ("delta_step", lambda W, d, z: d @ W, "missing_f_prime"),
    ("delta_step", lambda W, d, z: -(d @ W) * sig_prime(z), "sign_slip_004"),
    (
        "delta_step",
        lambda W, d, z: (d @ W.reshape(W.shape[1], W.shape[0]).T) * sig_prime(z),
        None,  # the reshape "fix": wrong on non-square layers, named on square ones
    ),
    ("batched_dW", lambda delta, A: A.T @ delta, "transposed"),
    ("batched_dW", lambda delta, A: delta.T @ A / len(A), "extra_1_over_N"),
    ("batched_dW", lambda delta, A: np.outer(delta.sum(0), A.sum(0)), "sum_over_trials_in_e"),
    ("batched_dW", lambda delta, A: -(delta.T @ A), "sign_slip_004"),
    (
        "softmax_jacobian",
        lambda z: np.diag(_softmax(z) * (1 - _softmax(z))),
        "softmax_diagonal_only",
    ),
    ("softmax_jacobian", lambda z: -np.outer(_softmax(z), _softmax(z)), "missing_diagonal"),
    ("softmax_jacobian", lambda z: -_jac(z), "sign_slip_004"),
    ("gamma", lambda Lam, A: Lam, "no_gamma_correction"),
    ("gamma", lambda Lam, A: Lam + np.einsum("ik,ikm->im", A, Lam)[:, None, :], "gamma_sign"),
]


@pytest.mark.parametrize(("name", "wrong", "diagnosis"), BROKEN)
def test_known_mistakes_fail_with_their_hint(name, wrong, diagnosis, capsys):
    check, _ = SOLUTIONS[name]
    result = check(wrong)
    assert not result.ok
    if diagnosis is not None:
        assert result.diagnosis == diagnosis, str(result)
        assert result.hint == ex.HINTS[diagnosis]
    out = capsys.readouterr().out
    assert "NOT YET" in out and "expected:" in out and "got:" in out and "hint:" in out


INDEPENDENT_WRONG = [
    # written without looking at the bug list: the checker must fail them, generically
    ("sigmoid_prime", lambda z: sigmoid(z) * (1 + sigmoid(z))),
    ("sigmoid_prime", lambda z: np.exp(-z) / (1 + np.exp(-z))),
    ("neuron_gradient", lambda X, y, w, b: _neuron(X, y, w, b + 0.1)),
    ("neuron_gradient", lambda X, y, w, b: (_neuron(X, y, w, b)[0], 0.0)),
    ("delta_step", lambda W, d, z: (d @ W) * sigmoid(z)),
    ("delta_step", lambda W, d, z: (d @ W) * sig_prime(z) + 1e-3),
    ("batched_dW", lambda delta, A: delta.T @ A[::-1]),
    ("softmax_jacobian", lambda z: np.diag(_softmax(z)) - np.outer(_softmax(z), _softmax(z)) * 0.9),
    ("gamma", lambda Lam, A: Lam - np.einsum("ik,ikm->im", A, Lam)[:, :, None].swapaxes(1, 2) * 2),
]


@pytest.mark.parametrize(("name", "wrong"), INDEPENDENT_WRONG)
def test_other_wrong_solutions_fail(name, wrong):
    check, _ = SOLUTIONS[name]
    result = check(wrong, verbose=False)
    assert not result.ok and result.hint


def test_errors_in_the_readers_code_are_reported_not_raised():
    result = ex.check_batched_dW(lambda delta, A: delta @ A, verbose=False)
    assert not result.ok and result.got.startswith("ValueError")
    shape_err = ex.check_delta_step(lambda W, d, z: (d @ W.T) * sig_prime(z), verbose=False)
    assert shape_err.diagnosis == "missing_transpose"
    assert ex.check_batched_dW(lambda d, A: (d.T @ A)[:, :1], verbose=False).diagnosis == "shape"


def test_checkers_are_seeded():
    a = ex.check_neuron_gradient(lambda X, y, w, b: (w, b), verbose=False)
    b = ex.check_neuron_gradient(lambda X, y, w, b: (w, b), verbose=False)
    assert str(a) == str(b)
    assert set(ex.CHECKERS) == set(SOLUTIONS)
