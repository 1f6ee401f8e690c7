"""Training runs: one record and one protocol for every chapter's training (chapters 2-5).

Two words, used one way throughout the package:

* the **loss** is the *function* a network is trained on — ``"mse"`` or ``"cross_entropy"``
  (:mod:`nnnotes.losses`; ``Network.loss`` is one);
* the **cost** C is its *value* on a batch, one number (notes 001, eq. 57: the mean over the
  examples). ``fit`` records the cost of every epoch in a :class:`History`.

A :class:`Run` is a model in training together with its data. The protocol has three verbs and
a picture:

* :func:`start` makes a run (nothing trained yet) and records its starting point;
* :func:`step` trains ``epochs_per_step`` more epochs and records what the run's ``measures``
  see (the parameters, an accuracy, ...);
* :func:`status` says in one line where the run is;
* each chapter draws a run with a figure function ``draw_run(fig, run, ...)``.

Every chapter builds its runs with a small ``start_run(...)`` of its own (the model and data it
needs), and the dashboards (:class:`nnnotes.widgets.Dashboard`), the book's animations and the
tests all step them with these functions.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._validation import as_count, as_positive


@dataclass
class History:
    """What a ``fit`` records: ``cost[e]`` is the cost C of epoch e.

    For full-batch gradient descent that is the cost at the parameters the epoch starts from;
    with minibatches, the mean of the batches' costs, each at the parameters it was taken at.
    """

    cost: list[float] = field(default_factory=list)


class Diverged(ValueError):
    """A fit stopped because the cost or a parameter stopped being a finite number.

    Every ``fit`` raises it at the first such step, after putting the parameters back to the
    last finite ones they had. ``history`` holds the costs of the epochs before it.
    """

    def __init__(self, epoch: int, lr: float, cost: float, history: History):
        self.epoch, self.lr, self.cost, self.history = epoch, lr, cost, history
        what = (
            f"the cost became {cost}"
            if not np.isfinite(cost)
            else f"at cost {cost:.4g} the step would make a parameter infinite or NaN"
        )
        super().__init__(
            f"training diverged in epoch {epoch} with lr={lr:g}: {what}. The parameters are "
            "kept at the last values whose cost was finite. Gradient descent overshoots when the learning "
            "rate is too large for the curvature of the cost (chapter 1: it must stay below the "
            "stability limit 2/C''); try a smaller lr."
        )


def finite(cost: float, *parameters: np.ndarray) -> bool:
    """True when ``cost`` and every parameter array are finite.

    One dot product per array (BLAS: no floating-point warnings): a NaN or an infinity anywhere
    makes it non-finite, and so do entries beyond 1e154, whose squares overflow (the next step
    would overflow anyway).
    """
    if not math.isfinite(cost):
        return False
    for p in parameters:  # noqa: SIM110 (a loop, not all(generator): it runs at every step)
        if not math.isfinite(np.vdot(p, p)):
            return False
    return True


def descend(
    cost_and_gradients: Callable[[], tuple[float, list[np.ndarray]]],
    parameters: list[np.ndarray],
    epochs: int,
    lr: float,
    callback: Callable | None = None,
    model=None,
) -> History:
    """Full-batch gradient descent p <- p - lr dC/dp, the loop of ``Neuron.fit`` and
    ``ScalarChain.fit`` (chapters 2-3). The arguments are checked by the caller.

    Parameters
    ----------
    cost_and_gradients : callable
        ``() -> (C, [dC/dp for p in parameters])`` at the current parameters.
    parameters : list of ndarrays
        Updated in place.
    epochs : int
    lr : float
    callback : callable, optional
        ``callback(epoch, model, cost)`` after each epoch; returning False stops training.
    model
        Passed to the callback.

    Returns
    -------
    History
        ``cost[e]`` is the cost at the start of epoch e, before its step.

    Raises
    ------
    Diverged
        At the first epoch whose cost or step is not finite. The parameters are then the last
        ones whose cost was finite: those before the step if only the step overflowed, those
        one step earlier if the cost itself did (that epoch's cost leaves the history too), so
        the model's cost can still be computed.
    """
    history = History()
    previous = [p.copy() for p in parameters]  # the parameters of the last finite cost
    for epoch in range(epochs):
        with np.errstate(all="ignore"):  # checked right below, instead (underflow is harmless)
            cost, gradients = cost_and_gradients()
            stepped = [p - lr * g for p, g in zip(parameters, gradients)]
        if not finite(cost):
            if history.cost:  # undo the step that led here
                history.cost.pop()
                for p, old in zip(parameters, previous):
                    p[...] = old
            raise Diverged(epoch + 1, lr, cost, history)
        if not finite(cost, *stepped):
            raise Diverged(epoch + 1, lr, cost, history)
        for p, old, new in zip(parameters, previous, stepped):
            old[...] = p
            p[...] = new
        history.cost.append(cost)
        if callback is not None and callback(epoch, model, cost) is False:
            break
    return history


#: What a run records after every step: a name and ``measure(run) -> value``.
Measures = dict[str, Callable[["Run"], Any]]


@dataclass
class Run:
    """A model in training, its data and its record (the state every dashboard steps).

    Attributes
    ----------
    model : Neuron, ScalarChain or Network
        Anything with ``fit(X, y, epochs, lr, **fit_options) -> History``.
    X : ndarray of shape (N, ...)
        Inputs, as ``model.fit`` takes them.
    y : ndarray
        Targets, as ``model.fit`` takes them.
    lr : float
        Learning rate.
    epochs_per_step : int
        Epochs that one :func:`step` trains.
    fit_options : dict
        Passed on to ``model.fit`` (e.g. ``batch_size`` and the shuffling ``seed``).
    measures : dict of name -> callable
        ``measure(run)`` is recorded at the start and after every step.
    max_epochs : int or None
        :func:`step` never trains past this many epochs.
    name : str
        Shown by the figures (e.g. the data set).
    history : History
        The cost of every epoch trained.
    record : dict of name -> list
        ``record["epoch"][k]`` is the number of epochs trained at record k (0 at the start),
        and ``record[name][k]`` what measure ``name`` saw then.
    diverged : Diverged or None
        Set when a step's fit diverged; the run then keeps its last finite parameters and
        trains no further.
    """

    model: Any
    X: np.ndarray
    y: np.ndarray
    lr: float
    epochs_per_step: int = 1
    fit_options: dict = field(default_factory=dict)
    measures: Measures = field(default_factory=dict)
    max_epochs: int | None = None
    name: str = ""
    history: History = field(default_factory=History)
    record: dict[str, list] = field(default_factory=dict)
    diverged: Diverged | None = None

    @property
    def epoch(self) -> int:
        """Epochs trained so far."""
        return len(self.history.cost)

    @property
    def done(self) -> bool:
        """True once ``max_epochs`` epochs are trained, or the run diverged."""
        return self.diverged is not None or (
            self.max_epochs is not None and self.epoch >= self.max_epochs
        )

    def latest(self, name: str):
        """The last recorded value of measure ``name`` (or of ``"epoch"``)."""
        return self.record[name][-1]

    def _record(self) -> None:
        self.record["epoch"].append(self.epoch)
        for name, measure in self.measures.items():
            self.record[name].append(measure(self))


def start(
    model,
    X,
    y,
    *,
    lr: float,
    epochs_per_step: int = 1,
    measures: Measures | None = None,
    max_epochs: int | None = None,
    name: str = "",
    **fit_options,
) -> Run:
    """A run of ``model`` on (X, y), nothing trained yet; its measures are recorded once.

    Parameters
    ----------
    model : Neuron, ScalarChain or Network
    X, y : array_like
        Inputs and targets, in the shapes ``model.fit`` takes (it checks them).
    lr : float > 0
    epochs_per_step : int >= 1
    measures : dict of name -> callable, optional
        Recorded now and after every step, e.g. ``{"accuracy": lambda run: ...}``.
    max_epochs : int, optional
    name : str
    **fit_options
        Passed on to ``model.fit`` at every step (``batch_size=``, ``seed=``).

    Returns
    -------
    Run
    """
    measures = dict(measures or {})
    for key, measure in measures.items():
        if key == "epoch" or not callable(measure):
            raise TypeError(
                f"measures must map names other than 'epoch' to functions of the run; "
                f"got {key!r}: {type(measure).__name__}."
            )
    run = Run(
        model,
        np.asarray(X),
        np.asarray(y),
        as_positive(lr, "lr"),
        as_count(epochs_per_step, "epochs_per_step"),
        fit_options,
        measures,
        None if max_epochs is None else as_count(max_epochs, "max_epochs"),
        str(name),
    )
    run.record = {"epoch": [], **{key: [] for key in measures}}
    run._record()
    return run


def step(run: Run, steps: int = 1) -> Run:
    """Train ``steps`` times ``run.epochs_per_step`` more epochs (never past ``max_epochs``).

    Each step calls ``run.model.fit`` once, appends its costs to ``run.history`` and records
    the run's measures. If the fit diverges (:class:`Diverged`), the run keeps the epochs
    before it and its last finite parameters, records them, sets ``run.diverged`` and stops:
    a dashboard then shows the divergence instead of a traceback. Returns the same run.
    """
    for _ in range(as_count(steps, "steps")):
        if run.done:
            break
        epochs = run.epochs_per_step
        if run.max_epochs is not None:
            epochs = min(epochs, run.max_epochs - run.epoch)
        try:
            history = run.model.fit(run.X, run.y, epochs, run.lr, **run.fit_options)
        except Diverged as error:
            run.diverged, history = error, error.history
        run.history.cost.extend(history.cost)
        run._record()
    return run


def status(run: Run) -> str:
    """One line for a dashboard: the epoch, the last epoch's cost and every accuracy measured.

    Measures whose name ends in "accuracy" are shown, as percentages; a diverged run says so
    first.
    """
    cost = f"{run.history.cost[-1]:.4g}" if run.history.cost else "—"
    parts = [f"epoch {run.epoch}", f"cost {cost}"]
    if run.diverged is not None:
        parts.insert(0, f"DIVERGED in epoch {run.diverged.epoch} at lr={run.lr:g}, stopped")
    parts += [
        f"{name} {run.record[name][-1]:.1%}" for name in run.measures if name.endswith("accuracy")
    ]
    return " · ".join(parts)


def snapshots(run: Run, steps: int) -> list[Run]:
    """The run now and after each of ``steps`` steps, as independent copies (for a figure).

    ``run`` itself ends trained ``steps`` steps further.
    """
    shots = [copy.deepcopy(run)]
    for _ in range(as_count(steps, "steps")):
        shots.append(copy.deepcopy(step(run)))
    return shots
