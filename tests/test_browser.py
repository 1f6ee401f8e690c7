"""Real-browser tests: the built book read offline, and live widgets in JupyterLab.

They drive Debian's Chromium with Python ``playwright`` (see ``_browser.py``: never a downloaded
browser; skipped when no Chromium is installed).

* Book: the book (built once per test run, ``_browser.BookBuild``) is served on 127.0.0.1.
  Every page in ``_toc.yml`` must load with no failed request and no request leaving
  127.0.0.1, its math must be typeset by the bundled MathJax (no raw TeX left), no code cell may
  be wider than the column (they wrap: ``_static/nnnotes.css``) nor hold a line that wraps in
  a 1280-pixel window (hidden inputs included), every image must load, and pressing Play on
  an animation must change the frame shown.
* Live: a local JupyterLab runs a notebook holding chapter 1's explorer and chapter 4's
  playground (the same nnnotes calls as the chapters); the browser drags a slider and presses
  Play, and the plotted image must change. Before/after screenshots are saved under the
  test's temporary directory.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import inspect
import os
import re
import secrets
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
import yaml
from _browser import REQUIRES_CHROMIUM, ROOT, BookBuild, tool

from nnnotes import playground

pytestmark = REQUIRES_CHROMIUM


def _toc_pages() -> list[str]:
    """Every page of the book, in ``_toc.yml`` order, as paths relative to the site root."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                files.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc.get("parts", toc.get("chapters", [])))
    return [f"{f}.html" for f in files]


# Jupyter Book 1.x writes sphinx-thebe's one-line config script twice into every page; the second
# `const` fails. Nothing uses it: thebe is off (launch_buttons.thebe: false) and never loads.
_KNOWN_HARMLESS = {"Identifier 'THEBE_JS_URL' has already been declared"}


