"""An 8x8 grid of toggle buttons to draw a digit on: a control for the live widgets (chapter 5).

``PixelGrid().value`` is a tuple of 64 floats, row by row, 1.0 where a button is pressed (ink)
and 0.0 elsewhere — the layout of ``nnnotes.data.load_digits`` rows. It behaves like a slider
for :func:`nnnotes.widgets.explorer`: its ``value`` changes whenever a button is toggled.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from traitlets import Tuple

SIDE = 8


class PixelGrid(widgets.VBox, widgets.ValueWidget):
    """8x8 toggle buttons whose states are the pixels of a drawn digit.

    Parameters
    ----------
    pixels : array_like of shape (64,), optional
        Starting picture; entries above 0.5 start pressed.
    description : str
        Shown above the grid.
    """

    value = Tuple(help="64 pixels, row by row: 1.0 pressed (ink), 0.0 not.")

    def __init__(self, pixels=None, description: str = "draw a digit"):
        start = np.zeros(SIDE * SIDE) if pixels is None else np.asarray(pixels, dtype=float)
        if start.shape != (SIDE * SIDE,):
            raise ValueError(f"pixels must have shape ({SIDE * SIDE},); got {start.shape}.")
        size = widgets.Layout(width="26px", height="26px", padding="0", margin="0")
        self.buttons = [widgets.ToggleButton(value=bool(p > 0.5), layout=size) for p in start]
        for button in self.buttons:
            button.observe(self._sync, names="value")
        clear = widgets.Button(description="clear", layout=widgets.Layout(width="208px"))
        clear.on_click(lambda _b: self.set_pixels(np.zeros(SIDE * SIDE)))
        grid = widgets.GridBox(
            self.buttons,
            layout=widgets.Layout(grid_template_columns=f"repeat({SIDE}, 26px)", grid_gap="0px"),
        )
        super().__init__([widgets.Label(description), grid, clear])
        self._sync()

    def _sync(self, _change=None) -> None:
        self.value = tuple(float(b.value) for b in self.buttons)

    def set_pixels(self, pixels) -> None:
        """Press the buttons where ``pixels`` (shape (64,)) exceeds 0.5; one update of ``value``."""
        pixels = np.asarray(pixels, dtype=float).reshape(-1)
        with self.hold_trait_notifications():
            for button, p in zip(self.buttons, pixels):
                button.unobserve(self._sync, names="value")
                button.value = bool(p > 0.5)
                button.observe(self._sync, names="value")
        self._sync()
