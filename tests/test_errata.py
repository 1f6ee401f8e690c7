"""Errata of the five notes that had no test yet (book/errata.md), each named after its equation.

Every test shows which version of a slipped formula agrees with ``Network.gradients`` (itself
checked against central differences in tests/test_network.py) or with a finite difference.
Indexing follows the notes being tested; the book's layer l is ``net.weights[l - 1]``.
"""

import numpy as np
import pytest

from nnnotes.gradcheck import check_gradients
from nnnotes.network import Network


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def problem(sizes, N=5, seed=0):
    """A sigmoid network with non-zero biases, inputs X (N, m_0), targets Y (N, m_L)."""
    rng = np.random.default_rng(seed)
    net = Network(list(sizes), activation="sigmoid", seed=rng)
    for b in net.biases:
        b += 0.3 * rng.standard_normal(b.shape)
    return net, rng.standard_normal((N, sizes[0])), rng.random((N, sizes[-1]))


def forward(net, X):
    """Pre-activations zs[l] and activations As[l] of layer l = 0..L (zs[0] is None, As[0] = X)."""
    zs, As = [None], [X]
    for W, b in zip(net.weights, net.biases):
        zs.append(As[-1] @ W.T + b)
        As.append(sigmoid(zs[-1]))
    return zs, As


def central(f, array, index, eps=1e-6):
    """d f / d array[index] by a central difference, restoring the array."""
    saved = array[index]
    array[index] = saved + eps
    up = f()
    array[index] = saved - eps
    down = f()
    array[index] = saved
    return (up - down) / (2 * eps)


# ---------------------------------------------------------------- notes 003 §I, boxed results


def corrected_lambda(net, zs, k):
    """Notes 003's bracket for W^(n-k), index order corrected: for each example i the product
    prod_{beta=1..k} W^(n-beta+1)_{gamma_(beta-1) gamma_beta} g'(z^(n-beta)_{i gamma_beta}),
    gamma_0 = j, gamma_k = mu. Shape (N, m_n, m_(n-k)); the identity for k = 0."""
    n = len(net.weights)
    N = zs[-1].shape[0]
    lam = np.broadcast_to(np.eye(net.sizes[n]), (N, net.sizes[n], net.sizes[n])).copy()
    for beta in range(1, k + 1):
        s = sigmoid(zs[n - beta])
        factor = net.weights[n - beta][None, :, :] * (s * (1 - s))[:, None, :]  # alpha^(n-beta+1)
        lam = lam @ factor
    return lam


def printed_B5_subscripts(k):
    """The einsum of notes 003's general-k box read literally (k >= 3): first factor
    W^(n)_{j g1} g'(z^(n-1)_{i g1}), middle factors W^(n-b+1)_{g_b g_(b+1)} g'(z^(n-b)_{i g_(b+1)})
    for b = 2..k-1, last factor W^(n-k+1)_{g_(k-1) mu} g'(z^(n-k)_{i mu})."""
    g = "abcdefgh"  # g[b] is gamma_b
    terms = ["j" + g[1], "i" + g[1]]
    for b in range(2, k):
        terms += [g[b] + g[b + 1], "i" + g[b + 1]]
    terms += [g[k - 1] + "m", "im"]
    return ",".join(terms) + "->ijm"


def printed_B5_operands(net, zs, k):
    n = len(net.weights)
    ops = []
    for b in range(1, k + 1):  # W^(n-b+1) = weights[n-b], g'(z^(n-b))
        s = sigmoid(zs[n - b])
        ops += [net.weights[n - b], s * (1 - s)]
    return ops


def test_notes_003_B5_middle_factor_off_by_one():
    # non-square layers: m = 3, 4, 5, 6, 2, so n = 4 and W^(n-k) exists for k = 0..3
    net, X, Y = problem([3, 4, 5, 6, 2], N=4)
    zs, As = forward(net, X)
    n, N = len(net.weights), len(X)
    a_out = As[-1]
    eta = (2 / N) * (a_out - Y) * a_out * (1 - a_out)  # L'(a) h'(z) for C = (1/N) sum ||a - y||^2
    dWs = net.gradients(X, Y)[0]
    for k in range(n):
        lam = corrected_lambda(net, zs, k)
        delta = np.einsum("ij,ijm->im", eta, lam)  # Delta^(n-k)(i,:) = Lambda^T eta(i,:)
        assert np.allclose(delta.T @ As[n - k - 1], dWs[n - k - 1], rtol=1e-12, atol=1e-15), k
    # as printed, gamma_2 is a row of W^(n-1) (5 values) and of W^(n-2) (6 values): no conforming
    with pytest.raises(ValueError):
        np.einsum(printed_B5_subscripts(3), *printed_B5_operands(net, zs, 3))
    # square layers conform, but the printed index order computes something else
    sq, Xs, _Ys = problem([4, 4, 4, 4, 4], N=4)
    zq, _Aq = forward(sq, Xs)
    printed = np.einsum(printed_B5_subscripts(3), *printed_B5_operands(sq, zq, 3))
    assert not np.allclose(printed, corrected_lambda(sq, zq, 3), rtol=1e-3)


