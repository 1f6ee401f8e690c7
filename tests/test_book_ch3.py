"""Chapter 3's new figures return what they drew, and the three ways to the gradient agree."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from nnnotes.chain import ScalarChain
from nnnotes.figures import ch3


def test_chain_diagram_shows_the_chains_own_numbers():
    chain = ScalarChain(4, seed=3)
    chain.b[:] = [0.3, -0.2, 0.1, 0.4]
    fig = plt.figure()
    shown = ch3.draw_chain_diagram(fig, chain, 0.8, 0.2)
    z, a = chain.forward_pass(np.array([0.8]))
    np.testing.assert_array_equal(shown["a"], a[:, 0])
    np.testing.assert_array_equal(shown["z"], z[:, 0])
    np.testing.assert_array_equal(shown["delta"], chain.deltas([0.8], [0.2])[:, 0])
    assert shown["cost"] == pytest.approx(chain.cost([0.8], [0.2]))
    assert (shown["forward_arrows"], shown["backward_arrows"]) == (5, 4)
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    for l in range(4):
        assert f"δ({l + 1})\n{shown['delta'][l]:+.2e}" in texts
        assert f"a({l + 1}) = {a[l + 1, 0]:+.3f}" in texts
    plt.close(fig)


@pytest.mark.parametrize("depth", [1, 2, 5, 9])
@pytest.mark.parametrize("name", list(ch3.BACKWARD_METHODS))
def test_every_way_gives_the_gradient_with_the_counted_multiplications(depth, name):
    rng = np.random.default_rng(depth)
    chain = ScalarChain(depth, seed=rng)
    chain.b[:] = rng.normal(0, 0.5, depth)
    X, y = rng.uniform(-1, 1, 7), rng.uniform(0, 1, 7)
    dw, db, mults = ch3.BACKWARD_METHODS[name](chain, X, y)
    ref_w, ref_b = chain.gradients(X, y)
    np.testing.assert_allclose(dw, ref_w, rtol=1e-12, atol=0)
    np.testing.assert_allclose(db, ref_b, rtol=1e-12, atol=0)
    expected = {
        ch3.gradient_reusing_delta: 3 * depth - 1,
        ch3.gradient_from_scratch: depth**2 + depth,
        ch3.gradient_forward_mode: 2 * depth * (depth + 1),
    }[ch3.BACKWARD_METHODS[name]]
    assert mults == expected


def test_backward_costs_figure_plots_the_counts_on_log_log_axes():
    fig = plt.figure()
    data = ch3.draw_backward_costs(fig, [1, 2, 4], n_examples=5, repeats=1)
    left, right = fig.axes
    assert data["agree"] and left.get_xscale() == left.get_yscale() == "log"
    assert right.get_xscale() == right.get_yscale() == "log"
    first = next(iter(ch3.BACKWARD_METHODS))
    np.testing.assert_array_equal(left.lines[0].get_ydata(), data[first]["mults"])
    plt.close(fig)


def test_timing_figure_is_log_log():
    fig = plt.figure()
    t = ch3.draw_timings(fig, [1, 2, 3, 4], n_examples=8, repeats=1)
    for ax in fig.axes:
        assert ax.get_xscale() == ax.get_yscale() == "log"
    np.testing.assert_array_equal(fig.axes[1].lines[0].get_ydata(), t["ratio"])
    assert set(t["exponents"]) == {"numerical", "backprop"}
    plt.close(fig)
