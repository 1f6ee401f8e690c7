"""How fast does nnnotes train, next to what people would use instead?

    pip install -e .[bench]                  # PyTorch 2.13.0 (CPU), scikit-learn, threadpoolctl
    python benchmarks/train.py               # print the table
    python benchmarks/train.py --write-book  # ... and write book/speed.md + its figure from it

Every contestant trains the same MLP (sigmoid hidden layer, softmax output, cross-entropy) on the
same data with the same minibatch-SGD schedule (constant learning rate, a fresh shuffle each
epoch, no momentum, no weight decay), starting from the same initial weights (scikit-learn draws
its own). The contestants run in turn, A B C D ... A B C D ..., for ``--rounds`` rounds, so a
busy machine slows all of them alike; each time printed is the median over the rounds. Before
each run the script collects garbage, writes and frees 128 MB (``prime_memory``) and rests
half a second (``PAUSE``), and each round starts with an untimed run (``settle``), so that no
run inherits a cost left by the one before it.

contestants
    nnnotes           nnnotes.Network.fit (float64)
    numpy fused       the same net hand-written for this one architecture below: preallocated
                      buffers, every elementwise step in place: the practical limit for numpy
    torch f32 / f64   PyTorch CPU eager: nn.Sequential, F.cross_entropy, optim.SGD
    scikit-learn      MLPClassifier(solver="sgd", momentum=0, alpha=0), same schedule
    per-example loop  nnnotes.formulations.per_example_gradients (notes 001 §6.4), one example
                      at a time; it needs an elementwise output, so it trains the sigmoid-output
                      MSE version of the net and is compared with Network.fit on that same net
                      ("nnnotes mse")

At the largest batch the script also times numpy doing exactly the matrix products of one
training step (same shapes, same layouts) and reports nnnotes' step time against it, both within
a running epoch and as a dashboard calls it: ``net.fit(X, Y, 1, lr, batch_size=B)`` once per
frame on one batch of B examples (checks, setup and all), and ``net.gradients(X, Y)`` likewise.
The products, the fit calls and the gradients calls take turns call by call (``run_calls``).
"""

from __future__ import annotations

import argparse
import gc
import itertools
import math
import os
import platform
import statistics
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nnnotes._trainer import product_for, views
from nnnotes.activations import Z_MAX
from nnnotes.formulations import per_example_gradients
from nnnotes.network import Network
from nnnotes.train import finite

ROOT = Path(__file__).resolve().parent.parent


# ------------------------------------------------------------------------------ configurations
@dataclass(frozen=True)
class Config:
    name: str
    sizes: tuple[int, int, int]
    batch: int
    epochs: int
    lr: float


CONFIGS = [
    Config("digits 64-32-10, batch 32", (64, 32, 10), 32, 60, 0.5),
    Config("synthetic 784-256-10, batch 256", (784, 256, 10), 256, 3, 0.5),
    Config("synthetic 784-256-10, batch 4096", (784, 256, 10), 4096, 3, 8.0),
]


def load_data(config: Config, seed: int = 0):
    """(X_train, y_train, X_test, y_test): float64 rows, integer labels 0..9."""
    rng = np.random.default_rng(seed)
    if config.sizes[0] == 64:  # chapter 5's digits, shipped with nnnotes
        from nnnotes.data import load_digits

        X, y = load_digits()
    else:  # ten Gaussian classes in 784 dimensions, overlapping enough to need training
        y = rng.integers(0, 10, 10240)
        centres = rng.standard_normal((10, config.sizes[0]))
        X = 0.15 * centres[y] + rng.standard_normal((len(y), config.sizes[0]))
    order = rng.permutation(len(y))
    n_test = len(y) // 5
    test, train = order[:n_test], order[n_test:]
    return X[train], y[train], X[test], y[test]


# ------------------------------------------------------------------------------- contestants
def initial_net(config: Config, output="softmax", loss="cross_entropy") -> Network:
    return Network(config.sizes, activation="sigmoid", output=output, loss=loss, seed=0)


def accuracy(scores: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean(np.argmax(scores, axis=1) == y))


#: Median time of one epoch inside each nnnotes run, by configuration: a training step in a
#: running epoch, without the run's one-time setup (checking X, allocating its arrays).
STEADY_EPOCHS: dict[str, list[float]] = {}


