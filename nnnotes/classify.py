"""Classifying: predictions, accuracy, confusion, training runs of a classifier (chapters 4-5).

A network with a softmax output returns, for every example, a probability for each class;
its prediction is the most probable class. A network with one output (chapter 4's playground)
reads it as P(class 1) and predicts class 1 where it exceeds 1/2. :func:`start_run` makes a
:class:`nnnotes.train.Run` of a softmax network that records the training and test accuracy
after every epoch; the chapter's dashboard steps one, the figures plot it.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_count, as_float_array, as_labels, as_rng
from .data import one_hot
from .network import Network
from .train import Run, start, step


def predict(net: Network, X) -> np.ndarray:
    """The predicted class of every row of X, shape (N,), int64.

    argmax_j a^(L)_j for several outputs; for one output, 1 where a^(L) > 1/2, else 0.
    """
    A = net.forward(X)
    return A.argmax(axis=1) if A.shape[1] > 1 else (A[:, 0] > 0.5).astype(np.int64)


def accuracy(net: Network, X, y) -> float:
    """Fraction of rows of X whose predicted class equals the label in y (shape (N,))."""
    y_pred, y = predict(net, X), as_labels(y, "y")
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
    y_true, y_pred = as_labels(y_true, "y_true"), as_labels(y_pred, "y_pred")
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
    A, y = net.forward(X), as_labels(y, "y")
    _check_same_length(A, y, "X", "y")
    predicted = A.argmax(axis=1)
    wrong = np.flatnonzero(predicted != y)
    order = wrong[np.argsort(-A[wrong, predicted[wrong]], kind="stable")][: as_count(k, "k")]
    return order, predicted[order], A[order, predicted[order]]


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
    epochs : int         how many epochs the run may train in all (``run.max_epochs``)
    batch_size : int
    activation : str     hidden activation, a name in :data:`nnnotes.activations.ACTIVATIONS`
    loss : str           a name in :data:`nnnotes.losses.LOSSES`
    seed : None, int or Generator
        Seeds the initial weights and then the shuffling of every epoch.

    Returns
    -------
    Run
        Trains one epoch per step on one-hot targets and records "train accuracy" and
        "test accuracy" after every epoch (record 0: the untrained network).
    """
    rng = as_rng(seed)
    X_train = as_float_array(X_train, "X_train", ndim=2)
    X_test = as_float_array(X_test, "X_test", ndim=2)
    y_train, y_test = as_labels(y_train, "y_train"), as_labels(y_test, "y_test")
    _check_same_length(X_train, y_train, "X_train", "y_train")
    _check_same_length(X_test, y_test, "X_test", "y_test")
    K = int(max(y_train.max(), y_test.max())) + 1
    net = Network(
        [X_train.shape[1], as_count(hidden, "hidden"), K], activation, "softmax", loss, rng
    )
    return start(
        net,
        X_train,
        one_hot(y_train, K),
        lr=lr,
        measures={
            "train accuracy": lambda run: accuracy(run.model, X_train, y_train),
            "test accuracy": lambda run: accuracy(run.model, X_test, y_test),
        },
        max_epochs=epochs,
        batch_size=as_count(batch_size, "batch_size"),
        seed=rng,
    )


def train_run(X_train, y_train, X_test, y_test, **options) -> Run:
    """:func:`start_run` followed by training for all of its ``epochs``."""
    run = start_run(X_train, y_train, X_test, y_test, **options)
    return step(run, run.max_epochs)


def saturated_start(loss: str, gap: float) -> tuple[Network, np.ndarray, np.ndarray]:
    """A 3-class softmax layer that is confidently wrong on all three of its examples.

    Example k is the unit vector e_k with target class k; the weights W = gap * (shift by one)
    give class k+1 a logit ``gap`` above the others, so a_correct ~ e^{-gap}.

    Returns
    -------
    net : Network([3, 3], output="softmax", loss=loss)
    X, Y : ndarrays of shape (3, 3), both the identity
    """
    net = Network([3, 3], output="softmax", loss=loss, seed=0)
    net.weights[0][:] = gap * np.roll(np.eye(3), 1, axis=0)
    return net, np.eye(3), np.eye(3)


#: What :func:`loss_race` records: the cost being minimised and the mean a_correct.
RACE_RECORDED = {
    "cost": lambda run: run.model.cost(run.X, run.y),
    "p_correct": lambda run: float(np.mean(np.sum(run.model.forward(run.X) * run.y, axis=1))),
}


def loss_race(loss: str, gap: float, lr: float, epochs: int) -> dict:
    """Train :func:`saturated_start` by gradient descent; record the cost and a_correct per epoch.

    Returns
    -------
    dict with "cost" (shape (epochs + 1,), the loss being minimised) and "p_correct"
    (same shape, the mean probability given to the right class); entry 0 is the start.
    """
    net, X, Y = saturated_start(loss, gap)
    run = step(start(net, X, Y, lr=lr, measures=RACE_RECORDED), as_count(epochs, "epochs"))
    return {key: np.array(run.record[key]) for key in RACE_RECORDED}
