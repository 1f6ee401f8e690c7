"""Kernel-free players (nnnotes.player): every state's picture is the draw function's, exactly;
the controls carry the right values; the HTML is self-contained and deterministic."""

from __future__ import annotations

import functools
import itertools
import re

import numpy as np
import pytest
from _player_html import base_url, composite, state_urls, strip_images

import nnnotes.player
from nnnotes import chain, classify, neuron, playground, train
from nnnotes.canvas import Renderer, Scene
from nnnotes.data import (
    load_digits,
    make_falling_curve,
    make_line,
    make_threshold_data,
    split,
    standardizer,
)
from nnnotes.figures import ch1, ch2, live
from nnnotes.player import Control, Player, player, render, run_player

SMALL = {"figsize": (2.0, 1.5), "dpi": 40}


def draw_line(fig, w, b=0.0, style="o-"):
    """A tiny figure that depends visibly on every control."""
    ax = fig.add_subplot(1, 1, 1)
    ax.plot([0, 1], [b, w + b], style, color="C3")
    ax.set_xlim(-0.5, 1.5)
    ax.set_ylim(-6, 6)
    ax.set_title(f"w={w:g} b={b:g}", fontsize=7)


@pytest.fixture(scope="module")
def line_player():
    return player(
        draw_line,
        name="line",
        w=Control([1.0, 2.0, 3.0], label="weight w", fmt=".1f", value=2.0),
        b=[-1, 0, 1, 2],
        style=Control(["o-", "s--"], label="style"),
        **SMALL,
    )


def test_every_state_shows_exactly_what_draw_draws(line_player):
    html = line_player.html
    urls = state_urls(html)
    assert line_player.n_states == len(urls) == 3 * 4 * 2
    base = base_url(html)
    for k, (w, b, style) in enumerate(
        (w, b, s) for w in (1.0, 2.0, 3.0) for b in (-1, 0, 1, 2) for s in ("o-", "s--")
    ):
        assert line_player.index(w=w, b=b, style=style) == k
        expected = render(draw_line, w=w, b=b, style=style, **SMALL)
        np.testing.assert_array_equal(composite(base, urls[k]), expected, err_msg=f"state {k}")
    assert line_player.size == (80, 60)


def test_one_picture_per_state_plus_the_base(line_player):
    n_images = len(re.findall(r"data:image/webp;base64,", line_player.html))
    assert n_images == line_player.n_states + 1


def test_controls_carry_values_labels_and_start(line_player):
    html = line_player.html
    ranges = re.findall(
        r'<input type="range" id="([^"]+)" name="(\w+)" min="0" max="(\d+)" '
        r'step="1" value="(\d+)" aria-valuetext="([^"]*)">',
        html,
    )
    assert [(name, int(mx), int(v), text) for _id, name, mx, v, text in ranges] == [
        ("w", 2, 1, "2.0"),
        ("b", 3, 0, "-1"),
    ]
    assert '<label for="' + ranges[0][0] + '">weight w</label>' in html
    options = re.findall(r'<option value="(\d+)"( selected)?>([^<]*)</option>', html)
    assert options == [("0", " selected", "o-"), ("1", "", "s--")]
    assert '[["1.0", "2.0", "3.0"], ["-1", "0", "1", "2"], ["o-", "s--"]]' in html
    assert (
        '<p class="nnx-caption" aria-live="polite">weight w = 2.0, b = -1, style = o-</p>' in html
    )
    assert "<button" not in html  # no time axis, no Play button
    assert line_player.controls == {
        "w": (1.0, 2.0, 3.0),
        "b": (-1, 0, 1, 2),
        "style": ("o-", "s--"),
    }


def test_first_state_is_the_chosen_value(line_player):
    k = line_player.index(w=2.0, b=-1, style="o-")
    assert re.search(r"frames\[(\d+)\] = img.getAttribute", line_player.html).group(1) == str(k)


def test_self_contained_no_urls_outside_data(line_player):
    text = strip_images(line_player.html)
    assert not re.search(r"(https?:)?//", text), "no URL may be fetched"
    for tag in ("<link", "<iframe", "@import", "url(", 'src="http', "fetch(", "XMLHttpRequest"):
        assert tag not in text
    assert text.count("<script>") == 1


def test_deterministic_html():
    a = player(draw_line, name="again", w=[1.0, 2.0], b=[0, 1], **SMALL)
    b = player(draw_line, name="again", w=[1.0, 2.0], b=[0, 1], **SMALL)
    assert a.html == b.html
    other = player(draw_line, name="other", w=[1.0, 2.0], b=[0, 1], **SMALL)
    ids = set(re.findall(r'id="(nnx-[0-9a-f]+)"', a.html))
    assert len(ids) == 1 and ids.isdisjoint(re.findall(r'id="(nnx-[0-9a-f]+)"', other.html))
    assert strip_images(a.html) != strip_images(other.html)