def run_nnnotes(config, data, output="softmax", loss="cross_entropy"):
    X, y, X_test, y_test = data
    net = initial_net(config, output, loss)
    Y = np.eye(config.sizes[-1])[y]
    stamps = [time.perf_counter()]
    net.fit(
        X,
        Y,
        config.epochs,
        config.lr,
        batch_size=config.batch,
        seed=1,
        callback=lambda *_: stamps.append(time.perf_counter()),
    )
    if output == "softmax":
        STEADY_EPOCHS.setdefault(config.name, []).append(float(np.median(np.diff(stamps))))
    return (stamps[-1] - stamps[0]) / config.epochs, accuracy(net.forward(X_test), y_test)


def run_nnnotes_mse(config, data):
    return run_nnnotes(config, data, output=None, loss="mse")


def run_per_example(config, data):
    """Network.fit's loop, with the gradient taken one example at a time (notes 001 §6.4)."""
    X, y, X_test, y_test = data
    net = initial_net(config, output=None, loss="mse")
    Y = np.eye(config.sizes[-1])[y]
    rng, N, B = np.random.default_rng(1), len(X), config.batch
    start = time.perf_counter()
    for _ in range(config.epochs):
        order = rng.permutation(N)
        for s in range(0, N, B):
            idx = order[s : s + B]
            dWs, dbs = per_example_gradients(net, X[idx], Y[idx])
            for theta, grad in zip(net.weights + net.biases, dWs + dbs):
                theta -= config.lr * grad
    seconds = time.perf_counter() - start
    return seconds / config.epochs, accuracy(net.forward(X_test), y_test)


def fused_fit(W1, b1, W2, b2, X, Y, epochs, lr, B, seed):
    """m0-m1-m2 sigmoid -> softmax -> cross-entropy, minibatch SGD, written for this one net.

    Trains copies of W1 (m1, m0), b1 (m1,), W2 (m2, m1), b2 (m2,) held end to end in one vector
    theta, so that a step is one update; returns (theta's pieces, loss per epoch). It does the
    same safe arithmetic as ``Network.fit`` — z clipped before the sigmoid, the softmax floored
    so no probability underflows, the cost from log A unless a probability sits at that floor,
    every step checked for NaN and infinity, the parameters before it kept to fall back on —
    and the same cheap calls (``np.ndarray.dot`` for small products, sums over examples and
    over classes as products with a vector of ones), so the ratio measures what generality
    costs, not what safety costs.
    """
    N = X.shape[0]
    rng = np.random.default_rng(seed)
    theta = np.concatenate([W1.ravel(), b1, W2.ravel(), b2])
    grad, before = np.empty_like(theta), np.empty_like(theta)
    shapes = (W1.shape, b1.shape, W2.shape, b2.shape)
    W1, b1, W2, b2 = views(theta, shapes)
    dW1, db1, dW2, db2 = views(grad, shapes)
    W1T, W2T = W1.T, W2.T
    product = product_for(B * max(W1.shape[0], W2.shape[0]))  # .dot or np.matmul, as nnnotes
    Xs, Ys = np.empty_like(X), np.empty_like(Y)
    H, T, D1 = (np.empty((B, W1.shape[0])) for _ in range(3))
    Zo, O = np.empty((B, W2.shape[0])), np.empty((B, W2.shape[0]))
    ones, classes = np.ones(B), np.ones(W2.shape[0])
    losses = []
    floor = math.log(W2.shape[0]) - Z_MAX  # as nnnotes.softmax: no probability underflows
    lowest = 2.0 * W2.shape[0] * math.exp(-Z_MAX)  # above the floor: log A is exact
    with np.errstate(all="ignore"):  # NaN and infinity are checked at every step instead
        for _ in range(epochs):
            order = rng.permutation(N)
            np.take(X, order, axis=0, out=Xs, mode="clip")
            np.take(Y, order, axis=0, out=Ys, mode="clip")
            total = 0.0
            for s in range(0, N, B):
                x, y = Xs[s : s + B], Ys[s : s + B]
                n = x.shape[0]
                h, z, o, d1, t, one = H[:n], Zo[:n], O[:n], D1[:n], T[:n], ones[:n]
                product(x, W1T, out=h)
                h += b1
                np.maximum(h, -Z_MAX, out=h)
                np.minimum(h, Z_MAX, out=h)
                np.negative(h, out=h)
                np.exp(h, out=h)
                h += 1.0
                np.reciprocal(h, out=h)  # h = sigma(x W1^T + b1)
                product(h, W2T, out=z)
                z += b2
                np.subtract(z, z.max(axis=1, keepdims=True), out=o)
                np.maximum(o, floor, out=o)
                np.exp(o, out=o)
                o /= o.dot(classes)[:, None]  # o = softmax(h W2^T + b2)
                if np.minimum.reduce(o, axis=None) > lowest:
                    cost = -np.vdot(y, np.log(o))
                else:  # a probability at the floor: log A from the logits (log-sum-exp)
                    e = z - z.max(axis=1, keepdims=True)
                    e -= np.log(np.exp(e).sum(axis=1, keepdims=True))
                    cost = -np.vdot(y, e)
                if not math.isfinite(cost):
                    raise ValueError("diverged")
                o -= y
                o *= 1.0 / n  # delta2 = (o - y) / n
                product(o.T, h, out=dW2)
                one.dot(o, out=db2)
                product(o, W2, out=d1)
                np.subtract(1.0, h, out=t)
                t *= h
                d1 *= t  # delta1 = (delta2 W2) * h (1 - h)
                product(d1.T, x, out=dW1)
                one.dot(d1, out=db1)
                grad *= lr
                before[...] = theta
                theta -= grad
                if not finite(cost, theta):
                    np.copyto(theta, before)
                    raise ValueError("diverged")
                total += cost
            losses.append(total / N)
    return (W1, b1, W2, b2), losses


