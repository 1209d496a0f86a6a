"""Opening pages in headless Chromium and recording what they load (for the browser tests).

Needs Playwright (a dev dependency) and a Chromium binary, e.g. Debian's ``chromium``;
without them the tests skip, with ``LSCB_REQUIRE_BROWSER=1`` (as in CI) they fail.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

__all__ = ["CHROMIUM", "chromium", "external", "open_page"]

CHROMIUM = os.environ.get("LSCB_CHROMIUM", "/usr/bin/chromium")


def _unavailable(reason: str) -> None:
    if os.environ.get("LSCB_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests required but {reason}")
    pytest.skip(reason)


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium browser (skips the test when there is none)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install playwright)")
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        _unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield b
        finally:
            b.close()


def open_page(browser: Any, path: Path) -> dict[str, list[str]]:
    """Open ``path``, wait for the network to be idle; console errors and requests made."""
    page = browser.new_page()
    log: dict[str, list[str]] = {"errors": [], "requests": [], "failed": []}
    page.on("console", lambda m: log["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: log["errors"].append(str(e)))
    page.on("request", lambda r: log["requests"].append(r.url))
    page.on("requestfailed", lambda r: log["failed"].append(r.url))
    page.goto(path.as_uri(), wait_until="networkidle")
    page.close()
    return log


def external(log: dict[str, list[str]]) -> list[str]:
    """Requests that left the file system (anything but ``file:`` and ``data:`` URLs)."""
    return [u for u in log["requests"] if not u.startswith(("file://", "data:"))]
