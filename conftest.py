"""Root pytest configuration, loaded before the unit tests and the notebooks are collected.

The notebook kernels nbval starts inherit this environment. A global MPLBACKEND (Agg on many
CI machines) would replace the inline backend, so figures would emit no output and every
plotting cell would differ from its stored output: drop it for the kernels.
"""

import os

os.environ.pop("MPLBACKEND", None)