def run_fused(config, data):
    X, y, X_test, y_test = data
    net = initial_net(config)
    (W1, W2), (b1, b2) = net.weights, net.biases
    Y = np.eye(config.sizes[-1])[y]
    start = time.perf_counter()
    trained, _ = fused_fit(W1, b1, W2, b2, X, Y, config.epochs, config.lr, config.batch, seed=1)
    seconds = time.perf_counter() - start
    net.weights[:], net.biases[:] = trained[::2], trained[1::2]
    return seconds / config.epochs, accuracy(net.forward(X_test), y_test)


def run_torch(config, data, dtype_name):
    import torch

    X, y, X_test, y_test = data
    dtype = getattr(torch, dtype_name)
    init = initial_net(config)
    model = torch.nn.Sequential(
        torch.nn.Linear(*config.sizes[:2]),
        torch.nn.Sigmoid(),
        torch.nn.Linear(*config.sizes[1:]),
    ).to(dtype)
    with torch.no_grad():
        for layer, W, b in zip(model[::2], init.weights, init.biases):
            layer.weight.copy_(torch.from_numpy(W))
            layer.bias.copy_(torch.from_numpy(b))
    Xt, yt = torch.from_numpy(X).to(dtype), torch.from_numpy(y)
    opt = torch.optim.SGD(model.parameters(), lr=config.lr)
    rng, N, B = np.random.default_rng(1), len(X), config.batch
    start = time.perf_counter()
    for _ in range(config.epochs):
        order = torch.from_numpy(rng.permutation(N))
        total = 0.0
        for s in range(0, N, B):
            idx = order[s : s + B]
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(Xt[idx]), yt[idx])
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
    seconds = time.perf_counter() - start
    with torch.no_grad():
        scores = model(torch.from_numpy(X_test).to(dtype)).numpy()
    return seconds / config.epochs, accuracy(scores, y_test)


def run_sklearn(config, data):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    X, y, X_test, y_test = data
    clf = MLPClassifier(
        hidden_layer_sizes=(config.sizes[1],),
        activation="logistic",
        solver="sgd",
        momentum=0.0,
        alpha=0.0,
        batch_size=config.batch,
        learning_rate="constant",
        learning_rate_init=config.lr,
        max_iter=config.epochs,
        shuffle=True,
        tol=0.0,
        n_iter_no_change=config.epochs + 1,
        random_state=0,
    )
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, y)
    seconds = time.perf_counter() - start
    return seconds / config.epochs, float(clf.score(X_test, y_test))