def test_notes_003_B1_to_B4_boxed_per_output_derivatives():
    """The boxed d a_ij^(n) / d W^(n-k)_{mu nu} = h'(z_ij) Lambda_{ij mu} a_{i nu}^(n-k-1), k = 0..3,
    against central differences of one output of one example (the boxes are right as printed)."""
    net, X, _Y = problem([3, 4, 5, 6, 2], N=3)
    zs, As = forward(net, X)
    n = len(net.weights)
    i, j = 1, 0
    s = sigmoid(zs[n])
    for k in range(4):
        lam = corrected_lambda(net, zs, k)
        W = net.weights[n - k - 1]
        for mu, nu in [(0, 0), (W.shape[0] - 1, W.shape[1] - 1)]:
            boxed = s[i, j] * (1 - s[i, j]) * lam[i, j, mu] * As[n - k - 1][i, nu]
            numeric = central(lambda: net.forward(X)[i, j], W, (mu, nu))
            assert boxed == pytest.approx(numeric, rel=1e-6, abs=1e-11), (k, mu, nu)


def test_notes_003_B1_unboxed_step_keeps_the_sum_over_k():
    """The step before the first box writes h' a_ik delta_jmu delta_knu with no sum over k: that is
    an array over k, non-zero only at k = nu. Summed over k it is the boxed h' a_inu delta_jmu."""
    net, X, _ = problem([3, 4, 2], N=2)
    zs, As = forward(net, X)
    i, j, mu, nu = 0, 1, 1, 2
    h_prime = sigmoid(zs[2][i, j]) * (1 - sigmoid(zs[2][i, j]))
    ks = np.arange(net.sizes[1])
    unboxed = h_prime * As[1][i, ks] * (j == mu) * (ks == nu)  # one value per k
    numeric = central(lambda: net.forward(X)[i, j], net.weights[1], (mu, nu))
    assert np.count_nonzero(unboxed) == 1
    assert unboxed.sum() == pytest.approx(numeric, rel=1e-7)  # the boxed result


def test_notes_003_B12_B13_softmax_boxed_results():
    """Softmax output: d a_ij / d W^(n)_{mu nu} = a_ij (delta_jmu - a_imu) a_inu (B12) and
    d a_ij / d W^(n-1)_{mu nu} = a_ij [W_jmu g'(z_imu) - sum_l a_il W_lmu g'(z_imu)] a_inu (B13)."""
    rng = np.random.default_rng(3)
    net = Network([3, 4, 5], activation="sigmoid", output="softmax", loss="cross_entropy", seed=rng)
    X = rng.standard_normal((2, 3))
    A1 = sigmoid(X @ net.weights[0].T + net.biases[0])
    a = net.forward(X)
    W2 = net.weights[1]
    i, j = 1, 2
    for mu, nu in [(2, 0), (0, 3)]:
        b12 = a[i, j] * ((j == mu) - a[i, mu]) * A1[i, nu]
        assert b12 == pytest.approx(central(lambda: net.forward(X)[i, j], W2, (mu, nu)), rel=1e-7)
    for mu, nu in [(1, 0), (3, 2)]:
        gp = A1[i, mu] * (1 - A1[i, mu])
        b13 = a[i, j] * (W2[j, mu] * gp - np.sum(a[i] * W2[:, mu] * gp)) * X[i, nu]
        numeric = central(lambda: net.forward(X)[i, j], net.weights[0], (mu, nu))
        assert b13 == pytest.approx(numeric, rel=1e-6)


# ---------------------------------------------------------------- notes 000 §2


