"""A TensorFlow-Playground-style trainer for 2-D toy data (chapter 4).

:func:`start_run` makes the data and a network from the controls' values and returns a
:class:`nnnotes.train.Run`; :func:`nnnotes.train.step` trains it, :func:`nnnotes.train.status`
reports it and :func:`nnnotes.figures.ch4.draw_run` draws it. :func:`playground` wires them to
:class:`nnnotes.widgets.Dashboard` (play/pause/step/reset), whose picture is
:class:`nnnotes.figures.live.Training`, the same picture redrawn in place.

The network classifies with one sigmoid output read as P(class 1), trained on the book's cost
C = (1/N) sum_i (a_i - y_i)^2 (notes 001, eq. 57) by minibatch gradient descent.
"""

from __future__ import annotations

from . import classify
from ._validation import as_count, as_rng
from .data import TOY_DATASETS, make_toy
from .network import Network
from .train import Run, start


def accuracy(run: Run) -> float:
    """Fraction of the run's points classified correctly (:func:`nnnotes.classify.accuracy`)."""
    return classify.accuracy(run.model, run.X, run.y)


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


def start_run(
    dataset: str = "moons",
    noise: float = 0.1,
    hidden="4, 4",
    activation: str = "tanh",
    lr: float = 0.5,
    batch_size: int = 16,
    n: int = 200,
    epochs_per_step: int = 5,
    seed=0,
) -> Run:
    """Make the data and a fresh network ``[2, *hidden, 1]`` with a sigmoid output.

    Parameters
    ----------
    dataset : str
        A name in :data:`nnnotes.data.TOY_DATASETS`.
    noise : float >= 0
    hidden : str or sequence of int
        Hidden widths, e.g. "4, 4".
    activation : str
        Hidden activation, a name in :data:`nnnotes.activations.ACTIVATIONS`.
    lr : float > 0
    batch_size : int >= 1
    n : int
        Number of points.
    epochs_per_step : int
        Epochs that one :func:`nnnotes.train.step` trains.
    seed : None, int or Generator
        Seeds the data, the initial weights and the shuffling, in that order.

    Returns
    -------
    Run
        Records the training ``accuracy`` after every step; ``run.name`` is the data set.
    """
    rng = as_rng(seed)
    X, y = make_toy(dataset, n=n, noise=noise, seed=rng)
    net = Network([2, *parse_hidden(hidden), 1], activation=activation, output="sigmoid", seed=rng)
    return start(
        net,
        X,
        y,
        lr=lr,
        epochs_per_step=epochs_per_step,
        measures={"accuracy": accuracy},
        name=dataset,
        batch_size=as_count(batch_size, "batch_size"),
        seed=rng,
    )


def playground(max_frames: int = 200, **defaults):
    """The live widget: dataset, noise, hidden sizes, activation, lr, batch size; play/step/reset.

    Keyword arguments set the controls' initial values (names as in :func:`start_run`): a name
    that is not a control, a value off a menu or outside a slider's range is refused.

    Returns
    -------
    nnnotes.widgets.Dashboard
    """
    import ipywidgets as widgets

    from .activations import ACTIVATIONS
    from .figures.live import Training
    from .widgets import Dashboard, set_values

    style = {"description_width": "initial"}
    layout = widgets.Layout(width="170px")
    controls = {
        "dataset": widgets.Dropdown(
            options=list(TOY_DATASETS), value="moons", description="data", layout=layout
        ),
        "noise": widgets.FloatSlider(
            value=0.1,
            min=0.0,
            max=0.5,
            step=0.05,
            description="noise",
            layout=layout,
            style=style,
        ),
        "hidden": widgets.Dropdown(
            options=[(h or "none", h) for h in HIDDEN_CHOICES],
            value="4, 4",
            description="hidden",
            layout=layout,
        ),
        "activation": widgets.Dropdown(
            options=list(ACTIVATIONS), value="tanh", description="f", layout=layout
        ),
        "lr": widgets.FloatLogSlider(
            value=0.5, base=10, min=-3, max=1, step=0.25, description="lr", layout=layout
        ),
        "batch_size": widgets.Dropdown(
            options=[1, 4, 16, 64, 200],
            value=16,
            description="batch",
            layout=layout,
        ),
    }
    set_values(controls, defaults, "playground")
    # live.Training draws what figures.ch4.draw_run draws, but redraws only what moves (blitting)
    return Dashboard(start_run, Training(), controls, max_frames=max_frames, figsize=(11.0, 3.6))
