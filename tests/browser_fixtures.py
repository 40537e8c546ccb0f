"""Headless Chromium fixtures for pages hlmgraph writes (views, reports).

Fixtures
--------
``browser`` (session)
    One headless Chromium (``/usr/bin/chromium``) started with Playwright and
    the flags ``--no-sandbox --disable-gpu --disable-background-networking
    --disable-component-update --disable-sync --no-first-run``.
``open_page`` (function)
    ``open_page(path, wait_for_network=True, timeout_ms=15000) -> OpenedPage``
    opens a local HTML file in a fresh context (1400x900 viewport) and records:

    - ``console_errors``: console messages of type ``error`` (CSP violations
      included);
    - ``page_errors``: uncaught exceptions;
    - ``requests``: every request other than the file itself (``data:`` URLs,
      which never touch the network, are not counted); http(s) requests are
      aborted so a test never waits on the network;
    - ``dialogs``: the text of any ``alert``/``confirm``/``prompt`` (dismissed).

    With ``wait_for_network=True`` it waits until the page's global vis-network
    ``network`` object exists and has drawn its canvas once, and sets
    ``draw_ms`` (milliseconds from navigation start to the first
    ``afterDrawing``; pages written by ``hlmgraph view`` record it in
    ``window.hlmgraphFirstDraw``, other pages get a forced redraw). Use
    ``wait_for_network=False`` for pages without a network (e.g. a report).
    ``OpenedPage.screenshot(name)`` saves ``tests/artifacts/<name>.png``
    (git-ignored) and returns its path. Contexts are closed after the test.

Example
-------
    def test_page(open_page, tmp_path):
        opened = open_page(tmp_path / "view.html")
        assert not opened.page_errors and not opened.requests
        opened.screenshot("my-view")
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route, sync_playwright

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

_WAIT_FOR_DRAW = """
async (timeoutMs) => {
  const start = performance.now();
  while (typeof window.network === "undefined" || !window.network || !window.network.body) {
    if (performance.now() - start > timeoutMs) { throw new Error("no global `network`"); }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  if (typeof window.hlmgraphFirstDraw === "number") { return window.hlmgraphFirstDraw; }
  return await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("network never drew")), timeoutMs);
    window.network.once("afterDrawing", () => {
      clearTimeout(timer);
      resolve(typeof window.hlmgraphFirstDraw === "number" ? window.hlmgraphFirstDraw
                                                            : performance.now());
    });
    window.network.redraw();
  });
}
"""


@dataclass
class OpenedPage:
    """A page opened by ``open_page`` and what it did while loading."""

    page: Page
    url: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    draw_ms: float | None = None

    def screenshot(self, name: str) -> Path:
        """Save a PNG of the viewport under tests/artifacts/ and return its path."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path

    def evaluate(self, expression: str, arg: Any = None) -> Any:
        """Evaluate JavaScript in the page (shortcut for ``page.evaluate``)."""
        return self.page.evaluate(expression, arg)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole test session."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser: Browser) -> Iterator[Callable[..., OpenedPage]]:
    """Open local HTML files, recording errors and requests, and wait for the drawing."""
    contexts = []

    def _open(
        path: str | Path, wait_for_network: bool = True, timeout_ms: int = 15000
    ) -> OpenedPage:
        """Open ``path`` and return the recorded page."""
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        contexts.append(context)
        page = context.new_page()
        opened = OpenedPage(page=page, url=Path(path).resolve().as_uri())
        _record(opened)
        page.route("http*://**/*", _abort)
        page.goto(opened.url, wait_until="load", timeout=timeout_ms)
        if wait_for_network:
            opened.draw_ms = float(page.evaluate(_WAIT_FOR_DRAW, timeout_ms))
        return opened

    yield _open
    for context in contexts:
        context.close()


def _record(opened: OpenedPage) -> None:
    """Attach the listeners that fill the OpenedPage lists."""
    page = opened.page
    page.on(
        "console",
        lambda msg: opened.console_errors.append(msg.text) if msg.type == "error" else None,
    )
    page.on("pageerror", lambda exc: opened.page_errors.append(str(exc)))

    def on_request(request: Any) -> None:
        """Record any request other than the file itself."""
        if request.url != opened.url and not request.url.startswith("data:"):
            opened.requests.append(request.url)

    def on_dialog(dialog: Any) -> None:
        """Record and dismiss alert/confirm/prompt dialogs."""
        opened.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("request", on_request)
    page.on("dialog", on_dialog)


def _abort(route: Route) -> None:
    """Refuse a network request (it is recorded by the request listener)."""
    route.abort()