def test_notes_000_eq21_needs_a_kronecker_delta_that_eq22_uses():
    """dz_l^(K-1) / dw_(c,p)^(K-1) = delta_lc a_p^(K-2), not a_p^(K-2) for every node (eq. 21 as
    printed, with n for l); eq. 22 is eq. 20 after that delta collapses the sum over l."""
    net, X, _ = problem([3, 4, 5, 2], N=1)  # K = 3
    zs, As = forward(net, X)
    c, p = 2, 1
    W_K1 = net.weights[1]  # w^(K-1)
    for l in range(net.sizes[2]):
        numeric = central(lambda l=l: (As[1] @ W_K1.T + net.biases[1])[0, l], W_K1, (c, p))
        assert numeric == pytest.approx((l == c) * As[1][0, p], abs=1e-9), l
    s = sigmoid(zs[2][0, c])
    for n_out in range(net.sizes[3]):  # eq. 22, with w_(c,p) on the left
        eq22 = net.weights[2][n_out, c] * s * (1 - s) * As[1][0, p]
        numeric = central(lambda n_out=n_out: forward(net, X)[0][3][0, n_out], W_K1, (c, p))
        assert eq22 == pytest.approx(numeric, rel=1e-7)


def test_notes_000_eq13_needs_layer_superscripts():
    """Eq. 13 writes e_c a_p; only e_c^K a_p^(K-1) (summed over trials) is the gradient of w^K."""
    net, X, Y = problem([3, 4, 5, 2], N=6)
    _zs, As = forward(net, X)
    a = As[-1]
    e_K = 2 * (a - Y) * a * (1 - a) / len(X)  # e^K with the book's 1/N
    assert np.allclose(e_K.T @ As[2], net.gradients(X, Y)[0][2], rtol=1e-12)
    # a_p of another layer does not even give the shape of w^K (2 x 5 here)
    assert (e_K.T @ As[1]).shape != net.weights[2].shape


def test_notes_000_eq40_per_trial_error_and_eq41_needs_the_trial_sum():
    """Eq. 40 defines e^(K-2) per trial (no sum over trials, unlike eq. 26); eq. 41 then needs the
    sum over trials it drops: sum_t e_c^(K-2) a_p^(K-3) is the gradient, one trial's term is not."""
    net, X, Y = problem([3, 4, 5, 2], N=6)  # K = 3: layer K-2 is weights[0], a^(K-3) = X
    _zs, As = forward(net, X)
    a = As[-1]
    e_K = 2 * (a - Y) * a * (1 - a) / len(X)
    e_K1 = (e_K @ net.weights[2]) * As[2] * (1 - As[2])
    e_K2 = (e_K1 @ net.weights[1]) * As[1] * (1 - As[1])  # eq. 40, per trial
    true = net.gradients(X, Y)[0][0]
    assert np.allclose(e_K2.T @ X, true, rtol=1e-12)  # eq. 41 with the sum over trials
    assert not np.allclose(np.outer(e_K2[0], X[0]), true)  # eq. 41 as printed: one trial
    e_K1_eq26 = np.sum(e_K1, axis=0)  # eq. 26: e^(K-1) with a sum over trials inside
    assert not np.allclose(np.outer(e_K1_eq26, As[1].sum(axis=0)), net.gradients(X, Y)[0][1])


def test_notes_000_eq50_bias_inside_the_sum_is_counted_N_times():
    """Notes 000 §2.3 (eqs. 50-51) writes sum_j (w_ij a_j + b_i): that adds the bias N(K-1) times."""
    net, X, _ = problem([3, 4, 2], N=2)
    zs, As = forward(net, X)
    W, b = net.weights[1], net.biases[1]
    inside = np.einsum("ij,nj->ni", W, As[1]) + As[1].shape[1] * b  # sum_j (w_ij a_j + b_i)
    assert np.allclose(zs[2], As[1] @ W.T + b)
    assert np.allclose(inside - zs[2], (net.sizes[1] - 1) * b)
    assert not np.allclose(inside, zs[2])


# ---------------------------------------------------------------- notes 004


def augmented(net, X):
    """Notes 004's outputs o^l with the constant neuron o_0 = 1 first: shape (N, n^l)."""
    _, As = forward(net, X)
    return [np.column_stack([np.ones(len(X)), A]) for A in As]


