"""Chapter 5 figures: softmax, MSE vs cross-entropy, and a softmax network reading digits.

Every ``draw_*(fig, ...)`` draws on the figure it is given and returns the data it plotted;
the unit tests check that data, the chapter's widgets and animations call the same functions.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from ..calculus import central_difference, relative_error
from ..classify import loss_race
from ..softmax import softmax, softmax_jacobian
from ..train import Run

#: How the digits are shown: 0 white, 1 black, one square per pixel.
GRAY = {"cmap": "gray_r", "vmin": 0.0, "vmax": 1.0, "interpolation": "nearest"}


def _image_axes(fig: Figure, n: int, ncols: int):
    nrows = int(np.ceil(n / ncols))
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])
    for ax in axes[n:]:
        ax.set_visible(False)
    return axes


def draw_digits(fig: Figure, images, titles, *, ncols: int = 10, colors=None) -> np.ndarray:
    """A grid of 8x8 images (pixels in [0, 1], dark = ink) with a title above each.

    Parameters
    ----------
    images : ndarray of shape (n, 64)
    titles : sequence of n str
    colors : sequence of n colours for the titles, optional

    Returns
    -------
    ndarray of shape (n, 8, 8): the pictures shown
    """
    pictures = np.asarray(images, dtype=float).reshape(-1, 8, 8)
    for k, ax in enumerate(_image_axes(fig, len(pictures), ncols)[: len(pictures)]):
        ax.imshow(pictures[k], **GRAY)
        ax.set_title(titles[k], fontsize=9, color="k" if colors is None else colors[k])
    return pictures


def draw_jacobian(fig: Figure, z) -> dict:
    """The softmax Jacobian a_j(delta_{j mu} - a_mu) at z, beside its central-difference twin.

    Returns
    -------
    dict with "analytic", "numeric" (ndarrays of shape (m, m)) and "error" (relative, float)
    """
    z = np.asarray(z, dtype=float)
    J = softmax_jacobian(z)
    E = np.eye(z.size)  # column mu: d a / d z_mu, nudging only z_mu
    J_fd = np.column_stack(
        [
            central_difference(lambda t, mu=mu: softmax(z + (t - z[mu]) * E[mu]), z[mu])
            for mu in range(z.size)
        ]
    )
    err = relative_error(J, J_fd)
    lim = np.abs(J).max()
    diff = J - J_fd
    dlim = max(np.abs(diff).max(), 1e-300)
    panels = (
        (J, lim, "analytic  a_j(δ_jμ − a_μ)"),
        (J_fd, lim, "central differences"),
        (diff, dlim, "analytic − numeric (own scale)"),
    )
    axes = fig.subplots(1, 3)
    for ax, (M, scale, title) in zip(axes, panels):
        im = ax.imshow(M, cmap="RdBu_r", vmin=-scale, vmax=scale)
        fig.colorbar(im, ax=ax, shrink=0.75, format="%.1e" if scale < 1e-3 else None)
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("μ (logit nudged)")
        ax.set_xticks(range(z.size))
        ax.set_yticks(range(z.size))
    axes[0].set_ylabel("j (output)")
    fig.suptitle(f"softmax Jacobian at z = {np.round(z, 2).tolist()}: relative error {err:.1e}")
    fig.tight_layout()
    return {"analytic": J, "numeric": J_fd, "error": err}


def draw_loss_race(fig: Figure, gap: float = 6.0, lr: float = 1.0, epochs: int = 300) -> dict:
    """Same confidently wrong start, two losses: each one's own cost, then a common yardstick.

    Left: the MSE cost under gradient descent on MSE. Middle: the cross-entropy under gradient
    descent on cross-entropy. Right: the probability of the correct class for both, plus MSE
    with a 10x larger learning rate (dashed), the obvious rescue to try.

    Returns
    -------
    dict mapping "mse", "cross_entropy", "mse_10x" to the :func:`loss_race` records
    """
    runs = {
        "mse": loss_race("mse", gap, lr, epochs),
        "cross_entropy": loss_race("cross_entropy", gap, lr, epochs),
        "mse_10x": loss_race("mse", gap, 10 * lr, epochs),
    }
    t = np.arange(epochs + 1)
    left, mid, right = fig.subplots(1, 3)
    left.plot(t, runs["mse"]["cost"], color="C0")
    left.set_title(f"softmax + MSE  (η = {lr:g})", fontsize=10)
    left.set_ylabel("its cost C")
    mid.plot(t, runs["cross_entropy"]["cost"], color="C1")
    mid.set_title(f"softmax + cross-entropy  (η = {lr:g})", fontsize=10)
    mid.set_ylabel("its cost C")
    right.plot(t, runs["mse"]["p_correct"], color="C0", label=f"MSE, η = {lr:g}")
    right.plot(
        t, runs["mse_10x"]["p_correct"], "--", color="C0", lw=1, label=f"MSE, η = {10 * lr:g}"
    )
    right.plot(
        t, runs["cross_entropy"]["p_correct"], color="C1", label=f"cross-entropy, η = {lr:g}"
    )
    right.set_ylim(0, 1.02)
    right.set_title("common yardstick", fontsize=10)
    right.set_ylabel("probability of the correct class")
    right.legend(fontsize=8, loc="lower right")
    for ax in (left, mid, right):
        ax.set_xlabel("epoch")
        ax.grid(True, alpha=0.3)
    fig.suptitle(
        f"Start: every example's wrong class leads by {gap:g} in the logits (a_correct ≈ e^-{gap:g})"
    )
    fig.tight_layout()
    return runs


def accuracy_record(run: Run, upto: int | None = None) -> dict:
    """What :func:`draw_run` shows of a run: after ``upto`` epochs (default: all trained).

    Returns
    -------
    dict with "train", "test" (accuracies, shape (k + 1,)) and "cost" (shape (k,)), k the epochs
    shown
    """
    k = run.epoch if upto is None else min(upto, run.epoch)
    return {
        "train": np.array(run.record["train accuracy"][: k + 1]),
        "test": np.array(run.record["test accuracy"][: k + 1]),
        "cost": np.array(run.history.cost[:k]),
    }


def run_axes(fig: Figure, run: Run):
    """The part of :func:`draw_run` that no step changes: both panels span the run's
    ``max_epochs``, so the frames line up; the right one is titled with the network and lr.
    Returns (left, right)."""
    span = run.max_epochs or max(run.epoch, 1)
    net = run.model
    left, right = fig.subplots(1, 2)
    left.axhline(97, color="0.4", lw=0.8, ls=":")
    left.set_ylim(80, 100.5)
    left.set_ylabel("accuracy (%)")
    right.set_yscale("log")
    right.set_ylim(1e-3, 3)
    right.set_ylabel(f"mean minibatch cost ({net.loss.name})")
    right.set_title(f"{'-'.join(map(str, net.sizes))} network, η = {run.lr:g}", fontsize=10)
    for ax in (left, right):
        ax.set_xlim(0, span)
        ax.set_xlabel("epoch")
        ax.grid(True, alpha=0.3)
    # fixed margins: tight_layout would double the time of every animation frame
    fig.subplots_adjust(left=0.08, right=0.98, bottom=0.15, top=0.9, wspace=0.3)
    return left, right


def accuracy_title(test: np.ndarray) -> str:
    """The left panel's title: the epochs shown and the last test accuracy."""
    return f"after {test.size - 1} epochs: test accuracy {100 * test[-1]:.1f} %"


