"""The training benchmark's own loops and report, and the execution-status page's tables.

The benchmark's peers (PyTorch, scikit-learn) are optional; these tests need neither.
"""

import importlib.util
import json
import sys
from pathlib import Path

import numpy as np
import pytest

from nnnotes.network import Network

ROOT = Path(__file__).resolve().parent.parent


def _load(name, path):
    spec = importlib.util.spec_from_file_location(name, ROOT / path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


train = _load("bench_train", "benchmarks/train.py")
status = _load("execution_status", "book/_ext/execution_status.py")


def _problem(N=50, sizes=(6, 5, 3), seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((N, sizes[0]))
    Y = np.eye(sizes[-1])[rng.integers(0, sizes[-1], N)]
    return X, Y


@pytest.mark.parametrize("scale", [1.0, 1e4])
def test_hand_fused_loop_trains_exactly_like_network_fit(scale):
    """Same net, same init, same shuffles: the fused loop is Network.fit without the generality.
    Scaled up, the output weights push probabilities to the softmax's floor: both then take the
    cost from the logits."""
    X, Y = _problem()
    net = Network([6, 5, 3], activation="sigmoid", output="softmax", loss="cross_entropy", seed=0)
    net.weights[1] *= scale
    (W1, W2), (b1, b2) = [W.copy() for W in net.weights], [b.copy() for b in net.biases]
    history = net.fit(X, Y, epochs=4, lr=0.3, batch_size=8, seed=1)
    trained, losses = train.fused_fit(W1, b1, W2, b2, X, Y, 4, 0.3, 8, seed=1)
    np.testing.assert_allclose(losses, history.cost, rtol=1e-12)
    for mine, theirs in zip(
        trained, [net.weights[0], net.biases[0], net.weights[1], net.biases[1]]
    ):
        np.testing.assert_allclose(mine, theirs, rtol=1e-10, atol=1e-14)


def test_step_products_count_the_flops_of_one_step():
    products, flops = train.step_products((784, 256, 10), 32)
    products()  # runs
    forward = 2 * 32 * (784 * 256 + 256 * 10)
    assert flops == 2 * forward + 2 * 32 * 256 * 10  # dW for both layers, Delta for the second


def test_report_marks_missed_floors():
    configs = train.CONFIGS
    results = {c.name: {n: (1.0, 0.9) for n in train.CONTESTANTS} for c in configs}
    results[configs[0].name]["scikit-learn"] = (2.0, 0.9)  # only 2x slower: floor missed
    big = results[configs[-1].name]
    steps = -(-len(train.load_data(configs[-1])[0]) // configs[-1].batch)
    big["matmul only"] = (0.085 * steps, float("nan"))  # 85 ms a step
    big["fit per call"] = (0.1, float("nan"))
    big["gradients per call"] = (0.11, float("nan"))
    lines = "\n".join(train.report(configs, results))
    assert "scikit-learn / nnnotes = 2.00 (floor >= 4: MISSED)" in lines
    assert "100.0 ms per call, checks included: 85 % of the matmul limit (floor 80 %: met)" in lines
    assert "110.0 ms, 1.10x a fit call (floor <= 1: MISSED)" in lines


def test_execution_status_rows_read_the_recorded_times(tmp_path):
    nb = {"cells": [{"cell_type": "code"}, {"cell_type": "markdown"}], "metadata": {}}
    (tmp_path / "02_b.ipynb").write_text(json.dumps(nb))
    nb["metadata"] = {"nnnotes": {"execution_seconds": 3.25}}
    (tmp_path / "01_a.ipynb").write_text(json.dumps(nb))
    rows = status.notebook_rows(tmp_path)
    assert rows[2].startswith("| {doc}`01_a` | 1 | 3.2 s |")
    assert "not recorded" in rows[3]
    assert rows[-1] == "| **all notebooks** | | **3.2 s** | |"


def test_execution_status_lists_the_package_versions():
    rows = status.version_rows()
    assert f"| numpy | {np.__version__} |" in rows


@pytest.mark.parametrize("docname", ["book/execution_status", "book/intro"])
def test_only_the_status_page_gets_the_tables(docname, tmp_path):
    class App:
        srcdir = str(tmp_path)

    (tmp_path / "book").mkdir()
    source = ["# Execution status\n"]
    status.append_tables(App(), docname, source)
    assert ("## Notebooks" in source[0]) == (docname == "book/execution_status")