def test_notes_004_sign_of_delta_and_sign_of_step_2x2():
    """Of the four pairings (delta = +dL/da or -dL/da) x (step -alpha delta o or +alpha delta o),
    exactly the two consistent ones descend. The notes' proofs and base case use +dL/da and its
    stepping rule -alpha delta o: one consistent pair; only the minus in the definition slips."""
    net, X, Y = problem([2, 3, 1], N=8)
    dWs, dbs = net.gradients(X, Y)
    o = augmented(net, X)[1]  # o^1, with the constant neuron
    a = net.forward(X)
    delta = 2 * (a - Y) * a * (1 - a) / len(X)  # +dC/da^2 (notes 004's a is our z), (N, 1)
    grad_w = o.T @ delta  # sum over trials of delta_j o_i = dC/dw^1_ij, (n^1, 1), row 0 the bias
    assert np.allclose(grad_w[0], dbs[1]) and np.allclose(grad_w[1:].T, dWs[1])
    c0, alpha = net.cost(X, Y), 0.1
    outcomes = {}
    for delta_sign in (+1, -1):
        for step_sign in (-1, +1):
            step = step_sign * alpha * delta_sign * grad_w  # step = s * alpha * (sum delta o)
            trial = Network([2, 3, 1], seed=0)
            trial.weights = [W.copy() for W in net.weights]
            trial.biases = [b.copy() for b in net.biases]
            trial.biases[1] += step[0]
            trial.weights[1] += step[1:].T
            outcomes[delta_sign, step_sign] = trial.cost(X, Y) < c0
    assert outcomes == {(+1, -1): True, (+1, +1): False, (-1, -1): False, (-1, +1): True}


def test_notes_004_index_limits_and_loss_argument():
    """a_i^l sums j = 0..n^(l-1) - 1 (the printed limit n^l - 1 runs past the end when layer l is
    wider); the outputs are o_1..o_(n^(L-1)-1), so o_(n^(L-1)) is one past the last node."""
    net, X, _ = problem([2, 4, 3], N=1)
    o = augmented(net, X)
    n = [layer.shape[1] for layer in o]  # n^l = width + 1: [3, 5, 4]
    w0 = np.vstack([net.biases[0], net.weights[0].T])  # w^0: (n^0, n^1 - 1), row 0 the biases
    a1 = sum(o[0][0, j] * w0[j] for j in range(n[0]))  # j = 0..n^0 - 1: the pre-activation
    assert np.allclose(a1, X[0] @ net.weights[0].T + net.biases[0])
    with pytest.raises(IndexError):  # the printed upper limit n^1 - 1 = 4 > n^0 - 1 = 2
        sum(o[0][0, j] * w0[j] for j in range(n[1]))
    outputs = o[-1][0]
    assert np.allclose(outputs[1 : n[-1]], net.forward(X)[0])  # o_1 .. o_(n^(L-1) - 1)
    with pytest.raises(IndexError):
        outputs[n[-1]]


def test_notes_004_proof_derivative_is_sigma_prime_times_w_ij():
    """d a_j^(l+1) / d a_i^l = sigma'(a_i^l) w_ij^l (the proof writes w_ki under the sum and then
    drops the weight); a is notes 004's pre-activation, our z."""
    net, X, _ = problem([2, 4, 3], N=1)
    zs, _ = forward(net, X)
    z1 = zs[1][0].copy()
    W2 = net.weights[1]  # w^1_ij of notes 004 is W2[j, i] (our layout is transposed)
    for i in range(4):
        for j in range(3):
            numeric = central(lambda j=j: (sigmoid(z1) @ W2.T + net.biases[1])[j], z1, i)
            s = sigmoid(z1[i])
            assert numeric == pytest.approx(s * (1 - s) * W2[j, i], rel=1e-7, abs=1e-12)


# ---------------------------------------------------------------- notes 001 §6


def test_notes_001_s6_5_summary_repeats_the_missing_2():
    """The §6.5 summary's delta^(L) = (a - y) o sigma'(z) is dL_i/dz with L_i = ||a - y||^2 only
    up to the factor 2 that eq. 58 already drops; a per-layer gradient check locates it."""
    net, X, Y = problem([3, 4, 2], N=1)
    _zs, As = forward(net, X)
    a = As[-1]
    summary = (a - Y) * a * (1 - a)  # §6.5 item 4 as printed, N = 1 so C = L_i
    grads_summary = ([None, summary.T @ As[1]], [None, summary.sum(axis=0)])
    dWs, dbs = net.gradients(X, Y)
    assert np.allclose(2 * grads_summary[0][1], dWs[1], rtol=1e-12)
    report = check_gradients(
        net, X, Y, grads=([dWs[0], grads_summary[0][1]], [dbs[0], grads_summary[1][1]])
    )
    assert not report.ok
    assert check_gradients(net, X, Y).ok
