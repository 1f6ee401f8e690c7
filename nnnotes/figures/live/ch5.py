"""Chapter 5's explorers and dashboard as scenes: a digit's probabilities, and a run's accuracy."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from ...canvas import Scene
from ...train import Run
from ..ch5 import (
    GRAY,
    accuracy_record,
    accuracy_title,
    bar_colors,
    class_probabilities,
    prediction_summary,
    prediction_title,
    probability_axes,
    run_axes,
    shifted,
)
from .base import RunScene


class Probabilities(Scene):
    """Chapter 5's drawing explorer (:func:`nnnotes.figures.ch5.draw_probabilities`) as a scene.

    Parameters
    ----------
    net : Network
        A softmax classifier of K classes.
    transform : callable
        Maps pixels to the network's input.

    ``scene(fig, pixels)`` / ``update(pixels)`` (array_like of shape (64,), e.g. a
    :class:`nnnotes.pixelgrid.PixelGrid` value) return the probabilities shown, shape (K,).
    """

    labelled = False  # whether a true class is shown (in green)

    def __init__(self, net, transform):
        self.net, self.transform = net, transform

    def setup(self, fig: Figure) -> None:
        K = self.net.sizes[-1]
        left, right = probability_axes(fig, K, labelled=self.labelled)
        self.picture = left.imshow(np.zeros((8, 8)), **GRAY)
        self.bars = right.bar(range(K), np.zeros(K))
        self.titles = (left.set_title(" ", fontsize=10), right.set_title(" ", fontsize=10))
        # the picture's frame is drawn again over it
        self.moving = [self.picture, *left.spines.values(), *self.bars, *self.titles]

    def update(self, pixels, title: str = "your drawing", label: int | None = None) -> np.ndarray:
        pixels = np.asarray(pixels, dtype=float)
        p = class_probabilities(pixels, net=self.net, transform=self.transform)
        self.picture.set_data(pixels.reshape(8, 8))
        for bar, height, color in zip(self.bars, p, bar_colors(p.size, label)):
            bar.set_height(height)
            bar.set_facecolor(color)
        for text, value in zip(self.titles, (title, prediction_summary(p))):
            text.set_text(value)
        return p


class Prediction(Probabilities):
    """Chapter 5's test-image explorer (:func:`nnnotes.figures.ch5.draw_prediction`) as a scene.

    Parameters
    ----------
    net : Network
    images : ndarray of shape (n, 64), pixels in [0, 1]
    labels : ndarray of shape (n,)
    transform : callable

    ``scene(fig, index, dx, dy)`` / ``update(index, dx, dy)`` return the probabilities shown,
    shape (K,).
    """

    labelled = True

    def __init__(self, net, images, labels, transform):
        super().__init__(net, transform)
        self.images, self.labels = images, labels

    def update(self, index: int, dx: int = 0, dy: int = 0) -> np.ndarray:
        return super().update(
            shifted(self.images[index], dx, dy),
            prediction_title(index, dx, dy, self.labels[index]),
            self.labels[index],
        )


class DigitsRun(RunScene):
    """Chapter 5's dashboard (:func:`nnnotes.figures.ch5.draw_run`) as a scene.

    ``update(run)`` / ``scene(fig, run)`` take a run of :func:`nnnotes.classify.start_run` and
    return what ``draw_run`` returns (see :func:`nnnotes.figures.ch5.accuracy_record`). Its axes
    span the run's ``max_epochs``: only a new run redraws the background.
    """

    def layout(self, fig: Figure, run: Run) -> None:
        left, right = run_axes(fig, run)
        (self.train,) = left.plot([], [], color="C0", label="training set")
        (self.test,) = left.plot([], [], color="C3", label="test set")
        self.title = left.set_title(" ", fontsize=10)
        (self.cost,) = right.plot([], [], color="C2")
        self.moving = [self.train, self.test, self.title, self.cost]
        # an opaque legend, pasted back over the curves that pass under it
        self.overlay = [left.legend(fontsize=8, loc="lower right", framealpha=1.0)]

    def show(self, run: Run) -> dict:
        data = accuracy_record(run)
        train, test, cost = data["train"], data["test"], data["cost"]
        self.train.set_data(np.arange(train.size), 100 * train)
        self.test.set_data(np.arange(test.size), 100 * test)
        self.title.set_text(accuracy_title(test))
        self.cost.set_data(np.arange(1, cost.size + 1), cost)
        return data