def draw_run(fig: Figure, run: Run, *, upto: int | None = None) -> dict:
    """Training and test accuracy per epoch (left) and the minibatch cost (right) of a run.

    Parameters
    ----------
    run : Run of :func:`nnnotes.classify.start_run` (one epoch per record)
    upto : int, optional
        Show the run as it was after ``upto`` epochs (for animations); the axes always span
        the run's ``max_epochs`` so the frames line up.

    Returns
    -------
    dict as :func:`accuracy_record`
    """
    data = accuracy_record(run, upto)
    train, test, cost = data["train"], data["test"], data["cost"]
    left, right = run_axes(fig, run)
    left.plot(np.arange(train.size), 100 * train, color="C0", label="training set")
    left.plot(np.arange(test.size), 100 * test, color="C3", label="test set")
    left.set_title(accuracy_title(test), fontsize=10)
    left.legend(fontsize=8, loc="lower right")
    right.plot(np.arange(1, cost.size + 1), cost, color="C2")
    return data


def draw_confusion(fig: Figure, C) -> np.ndarray:
    """The confusion matrix C[true, predicted] with the counts written in; returns C."""
    C = np.asarray(C)
    ax = fig.add_subplot(1, 1, 1)
    off = C - np.diag(np.diag(C))
    ax.imshow(
        np.where(np.eye(len(C), dtype=bool), 0, off), cmap="Reds", vmin=0, vmax=max(off.max(), 1)
    )
    for t in range(len(C)):
        for p in range(len(C)):
            if C[t, p]:
                dark = t != p and off[t, p] > off.max() / 2
                color = "C2" if t == p else ("white" if dark else "k")
                ax.text(p, t, str(C[t, p]), ha="center", va="center", fontsize=8, color=color)
    ax.set_xticks(range(len(C)))
    ax.set_yticks(range(len(C)))
    ax.set_xlabel("predicted digit")
    ax.set_ylabel("true digit")
    ax.set_title(f"{np.trace(C)} of {C.sum()} right; mistakes shaded", fontsize=10)
    fig.tight_layout()
    return C


