"""Live scenes: the book's widget figures redrawn in place (see :class:`nnnotes.canvas.Scene`).

Each scene draws the same picture as its chapter's plain draw function, sharing that module's
helpers for the static part and the data, but split into a static part, rendered once, and the
few artists a slider or a training step moves; the widgets then redraw only those (blitting),
which keeps a redraw within a few tens of milliseconds. Called as ``scene(fig, ...)`` a scene
is an ordinary draw function, so the tests run exactly the code the widget runs.

Scenes, the figure each draws, the widget each drives:

- ``RegressionDescent``: ``ch1.draw_descent``, chapter 1's explorer;
- ``NeuronFit``: ``ch2.draw_neuron_fit``, chapter 2's explorer;
- ``NeuronDescent``: ``ch2.draw_descent``, chapter 2's dashboard;
- ``GradientMagnitudes``: ``ch3.draw_gradient_magnitudes``, chapter 3's explorer;
- ``ChainRun``: ``ch3.draw_run``, chapter 3's dashboard;
- ``Training``: ``ch4.draw_run``, chapter 4's playground;
- ``Prediction``: ``ch5.draw_prediction``, chapter 5's test-image explorer;
- ``Probabilities``: ``ch5.draw_probabilities``, chapter 5's drawing explorer;
- ``DigitsRun``: ``ch5.draw_run``, chapter 5's dashboard.
"""

from .ch1 import RegressionDescent
from .ch2 import NeuronDescent, NeuronFit
from .ch3 import ChainRun, GradientMagnitudes
from .ch4 import Training
from .ch5 import DigitsRun, Prediction, Probabilities

__all__ = [
    "ChainRun",
    "DigitsRun",
    "GradientMagnitudes",
    "NeuronDescent",
    "NeuronFit",
    "Prediction",
    "Probabilities",
    "RegressionDescent",
    "Training",
]
