"""Headless Chromium over a folder served on loopback, with every request to any other host blocked and
recorded: shared by the tests of the website and the slide decks (test_site.py, test_slides.py).

    with served(folder) as base, offline_browser() as browser:
        visit = browser.visit(base + "/index.html")   # page, blocked, failed, errors
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-default-apps",
    "--disable-extensions",
    # names other than loopback do not resolve, so nothing can leave the machine even past the route below
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the tests report what matters; no access log on stderr
        pass


@contextlib.contextmanager
def served(folder: Path):
    """Serve `folder` over HTTP on 127.0.0.1 (a free port) for the duration of the block; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def is_local(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme in ("file", "data", "blob", "about") or parsed.hostname in LOOPBACK_HOSTS


@dataclass
class Visit:
    page: object
    blocked: list[str] = field(default_factory=list)  # requests to another host (aborted)
    failed: list[str] = field(default_factory=list)  # local requests that failed (missing files)
    errors: list[str] = field(default_factory=list)  # uncaught page errors and console errors

    def problems(self) -> list[str]:
        return [f"blocked {u}" for u in self.blocked] + [f"failed {u}" for u in self.failed] + self.errors


class OfflineBrowser:
    def __init__(self, context):
        self.context = context

    def visit(self, url: str, wait_until: str = "load") -> Visit:
        page = self.context.new_page()
        visit = Visit(page)

        def route(route_):
            if is_local(route_.request.url):
                route_.continue_()
            else:
                visit.blocked.append(route_.request.url)
                route_.abort("blockedbyclient")

        page.route("**/*", route)
        page.on("requestfailed", lambda r: None if r.url in visit.blocked else visit.failed.append(r.url))
        page.on("response", lambda r: visit.failed.append(f"{r.url} ({r.status})") if r.status >= 400 else None)
        page.on("pageerror", lambda e: visit.errors.append(f"page error: {e}"))
        page.on("console", lambda m: visit.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.goto(url, wait_until=wait_until)
        page.wait_for_load_state("networkidle")
        return visit


@contextlib.contextmanager
def offline_browser(viewport=(1280, 800)):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        try:
            yield OfflineBrowser(context)
        finally:
            context.close()
            browser.close()
