"""End-to-end fixtures: the real `rashomon serve` in a subprocess on a free loopback port, and
Debian's Chromium driven headless by Playwright (never a downloaded browser), with `watching` to record
what a page does (requests, dialogs, errors) for the dashboard's and the report's browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.error import HTTPError, URLError

import pytest

from tests.e2e.web_store import build_store

CHROMIUM = Path("/usr/bin/chromium")
HEADLESS_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",  # no update checks: every request seen is the page's own
]
# The server starts in well under a second once imported; a slow CI machine gets ten times that.
START_SECONDS = 30


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    reason = f"no Chromium at {CHROMIUM}: install it with 'apt-get install -y chromium'"
    for item in items:
        if "e2e" in item.keywords and not CHROMIUM.exists():
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def e2e_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("e2e"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"rashomon serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except HTTPError:
            return  # it answers (401 when a token is needed): it is up
        except (URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    pytest.fail(f"rashomon serve did not answer within {START_SECONDS}s:\n{log.read_text()}")


Server = Callable[..., str]


@pytest.fixture(scope="module")
def serve(e2e_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Start `rashomon serve` on the store (one server per token, shared by a module's tests);
    returns its base URL."""
    started: dict[str | None, str] = {}
    processes: list[subprocess.Popen[bytes]] = []
    logs = tmp_path_factory.mktemp("serve")

    def start(token: str | None = None) -> str:
        if token in started:
            return started[token]
        port = free_port()
        env = {k: v for k, v in os.environ.items() if k != "RASHOMON_TOKEN"}
        if token:
            env["RASHOMON_TOKEN"] = token
        log = logs / f"serve-{port}.log"
        command = [sys.executable, "-m", "rashomon.cli", "serve", "--db", str(e2e_store), "--port", str(port)]
        with log.open("wb") as out:
            process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
        processes.append(process)
        base = f"http://127.0.0.1:{port}"
        _wait_until_up(f"{base}/favicon.ico", process, log)
        started[token] = base
        return base

    yield start
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# Module scope: Playwright's sync API runs one event loop per thread, so each test module starts
# and stops its own.
@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: install it with 'apt-get install -y chromium'")
    playwright_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=HEADLESS_FLAGS)
        yield launched
        launched.close()


@dataclass
class Watched:
    """A browser page and everything it did: requests, dialogs, console errors, script errors.
    `local` says which URLs may be asked for; any other is refused and stays listed here."""

    page: Any
    local: Callable[[str], bool]
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def offsite(self) -> list[str]:
        return [url for url in self.requests if not self.local(url)]

    def assert_quiet(self) -> None:
        """Nothing left the machine, no dialog fired and nothing logged an error."""
        assert self.requests, "no request was seen"
        assert self.offsite() == [], "requests left the machine"
        assert self.dialogs == [], "a dialog fired"
        assert self.errors == [], "console errors (a CSP violation shows up here)"


@contextmanager
def watching(browser: Any, local: Callable[[str], bool], **context_options: Any) -> Iterator[Watched]:
    """A page in a fresh browser context whose every request, dialog and error is recorded; requests
    for URLs that are not `local` are aborted."""
    context = browser.new_context(**context_options)
    page = context.new_page()
    seen = Watched(page, local)

    def route(route: Any) -> None:
        if local(route.request.url):
            route.continue_()
        else:
            route.abort()  # recorded by the request listener, and failed by assert_quiet

    def dialog(dialog: Any) -> None:
        seen.dialogs.append(dialog.message)
        dialog.dismiss()

    context.route("**/*", route)
    page.on("request", lambda request: seen.requests.append(request.url))
    page.on("dialog", dialog)
    page.on("console", lambda message: seen.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: seen.errors.append(str(error)))
    try:
        yield seen
    finally:
        context.close()
