"""Shared test configuration.

Hypothesis runs derandomized so CI is repeatable. A test run writes nothing into the repository:
Hypothesis keeps no example database (a derandomized run replays the same examples anyway) and
its cache of constants read from the source goes to the system's temporary directory instead of
a ``.hypothesis/`` folder in the working directory. Matplotlib draws off-screen; ``fig`` is a
fresh figure for the figure functions, closed after the test.
"""

import os
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

if not os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
    set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "nnnotes-hypothesis")

settings.register_profile(
    "nnnotes", derandomize=True, database=None, deadline=None, max_examples=40
)
settings.load_profile("nnnotes")


@pytest.fixture
def fig():
    figure = plt.figure()
    yield figure
    plt.close(figure)


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium for a real-browser test module (``_browser.chromium``)."""
    from _browser import chromium

    with chromium() as b:
        yield b
