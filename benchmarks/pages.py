"""How heavy is each page of the built book, and how fast does it load from disk?

    python benchmarks/pages.py                 # builds the book into a temporary directory
    python benchmarks/pages.py --html DIR      # or measures an existing _build/html

Every HTML page of the book is opened from disk (``file://``) in Debian's Chromium, offline,
``--repeat`` times, each time in a fresh page; the load time is the browser's own
(``loadEventEnd`` of the navigation: HTML parsed, scripts, stylesheets and every embedded
picture loaded). Printed per page: its size, how many kernel-free players it holds, the median
and the best load time. Bar: a page loads in under 2 s. A busy machine slows every page, so the
load average is printed first and the best of the repeats is the figure to compare.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOAD_BAR_S = 2.0
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def build(out: Path) -> Path:
    tool = Path(sys.executable).parent / "jupyter-book"
    subprocess.run(
        [
            str(tool) if tool.exists() else "jupyter-book",
            "build",
            str(ROOT),
            "--path-output",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    return out / "_build" / "html"


def pages(html: Path) -> list[Path]:
    """Every page of the book (not the search and index pages, nor redirects)."""
    return sorted(
        p
        for p in html.rglob("*.html")
        if not {"_static", "_sources"} & set(p.parts)
        and p.name not in {"genindex.html", "search.html"}
        and 'http-equiv="refresh"' not in p.read_text(encoding="utf-8").lower()
    )


def load_seconds(browser, path: Path, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        page = browser.new_page(viewport={"width": 1280, "height": 900}, offline=True)
        try:
            page.goto(path.as_uri(), wait_until="load")
            times.append(
                page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd")
                / 1000
            )
        finally:
            page.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, help="a built book's _build/html (default: build one)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        html = args.html or build(Path(tmp))
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            print(f"{'page':34s} {'MB':>5s} {'players':>7s} {'median s':>8s} {'best s':>6s}")
            worst = 0.0
            for path in pages(html):
                times = load_seconds(browser, path, args.repeat)
                players = path.read_text(encoding="utf-8").count('class="nnnotes-player"')
                worst = max(worst, min(times))
                print(
                    f"{path.relative_to(html)!s:34s} {path.stat().st_size / 1e6:5.2f} "
                    f"{players:7d} {statistics.median(times):8.2f} {min(times):6.2f}"
                )
            browser.close()
    verdict = "meets" if worst < LOAD_BAR_S else "MISSES"
    print(f"slowest page (best of {args.repeat}): {worst:.2f} s, {verdict} the {LOAD_BAR_S} s bar")


if __name__ == "__main__":
    main()
