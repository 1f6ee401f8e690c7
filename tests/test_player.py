"""Kernel-free players (nnnotes.player): every state's picture is the draw function's, exactly;
the controls carry the right values; the HTML is self-contained and deterministic."""

from __future__ import annotations

import re

import numpy as np
import pytest
from _player_html import base_url, composite, state_urls, strip_images

from nnnotes.data import make_line, make_threshold_data
from nnnotes.figures import ch1, ch2
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
