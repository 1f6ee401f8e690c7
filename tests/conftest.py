"""Shared test configuration.

Hypothesis runs derandomized so CI is repeatable; matplotlib draws off-screen.
"""

import matplotlib

matplotlib.use("Agg")

from hypothesis import settings

settings.register_profile("nnnotes", derandomize=True, deadline=None, max_examples=40)
settings.load_profile("nnnotes")
