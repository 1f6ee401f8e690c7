"""Classifying with a softmax network: predictions, accuracy, confusion, recorded runs (chapter 5).

A network with a softmax output returns, for every example, a probability for each class;
its prediction is the most probable class. A :class:`Run` trains such a network epoch by
epoch (minibatch SGD, :meth:`nnnotes.network.Network.fit`) and records the training and
test accuracy after each epoch; the chapter's dashboard steps one, the figures plot it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ._validation import as_count, as_float_array, as_positive, as_rng
from .data.digits import _as_labels, one_hot
from .network import Network


def predict(net: Network, X) -> np.ndarray:
    """The most probable class of every row of X: argmax_j a^(L)_j, shape (N,), int64."""
    return net.forward(X).argmax(axis=1)


def accuracy(net: Network, X, y) -> float:
    """Fraction of rows of X whose predicted class equals the label in y (shape (N,))."""
    y_pred, y = predict(net, X), _as_labels(y)
    _check_same_length(y_pred, y, "X", "y")
    return float(np.mean(y_pred == y))


def _check_same_length(a, b, name_a: str, name_b: str) -> None:
    if len(a) != len(b):
        raise ValueError(
            f"{name_a} and {name_b} must hold the same number of examples; got {len(a)} and {len(b)}."
        )


def confusion_matrix(y_true, y_pred, n_classes: int | None = None) -> np.ndarray:
    """Counts C[t, p] of examples with true class t predicted as p; shape (K, K), int64.

    The diagonal holds the correct predictions; row t sums to the number of examples of t.
    """
    y_true, y_pred = _as_labels(y_true), _as_labels(y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"y_true and y_pred must have the same shape; got {y_true.shape} and {y_pred.shape}."
        )
    K = int(max(y_true.max(), y_pred.max())) + 1
    if n_classes is not None:
        if as_count(n_classes, "n_classes") < K:
            raise ValueError(f"labels must be < n_classes={n_classes}; got a label {K - 1}.")
        K = n_classes
    C = np.zeros((K, K), dtype=np.int64)
    np.add.at(C, (y_true, y_pred), 1)
    return C


def confident_mistakes(net: Network, X, y, k: int = 8):
    """The k wrongly classified rows of X that the network was most sure of.

    Returns
    -------
    index : ndarray of shape (k',), rows of X, most confident first (k' <= k)
    predicted : ndarray of shape (k',), the class the network chose
    confidence : ndarray of shape (k',), its probability for that class
    """
    A, y = net.forward(X), _as_labels(y)
    _check_same_length(A, y, "X", "y")
    predicted = A.argmax(axis=1)
    wrong = np.flatnonzero(predicted != y)
    order = wrong[np.argsort(-A[wrong, predicted[wrong]], kind="stable")][: as_count(k, "k")]
    return order, predicted[order], A[order, predicted[order]]


@dataclass
class Run:
    """A network in training with its data and its per-epoch record.

    ``train_accuracy[e]`` and ``test_accuracy[e]`` are measured after e epochs (entry 0 is the
    untrained network); ``loss[e - 1]`` is epoch e's mean minibatch cost.
    """

    net: Network
    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    lr: float
    batch_size: int
    epochs: int
    rng: np.random.Generator
    loss: list[float] = field(default_factory=list)
    train_accuracy: list[float] = field(default_factory=list)
    test_accuracy: list[float] = field(default_factory=list)

    @property
    def epoch(self) -> int:
        """Epochs trained so far."""
        return len(self.loss)

    def record(self) -> None:
        """Append the current training and test accuracy."""
        self.train_accuracy.append(accuracy(self.net, self.X_train, self.y_train))
        self.test_accuracy.append(accuracy(self.net, self.X_test, self.y_test))


def start_run(
    X_train,
    y_train,
    X_test,
    y_test,
    *,
    hidden: int = 64,
    lr: float = 0.5,
    epochs: int = 60,
    batch_size: int = 16,
    activation: str = "sigmoid",
    loss: str = "cross_entropy",
    seed=0,
) -> Run:
    """A fresh ``m_0-hidden-K`` softmax network and its data, not yet trained.

    Parameters
    ----------
    X_train : ndarray of shape (N, m_0);  y_train : ndarray of shape (N,), labels 0..K-1
    X_test : ndarray of shape (N', m_0);  y_test : ndarray of shape (N',)
    hidden : int         width of the one hidden layer
    lr : float           learning rate of minibatch SGD
    epochs : int         how many epochs :func:`step_run` may train in all
    batch_size : int
    activation : str     hidden activation
    loss : str           "cross_entropy" or "mse"
    seed : None, int or Generator
        Seeds the initial weights and then the shuffling of every epoch.

    Returns
    -------
    Run
    """
    rng = as_rng(seed)
    X_train = as_float_array(X_train, "X_train", ndim=2)
    X_test = as_float_array(X_test, "X_test", ndim=2)
    y_train, y_test = _as_labels(y_train), _as_labels(y_test)
    _check_same_length(X_train, y_train, "X_train", "y_train")
    _check_same_length(X_test, y_test, "X_test", "y_test")
    K = int(max(y_train.max(), y_test.max())) + 1
    net = Network(
        [X_train.shape[1], as_count(hidden, "hidden"), K], activation, "softmax", loss, rng
    )
    run = Run(
        net, X_train, y_train, X_test, y_test,
        as_positive(lr, "lr"), as_count(batch_size, "batch_size"), as_count(epochs, "epochs"), rng,
    )  # fmt: skip
    run.record()
    return run


def step_run(run: Run, epochs: int = 1) -> Run:
    """Train ``run`` for up to ``epochs`` more epochs (never past ``run.epochs``); record each."""
    for _ in range(min(as_count(epochs, "epochs"), run.epochs - run.epoch)):
        Y = one_hot(run.y_train, run.net.sizes[-1])
        history = run.net.fit(run.X_train, Y, 1, run.lr, batch_size=run.batch_size, seed=run.rng)
        run.loss.extend(history.loss)
        run.record()
    return run


def train_run(X_train, y_train, X_test, y_test, **options) -> Run:
    """:func:`start_run` followed by training for all of its ``epochs``."""
    run = start_run(X_train, y_train, X_test, y_test, **options)
    return step_run(run, run.epochs)
