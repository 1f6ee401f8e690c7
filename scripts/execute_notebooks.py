"""Re-execute the book's notebooks in place, top to bottom, in a fresh kernel each.

    python scripts/execute_notebooks.py                 # every notebook under book/
    python scripts/execute_notebooks.py book/01_*.ipynb # some of them

Stored outputs come only from here (never from hand edits); nbval then checks that a fresh run
reproduces them. Widget state is not stored: the rendered book shows animations instead of
widgets, and a widget needs a live kernel anyway. Each notebook's wall time is recorded in its
metadata (``nnnotes.execution_seconds``) for the book's execution-status page.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


def execute(path: Path) -> float:
    """Execute one notebook in place; return its wall time in seconds."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=900,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=False,
        record_timing=False,  # per-cell timestamps would only add noise to diffs
    )
    # Behave like nbval's kernel client: no emulated widget frontend, so output produced inside
    # an Output widget lands in the cell, exactly as nbval will see it when it re-runs the cell.
    client.comm_open_handlers = {"jupyter.widget": lambda msg: None}
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    nb.metadata.setdefault("nnnotes", {})["execution_seconds"] = round(seconds, 1)
    nbformat.write(nb, path)
    return seconds


def main(argv: list[str]) -> int:
    paths = [Path(p) for p in argv] or sorted((ROOT / "book").glob("*.ipynb"))
    for path in paths:
        seconds = execute(path)
        size = path.stat().st_size / 1e6
        print(f"{path.name}: executed in {seconds:.1f} s, {size:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