def _new_page(browser, origin: str):
    """A page that may only talk to ``origin``; everything else is aborted and recorded."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(20_000)
    page.external, page.failed, page.errors = [], [], []

    def route(r):
        url = r.request.url
        if url.startswith((origin + "/", "data:", "blob:")):
            r.continue_()
        else:
            page.external.append(url)
            r.abort()

    page.route("**/*", route)
    page.on("requestfailed", lambda req: page.failed.append(f"{req.url} ({req.failure})"))
    page.on(
        "response", lambda res: res.status >= 400 and page.failed.append(f"{res.url} {res.status}")
    )
    page.on(
        "pageerror", lambda err: str(err) not in _KNOWN_HARMLESS and page.errors.append(str(err))
    )
    return page


# ----------------------------------------------------------------------------- live JupyterLab

# Chapter 1's explorer: the same nnnotes calls as book/01_finite_differences.ipynb.
LIVE_CELLS = [
    "import ipywidgets as widgets\n"
    "from nnnotes.data import make_line\n"
    "from nnnotes.figures import live\n"
    "from nnnotes.widgets import explorer",
    "x, y = make_line(n=20, w_true=1.5, noise=0.4, seed=0)\n"
    "explorer(\n"
    "    live.RegressionDescent(x, y, -1.0),\n"
    "    figsize=(10, 3.8),\n"
    '    lr=widgets.FloatSlider(value=0.1, min=0.02, max=0.8, step=0.01, description="η"),\n'
    '    steps=widgets.IntSlider(value=12, min=0, max=40, description="steps"),\n'
    ")",
    # Chapter 4's training dashboard, as the chapter calls it.
    "from nnnotes.playground import playground\nplayground(max_frames=20)",
]


_KERNEL_IDLE = """() => {
  const w = window.jupyterapp && jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return k && k.status === 'idle';
}"""


# A new picture is in widget k's <img> (its src changes on every redraw) and has loaded.
_PICTURE_SHOWN = """([k, old]) => {
  const img = document.querySelectorAll('.jp-OutputArea-output img.widget-image')[k];
  return img && img.src && img.src !== old && img.complete && img.naturalWidth > 0;
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(proc: subprocess.Popen) -> None:
    """Stop the server and everything it started (its own process group: kernels too)."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=10)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


@contextlib.contextmanager
def _jupyter_lab(root: Path, attempts: int = 3, timeout: float = 30.0):
    """Run JupyterLab on a random port with a random token; yield (origin, token).

    Retries on a fresh port if the server dies or does not answer; always stops it.
    """
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)  # a reader's kernel uses the inline backend, not CI's Agg
    for name in (
        "JUPYTER_CONFIG_DIR",
        "JUPYTER_DATA_DIR",
        "JUPYTER_RUNTIME_DIR",
        "IPYTHONDIR",
        "JUPYTERLAB_SETTINGS_DIR",
        "JUPYTERLAB_WORKSPACES_DIR",
    ):
        env[name] = str(root / ".jupyter" / name.lower())
    # No "get notified about Jupyter news?" toast over the widgets.
    notification = Path(env["JUPYTERLAB_SETTINGS_DIR"]) / "@jupyterlab" / "apputils-extension"
    notification.mkdir(parents=True, exist_ok=True)
    (notification / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}')
    log_path = root / "jupyter.log"
    for _attempt in range(attempts):
        port, token = _free_port(), secrets.token_hex(16)
        with log_path.open("a") as log:
            proc = subprocess.Popen(
                [
                    tool("jupyter-lab"),
                    "--no-browser",
                    "--ServerApp.allow_root=True",  # CI containers run as root
                    "--ServerApp.ip=127.0.0.1",
                    f"--ServerApp.port={port}",
                    "--ServerApp.port_retries=0",
                    f"--ServerApp.root_dir={root}",
                    f"--IdentityProvider.token={token}",
                    "--LabApp.expose_app_in_browser=True",
                    "--LabApp.news_url=None",
                    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                ],
                cwd=root,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        origin = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while proc.poll() is None and time.monotonic() < deadline:
                try:
                    with urllib.request.urlopen(f"{origin}/api/status?token={token}", timeout=2):
                        break
                except OSError:
                    time.sleep(0.25)
            else:
                continue  # died or never answered: next attempt on a fresh port
            yield origin, token
            return
        finally:
            _stop(proc)
    pytest.fail(f"JupyterLab did not start in {attempts} attempts:\n{log_path.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def live(browser, tmp_path_factory):
    """JupyterLab with LIVE_CELLS run; yields (page, screenshot directory)."""
    root = tmp_path_factory.mktemp("live")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in LIVE_CELLS])
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, root / "live.ipynb")
    shots = root / "screenshots"
    shots.mkdir()
    with _jupyter_lab(root) as (origin, token):
        page = _new_page(browser, origin)
        try:
            page.goto(f"{origin}/lab/tree/live.ipynb?reset&token={token}")
            page.wait_for_function(_KERNEL_IDLE, timeout=40_000)
            page.evaluate("() => jupyterapp.commands.execute('notebook:run-all-cells')")
            for k in range(2):  # both widgets show their first picture
                page.wait_for_function(_PICTURE_SHOWN, arg=[k, ""], timeout=40_000)
            page.wait_for_function(_KERNEL_IDLE, timeout=20_000)
            yield page, shots
        finally:
            page.close()


def _settle(page) -> None:
    """Let the kernel finish the redraws a drag or Play queued (before a screenshot)."""
    for _ in range(2):
        page.wait_for_function(_KERNEL_IDLE, timeout=20_000)
        page.wait_for_timeout(300)


def test_live_slider_redraws_plot(live):
    page, shots = live
    widget = page.locator(".jp-OutputArea-output").nth(0)  # chapter 1's explorer
    plot = widget.locator("img.widget-image")
    widget.scroll_into_view_if_needed()
    before_src, before_pixels = plot.get_attribute("src"), plot.screenshot()
    widget.screenshot(path=shots / "explorer_before.png")

    handle = widget.locator(".widget-slider .noUi-handle").first  # the η slider
    box = handle.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + 90, box["y"] + box["height"] / 2, steps=5)
    page.mouse.up()
    page.wait_for_function(_PICTURE_SHOWN, arg=[0, before_src], timeout=20_000)
    _settle(page)
    widget.screenshot(path=shots / "explorer_after.png")
    assert widget.locator(".widget-readout").first.inner_text() != "0.10", "the slider did not move"
    assert plot.screenshot() != before_pixels, "the plot looks the same after the move"
    assert "Traceback" not in widget.inner_text()
    assert not page.errors, f"JavaScript errors: {page.errors}"


def test_live_dashboard_play_trains_and_redraws(live):
    page, shots = live
    widget = page.locator(".jp-OutputArea-output").nth(1)  # chapter 4's playground
    plot = widget.locator("img.widget-image")
    widget.scroll_into_view_if_needed()
    before_src, before_pixels = plot.get_attribute("src"), plot.screenshot()
    widget.screenshot(path=shots / "dashboard_before.png")

    widget.locator(".widget-play button").first.click()  # Play: 20 frames, then it stops
    page.wait_for_function(_PICTURE_SHOWN, arg=[1, before_src], timeout=20_000)
    status = widget.locator(".widget-html").first
    epochs = 20 * inspect.signature(playground.start_run).parameters["epochs_per_step"].default
    status.filter(has_text=re.compile(rf"epoch {epochs}\b")).wait_for(timeout=20_000)
    _settle(page)
    widget.screenshot(path=shots / "dashboard_after.png")
    assert plot.screenshot() != before_pixels, "the plot looks the same after training"
    assert "Traceback" not in widget.inner_text()
    assert not page.errors, f"JavaScript errors: {page.errors}"


# ----------------------------------------------------------------------------- the built book


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module", autouse=True)
def book_build(tmp_path_factory):
    """Start building the book at once, in the background (unless the player tests have).

    The live tests (first in this module) run meanwhile; ``site`` waits for the build.
    """
    build = BookBuild(tmp_path_factory)
    try:
        yield build
    finally:
        build.close()


@pytest.fixture(scope="module")
def site(book_build):
    """The built book served on 127.0.0.1; yields (origin, html directory)."""
    html = book_build.html()
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(html))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", html
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# Text outside code that still looks like TeX delimiters means math was not typeset.
_RAW_TEX = """() => {
  const walker = document.createTreeWalker(document.querySelector('main') || document.body,
                                           NodeFilter.SHOW_TEXT);
  const bad = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement.closest('pre, code, script, style, .highlight, mjx-container')) continue;
    const t = n.textContent;
    if (/\\$\\$|\\\\\\[|\\\\\\(|\\\\begin\\{|\\\\frac|\\\\partial/.test(t)) bad.push(t.trim().slice(0, 80));
  }
  return bad;
}"""

#: Lines of code cells (hidden ones too) wider than the column, measured in the cells' font.
_WRAPPING_LINES = """() => {
  const pres = [...document.querySelectorAll('div.cell_input pre')];
  const shown = pres.find(p => p.clientWidth > 0);
  if (!shown) return [];
  const cs = getComputedStyle(shown);
  const width = shown.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
  const ctx = document.createElement('canvas').getContext('2d');
  ctx.font = cs.fontSize + ' ' + cs.fontFamily;
  return pres.flatMap(p => p.textContent.split('\\n'))
             .filter(line => ctx.measureText(line).width > width)
             .map(line => line.slice(0, 60));
}"""

_IMAGES = """async () => {
  const imgs = [...document.images];
  imgs.forEach(i => { i.loading = 'eager'; });
  await Promise.all(imgs.map(i => i.complete ? null
                                  : new Promise(r => { i.onload = i.onerror = r; })));
  return imgs.filter(i => !(i.complete && i.naturalWidth > 0))
             .map(i => (i.id || '') + ' ' + (i.getAttribute('src') || '(no src)').slice(0, 80));
}"""


@pytest.mark.parametrize("page_path", _toc_pages())
def test_book_page_offline(browser, site, page_path):
    origin, _html = site
    page = _new_page(browser, origin)
    try:
        response = page.goto(f"{origin}/{page_path}", wait_until="load")
        assert response is not None and response.ok, f"{page_path}: {response and response.status}"

        n_math = page.locator(".math").count()
        if n_math:
            page.wait_for_function(
                "() => window.MathJax && MathJax.startup && MathJax.startup.promise"
            )
            page.evaluate("() => MathJax.startup.promise")
            untypeset = page.evaluate(
                "() => [...document.querySelectorAll('.math')]"
                ".filter(m => !m.querySelector('mjx-container')).map(m => m.textContent.slice(0, 80))"
            )
            assert not untypeset, f"{page_path}: math not typeset by MathJax: {untypeset[:3]}"
            errors = page.locator("mjx-merror").all_inner_texts()
            assert not errors, f"{page_path}: MathJax TeX errors: {errors[:3]}"
        assert not page.evaluate(_RAW_TEX), f"{page_path}: raw TeX in the text"

        wide = page.evaluate(
            "() => [...document.querySelectorAll('div.cell_input pre')]"
            ".filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent.slice(0, 60))"
        )
        assert not wide, f"{page_path}: code cells wider than the column: {wide[:3]}"
        wrapping = page.evaluate(_WRAPPING_LINES)
        assert not wrapping, f"{page_path}: code lines that wrap: {wrapping[:3]}"

        broken = page.evaluate(_IMAGES)
        assert not broken, f"{page_path}: images that did not load: {broken}"

        players = page.locator("div.animation")
        for k in range(players.count()):
            player = players.nth(k)
            img_id = player.locator("img").get_attribute("id")
            before = page.evaluate("id => document.getElementById(id).src", img_id)
            player.scroll_into_view_if_needed()
            player.locator("button[title='Play']").click()
            page.wait_for_function(
                "([id, src]) => document.getElementById(id).src !== src",
                arg=[img_id, before],
                timeout=5_000,
            )
            player.locator("button[title='Pause']").click()

        assert not page.external, f"{page_path}: requests leaving 127.0.0.1: {page.external}"
        assert not page.failed, f"{page_path}: failed requests: {page.failed}"
        assert not page.errors, f"{page_path}: JavaScript errors: {page.errors}"
    finally:
        page.close()


def test_book_has_animations(site):
    """The Play check above is not vacuous: the rendered book carries kernel-free players."""
    _origin, html = site
    assert any('class="animation"' in p.read_text() for p in (html / "book").glob("*.html"))
