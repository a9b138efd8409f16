"""A real `streamlit run` server and headless Chromium (Debian's), for end-to-end tests."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "e2e"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@dataclass
class Server:
    url: str
    log: Path
    process: subprocess.Popen[bytes]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(db_file: Path, log: Path) -> Server:
    """Start `streamlit run app.py` on a free port against `db_file`; wait until healthy."""
    port = _free_port()
    env = os.environ | {"JOURNEY_DB_URL": f"sqlite:///{db_file}"}
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.headless",
                "true",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return Server(url, log, process)
        except OSError:
            time.sleep(0.3)
    stop_server(Server(url, log, process))
    raise RuntimeError(f"streamlit did not start; see {log}")


def stop_server(server: Server) -> None:
    """Stop the server and everything it started (its process group)."""
    try:
        os.killpg(server.process.pid, signal.SIGTERM)
        server.process.wait(timeout=10)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait()


@pytest.fixture
def fresh_server(demo_copy: Path, request: pytest.FixtureRequest) -> Iterator[Server]:
    """A server started for this test alone, on its own copy of the demo database."""
    server = start_server(demo_copy, ARTIFACTS / f"{request.node.name}.server.log")
    request.node.server_log = server.log
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make system-deps)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    opened = context.new_page()
    request.node.page = opened
    yield opened
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> object:
    """On failure, keep a screenshot and the server log next to the other artefacts."""
    report = yield
    if report.when == "call" and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        opened = getattr(item, "page", None)
        if opened is not None:
            opened.screenshot(path=str(ARTIFACTS / f"FAILED-{item.name}.png"), full_page=True)
        log = getattr(item, "server_log", None)
        if log is not None and log.exists():
            shutil.copy(log, ARTIFACTS / f"FAILED-{item.name}.server.log")
    return report


SETTLED = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app !== null
        && app.getAttribute('data-test-script-state') === 'notRunning'
        && !document.querySelector('[data-testid="stStatusWidget"]');
}"""


def settle(page: Page, timeout: float = 30_000) -> None:
    """Wait until the app has finished its run: the app's own script state (set as soon as a
    widget asks for a rerun, so a run that has not started yet is waited for too) is back to
    "notRunning" and the "running" indicator is gone."""
    page.wait_for_timeout(300)
    page.wait_for_function(SETTLED, timeout=timeout)
    page.wait_for_timeout(200)


@pytest.fixture(scope="session", autouse=True)
def clean_artifacts() -> None:
    """Failures of earlier runs are not news: only this run's failures stay in artifacts/e2e."""
    for old in ARTIFACTS.glob("FAILED-*"):
        old.unlink()


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
