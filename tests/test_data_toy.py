"""The 2-D toy datasets of chapter 4: shapes, balance, determinism, bad input."""

import numpy as np
import pytest

from nnnotes.data import TOY_DATASETS, make_toy, make_xor


def test_xor_truth_table():
    X, y = make_xor()
    assert X.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
    assert y.tolist() == [0, 1, 1, 0]


@pytest.mark.parametrize("name", sorted(TOY_DATASETS))
def test_shapes_balance_and_seed(name):
    X, y = make_toy(name, n=101, noise=0.1, seed=3)
    assert X.shape == (101, 2) and X.dtype == np.float64
    assert y.shape == (101,) and set(y.tolist()) == {0, 1}
    assert abs(int(y.sum()) - 50) <= 1
    X2, y2 = make_toy(name, n=101, noise=0.1, seed=3)
    assert np.array_equal(X, X2) and np.array_equal(y, y2)
    assert np.all(np.abs(X) < 3)


def test_bad_input():
    with pytest.raises(ValueError, match="name must be one of"):
        make_toy("blobs")
    with pytest.raises(ValueError, match="noise must be >= 0"):
        make_toy("moons", noise=-1.0)
    with pytest.raises(ValueError, match="n must be at least 2"):
        make_toy("circles", n=1)
    with pytest.raises(TypeError, match="n must be a whole number"):
        make_toy("spirals", n=2.5)
