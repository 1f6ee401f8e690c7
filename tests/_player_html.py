"""Reading a kernel-free player's HTML back: its pictures, decoded (shared by the player tests)."""

from __future__ import annotations

import base64
import html
import io
import json
import re

import numpy as np
from PIL import Image

_FRAMES = re.compile(r"frames = \[\n(.*?)\];", re.DOTALL)
_SRC = r'<img class="{cls}" src="([^"]+)"'


def decode(url: str) -> np.ndarray:
    """A data URL's picture as an RGBA uint8 array."""
    head, data = url.split(",", 1)
    assert head in ("data:image/webp;base64", "data:image/png;base64"), head
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(data))).convert("RGBA"))


def composite(base_url: str, state_url: str) -> np.ndarray:
    """What the browser shows: the state's opaque pixels over the base (RGB uint8)."""
    base, state = decode(base_url), decode(state_url)
    assert set(np.unique(state[..., 3])) <= {0, 255}, "state layers must be opaque or transparent"
    assert (base[..., 3] == 255).all(), "the base picture must be opaque"
    opaque = state[..., 3:4] == 255
    return np.where(opaque, state[..., :3], base[..., :3])


def base_url(html: str) -> str:
    return re.search(_SRC.format(cls="nnx-base"), html).group(1)


def state_urls(html: str) -> list[str]:
    """Every state's layer, in state order (the one shown first sits in the <img>)."""
    urls = json.loads("[" + _FRAMES.search(html).group(1) + "]")
    shown = re.search(_SRC.format(cls="nnx-state"), html).group(1)
    assert urls.count("") == 1, "exactly one state (the first shown) lives in the <img> only"
    return [shown if u == "" else u for u in urls]


def strip_images(html: str) -> str:
    """The HTML with every data URL's payload removed (what nbval compares after sanitizing)."""
    return re.sub(r"data:image/(png|webp);base64,[A-Za-z0-9+/=]+", r"data:image/\1;base64,<>", html)


_PLAYER = re.compile(
    r'<div class="nnnotes-player" id="([^"]+)" data-name="([^"]*)">(.*?)</script></div>', re.DOTALL
)


def parse_players(page: str) -> list[dict]:
    """Every kernel-free player in a page's HTML, read back from what it embedded.

    Returns one dict per player, in page order: "id", "name" (its ``data-name``), "shape"
    (values per control), "texts" and "labels" (as shown), "play" (the index of the control
    Play steps, or None), "base" (the base picture's data
    URL) and "states" (every state's layer, in state order).
    """
    players = []
    for uid, name, body in _PLAYER.findall(page):
        players.append(
            {
                "id": uid,
                "name": html.unescape(name),
                "shape": json.loads(re.search(r"shape = (\[[\d, ]*\])", body).group(1)),
                "texts": json.loads(re.search(r"var texts = (\[.*?\]), labels = ", body).group(1)),
                "labels": json.loads(re.search(r"labels = (\[.*?\]), frames = ", body).group(1)),
                "play": json.loads(re.search(r"play = (\d+|null), interval", body).group(1)),
                "base": base_url(body),
                "states": state_urls(body),
            }
        )
    return players
