"""Shared test configuration.

Hypothesis runs derandomized so CI is repeatable, and keeps no example database: a derandomized
run replays the same examples anyway, and a test run must write nothing into the repository
(the default database is a ``.hypothesis/`` folder in the working directory). Matplotlib draws
off-screen; ``fig`` is a fresh figure for the figure functions, closed after the test.
"""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from hypothesis import settings

settings.register_profile(
    "nnnotes", derandomize=True, database=None, deadline=None, max_examples=40
)
settings.load_profile("nnnotes")


@pytest.fixture
def fig():
    figure = plt.figure()
    yield figure
    plt.close(figure)
