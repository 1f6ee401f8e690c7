"""Chapter 4's break-it figure draws what it says: the two cost curves and the checker's bars."""

import copy

import numpy as np
import pytest

from nnnotes import breakit
from nnnotes.figures import breakit as fig_breakit


def test_bug_run_curves_are_train_with_and_the_checker_flags_the_bug():
    run = fig_breakit.bug_run("missing_transpose", epochs=20)
    net, X, Y = breakit.demo_problem(0)
    expected = breakit.train_with(
        breakit.BUGS["missing_transpose"].fn, copy.deepcopy(net), X, Y, 20, 0.5
    )
    np.testing.assert_array_equal(run["cost_bug"], expected)
    assert run["cost_correct"][0] == run["cost_bug"][0]
    assert run["flagged"] and "W3" not in run["flagged"]  # the output layer's W is right
    assert run["names"][:2] == ["W1", "b1"]


def test_correct_pass_flags_nothing():
    run = fig_breakit.bug_run("correct", epochs=5)
    assert run["flagged"] == []
    assert np.all(run["rel_errors"] < 1e-6)


@pytest.mark.parametrize("upto", [0, 7, 20, 99])
def test_draw_bug_draws_the_curves_up_to_the_step(fig, upto):
    run = fig_breakit.bug_run("sign_slip_004", epochs=20)
    out = fig_breakit.draw_bug(fig, "sign_slip_004", upto=upto, run=run)
    k = min(upto, 20)
    assert len(out["epochs"]) == k + 1
    np.testing.assert_array_equal(out["broken"], run["cost_bug"][: k + 1])
    np.testing.assert_array_equal(out["correct"], run["cost_correct"][: k + 1])
    assert out["flagged"] == run["flagged"]
    bars = fig.axes[1].patches
    assert len(bars) == len(run["names"])
    assert [b.get_height() for b in bars] == pytest.approx(np.maximum(run["rel_errors"], 1e-12))
