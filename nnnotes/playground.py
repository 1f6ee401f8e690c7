"""A TensorFlow-Playground-style trainer for 2-D toy data (chapter 4).

Three plain functions drive it — :func:`start`, :func:`step`, :func:`draw` — and
:func:`playground` wires them to :class:`nnnotes.widgets.Dashboard` (play/pause/step/reset).
The book's animation (:func:`snapshots`) and the tests call the same three functions; the live
widget draws through :class:`nnnotes.figures.live.Training`, the same picture redrawn in place.

The network classifies with one sigmoid output read as P(class 1), trained on the book's cost
C = (1/N) sum_i (a_i - y_i)^2 (notes 001, eq. 57) by minibatch gradient descent.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import numpy as np
from matplotlib.figure import Figure

from ._validation import as_count, as_positive, as_rng
from .data import TOY_DATASETS, make_toy
from .figures.ch4 import draw_training
from .network import Network


@dataclass
class PlaygroundState:
    """One training run: the network, its data, the loss per epoch so far."""

    net: Network
    X: np.ndarray  # (N, 2)
    y: np.ndarray  # (N,) labels in {0, 1}
    lr: float
    batch_size: int
    epochs_per_step: int
    rng: np.random.Generator
    dataset: str
    loss: list[float] = field(default_factory=list)

    @property
    def epoch(self) -> int:
        return len(self.loss)

    @property
    def accuracy(self) -> float:
        return float(np.mean((self.net.forward(self.X)[:, 0] > 0.5) == (self.y == 1)))


#: Hidden-layer choices the widget offers (a menu, so a typo cannot break a live run).
HIDDEN_CHOICES = ("", "2", "3", "4", "8", "4, 4", "8, 8", "16, 16", "8, 8, 8", "4, 4, 4, 4")


def parse_hidden(hidden) -> list[int]:
    """Hidden layer widths from "4, 4" or a sequence of ints; "" means no hidden layer."""
    if isinstance(hidden, str):
        parts = [p for p in hidden.replace(" ", "").split(",") if p]
        try:
            hidden = [int(p) for p in parts]
        except ValueError:
            raise ValueError(
                f"hidden must list layer widths like '4, 4'; got {hidden!r}."
            ) from None
    return [as_count(m, "hidden width") for m in hidden]


def start(
    dataset: str = "moons",
    noise: float = 0.1,
    hidden="4, 4",
    activation: str = "tanh",
    lr: float = 0.5,
    batch_size: int = 16,
    n: int = 200,
    epochs_per_step: int = 5,
    seed=0,
) -> PlaygroundState:
    """Make the data and a fresh network ``[2, *hidden, 1]`` with a sigmoid output.

    Parameters
    ----------
    dataset : {"xor", "moons", "circles", "spirals"}
    noise : float >= 0
    hidden : str or sequence of int
        Hidden widths, e.g. "4, 4".
    activation : str
        Hidden activation ("sigmoid", "tanh", "relu", "identity").
    lr : float > 0
    batch_size : int >= 1
    n : int
        Number of points.
    epochs_per_step : int
        Epochs that one :func:`step` trains.
    seed : None, int or Generator
        Seeds the data, the initial weights and the shuffling, in that order.
    """
    rng = as_rng(seed)
    X, y = make_toy(dataset, n=n, noise=noise, seed=rng)
    net = Network([2, *parse_hidden(hidden), 1], activation=activation, output="sigmoid", seed=rng)
    return PlaygroundState(
        net,
        X,
        y,
        as_positive(lr, "lr"),
        as_count(batch_size, "batch_size"),
        as_count(epochs_per_step, "epochs_per_step"),
        rng,
        dataset,
    )


def step(state: PlaygroundState) -> PlaygroundState:
    """Train ``state.epochs_per_step`` more epochs of minibatch SGD; returns the same state."""
    history = state.net.fit(
        state.X,
        state.y,
        epochs=state.epochs_per_step,
        lr=state.lr,
        batch_size=state.batch_size,
        seed=state.rng,
    )
    state.loss.extend(history.loss)
    return state


def draw(fig: Figure, state: PlaygroundState) -> dict:
    """Heat map, network diagram and loss curve of the run (:func:`figures.ch4.draw_training`)."""
    title = f"{state.dataset}, sizes {state.net.sizes}, epoch {state.epoch}"
    return draw_training(fig, state.net, state.X, state.y, state.loss, title=title)


def status(state: PlaygroundState) -> str:
    """One line for the dashboard: epoch, cost and training accuracy."""
    cost = f"{state.loss[-1]:.4f}" if state.loss else "—"
    return f"epoch {state.epoch} · cost {cost} · accuracy {state.accuracy:.0%}"


def snapshots(state: PlaygroundState, frames: int) -> list[PlaygroundState]:
    """The state before training and after each of ``frames`` steps (deep copies), for animate."""
    frames = as_count(frames, "frames")
    shots = [copy.deepcopy(state)]
    for _ in range(frames):
        shots.append(copy.deepcopy(step(state)))
    return shots


def playground(max_frames: int = 200, **defaults):
    """The live widget: dataset, noise, hidden sizes, activation, lr, batch size; play/step/reset.

    Keyword arguments override the controls' initial values (names as in :func:`start`).

    Returns
    -------
    nnnotes.widgets.Dashboard
    """
    import ipywidgets as widgets

    from .activations import ACTIVATIONS
    from .figures.live import Training
    from .widgets import Dashboard

    values = {
        "dataset": "moons",
        "noise": 0.1,
        "hidden": "4, 4",
        "activation": "tanh",
        "lr": 0.5,
        "batch_size": 16,
        **defaults,
    }
    style = {"description_width": "initial"}
    layout = widgets.Layout(width="170px")
    controls = {
        "dataset": widgets.Dropdown(
            options=list(TOY_DATASETS), value=values["dataset"], description="data", layout=layout
        ),
        "noise": widgets.FloatSlider(
            value=values["noise"],
            min=0.0,
            max=0.5,
            step=0.05,
            description="noise",
            layout=layout,
            style=style,
        ),
        "hidden": widgets.Dropdown(
            options=[(h or "none", h) for h in HIDDEN_CHOICES],
            value=values["hidden"],
            description="hidden",
            layout=layout,
        ),
        "activation": widgets.Dropdown(
            options=list(ACTIVATIONS), value=values["activation"], description="f", layout=layout
        ),
        "lr": widgets.FloatLogSlider(
            value=values["lr"], base=10, min=-3, max=1, step=0.25, description="lr", layout=layout
        ),
        "batch_size": widgets.Dropdown(
            options=[1, 4, 16, 64, 200],
            value=values["batch_size"],
            description="batch",
            layout=layout,
        ),
    }
    # live.Training draws what :func:`draw` draws, but redraws only what moves (blitting)
    return Dashboard(
        start,
        step,
        Training(),
        controls,
        max_frames=max_frames,
        figsize=(11.0, 3.6),
        status=status,
    )