def test_play_button_over_the_time_axis():
    p = player(draw_line, name="timed", w=[1.0, 2.0], b=range(3), play="b", interval=120, **SMALL)
    assert 'aria-label="Play b"' in p.html and "interval = 120" in p.html
    assert "var id = " in p.html and "play = 1," in p.html


def test_numpy_values_reach_draw_as_python_numbers():
    seen = []

    def draw(fig, w):
        seen.append(type(w))
        draw_line(fig, w)

    p = player(draw, name="np", w=np.linspace(0.0, 1.0, 3), **SMALL)
    assert seen == [float] * 3 and p.controls["w"] == (0.0, 0.5, 1.0)


def test_run_player_steps_each_combination_from_its_start():
    started, steps = [], []

    def start(w):
        started.append(w)
        return {"w": w, "t": 0}

    def step(state):
        steps.append(state["w"])
        return {"w": state["w"], "t": state["t"] + 1}

    def draw(fig, state):
        draw_line(fig, state["w"], b=state["t"])

    p = run_player(
        start,
        step,
        draw,
        name="runs",
        frames=3,
        time="epoch",
        times=[0, 10, 20, 30],
        w=[1.0, -1.0],
        **SMALL,
    )
    assert started == [1.0, -1.0] and steps == [1.0] * 3 + [-1.0] * 3
    assert p.controls == {"w": (1.0, -1.0), "epoch": (0, 10, 20, 30)} and p.play == "epoch"
    urls, base = state_urls(p.html), base_url(p.html)
    for w in (1.0, -1.0):
        for t, epoch in enumerate((0, 10, 20, 30)):
            expected = render(draw_line, w=w, b=t, **SMALL)
            np.testing.assert_array_equal(
                composite(base, urls[p.index(w=w, epoch=epoch)]), expected
            )
    assert 'aria-label="Play epoch"' in p.html


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({}, ValueError, "at least one control"),
        ({"w": []}, ValueError, "control 'w' has no values"),
        ({"w": "abc"}, TypeError, "control 'w' must be a sequence"),
        ({"w": 3.0}, TypeError, "control 'w' must be a sequence"),
        ({"w": np.ones((2, 2))}, ValueError, r"control 'w' must be 1-D; got shape \(2, 2\)"),
        ({"w": [1.0, 1.0]}, ValueError, "control 'w' repeats a value"),
        ({"w": [1.0, float("nan")]}, ValueError, "control 'w' holds NaN"),
        ({"w": Control([1.0, 2.0], value=3.0)}, ValueError, r"value=3.0 is not among"),
        ({"w": Control([1.01, 1.02], fmt=".1f")}, ValueError, "two values read the same"),
        ({"w": Control([1.0, 2.0], fmt="d")}, ValueError, "cannot format"),
        ({"w": [1.0, 2.0], "play": "b"}, ValueError, "play must name one of the controls"),
        ({"w": [1.0], "style": ["o-", "s--"], "play": "style"}, ValueError, "numeric control"),
        ({"w": range(30), "b": range(30)}, ValueError, r"30 x 30 = 900 states, more than max"),
        ({"w": [1.0], "name": ""}, ValueError, "name must be a non-empty string"),
        ({"w": [1.0], "interval": 0}, ValueError, "interval must be"),
    ],
)
def test_bad_grids_are_refused_naming_the_argument(kwargs, error, match):
    kwargs = {"name": "bad", **kwargs}
    with pytest.raises(error, match=match):
        player(draw_line, **SMALL, **kwargs)


def test_draw_must_be_callable():
    with pytest.raises(TypeError, match="draw must be callable"):
        player("draw_line", name="x", w=[1.0])


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"frames": 0}, "frames must be a whole number >= 1"),
        ({"frames": 2, "times": [0, 1]}, r"times must hold frames \+ 1 = 3 values; got 2"),
        ({"frames": 2, "time": "w"}, "time='w' is also the name of a control"),
        ({"frames": 2, "time": "two words"}, "time must name the time control"),
    ],
)
def test_run_player_refuses_bad_time_axes(kwargs, match):
    with pytest.raises(ValueError, match=match):
        run_player(dict, dict, draw_line, name="bad", w=[1.0], **kwargs)


def test_repr_reports_the_grid_but_no_volatile_byte_count(line_player):
    assert isinstance(line_player, Player)
    assert repr(line_player) == "Player('line', w[3] x b[4] x style[2] = 24 states)"
    assert line_player.nbytes == len(line_player.html.encode())
    assert line_player._repr_html_() is line_player.html


