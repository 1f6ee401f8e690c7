"""Chapter 2's contracts: per-layer gradient checks, m_0 for inputs, the 9 x 9 player in place
of the sweep animation, self-checking exercises with hidden solutions, captioned figures."""

from __future__ import annotations

import json
from pathlib import Path

NOTEBOOK = Path(__file__).resolve().parent.parent / "book" / "02_single_neuron.ipynb"


def cells():
    return json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]


def source(cell) -> str:
    return "".join(cell["source"])


def code_text() -> str:
    return "\n".join(source(c) for c in cells() if c["cell_type"] == "code")


def test_gradient_checks_are_per_array():
    code = code_text()
    assert code.count("check_gradients(") >= 2
    assert "numerical_gradient(" not in code


def test_inputs_are_m0_not_n():
    text = "\n".join(source(c) for c in cells() if c["cell_type"] == "markdown")
    assert "(or $n$) inputs" not in text and "with $n$ inputs" not in text
    assert "$(N, m_0)$" in text


def test_player_is_9_by_9_and_replaces_the_sweep():
    code = code_text()
    assert "live.NeuronFit(x, y, surface)" in code
    assert code.count("np.linspace(-2.0, 6.0, 9)") == 1 and "np.linspace(-4.0, 4.0, 9)" in code
    assert 'name="ch2-explore"' not in code
    assert NOTEBOOK.stat().st_size <= 3 * 1024 * 1024


def test_exercises_have_hidden_solutions_through_the_checkers():
    code = [c for c in cells() if c["cell_type"] == "code"]
    for checker, fn in (
        ("check_sigmoid_prime", "sigmoid_prime_mine"),
        ("check_neuron_gradient", "neuron_gradient_mine"),
    ):
        pair = [c for c in code if f"def {fn}" in source(c) and checker in source(c)]
        assert len(pair) == 2
        stub, solution = pair
        assert "..." in source(stub) and "hide-input" not in stub["metadata"].get("tags", [])
        assert "hide-input" in solution["metadata"].get("tags", [])


def test_every_figure_is_numbered_captioned_and_has_alt_text():
    plots = [c for c in cells() if c["cell_type"] == "code" and "plt.show()" in source(c)]
    assert len(plots) == 5
    for c in plots:
        meta = c["metadata"].get("mystnb", {})
        assert meta["figure"]["name"].startswith("fig-ch2-")
        assert meta["figure"]["caption"] and meta["image"]["alt"]