def draw_hidden_weights(fig: Figure, W, *, n: int = 32, ncols: int = 8) -> dict:
    """The ``n`` hidden units with the largest incoming weights, each W[k] shown as 8x8 pixels.

    Red pixels push the unit's input z_k up, blue ones down; each unit has its own symmetric
    colour scale (the title gives its largest |weight|).

    Returns
    -------
    dict with "units" (shape (n,), row indices of W, largest norm first) and "pictures"
    (shape (n, 8, 8))
    """
    W = np.asarray(W, dtype=float)
    units = np.argsort(-np.linalg.norm(W, axis=1), kind="stable")[:n]
    pictures = W[units].reshape(-1, 8, 8)
    for ax, k, picture in zip(_image_axes(fig, len(units), ncols), units, pictures):
        lim = np.abs(picture).max()
        ax.imshow(picture, cmap="RdBu_r", vmin=-lim, vmax=lim, interpolation="nearest")
        ax.set_title(f"unit {k}: ±{lim:.1f}", fontsize=7)
    return {"units": units, "pictures": pictures}


def shifted(image, dx: int = 0, dy: int = 0) -> np.ndarray:
    """An 8x8 image (given as 64 pixels) moved dx pixels right and dy down, blank fill."""
    picture = np.asarray(image, dtype=float).reshape(8, 8)
    out = np.zeros_like(picture)
    src = picture[max(0, -dy) : 8 - max(0, dy), max(0, -dx) : 8 - max(0, dx)]
    out[max(0, dy) : max(0, dy) + src.shape[0], max(0, dx) : max(0, dx) + src.shape[1]] = src
    return out.ravel()


def prediction_title(index: int, dx: int, dy: int, label) -> str:
    """The picture's title in :func:`draw_prediction`: which test image, moved how far."""
    shift = f", moved ({dx:+d}, {dy:+d})" if dx or dy else ""
    return f"test image {index}: a {label}{shift}"


def draw_prediction(
    fig: Figure, index: int, dx: int = 0, dy: int = 0, *, net, images, labels, transform
) -> np.ndarray:
    """Test image ``index`` (moved by dx, dy) and the network's probability for every class.

    Parameters
    ----------
    index : int            which image of ``images``
    dx, dy : int           shift in pixels (see :func:`shifted`)
    net : Network          a softmax classifier
    images : ndarray of shape (n, 64), pixels in [0, 1]
    labels : ndarray of shape (n,)
    transform : callable   maps pixels to the network's input (e.g. :func:`nnnotes.data.standardizer`)

    Returns
    -------
    ndarray of shape (K,): the probabilities shown
    """
    return draw_probabilities(
        fig,
        shifted(images[index], dx, dy),
        net=net,
        transform=transform,
        title=prediction_title(index, dx, dy, labels[index]),
        label=labels[index],
    )


def class_probabilities(pixels, *, net, transform) -> np.ndarray:
    """The softmax output, shape (K,), of ``net`` for one picture of 64 pixels in [0, 1]."""
    return net.forward(transform(np.asarray(pixels, dtype=float)[None, :]))[0]


def probability_axes(fig: Figure, K: int, *, labelled: bool):
    """The part of :func:`draw_probabilities` that no picture changes: the picture's frame
    (left) and the axes of the K bars (right), ``labelled`` when the true class is shown.
    Returns (left, right)."""
    left = fig.add_axes((0.04, 0.12, 0.26, 0.76))
    left.set_xticks([])
    left.set_yticks([])
    right = fig.add_axes((0.40, 0.14, 0.57, 0.72))
    right.set_xticks(range(K))
    right.set_ylim(0, 1.05)
    right.set_xlabel("class (green: the true digit)" if labelled else "class")
    right.set_ylabel("softmax probability")
    return left, right


def bar_colors(K: int, label: int | None) -> list[str]:
    """The bars' colours: the true class (if given) green, the others blue."""
    return ["C2" if k == label else "C0" for k in range(K)]


def prediction_summary(p: np.ndarray) -> str:
    """The bars' title: the predicted class and its probability."""
    return f"prediction {p.argmax()} with probability {p.max():.2f}"


def draw_probabilities(fig: Figure, pixels, *, net, transform, title: str = "your drawing",
                       label: int | None = None) -> np.ndarray:  # fmt: skip
    """An 8x8 picture (left) and the softmax probability the network gives each class (right).

    Parameters
    ----------
    pixels : array_like of shape (64,), in [0, 1] (e.g. a :class:`nnnotes.pixelgrid.PixelGrid` value)
    net : Network          a softmax classifier
    transform : callable   maps pixels to the network's input
    title : str
    label : int, optional  the true class, drawn in green

    Returns
    -------
    ndarray of shape (K,): the probabilities shown
    """
    p = class_probabilities(pixels, net=net, transform=transform)
    left, right = probability_axes(fig, p.size, labelled=label is not None)
    left.imshow(np.asarray(pixels, dtype=float).reshape(8, 8), **GRAY)
    left.set_title(title, fontsize=10)
    right.bar(range(p.size), p, color=bar_colors(p.size, label))
    right.set_title(prediction_summary(p), fontsize=10)
    return p