# ----------------------------------------------------------------------------- the chapters


def test_chapter_2_neuron_fit_states_match_the_figure_function():
    """A corner of chapter 2's w x b grid, drawn by the chapter's own figure function."""
    x, y = make_threshold_data(n=40, threshold=0.5, steepness=2.0, seed=3)
    surface = ch2.make_surface(x, y, n=41)
    size = {"figsize": (11, 4), "dpi": 30}

    def draw(fig, w, b):
        return ch2.draw_neuron_fit(fig, x, y, w, b, surface)

    p = player(draw, name="ch2-test", w=[-3.0, 1.5], b=[0.0, 2.0], **size)
    urls, base = state_urls(p.html), base_url(p.html)
    for w in (-3.0, 1.5):
        for b in (0.0, 2.0):
            np.testing.assert_array_equal(
                composite(base, urls[p.index(w=w, b=b)]), render(draw, w=w, b=b, **size)
            )


def test_chapter_1_descent_over_steps_with_play():
    x, y = make_line(n=20, w_true=1.5, noise=0.4, seed=0)
    size = {"figsize": (10, 3.8), "dpi": 30}

    def draw(fig, lr, steps):
        return ch1.draw_descent(fig, x, y, lr, steps, -1.0)

    p = player(
        draw, name="ch1-test", play="steps", lr=Control([0.1, 0.6], label="η"), steps=[0, 5], **size
    )
    urls, base = state_urls(p.html), base_url(p.html)
    for lr in (0.1, 0.6):
        for steps in (0, 5):
            np.testing.assert_array_equal(
                composite(base, urls[p.index(lr=lr, steps=steps)]),
                render(draw, lr=lr, steps=steps, **size),
            )


# ----------------------------------------------------------------------------- scenes, blitted
#
# A Scene's player draws every state through one blitting Renderer: set up once, only the
# moving artists drawn again. Each state's picture must still be, pixel for pixel, the scene
# drawn from scratch for that state on a fresh figure, whatever was drawn before it (the
# growing axes of the training runs, the excess-cost decades of chapter 1). Checked for every
# scene a chapter player uses, at the chapters' figure sizes and resolutions, over grids that
# cross the limit changes.

LINE = make_line(n=20, w_true=1.5, noise=0.4, seed=0)
THRESHOLD = make_threshold_data(n=40, threshold=0.5, steepness=2.0, seed=3)


@functools.cache
def _surface():
    return ch2.make_surface(*THRESHOLD)


@functools.cache
def _digits():
    X, y = load_digits()
    X_train, X_test, y_train, y_test = split(X, y, test_fraction=0.25, seed=0)
    transform = standardizer(X_train)
    start = functools.partial(
        classify.start_run, transform(X_train), y_train, transform(X_test), y_test, seed=0
    )
    net = train.step(start(hidden=16, lr=1.0, epochs=3, batch_size=32), 3).model
    return net, transform, X_test, y_test, start


EXPLORER_SCENES = {
    "ch1 descent": (
        lambda: live.RegressionDescent(*LINE, -1.0),
        {"figsize": (10, 3.8), "dpi": 60},
        {"lr": [0.05, 0.5, 0.75], "steps": [0, 3, 12, 40]},
    ),
    "ch2 neuron fit": (
        lambda: live.NeuronFit(*THRESHOLD, _surface()),
        {"figsize": (11, 4), "dpi": 55},
        {"w": [-2.0, 1.0, 6.0], "b": [-4.0, 0.0, 4.0]},
    ),
    "ch3 gradients": (
        lambda: live.GradientMagnitudes(),
        {"figsize": (11, 4.2), "dpi": 55},
        {"depth": [2, 12, 20, 25], "weight_scale": [0.25, 1.0, 8.0]},
    ),
    "ch5 prediction": (
        lambda: live.Prediction(_digits()[0], _digits()[2], _digits()[3], _digits()[1]),
        {"figsize": (9, 3.2), "dpi": 55},
        {"index": [0, 5], "dx": [-2, 0, 2], "dy": [0, 3]},
    ),
}

