"""nnnotes.figures.ch1: the figures plot exactly the package's numbers."""

import numpy as np

from nnnotes import regression
from nnnotes.calculus import step_errors
from nnnotes.data import make_line
from nnnotes.figures import ch1


def test_step_errors_figure_plots_step_errors(fig):
    eps = np.logspace(-12, -1, 23)
    data = ch1.draw_step_errors(fig, np.exp, np.exp, 1.0, eps, label="exp")
    forward, central = step_errors(np.exp, np.exp, 1.0, eps)
    np.testing.assert_array_equal(data["forward"], forward)
    np.testing.assert_array_equal(data["central"], central)
    assert data["best_central"] == eps[np.argmin(central)]
    assert len(fig.axes) == 1 and fig.axes[0].get_xscale() == "log"


def test_descent_figure_plots_the_gradient_descent_path(fig):
    x, y = make_line(n=12, seed=3)
    lr = 0.5 * regression.stability_limit(x)
    data = ch1.draw_descent(fig, x, y, lr, 7, w0=-1.0)
    np.testing.assert_array_equal(data["path"], regression.gradient_descent(x, y, -1.0, lr, 7))
    np.testing.assert_allclose(
        data["excess"], data["costs"] - regression.cost(regression.minimiser(x, y), x, y)
    )
    assert len(fig.axes) == 2


def test_descent_figure_survives_divergence(fig):
    x, y = make_line(n=12, seed=3)
    data = ch1.draw_descent(fig, x, y, 3 * regression.stability_limit(x), 40, w0=-1.0)
    assert abs(data["path"][-1]) > 1e10


def test_stability_figure_paths_straddle_the_limit(fig):
    x, y = make_line(n=20, seed=0)
    w_star = regression.minimiser(x, y)
    paths = ch1.draw_stability(fig, x, y, w0=-1.0, steps=30, factors=(0.9, 1.1))
    assert abs(paths[0.9][-1] - w_star) < abs(paths[0.9][0] - w_star)
    assert abs(paths[1.1][-1] - w_star) > abs(paths[1.1][0] - w_star)