#: In the order they take turns. PyTorch follows the per-example loop: it keeps its own memory
#: pool, while a numpy contestant there would start on a heap the loop's many small arrays have
#: left trimmed, and pay page faults the others do not.
CONTESTANTS = {
    "nnnotes": run_nnnotes,
    "numpy fused": run_fused,
    "scikit-learn": run_sklearn,
    "nnnotes mse": run_nnnotes_mse,
    "per-example loop": run_per_example,
    "torch f32": lambda c, d: run_torch(c, d, "float32"),
    "torch f64": lambda c, d: run_torch(c, d, "float64"),
}


# -------------------------------------------------------------------- the matmul limit of a step
def step_products(sizes, B: int, seed: int = 0):
    """A function doing exactly the matrix products of one training step, and their FLOPs.

    Forward Z^(l) = A^(l-1) W^(l)T for every layer; backward dW^(l) = Delta^(l)T A^(l-1) for
    every layer and Delta^(l) W^(l) for every layer but the first: same shapes and layouts as
    Network.fit, on float64 arrays.
    """
    rng = np.random.default_rng(seed)
    As = [rng.random((B, m)) for m in sizes]
    Ws = [rng.random((m, m_prev)) for m_prev, m in itertools.pairwise(sizes)]
    flops = sum(2 * B * W.size for W in Ws) * 2 + sum(2 * B * W.size for W in Ws[1:])

    def products():
        for l, W in enumerate(Ws):
            As[l] @ W.T
        for l in range(len(Ws) - 1, -1, -1):
            As[l + 1].T @ As[l]
            if l > 0:
                As[l + 1] @ Ws[l]

    return products, flops


#: What run_calls measures, in its order.
PER_CALL = ("matmul only", "fit per call", "gradients per call")

#: Calls of each kind timed by run_calls (after one untimed call): their median is the time
#: per call.
CALLS = 9