RUN_SCENES = {
    "ch2 descent": (
        lambda: live.NeuronDescent(_surface()),
        {"figsize": (11, 4), "dpi": 55},
        lambda lr: neuron.start_run(*THRESHOLD, w0=-2.0, b0=3.0, lr=lr, epochs_per_step=3),
        {"lr": [0.5, 4.0]},
        4,
    ),
    "ch3 chain run": (
        lambda: live.ChainRun(),
        {"figsize": (12, 3.8), "dpi": 55},
        lambda depth: chain.start_run(
            *make_falling_curve(n=40, noise=0.03, seed=0), depth=depth, lr=2.0, seed=0
        ),
        {"depth": [1, 3]},
        3,
    ),
    "ch4 playground": (
        lambda: live.Training(),
        {"figsize": (11, 3.6), "dpi": 55},
        lambda dataset: playground.start_run(dataset=dataset, n=80, epochs_per_step=4, seed=2),
        {"dataset": ["moons", "xor"]},
        3,
    ),
    "ch5 digits run": (
        lambda: live.DigitsRun(),
        {"figsize": (10, 3.6), "dpi": 55},
        lambda hidden: _digits()[4](hidden=hidden, lr=1.0, epochs=6, batch_size=64),
        {"hidden": [4, 8]},
        3,
    ),
}


def _assert_fresh(p, k, fresh, what):
    html = p.html
    shown = composite(base_url(html), state_urls(html)[k])
    different = int((shown != fresh).any(axis=-1).sum())
    assert different == 0, f"{what}: {different} pixels differ from a fresh draw"


@pytest.mark.parametrize("name", EXPLORER_SCENES)
def test_every_state_of_a_scene_player_is_the_scene_drawn_afresh(name):
    make_scene, size, controls = EXPLORER_SCENES[name]
    p = player(make_scene(), name=name, check=0, **size, **controls)
    for k, combo in enumerate(itertools.product(*controls.values())):
        values = dict(zip(controls, combo))
        _assert_fresh(p, k, render(make_scene(), **size, **values), f"{name} {values}")


@pytest.mark.parametrize("name", RUN_SCENES)
def test_every_frame_of_a_scene_run_player_is_the_scene_drawn_afresh(name):
    make_scene, size, start, controls, frames = RUN_SCENES[name]
    p = run_player(
        start, train.step, make_scene(), name=name, frames=frames, check=0, **size, **controls
    )
    k = 0
    for combo in itertools.product(*controls.values()):
        values = dict(zip(controls, combo))
        for t in range(frames + 1):
            run = train.step(start(**values), t) if t else start(**values)
            _assert_fresh(p, k, render(make_scene(), run, **size), f"{name} {values} step {t}")
            k += 1


def test_a_picture_does_not_depend_on_the_states_drawn_before_it():
    """Chapter 1's grid in a scrambled order: limits grow and shrink between states."""
    make_scene, size, _ = EXPLORER_SCENES["ch1 descent"]
    renderer, scene = Renderer(size["figsize"], size["dpi"]), make_scene()
    states = list(itertools.product([0.05, 0.3, 0.68, 0.75], [0, 2, 3, 5, 12, 40]))
    order = np.random.default_rng(0).permutation(len(states))[:14]
    for k in order:
        lr, steps = states[k]
        renderer.render(scene, lr=lr, steps=steps)
        blitted = np.asarray(renderer.rgba())[..., :3]
        fresh = render(make_scene(), lr=lr, steps=steps, **size)
        np.testing.assert_array_equal(blitted, fresh, err_msg=f"lr={lr}, steps={steps}")
    assert renderer.full_draws < len(order)  # most were blitted


class _Forgetful(Scene):
    """A scene whose static title is written by its first update only: history shows."""

    def setup(self, fig):
        ax = fig.add_subplot(1, 1, 1)
        ax.set(xlim=(0, 4), ylim=(0, 4))
        (self.dot,) = ax.plot([], [], "o")
        self.title, self.first = ax.set_title(""), True
        self.moving = [self.dot]

    def update(self, w):
        self.dot.set_data([w], [w])
        if self.first:
            self.title.set_text(f"w = {w}")
            self.first = False
        return {}


def test_a_scene_that_remembers_its_history_is_caught():
    p = player(_Forgetful(), name="ok", w=[1.0], **SMALL)  # one state: nothing to remember
    assert p.n_states == 1
    with pytest.raises(RuntimeError, match=r"state 2 .*differs from the scene drawn afresh"):
        player(_Forgetful(), name="forgetful", w=[1.0, 2.0, 3.0], check=1, **SMALL)


def test_scene_players_blit_instead_of_drawing_every_state(monkeypatch):
    """Chapter 2's 9 x 9 explorer: one full draw per background, not 81 (speed: benchmarks/)."""
    renderers = []

    class Counting(nnnotes.player.Renderer):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            renderers.append(self)

    monkeypatch.setattr(nnnotes.player, "Renderer", Counting)
    p = player(
        live.NeuronFit(*THRESHOLD, _surface()),
        name="blits",
        w=np.linspace(-2, 6, 9),
        b=np.linspace(-4, 4, 9),
        check=0,
        figsize=(11, 4),
        dpi=55,
    )
    assert p.n_states == 81
    assert [r.full_draws for r in renderers] == [1]  # the axes' limits never change here
