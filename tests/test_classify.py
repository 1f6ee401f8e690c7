"""Chapter 5's classifier helpers and figures: accuracy, confusion, runs, the loss race."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from nnnotes.classify import (
    accuracy,
    confident_mistakes,
    confusion_matrix,
    loss_race,
    predict,
    start_run,
    train_run,
)
from nnnotes.data import load_digits, split, standardizer
from nnnotes.figures import ch5
from nnnotes.network import Network
from nnnotes.train import step


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits()
    Xtr, Xte, ytr, yte = split(X, y, seed=0)
    transform = standardizer(Xtr)
    return Xtr, Xte, ytr, yte, transform


def test_confusion_matrix_counts():
    C = confusion_matrix(np.array([0, 0, 1, 2, 2]), np.array([0, 1, 1, 2, 0]))
    assert C.tolist() == [[1, 1, 0], [0, 1, 0], [1, 0, 1]]
    assert confusion_matrix(np.array([0]), np.array([0]), n_classes=3).shape == (3, 3)
    with pytest.raises(ValueError, match="same shape"):
        confusion_matrix(np.array([0, 1]), np.array([0]))
    with pytest.raises(ValueError, match="labels must be < n_classes=2"):
        confusion_matrix(np.array([0, 2]), np.array([0, 1]), n_classes=2)


def test_predict_accuracy_and_mistakes_on_a_hand_made_net():
    net = Network([2, 2], output="softmax", loss="cross_entropy")
    net.weights[0][:] = [[5.0, 0.0], [0.0, 5.0]]
    X = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 2.0], [1.0, 0.9]])
    y = np.array([0, 1, 0, 1])
    assert predict(net, X).tolist() == [0, 1, 1, 0]
    assert accuracy(net, X, y) == 0.5
    index, predicted, confidence = confident_mistakes(net, X, y, k=5)
    assert index.tolist() == [2, 3] and predicted.tolist() == [1, 0]  # z gap 10 beats gap 0.5
    assert confidence[0] > confidence[1] > 0.5


def test_a_short_run_records_every_epoch(digits):
    Xtr, Xte, ytr, yte, transform = digits
    run = start_run(transform(Xtr), ytr, transform(Xte), yte, hidden=16, lr=0.5, epochs=3, seed=0)
    assert run.epoch == 0 and len(run.record["test accuracy"]) == 1
    step(run, 2)
    assert run.epoch == 2 and len(run.record["train accuracy"]) == 3
    assert len(run.history.cost) == 2
    step(run, 5)  # never past the planned epochs
    assert run.epoch == 3 and run.record["epoch"] == [0, 1, 2, 3]
    assert run.latest("test accuracy") > 0.85
    assert run.latest("test accuracy") == accuracy(run.model, transform(Xte), yte)
    assert run.model.sizes == [64, 16, 10]


def test_stepping_equals_training_in_one_go(digits):
    Xtr, Xte, ytr, yte, transform = digits
    args = (transform(Xtr[:200]), ytr[:200], transform(Xte[:50]), yte[:50])
    a = train_run(*args, hidden=8, epochs=4, seed=3)
    b = start_run(*args, hidden=8, epochs=4, seed=3)
    for _ in range(4):
        step(b)
    assert np.array_equal(a.model.weights[0], b.model.weights[0])
    assert a.history.cost == b.history.cost


def test_bad_run_options(digits):
    Xtr, Xte, ytr, yte, _ = digits
    with pytest.raises(ValueError, match="lr must be a positive number"):
        start_run(Xtr, ytr, Xte, yte, lr=0.0)
    with pytest.raises(ValueError, match="integer labels"):
        start_run(Xtr, ytr.astype(float), Xte, yte)
    with pytest.raises(ValueError, match="X_test and y_test must hold the same number"):
        start_run(Xtr, ytr, Xte, yte[:-1])
    with pytest.raises(ValueError, match="X and y must hold the same number"):
        accuracy(Network([64, 10], output="softmax"), Xte, yte[:3])


def test_loss_race_mse_stalls_where_cross_entropy_does_not(fig):
    runs = ch5.draw_loss_race(fig, gap=6.0, lr=1.0, epochs=60)
    assert runs["mse"]["p_correct"][0] == pytest.approx(runs["cross_entropy"]["p_correct"][0])
    assert runs["mse"]["p_correct"][0] < 0.01  # the same confidently wrong start
    assert runs["mse"]["p_correct"][-1] < 0.1  # MSE still stuck on its plateau
    assert runs["cross_entropy"]["p_correct"][-1] > 0.9  # cross-entropy has learned
    assert np.all(np.diff(runs["cross_entropy"]["cost"]) < 0)


def test_saturated_start_epochs_grow_like_e_to_the_gap():
    """MSE's escape time grows about e^gap; cross-entropy's only linearly (see chapter 5)."""

    def epochs_to_half(loss, gap):
        p = loss_race(loss, gap, 1.0, 2000)["p_correct"]
        return int(np.argmax(p > 0.5))

    mse = [epochs_to_half("mse", g) for g in (4.0, 6.0)]
    ce = [epochs_to_half("cross_entropy", g) for g in (4.0, 6.0)]
    assert mse[1] / mse[0] > 4 and ce[1] - ce[0] < 5


def test_draw_jacobian_data(fig):
    data = ch5.draw_jacobian(fig, [1.0, -0.5, 2.0])
    assert data["analytic"].shape == (3, 3) and data["error"] < 1e-7


def test_draw_training_and_confusion(fig, digits):
    Xtr, Xte, ytr, yte, transform = digits
    run = train_run(transform(Xtr[:300]), ytr[:300], transform(Xte), yte, hidden=8, epochs=4)
    data = ch5.draw_run(fig, run, upto=2)
    assert data["test"].shape == (3,) and data["cost"].shape == (2,)
    (test_line,) = [l for l in fig.axes[0].lines if l.get_label() == "test set"]
    np.testing.assert_array_equal(test_line.get_ydata(), 100 * data["test"])
    C = ch5.draw_confusion(plt.figure(), confusion_matrix(yte, predict(run.model, transform(Xte))))
    assert C.sum() == len(yte)
    assert np.trace(C) == round(run.latest("test accuracy") * len(yte))
    plt.close("all")


def test_draw_digits_hidden_weights_and_prediction(fig, digits):
    _, Xte, _, yte, transform = digits
    pictures = ch5.draw_digits(fig, Xte[:4], [str(d) for d in yte[:4]])
    assert pictures.shape == (4, 8, 8) and np.array_equal(pictures[1].ravel(), Xte[1])
    W = np.arange(3 * 64, dtype=float).reshape(3, 64)
    shown = ch5.draw_hidden_weights(plt.figure(), W, n=2)
    assert shown["units"].tolist() == [2, 1] and shown["pictures"].shape == (2, 8, 8)
    net = Network([64, 5, 10], output="softmax", seed=0)
    p = ch5.draw_prediction(
        plt.figure(), 3, 1, -1, net=net, images=Xte, labels=yte, transform=transform
    )
    assert p.shape == (10,) and p.sum() == pytest.approx(1.0)
    plt.close("all")


def test_shifted_moves_pixels_and_blanks_the_edge():
    image = np.arange(64.0)
    moved = ch5.shifted(image, dx=1, dy=-2).reshape(8, 8)
    original = image.reshape(8, 8)
    assert np.array_equal(moved[:6, 1:], original[2:, :7])
    assert np.all(moved[:, 0] == 0) and np.all(moved[6:] == 0)
    assert np.array_equal(ch5.shifted(image), image)


def test_pixel_grid_value_follows_the_buttons():
    from nnnotes.pixelgrid import PixelGrid

    start = np.zeros(64)
    start[[0, 9]] = 0.8
    grid = PixelGrid(start)
    assert grid.value[0] == 1.0 and grid.value[9] == 1.0 and sum(grid.value) == 2.0
    changes = []
    grid.observe(lambda change: changes.append(change["new"]), names="value")
    grid.buttons[63].value = True
    assert changes[-1][63] == 1.0
    grid.set_pixels(np.ones(64))
    assert sum(grid.value) == 64.0 and len(changes) == 2  # one update for the whole picture
    with pytest.raises(ValueError, match=r"pixels must have shape \(64,\)"):
        PixelGrid(np.zeros(10))


def test_draw_probabilities_of_a_drawn_digit(fig, digits):
    from nnnotes.pixelgrid import PixelGrid

    _, _, _, _, transform = digits
    net = Network([64, 5, 10], output="softmax", seed=1)
    grid = PixelGrid()
    grid.buttons[20].value = True
    p = ch5.draw_probabilities(fig, grid.value, net=net, transform=transform)
    assert np.allclose(p, net.forward(transform(np.array(grid.value)[None, :]))[0])