def run_calls(config, data):
    """Seconds per call, on one batch of B examples, of the matrix products of one step
    (:func:`step_products`), of ``net.fit(X, Y, 1, lr, batch_size=B)`` called again and again
    as a dashboard calls it once per frame, and of ``net.gradients(X, Y)``: CALLS calls of
    each, taken in turn, so that all three meet the same machine; the median of each.

    Returns ``({name in PER_CALL: seconds}, nan)``, the products as seconds per epoch (times
    the steps of an epoch), like a contestant.
    """
    X, y = data[0][: config.batch], data[1][: config.batch]
    net = initial_net(config)
    Y = np.eye(config.sizes[-1])[y]
    products, _ = step_products(config.sizes, config.batch)
    steps = -(-len(data[0]) // config.batch)
    fit = lambda: net.fit(X, Y, 1, config.lr, batch_size=config.batch)  # noqa: E731
    calls = dict(zip(PER_CALL, (products, fit, lambda: net.gradients(X, Y))))
    for call in calls.values():  # the first call of all, once per dashboard: not a frame
        call()
    times = {name: [] for name in calls}
    for _ in range(CALLS):
        for name, call in calls.items():
            start = time.perf_counter()
            call()
            times[name].append(time.perf_counter() - start)
    medians = {name: statistics.median(t) for name, t in times.items()}
    medians["matmul only"] *= steps
    return medians, float("nan")


#: Measurements of the largest batch that are not contestants: name -> runner, which returns
#: several measurements by name (PER_CALL).
EXTRAS = {"per call": run_calls}


# ------------------------------------------------------------------------------------ running
#: Seconds of rest before each timed run: BLAS and OpenMP worker threads spin for a while after
#: a call, and those of the previous contestant's library would otherwise steal the two cores.
PAUSE = 0.5

#: Bytes written and freed before each timed run (prime_memory).
PRIME_BYTES = 128 << 20


def prime_memory() -> None:
    """Write PRIME_BYTES of fresh memory and free it, before each timed run.

    Each run allocates its own buffers (a shuffled copy of the data is 51 MB at 784 inputs),
    and how long the first writes into fresh pages take depends on what ran before: measured
    here, 9 ms right after a run that had just freed as much, 80 ms after the per-example
    loop and PyTorch, so whoever came first in a round paid it. Priming gives every run the
    same start.
    """
    block = np.ones(PRIME_BYTES // 8)
    del block


def blas_info() -> list[str]:
    """One line per thread pool loaded (numpy's BLAS, scipy's, torch's OpenMP/MKL ...)."""
    from threadpoolctl import threadpool_info

    return [
        f"{p['user_api']}: {p['internal_api']} {p.get('version') or ''} "
        f"({p.get('architecture') or p.get('threading_layer') or '-'}, {p['num_threads']} threads)"
        f" in {Path(p['filepath']).parent.name}/{Path(p['filepath']).name}"
        for p in threadpool_info()
    ]


def settle(config, data) -> None:
    """An untimed run of the hand-fused loop, before each round.

    Measured here at 784-256-10, batch 256: the first contestant of a round, which follows
    the per-example loop and PyTorch, took 10-15 % longer than when it ran second (nnnotes
    or the fused loop, whichever went first), prime_memory and the pause notwithstanding.
    With this run first, the two times agree within 4 %.
    """
    gc.collect()
    prime_memory()
    run_fused(config, data)


def benchmark(configs, rounds: int, contestants) -> dict:
    """{config name: {contestant: (median s/epoch, accuracy of the last round)}}."""
    results = {}
    for config in configs:
        data = load_data(config)
        names = list(contestants)
        if config.batch == max(c.batch for c in configs) and "numpy fused" in names:
            at = names.index("numpy fused") + 1
            names[at:at] = list(EXTRAS)
        times, acc = {}, {}
        print(f"\n{config.name}: N = {len(data[0])}, {config.epochs} epochs, lr {config.lr}")
        for r in range(rounds):
            settle(config, data)
            for name in names:
                run = EXTRAS.get(name) or contestants[name]
                gc.collect()
                prime_memory()
                time.sleep(PAUSE)
                seconds, accuracy = run(config, data)
                for key, t in seconds.items() if name in EXTRAS else [(name, seconds)]:
                    times.setdefault(key, []).append(t)
                    acc[key] = accuracy
            print(
                f"  round {r + 1}/{rounds}: "
                + ", ".join(f"{n} {1e3 * t[-1]:.2f} ms" for n, t in times.items()),
                file=sys.stderr,
            )
        results[config.name] = {n: (statistics.median(t), acc[n]) for n, t in times.items()}
    return results


#: The floors. At the book's size (the digits net): PyTorch and scikit-learn at least 4x slower
#: than nnnotes, nnnotes within 1.1x of the hand-fused loop. At the largest batch: a fit call
#: (as dashboards make them) >= 80 % of the matmul limit; gradients() no slower than a fit call.
FLOORS = {"torch": 4.0, "scikit-learn": 4.0, "fused": 1.1, "matmul": 0.80, "gradients": 1.0}


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def report(configs, results) -> list[str]:
    """The printed table, as markdown lines (also written into the book)."""
    lines = []
    book_size = configs[0].name
    for config in configs:
        res = results[config.name]
        ref = res["nnnotes"][0]
        floors = config.name == book_size
        lines += [f"### {config.name}", ""]
        lines += [
            "| contestant | ms / epoch | time / nnnotes | test accuracy |",
            "|---|---:|---:|---:|",
        ]
        for name, (sec, acc) in res.items():
            if name in PER_CALL:
                continue
            if name == "per-example loop" and "nnnotes mse" in res:
                ratio = f"{sec / res['nnnotes mse'][0]:.2f}x nnnotes mse"
            else:
                ratio = f"{sec / ref:.2f}x"
            lines.append(f"| {name} | {1e3 * sec:.2f} | {ratio} | {acc:.3f} |")
        lines.append("")
        if "torch f32" in res and "torch f64" in res:
            r = min(res["torch f32"][0], res["torch f64"][0]) / ref
            floor = f" (floor >= 4: {_verdict(r >= FLOORS['torch'])})" if floors else ""
            lines.append(f"- PyTorch, its faster dtype, / nnnotes = {r:.2f}{floor}")
        if "scikit-learn" in res:
            r = res["scikit-learn"][0] / ref
            floor = f" (floor >= 4: {_verdict(r >= FLOORS['scikit-learn'])})" if floors else ""
            lines.append(f"- scikit-learn / nnnotes = {r:.2f}{floor}")
        if "numpy fused" in res:
            r = ref / res["numpy fused"][0]
            floor = f" (floor <= 1.1: {_verdict(r <= FLOORS['fused'])})" if floors else ""
            lines.append(f"- nnnotes / numpy fused = {r:.2f}{floor}")
        if "per-example loop" in res and "nnnotes mse" in res:
            r = res["per-example loop"][0] / res["nnnotes mse"][0]
            lines.append(f"- per-example loop / nnnotes on the same mse net = {r:.1f}")
        if "matmul only" in res:
            sizes, B = config.sizes, config.batch
            _, flops = step_products(sizes, B)
            steps = -(-len(load_data(config)[0]) // B)
            t_mm = res["matmul only"][0] / steps
            t_step = statistics.median(STEADY_EPOCHS.get(config.name, [ref])) / steps
            lines.append(
                f"- one training step at {B}x{sizes[0]}->{sizes[1]}->{sizes[2]}: "
                f"{flops / 1e9:.2f} GFLOP of matrix products; numpy's matmul alone "
                f"{flops / t_mm / 1e9:.1f} GFLOP/s ({1e3 * t_mm:.1f} ms), nnnotes within a "
                f"running epoch {flops / t_step / 1e9:.1f} GFLOP/s: {100 * t_mm / t_step:.0f} % "
                f"of the matmul limit (a median epoch within a run / {steps} steps, shuffle, "
                f"loss and update included)"
            )
        if "fit per call" in res:
            t_fit, t_grad = res["fit per call"][0], res["gradients per call"][0]
            lines.append(
                f"- as a dashboard calls it, `net.fit(X, Y, 1, lr, batch_size={B})` on {B} "
                f"examples, again and again: {1e3 * t_fit:.1f} ms per call, checks included: "
                f"{100 * t_mm / t_fit:.0f} % of the matmul limit "
                f"(floor 80 %: {_verdict(t_mm / t_fit >= FLOORS['matmul'])}); "
                f"`net.gradients(X, Y)`: {1e3 * t_grad:.1f} ms, {t_grad / t_fit:.2f}x a fit call "
                f"(floor <= 1: {_verdict(t_grad / t_fit <= FLOORS['gradients'])})"
            )
        lines.append("")
    return lines


def environment() -> list[str]:
    import sklearn
    import torch

    return [
        f"- machine: {platform.machine()}, {platform.processor() or 'cpu'}, "
        f"{os.cpu_count()} cores; Python {platform.python_version()}",
        f"- numpy {np.__version__}, torch {torch.__version__} ({torch.get_num_threads()} threads, "
        f"BLAS {'MKL' if torch.backends.mkl.is_available() else 'not MKL'}), "
        f"scikit-learn {sklearn.__version__}",
        *(f"- BLAS: {b}" for b in blas_info()),
    ]


def write_page(configs, results, lines, rounds: int) -> None:
    """book/speed.md and book/figures/speed.png, both from this run's numbers."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(len(configs), 1, figsize=(7.5, 2.3 * len(configs)), sharex=True)
    for ax, config in zip(axes, configs):
        res = {k: v for k, v in results[config.name].items() if k not in PER_CALL}
        names = list(res)[::-1]
        colours = ["tab:orange" if n.startswith("nnnotes") else "tab:blue" for n in names]
        ax.barh(names, [res[n][0] for n in names], color=colours)
        ax.set_xscale("log")
        ax.set_title(config.name, fontsize=10)
        ax.tick_params(labelsize=8)
        if "matmul only" in results[config.name]:
            limit = results[config.name]["matmul only"][0]
            ax.axvline(limit, color="k", ls="--", lw=1)
            ax.set_title(f"{config.name} (dashed: the matrix products alone)", fontsize=10)
    axes[-1].set_xlabel("seconds per epoch (median; log scale)")
    fig.suptitle("Time per epoch: shorter is faster (orange: nnnotes)", fontsize=11)
    fig.tight_layout()
    (ROOT / "book" / "figures").mkdir(exist_ok=True)
    fig.savefig(ROOT / "book" / "figures" / "speed.png", dpi=80)
    plt.close(fig)

    body = "\n".join(lines)
    page = f"""(speed)=
# How fast is numpy backprop?

<!-- Written by `python benchmarks/train.py --write-book`; do not edit by hand: re-run it. -->

Every chapter trains with `nnnotes.network.Network`, a few lines of numpy. Is that a toy,
or does it hold its own against what people would use instead? `benchmarks/train.py` trains the
same network (sigmoid hidden layer, softmax output, cross-entropy) on the same data with the
same minibatch SGD schedule in each of these, taking turns for {rounds} rounds, and reports the
median time per epoch:

- **nnnotes**: `Network.fit`, float64;
- **numpy fused**: the same network written by hand for this one architecture, every buffer
  allocated once and every elementwise step done in place: about the best plain numpy can do;
- **torch f32 / f64**: PyTorch on the CPU, the usual eager loop (`nn.Sequential`,
  `F.cross_entropy`, `optim.SGD`), in single and double precision;
- **scikit-learn**: `MLPClassifier(solver="sgd", momentum=0, alpha=0)`;
- **per-example loop**: the gradient one example at a time, as in the pseudocode of notes 001
  §6.4 (`nnnotes.formulations.per_example`). It needs an elementwise output, so it trains
  the sigmoid-output, squared-error version of the net and is compared with `Network.fit` on that
  same net (**nnnotes mse**).

All but scikit-learn start from the same initial weights, so their accuracies agree closely.
Before each run the script writes and frees 128 MB and rests half a second: otherwise the first
contestant of a round pays up to 80 ms more to get fresh memory for its buffers than the next
one, which finds the pages its predecessor just freed. Each round also starts with an untimed
run of the fused loop: without it, the first contestant, which follows the per-example loop
and PyTorch, took 10-15 % longer at batch 256 than when it ran second. At the largest batch
the script also times numpy doing nothing but the matrix products of one training step: the
step can be no faster than that. It also times `fit` as the book's dashboards call it, once
per frame, `net.fit(X, Y, 1, lr, batch_size=4096)` on one batch of 4096 examples, and
`net.gradients(X, Y)` on the same batch; the products, the `fit` calls and the `gradients`
calls take turns call by call, so that all three meet the machine in the same state. Each
`fit` call checks the shapes of its inputs again and reuses the arrays of the call before. It
does not scan the data for NaN or infinity first: one would make the step's own cost or
gradient non-finite, and `fit` then names the array and puts the parameters back.

```{{figure}} figures/speed.png
:name: fig-speed
:alt: Bar charts of seconds per epoch for each contestant in three configurations

Median seconds per epoch for each configuration, log scale; the dashed line is the time of
the matrix products alone.
```

## The measurements

{body}

## Reading the numbers

With a batch of 32 examples and a 64-32-10 network each matrix product takes microseconds, so
what a step costs is mostly the fixed price of every call: PyTorch's autograd bookkeeping,
scikit-learn's checks and Python-level layers. `Network.fit` makes about as many numpy calls
as the hand-written loop, one per line of the backward pass, and checks its inputs once. With
thousands of examples per batch the matrix products dominate, every contestant is bounded by the
BLAS library it calls, and single precision (torch f32) moves half the bytes. What a float64
numpy step adds to its matrix products is elementwise work on the hidden layer's 4096 x 256
array: the bias, the five passes of the clipped sigmoid and the three of sigma' times Delta,
each on one core while the products use both. The hand-written loop pays the same, which is
why neither reaches the dashed line. The per-example loop pays the per-call price once per
example instead of once per batch.

Timings depend on the machine and on what else it is doing; run the script again to get yours.
"""
    (ROOT / "book" / "speed.md").write_text(page)
    print(f"wrote {ROOT / 'book' / 'speed.md'} and book/figures/speed.png")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="alternating rounds (default 7)")
    parser.add_argument("--threads", type=int, help="limit BLAS and torch to this many threads")
    parser.add_argument("--write-book", action="store_true", help="write book/speed.md + figure")
    parser.add_argument("--only", nargs="*", help="contestant names (default: all)")
    args = parser.parse_args(argv)
    contestants = {k: v for k, v in CONTESTANTS.items() if not args.only or k in args.only}
    contestants.setdefault("nnnotes", run_nnnotes)
    if args.threads:
        import torch
        from threadpoolctl import threadpool_limits

        threadpool_limits(args.threads)
        torch.set_num_threads(args.threads)
    small = Config("warm-up", (64, 32, 10), 32, 1, 0.5)
    for run in contestants.values():  # imports and first calls, not timed
        run(small, load_data(small))
    results = benchmark(CONFIGS, args.rounds, contestants)
    lines = [*report(CONFIGS, results), "### Environment", "", *environment()]
    print()
    print("\n".join(lines))
    if args.write_book:
        write_page(CONFIGS, results, lines, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
