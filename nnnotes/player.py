"""Kernel-free players for the rendered book: sliders over precomputed pictures.

A live widget (:mod:`nnnotes.widgets`) redraws ``draw(fig, **values)`` in a Python kernel
whenever a slider moves; the rendered book has no kernel. A :class:`Player` calls the *same*
draw function for every combination of a modest grid of control values while the notebook
executes, and shows the pictures behind real controls — ``<input type=range>`` sliders,
``<select>`` menus and, over a time axis, a Play button — switched by a few lines of inline
JavaScript. One self-contained HTML output: nothing fetched, no CDN, no external CSS.

Size. Neighbouring states share most of their pixels (axes, labels, a cost surface that never
changes). The player stores ONE base picture — per pixel, the colour most states have there —
and for each state only the pixels that differ from it, as a picture whose other pixels are
transparent. The browser lays the state's picture over the base: what the reader sees is,
pixel for pixel, what ``draw`` drew. Pictures are lossless WebP (about half the bytes of PNG
here, exact pixels all the same; every current browser shows it).

Determinism. The HTML is a function of the name, the grid and the pictures: element ids derive
from ``name`` (as in :mod:`nnnotes.animation`), so re-executing a notebook gives the same text
outside the base64 images (which tests/nbval_sanitize.cfg masks).
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import itertools
import json
import math
import numbers
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from .canvas import Renderer, Scene, axis_limits, changed_pixels

__all__ = ["Control", "Player", "player", "render", "run_player"]

#: Default resolution: 60 dpi keeps a 10 x 3.8 inch figure at 600 x 228 pixels.
PLAYER_DPI = 60
#: A grid larger than this is refused (pass ``max_states`` to go beyond): every state is a picture.
MAX_STATES = 400
#: States of a scene's player also drawn afresh and compared with the blitted picture.
CHECKED_STATES = 2


@dataclass(frozen=True)
class Control:
    """One control of a player: the values it takes, how it is labelled and shown.

    Parameters
    ----------
    values : sequence
        The values, in order. Numbers give a slider, anything else (strings) a drop-down menu.
    label : str, optional
        Shown beside the control and in the caption (default: the keyword's name), e.g. "η".
    fmt : str, optional
        Format spec for the shown values, e.g. ".2f" (default: ``str`` for whole numbers and
        strings, ``.4g`` for other numbers). Every value must read differently.
    value : optional
        The value shown first (default: the first value).
    """

    values: Sequence
    label: str | None = None
    fmt: str | None = None
    value: object = None


@dataclass(frozen=True)
class _Axis:
    name: str
    label: str
    values: tuple
    texts: tuple  # the values as shown
    slider: bool
    start: int  # index of the value shown first


class Player:
    """A kernel-free player: controls over precomputed pictures, as one HTML output.

    Displays itself in Jupyter and in the built book (``_repr_html_``).

    Attributes
    ----------
    name : str
        Stable name; element ids derive from it (unique within a page).
    controls : dict of name -> tuple
        Each control's values, in order; the states are their cross product, the last
        control varying fastest.
    play : str or None
        The control that Play advances.
    size : (int, int)
        Width and height of every picture in pixels.
    n_states : int
    nbytes : int
        Length of the HTML in bytes (what the output adds to the notebook).
    html : str
    """

    def __init__(self, name, axes, play, size, html_text):
        self.name = name
        self._axes = axes
        self.controls = {a.name: a.values for a in axes}
        self.play = play
        self.size = size
        self.n_states = math.prod(len(a.values) for a in axes)
        self.html = html_text
        self.nbytes = len(html_text.encode())

    def index(self, **values) -> int:
        """The state number of a combination of control values (row-major, last fastest)."""
        k = 0
        for a in self._axes:
            if a.name not in values:
                raise TypeError(f"index() needs a value for every control; {a.name!r} is missing.")
            k = k * len(a.values) + a.values.index(values[a.name])
        return k

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        # No byte count here: the text/plain output is compared strictly by nbval, and the
        # pictures' size may move with a pixel of anti-aliasing. Read ``nbytes`` instead.
        grid = " x ".join(f"{a.name}[{len(a.values)}]" for a in self._axes)
        return f"Player({self.name!r}, {grid} = {self.n_states} states)"


# ----------------------------------------------------------------------------- public builders


def player(
    draw: Callable,
    *,
    name: str,
    figsize: tuple[float, float] = (9.0, 3.6),
    dpi: int = PLAYER_DPI,
    play: str | None = None,
    interval: int = 400,
    max_states: int = MAX_STATES,
    check: int = CHECKED_STATES,
    **controls,
) -> Player:
    """Precompute ``draw(fig, **values)`` for every combination of control values.

    The kernel-free twin of :func:`nnnotes.widgets.explorer`: the same draw function and
    control names, each control given as its list of values instead of a widget.

    Parameters
    ----------
    draw : callable
        ``draw(fig, **values)`` draws one state on an empty figure (a plain figure function or
        a :class:`nnnotes.canvas.Scene`).
    name : str
        Identifies the player on its page; its element ids derive from it.
    figsize, dpi : figure size in inches and resolution (they set the notebook's size).
    play : str, optional
        Name of the control that a Play button steps through (a time axis).
    interval : int
        Milliseconds between Play steps.
    max_states : int
        Refuse grids with more states than this.
    check : int
        When ``draw`` is a Scene, how many states (spread over the grid, the last included)
        are also drawn on a fresh figure and must be the blitted picture, pixel for pixel;
        a difference raises RuntimeError. 0 checks none.
    **controls : sequence or Control
        One per keyword argument of ``draw`` that the reader may change.

    Returns
    -------
    Player

    Examples
    --------
    >>> player(
    ...     lambda fig, w, b: ch2.draw_neuron_fit(fig, x, y, w, b, surface),
    ...     name="ch2-wb",
    ...     w=np.linspace(-3, 6, 9),
    ...     b=np.linspace(-4, 4, 9),
    ... )  # doctest: +SKIP
    """
    _check_callable(draw, "draw")
    _check_options(name, interval)
    axes = _axes(controls, play)
    n = _check_size(axes, max_states)
    combos = itertools.product(*(a.values for a in axes))

    drawer = _Drawer(draw, figsize, dpi, check)
    states = [dict(zip(controls, combo)) for combo in combos]

    def pictures():
        drawn = {}
        for k in drawer.order(states):  # states sharing a background drawn in a row
            drawn[k] = drawer.draw(k, n, **states[k])
        for k in range(n):
            yield drawn.pop(k)

    return _build(name, axes, play, interval, pictures(), n)


def run_player(
    start: Callable,
    step: Callable,
    draw: Callable,
    *,
    name: str,
    frames: int,
    time: str = "step",
    times: Sequence | None = None,
    figsize: tuple[float, float] = (9.0, 3.6),
    dpi: int = PLAYER_DPI,
    interval: int = 300,
    max_states: int = MAX_STATES,
    check: int = CHECKED_STATES,
    **controls,
) -> Player:
    """Precompute a training run for every combination of control values, frame by frame.

    The kernel-free twin of :class:`nnnotes.widgets.Dashboard`, with the same three functions:
    for each combination ``state = start(**values)`` is drawn, then ``frames`` times
    ``state = step(state)`` and drawn again. The time axis becomes the last control, with a
    Play button.

    Parameters
    ----------
    start : callable
        ``start(**values) -> state`` (e.g. a chapter's ``start_run``).
    step : callable
        ``step(state) -> state`` advances one frame (e.g. :func:`nnnotes.train.step`).
    draw : callable
        ``draw(fig, state)`` draws the current state.
    name : str
    frames : int
        Steps after the start; each combination gets ``frames + 1`` pictures.
    time : str
        Name of the time control (e.g. "epoch").
    times : sequence, optional
        What the time control shows for each of the ``frames + 1`` pictures (e.g. the epochs
        ``[0, 5, 10, ...]``); default ``0, 1, ..., frames``.
    figsize, dpi, interval, max_states, check : as for :func:`player`.
    **controls : sequence or Control
        Named like ``start``'s keyword arguments.

    Returns
    -------
    Player
    """
    for f, what in ((start, "start"), (step, "step"), (draw, "draw")):
        _check_callable(f, what)
    _check_options(name, interval)
    if isinstance(frames, bool) or not isinstance(frames, numbers.Integral) or frames < 1:
        raise ValueError(f"frames must be a whole number >= 1; got {frames!r}.")
    if not isinstance(time, str) or not time.isidentifier():
        raise ValueError(f"time must name the time control (an identifier); got {time!r}.")
    if time in controls:
        raise ValueError(f"time={time!r} is also the name of a control; pick another name.")
    times = range(frames + 1) if times is None else times
    if len(times) != frames + 1:
        raise ValueError(f"times must hold frames + 1 = {frames + 1} values; got {len(times)}.")
    axes = _axes({**controls, time: times}, time)
    n = _check_size(axes, max_states)

    drawer = _Drawer(draw, figsize, dpi, check)

    def pictures():
        k = 0
        for combo in itertools.product(*(a.values for a in axes[:-1])):
            state = start(**dict(zip(controls, combo)))
            yield drawer.draw(k, n, state)
            for _ in range(frames):
                state, k = step(state), k + 1
                yield drawer.draw(k, n, state)
            k += 1

    return _build(name, axes, time, interval, pictures(), n)


class _Drawer:
    """Draws a player's states in turn: a Scene through one blitting Renderer, else afresh.

    A scene is set up once and then only its moving artists are drawn for each state (see
    :class:`nnnotes.canvas.Renderer`), ~10-50 ms instead of ~300 ms a picture. The picture is
    exactly the scene drawn from scratch for that state: the Renderer redraws the background
    whenever an axis limit differs from the one it was drawn with, so a picture cannot depend
    on the states drawn before it; ``check`` states are drawn afresh as well and compared.
    """

    def __init__(self, draw, figsize, dpi, check):
        if isinstance(check, bool) or not isinstance(check, numbers.Integral) or check < 0:
            raise ValueError(f"check must be a whole number >= 0; got {check!r}.")
        self.draw_function, self.figsize, self.dpi, self.check = draw, figsize, dpi, check
        self.renderer = Renderer(figsize, dpi) if isinstance(draw, Scene) else None

    def order(self, states: list[dict]) -> list[int]:
        """The states' numbers, those whose axes get the same limits next to each other.

        Only an order of work: every picture is the same whatever was drawn before it, but a
        background is drawn once per run of equal limits (chapter 1's 81 states: 15 full
        draws instead of 42). ``update`` alone tells the limits: nothing is drawn here.
        """
        if self.renderer is None:
            return list(range(len(states)))
        scene, fig = self.draw_function, self.renderer.fig
        self.renderer.reset()
        fig.clear()
        scene.fig = fig
        scene.setup(fig)
        keys = []
        for values in states:
            scene.update(**values)
            keys.append(repr(axis_limits(fig)))
        self.renderer.reset()  # the next render sets the scene up afresh
        first = {key: k for k, key in reversed(list(enumerate(keys)))}
        return sorted(range(len(states)), key=lambda k: (first[keys[k]], k))

    def draw(self, k: int, n: int, *args, **values) -> np.ndarray:
        if self.renderer is None:
            return render(self.draw_function, *args, figsize=self.figsize, dpi=self.dpi, **values)
        self.renderer.render(self.draw_function, *args, **values)
        picture = _flatten(self.renderer.rgba())
        if self.check and k in _spread(n, self.check):
            fresh = render(self.draw_function, *args, figsize=self.figsize, dpi=self.dpi, **values)
            if not np.array_equal(picture, fresh):
                raise RuntimeError(
                    f"state {k} ({values or args}): the blitted picture differs from the scene "
                    f"drawn afresh in {int(changed_pixels(picture, fresh).sum())} pixels; "
                    "a static artist or limit of the scene must depend on the state alone."
                )
        return picture  # a new array, not a view of the renderer's buffer


def _spread(n: int, k: int) -> set[int]:
    """k state numbers spread evenly over 0..n-1, the last one included."""
    return {n - 1 - (i * n) // k for i in range(min(k, n))}


def render(
    draw: Callable, *args, figsize=(9.0, 3.6), dpi: int = PLAYER_DPI, **values
) -> np.ndarray:
    """Draw ``draw(fig, *args, **values)`` on a fresh figure; return its pixels.

    This is the picture a player shows for those values (the tests compare against it).

    Returns
    -------
    ndarray of shape (height, width, 3), uint8
    """
    fig = Figure(figsize=figsize, dpi=dpi)
    FigureCanvasAgg(fig)
    draw(fig, *args, **values)
    fig.canvas.draw()
    rgba = np.asarray(fig.canvas.buffer_rgba())
    return _flatten(rgba)


# ----------------------------------------------------------------------------- validation


def _check_options(name, interval) -> None:
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"name must be a non-empty string, unique on its page; got {name!r}.")
    if isinstance(interval, bool) or not isinstance(interval, numbers.Integral) or interval < 10:
        raise ValueError(
            f"interval must be a whole number of milliseconds >= 10; got {interval!r}."
        )


def _check_callable(f, what: str) -> None:
    if not callable(f):
        raise TypeError(
            f"{what} must be callable, like draw(fig, **values); got {type(f).__name__}."
        )


def _axes(controls: dict, play) -> list[_Axis]:
    if not controls:
        raise ValueError("give at least one control, e.g. w=np.linspace(-3, 6, 9); got none.")
    axes = []
    for name, spec in controls.items():
        control = spec if isinstance(spec, Control) else Control(spec)
        values = control.values
        if isinstance(values, (str, bytes, dict, set)) or not isinstance(values, Iterable):
            raise TypeError(
                f"control {name!r} must be a sequence of values (list, range, 1-D array); "
                f"got {type(values).__name__}."
            )
        if isinstance(values, np.ndarray) and values.ndim != 1:
            raise ValueError(f"control {name!r} must be 1-D; got shape {values.shape}.")
        values = values.tolist() if isinstance(values, np.ndarray) else list(values)
        values = tuple(v.item() if isinstance(v, np.generic) else v for v in values)
        if not values:
            raise ValueError(f"control {name!r} has no values; give at least one.")
        numeric = all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in values)
        if numeric and not all(math.isfinite(v) for v in values):
            raise ValueError(f"control {name!r} holds NaN or infinity: {values}.")
        if len(set(values)) != len(values):
            raise ValueError(f"control {name!r} repeats a value: {values}.")
        texts = tuple(_text(v, control.fmt, name) for v in values)
        if len(set(texts)) != len(texts):
            raise ValueError(
                f"control {name!r}: two values read the same with fmt={control.fmt!r} "
                f"({texts}); pass Control(values, fmt=...) with more digits."
            )
        first = values[0] if control.value is None else control.value
        if first not in values:
            raise ValueError(f"control {name!r}: value={control.value!r} is not among {values}.")
        label = name if control.label is None else str(control.label)
        axes.append(_Axis(name, label, values, texts, numeric, values.index(first)))
    if play is not None and play not in controls:
        raise ValueError(f"play must name one of the controls {list(controls)}; got {play!r}.")
    if play is not None and not axes[list(controls).index(play)].slider:
        raise ValueError(f"play={play!r} must name a numeric control (a slider).")
    return axes


def _text(v, fmt, name) -> str:
    try:
        if fmt is not None:
            return format(v, fmt)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"control {name!r}: fmt={fmt!r} cannot format {v!r}.") from exc
    if isinstance(v, (numbers.Integral, str)):
        return str(v)
    if isinstance(v, numbers.Real):
        return format(v, ".4g")
    return str(v)


def _check_size(axes, max_states) -> int:
    n = math.prod(len(a.values) for a in axes)
    if n > max_states:
        grid = " x ".join(str(len(a.values)) for a in axes)
        raise ValueError(
            f"the grid has {grid} = {n} states, more than max_states={max_states}; use fewer "
            "values (every state is a picture in the notebook)."
        )
    return n


# ----------------------------------------------------------------------------- pictures


def _flatten(rgba: np.ndarray) -> np.ndarray:
    """RGBA (possibly translucent, e.g. a transparent figure) over white, as RGB uint8."""
    if rgba[..., 3].min() == 255:
        return np.ascontiguousarray(rgba[..., :3])
    alpha = rgba[..., 3:4].astype(np.float64) / 255.0
    return np.round(rgba[..., :3] * alpha + 255.0 * (1.0 - alpha)).astype(np.uint8)


def _mode(frames: np.ndarray) -> np.ndarray:
    """Per pixel, the colour most frames have there (ties: the smallest colour)."""
    S, H, W, _ = frames.shape
    packed = (frames[..., 0].astype(np.uint32) << 16) | (frames[..., 1].astype(np.uint32) << 8)
    packed = (packed | frames[..., 2]).reshape(S, H * W)
    best = packed[0].copy()
    varies = np.flatnonzero((packed != packed[0]).any(axis=0))  # most pixels never change
    if varies.size:
        column = np.sort(packed[:, varies], axis=0)
        top, count = column[0].copy(), np.ones(varies.size, dtype=np.int64)
        run = np.ones(varies.size, dtype=np.int64)
        for k in range(1, S):
            run = np.where(column[k] == column[k - 1], run + 1, 1)
            better = run > count
            top = np.where(better, column[k], top)
            count = np.where(better, run, count)
        best[varies] = top
    rgb = np.stack([(best >> 16) & 255, (best >> 8) & 255, best & 255], axis=-1)
    return rgb.astype(np.uint8).reshape(H, W, 3)


def _webp(image: Image.Image) -> bytes:
    """Lossless WebP: exact pixels, about half the bytes of PNG for these pictures.

    ``method=2, quality=50``: measured on chapter 2's 81 layers, as small as libwebp's
    ``method=6`` (195 vs 196 KiB) in a sixth of the time (1.0 vs 5.8 s); ``method=0`` is
    7 times larger, ``quality=100`` (the "cruncher") 20 times slower for <1 % fewer bytes.
    """
    out = io.BytesIO()
    image.save(out, "WEBP", lossless=True, quality=50, method=2, exact=True)
    return out.getvalue()


def _layer(frame: np.ndarray, base: np.ndarray) -> bytes:
    """The pixels of ``frame`` that differ from ``base``, opaque; all others transparent."""
    changed = changed_pixels(frame, base)
    rgba = np.zeros((*changed.shape, 4), dtype=np.uint8)
    rgba[changed, :3] = frame[changed]
    rgba[changed, 3] = 255
    return _webp(Image.fromarray(rgba, mode="RGBA"))


def _data_url(webp: bytes) -> str:
    return "data:image/webp;base64," + base64.b64encode(webp).decode("ascii")


# ----------------------------------------------------------------------------- HTML


def _build(name, axes, play, interval, pictures: Iterator[np.ndarray], n) -> Player:
    frames = np.stack(list(pictures))
    if len(frames) != n:  # pragma: no cover - guards the generators above
        raise RuntimeError(f"expected {n} pictures, drew {len(frames)}")
    base = _mode(frames)
    layers = [_data_url(_layer(f, base)) for f in frames]
    height, width = base.shape[:2]
    text = _html(
        name, axes, play, interval, _data_url(_webp(Image.fromarray(base))), layers, (width, height)
    )
    return Player(name, axes, play, (width, height), text)


_CSS = """
#{id} {{ margin: 0.5em 0; color: inherit; font-size: 0.9em; }}
#{id} .nnx-controls {{ display: flex; flex-wrap: wrap; align-items: center; gap: 0.3em 1.2em;
  margin-bottom: 0.4em; }}
#{id} .nnx-control {{ display: inline-flex; align-items: center; gap: 0.4em; }}
#{id} input[type=range] {{ width: 11em; margin: 0; accent-color: var(--pst-color-primary, #0a7d91); }}
#{id} select, #{id} button {{ font: inherit; color: inherit; background: transparent;
  border: 1px solid var(--pst-color-border, #999); border-radius: 0.25em; padding: 0.1em 0.5em; }}
#{id} button {{ cursor: pointer; min-width: 5.5em; }}
#{id} output {{ font-variant-numeric: tabular-nums; min-width: 3.5em; }}
#{id} :focus-visible {{ outline: 2px solid var(--pst-color-accent, #c2185b); outline-offset: 2px; }}
#{id} .nnx-picture {{ position: relative; display: inline-block; line-height: 0; max-width: 100%;
  background: #fff; }}
#{id} .nnx-picture img {{ display: block; max-width: 100%; height: auto; margin: 0 !important;
  padding: 0 !important; border: 0 !important; border-radius: 0 !important;
  background: transparent !important; filter: none !important; box-shadow: none !important; }}
