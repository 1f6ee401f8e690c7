"""Sphinx extension: the book's execution-status page, rebuilt on every build.

``book/execution_status.md`` holds the prose; this extension appends two tables to it as the page
is read: every chapter notebook with the wall time of its last execution (recorded by
``scripts/execute_notebooks.py`` in the notebook's metadata, ``nnnotes.execution_seconds``), its
code cells and its size; and the versions of the packages the build runs with. The page is
marked outdated on every build, so an incremental build refreshes it too.
"""

from __future__ import annotations

import json
import platform
from importlib import metadata
from pathlib import Path

PAGE = "book/execution_status"
PACKAGES = [
    "numpy",
    "matplotlib",
    "ipywidgets",
    "ipykernel",
    "nbclient",
    "nbval",
    "pytest",
    "jupyter-book",
    "myst-nb",
    "sphinx",
    "sphinx-book-theme",
]


def notebook_rows(book: Path) -> list[str]:
    """Markdown table rows, one per notebook under ``book``, in file-name order."""
    rows = [
        "| notebook | code cells | last execution | size |",
        "|---|---:|---:|---:|",
    ]
    total = 0.0
    for path in sorted(book.glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        seconds = (
            nb.get("metadata", {}).get("nnnotes", {}).get("execution_seconds")
        )
        cells = sum(cell["cell_type"] == "code" for cell in nb["cells"])
        shown = "not recorded" if seconds is None else f"{seconds:.1f} s"
        total += seconds or 0.0
        size = path.stat().st_size / 1e6
        rows.append(
            f"| {{doc}}`{path.stem}` | {cells} | {shown} | {size:.2f} MB |"
        )
    rows.append(f"| **all notebooks** | | **{total:.1f} s** | |")
    return rows


def version_rows() -> list[str]:
    rows = [
        "| package | version |",
        "|---|---|",
        f"| Python | {platform.python_version()} |",
    ]
    for name in PACKAGES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "not installed"
        rows.append(f"| {name} | {version} |")
    return rows


def append_tables(app, docname: str, source: list[str]) -> None:
    if docname != PAGE:
        return
    book = Path(app.srcdir) / "book"
    source[0] += "\n".join(
        [
            "",
            "## Notebooks",
            "",
            *notebook_rows(book),
            "",
            "## Package versions used by this build",
            "",
            *version_rows(),
            "",
        ]
    )


def always_outdated(app, env, added, changed, removed) -> list[str]:
    return [PAGE] if PAGE in env.found_docs else []


def setup(app):
    app.connect("source-read", append_tables)
    app.connect("env-get-outdated", always_outdated)
    return {
        "version": "1.0",
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
