"""Root pytest configuration, loaded before the unit tests and the notebooks are collected.

The notebook kernels nbval starts inherit this environment. A global MPLBACKEND (Agg on many
CI machines) would replace the inline backend, so figures would emit no output and every
plotting cell would differ from its stored output: drop it for the kernels.

The two pytest-xdist workers take whole files (``--dist loadfile``) in collection order
(``--no-loadscope-reorder``): the files that take longest are collected first, then the
notebooks (3-14 s each), then the many short files, so that no worker starts a long file when
the other is nearly done.
"""

import os

os.environ.pop("MPLBACKEND", None)

#: The slowest files, slowest first (measured: ~50, ~35, ~20 and ~20 s of a ~100 s run).
SLOW_FIRST = (
    "tests/test_player_browser.py",
    "tests/test_browser.py",
    "tests/test_player.py",
    "tests/test_widgets.py",
)


def pytest_collection_modifyitems(session, config, items):
    def rank(item):
        path = item.nodeid.split("::")[0]
        if path in SLOW_FIRST:
            return SLOW_FIRST.index(path)
        return len(SLOW_FIRST) + (not path.endswith(".ipynb"))

    items.sort(key=rank)  # stable: each file's items keep their order (a notebook's cells)