#{id} .nnx-picture img.nnx-state {{ position: absolute; left: 0; top: 0; width: 100%; }}
#{id} .nnx-caption {{ margin: 0.3em 0 0; font-variant-numeric: tabular-nums; }}
html[data-theme=dark] #{id} {{ color-scheme: light; }}
"""

_JS = """(function () {
  var id = %(id)s, shape = %(shape)s, play = %(play)s, interval = %(interval)d;
  var texts = %(texts)s, labels = %(labels)s, frames = [
%(frames)s];
  var root = document.getElementById(id);
  var img = root.querySelector("img.nnx-state"), caption = root.querySelector(".nnx-caption");
  var inputs = shape.map(function (_, i) { return document.getElementById(id + "-c" + i); });
  var outputs = shape.map(function (_, i) { return document.getElementById(id + "-o" + i); });
  frames[%(first)d] = img.getAttribute("src");
  function show() {
    var k = 0, parts = [];
    for (var i = 0; i < shape.length; i++) {
      var v = +inputs[i].value;
      k = k * shape[i] + v;
      parts.push(labels[i] + " = " + texts[i][v]);
      if (outputs[i]) { outputs[i].textContent = texts[i][v]; }
      if (inputs[i].type === "range") { inputs[i].setAttribute("aria-valuetext", texts[i][v]); }
    }
    img.src = frames[k];
    img.alt = caption.textContent = parts.join(", ");
    root.setAttribute("data-state", k);
  }
  inputs.forEach(function (el) { el.addEventListener("input", show); el.addEventListener("change", show); });
  if (play !== null) {
    var button = document.getElementById(id + "-play"), time = inputs[play], timer = null;
    var stop = function () { clearInterval(timer); timer = null; button.textContent = "\\u25B6 Play";
                             button.setAttribute("aria-pressed", "false"); };
    button.addEventListener("click", function () {
      if (timer !== null) { stop(); return; }
      if (+time.value >= +time.max) { time.value = 0; show(); }
      button.textContent = "\\u23F8 Pause"; button.setAttribute("aria-pressed", "true");
      timer = setInterval(function () {
        if (+time.value >= +time.max) { stop(); return; }
        time.value = +time.value + 1; show();
      }, interval);
    });
  }
  show();
})();"""


def _js_string(s: str) -> str:
    return json.dumps(s).replace("</", "<\\/")


def _html(name, axes, play, interval, base_url, layers, size) -> str:
    uid = "nnx-" + hashlib.sha1(name.encode()).hexdigest()[:12]
    first = 0
    for a in axes:
        first = first * len(a.values) + a.start
    parts = [f'<div class="nnnotes-player" id="{uid}" data-name="{html.escape(name)}">']
    parts.append(f"<style>{_CSS.format(id=uid)}</style>")
    parts.append('<div class="nnx-controls">')
    for i, a in enumerate(axes):
        cid, oid = f"{uid}-c{i}", f"{uid}-o{i}"
        label = html.escape(a.label)
        if a.slider:
            parts.append(
                f'<span class="nnx-control"><label for="{cid}">{label}</label>'
                f'<input type="range" id="{cid}" name="{html.escape(a.name)}" min="0" '
                f'max="{len(a.values) - 1}" step="1" value="{a.start}" '
                f'aria-valuetext="{html.escape(a.texts[a.start])}">'
                f'<output id="{oid}" for="{cid}">{html.escape(a.texts[a.start])}</output></span>'
            )
        else:
            options = "".join(
                f'<option value="{k}"{" selected" if k == a.start else ""}>{html.escape(t)}</option>'
                for k, t in enumerate(a.texts)
            )
            parts.append(
                f'<span class="nnx-control"><label for="{cid}">{label}</label>'
                f'<select id="{cid}" name="{html.escape(a.name)}">{options}</select></span>'
            )
    if play is not None:
        parts.append(
            f'<button type="button" id="{uid}-play" aria-pressed="false" '
            f'aria-label="Play {html.escape(axes[[a.name for a in axes].index(play)].label)}">'
            "\u25b6 Play</button>"
        )
    parts.append("</div>")
    caption = ", ".join(f"{a.label} = {a.texts[a.start]}" for a in axes)
    width, height = size
    parts.append(
        f'<div class="nnx-picture" style="width: {width}px">'
        f'<img class="nnx-base" src="{base_url}" width="{width}" height="{height}" alt="">'
        f'<img class="nnx-state" src="{layers[first]}" width="{width}" height="{height}" '
        f'alt="{html.escape(caption)}"></div>'
    )
    parts.append(f'<p class="nnx-caption" aria-live="polite">{html.escape(caption)}</p>')
    frames = ",\n".join('""' if k == first else _js_string(u) for k, u in enumerate(layers))
    js = _JS % {
        "id": _js_string(uid),
        "shape": json.dumps([len(a.values) for a in axes]),
        "play": "null" if play is None else str([a.name for a in axes].index(play)),
        "interval": interval,
        "texts": json.dumps([list(a.texts) for a in axes], ensure_ascii=False).replace(
            "</", "<\\/"
        ),
        "labels": json.dumps([a.label for a in axes], ensure_ascii=False).replace("</", "<\\/"),
        "frames": frames,
        "first": first,
    }
    parts.append(f"<script>\n{js}\n</script></div>")
    return "\n".join(parts)
