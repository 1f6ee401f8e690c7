"""Chapter 1's contracts: the chain-rule label later chapters cite, its two-path example,
figures with captions and alt text, the exercise's hidden solution, the player, the size budget."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from nnnotes.gradcheck import check_function

NOTEBOOK = Path(__file__).resolve().parent.parent / "book" / "01_finite_differences.ipynb"


def cells():
    return json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]


def source(cell) -> str:
    return "".join(cell["source"])


def test_chain_rule_is_labelled_for_chapters_3_and_4():
    text = "\n".join(source(c) for c in cells() if c["cell_type"] == "markdown")
    assert "$$ (ch1-chain-rule)" in text
    assert "(ch1-chain-rule-sec)=" in text
    assert "$$ (ch1-relative-error)" in text and "$$ (ch1-scale-aware-error)" in text


def test_two_path_example_sums_both_paths():
    """C(w) = g(u(w), v(w)), u = 3w, v = w^2, g = u e^v: dC/dw = 3 e^v + u e^v 2w."""

    def cost(theta):
        w = theta[0]
        return 3 * w * np.exp(w**2)

    for w in (-1.1, 0.0, 0.4, 1.3):
        via_u, via_v = 3 * np.exp(w**2), 3 * w * np.exp(w**2) * 2 * w
        assert check_function(cost, [w], [via_u + via_v]).ok
        assert np.isclose(via_u + via_v, 3 * (1 + 2 * w**2) * np.exp(w**2))
        if w != 0.0:  # at w = 0 the second path contributes nothing
            assert not check_function(cost, [w], [via_u]).ok


def test_every_figure_is_numbered_captioned_and_has_alt_text():
    plots = [c for c in cells() if c["cell_type"] == "code" and "plt.show()" in source(c)]
    assert plots
    for c in plots:
        meta = c["metadata"].get("mystnb", {})
        assert meta["figure"]["name"].startswith("fig-ch1-")
        assert meta["figure"]["caption"] and meta["image"]["alt"]


def test_exercise_has_stub_and_hidden_solution():
    code = [c for c in cells() if c["cell_type"] == "code"]
    stubs = [c for c in code if "def cost_prime_mine" in source(c) and "..." in source(c)]
    solutions = [c for c in code if "def cost_prime_mine" in source(c) and c not in stubs]
    assert len(stubs) == 1 and len(solutions) == 1
    assert "hide-input" in solutions[0]["metadata"].get("tags", [])


def test_player_replaces_the_animation_and_notebook_stays_small():
    code = "\n".join(source(c) for c in cells() if c["cell_type"] == "code")
    assert "player(" in code and "live.RegressionDescent(x, y, w0)" in code
    assert "animate(" not in code
    assert NOTEBOOK.stat().st_size <= 3 * 1024 * 1024
