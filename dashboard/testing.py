"""The real app in a real browser, for the browser tests, the benchmark and the screenshots.

`served(db)` starts `python -m dashboard` on a free port and stops it afterwards; `chromium()` starts
Debian's Chromium through Playwright (Playwright's own browser download is not used).
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# without the background-networking flags Chromium keeps trying to reach Google's hosts
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def served(db: str | Path, timeout: float = 60, log_path: str | Path | None = None, args: list[str] = ()):
    """The app serving `db` (with `args` for python -m dashboard); yields its base URL. Its log goes to
    `log_path` (default: a temp file)."""
    with serving(db, timeout, log_path, args) as (url, _server):
        yield url


@contextmanager
def serving(db: str | Path, timeout: float = 60, log_path: str | Path | None = None, args: list[str] = ()):
    """As `served`, yielding (base URL, the server's process) for those who measure it. A temp log is
    kept only when the block failed, for its reader."""
    port = free_port()
    log = (open(log_path, "w") if log_path else
           tempfile.NamedTemporaryFile("w", prefix="dashboard-", suffix=".log", delete=False))
    server = subprocess.Popen([sys.executable, "-m", "dashboard", "--db", str(db), "--port", str(port), *args],
                              cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"the app exited with {server.returncode}: see {log.name}")
            try:
                urllib.request.urlopen(url + "/_dash-layout", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the app did not answer on {url} within {timeout} s") from None
                time.sleep(0.2)
        yield url, server
    except BaseException:
        log_path = log.name   # kept: the failure's message names it
        raise
    finally:
        server.terminate()
        server.wait(10)
        log.close()
        if not log_path:
            Path(log.name).unlink(missing_ok=True)


def chromium_missing() -> str | None:
    """Why no browser can be started here, or None."""
    if not Path(CHROMIUM).exists():
        return (f"no Chromium at {CHROMIUM}: install Debian's package (apt-get install chromium; `make test` does "
                f"when it runs as root) or set CHROMIUM to a Chromium binary")
    return None


@contextmanager
def chromium():
    """A headless Chromium (Playwright browser object)."""
    from playwright.sync_api import sync_playwright

    if reason := chromium_missing():
        raise RuntimeError(reason)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def wait_for_chart(page, selector: str = ".js-plotly-plot .main-svg", timeout: float = 20_000) -> None:
    """Wait until a Plotly chart is drawn and no Dash callback is pending."""
    page.wait_for_selector(selector, timeout=timeout)
    page.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')", timeout=timeout)
