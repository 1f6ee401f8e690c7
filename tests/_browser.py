"""What the real-browser tests share: Debian's Chromium, and one build of the book per test run.

Chromium is never downloaded: the tests are skipped (with a reason) when ``/usr/bin/chromium``
or Python ``playwright`` is missing; ``.ci/run`` installs Chromium, so CI always runs them.

The book is built once per test run into the run's temporary directory, whichever test module
(on whichever pytest-xdist worker) asks first; the others wait for that build. A file lock in
the directory shared by the workers decides who builds.
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib.util
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or next(
    (p for p in ("/usr/bin/chromium",) if os.access(p, os.X_OK)), None
)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",  # containers often have a tiny /dev/shm
]
#: ``pytestmark`` of a module that drives Chromium.
REQUIRES_CHROMIUM = [
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="no Chromium found (/usr/bin/chromium or `chromium` on PATH); "
        "install Debian's chromium to run the real-browser tests (.ci/run does)",
    ),
    pytest.mark.skipif(
        importlib.util.find_spec("playwright") is None,
        reason="Python playwright is not installed (pip install -r requirements.txt)",
    ),
]


def tool(name: str) -> str:
    """A console script of this environment (beside python), else from PATH."""
    path = Path(sys.executable).parent / name
    return str(path) if path.exists() else shutil.which(name) or name


@contextlib.contextmanager
def chromium():
    """A headless Chromium (playwright ``Browser``), closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class BookBuild:
    """``jupyter-book build`` of the repository into a directory shared by the test run.

    ``BookBuild(tmp_path_factory)`` starts the build in the background unless another module
    (or worker) has started it; :meth:`html` waits for the build and returns ``_build/html``.
    The builder holds the lock until the build has ended and its return code is written.
    """

    TIMEOUT = 600

    def __init__(self, tmp_path_factory):
        base = tmp_path_factory.getbasetemp()
        shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
        self.out, self.log = shared / "book", shared / "book-build.log"
        self.done = shared / "book-build.returncode"
        self.lock = (shared / "book-build.lock").open("w")
        self.proc = self.thread = None
        try:
            fcntl.flock(self.lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return  # another worker is building: html() waits for its lock
        if self.done.exists():
            fcntl.flock(self.lock, fcntl.LOCK_UN)
            return
        with self.log.open("w") as log:
            self.proc = subprocess.Popen(
                [tool("jupyter-book"), "build", str(ROOT), "--path-output", str(self.out)],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.thread = threading.Thread(target=self._finish, daemon=True)
        self.thread.start()

    def _finish(self) -> None:
        try:
            returncode = str(self.proc.wait(timeout=self.TIMEOUT))
        except subprocess.TimeoutExpired:
            self.proc.kill()
            returncode = f"timeout after {self.TIMEOUT} s"
        self.done.write_text(returncode)
        fcntl.flock(self.lock, fcntl.LOCK_UN)

    def html(self) -> Path:
        if self.thread is not None:
            self.thread.join()
        fcntl.flock(self.lock, fcntl.LOCK_EX)  # free once the build has ended
        fcntl.flock(self.lock, fcntl.LOCK_UN)
        returncode = self.done.read_text()
        assert returncode == "0", (
            f"jupyter-book build failed ({returncode}):\n{self.log.read_text()[-4000:]}"
        )
        return self.out / "_build" / "html"

    def close(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
        if self.thread is not None:
            self.thread.join()
        self.lock.close()
