"""The Overview in a real browser: headless Chromium (Debian's) against `streamlit run app.py`.

Cold: a server just started on the database (Streamlit's caches empty) and a browser context
of its own (no cached assets); warm: a reload of the same page. Each figure is the time from
the navigation until every chart of the page is drawn and Streamlit has finished its run;
"loaded" is when the browser had the page itself (DOMContentLoaded: Streamlit's frontend,
before the app's script has sent anything), so the rest is the script's run and the drawing.
"""

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from statistics import median
from urllib.parse import quote_plus

from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
TIMEOUT_MS = 120_000
# Every chart on the page drawn (Vega draws into a canvas or an SVG once its data arrives)
# and no run in progress (Streamlit shows its status widget while the script runs).
ALL_DRAWN = """() => {
  const charts = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')];
  return charts.length > 0
    && charts.every(chart => chart.querySelector('canvas, svg'))
    && !document.querySelector('[data-testid="stStatusWidget"]');
}"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start(python: str, database: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`streamlit run app.py` on a free port against `database`, once it answers."""
    port = _free_port()
    env = os.environ | {"JOURNEY_DB_URL": f"sqlite:///{database}"}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [python, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return process, url
        except OSError:
            time.sleep(0.2)
    _stop(process)
    raise RuntimeError(f"streamlit did not start; see {log}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server and everything it started (its process group)."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _loaded(page: Page) -> float:
    """Seconds from the navigation to DOMContentLoaded, by the browser's own clock."""
    entry = "performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"
    return float(page.evaluate(entry)) / 1000


def _until_drawn(page: Page) -> int:
    """Wait until every chart is drawn and the run is over; how many charts there are."""
    page.wait_for_function(ALL_DRAWN, timeout=TIMEOUT_MS, polling=50)
    if page.get_by_test_id("stException").count():
        raise RuntimeError(page.get_by_test_id("stException").first.inner_text())
    return page.get_by_test_id("stVegaLiteChart").count()


def _one_round(browser: Browser, python: str, database: Path, journey: str) -> dict[str, float]:
    process, url = _start(python, database, database.with_suffix(".server.log"))
    try:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        started = time.perf_counter()
        page.goto(f"{url}/?journey={quote_plus(journey)}")
        charts = _until_drawn(page)
        cold = time.perf_counter() - started
        cold_loaded = _loaded(page)
        started = time.perf_counter()
        page.reload()
        _until_drawn(page)
        warm = time.perf_counter() - started
        warm_loaded = _loaded(page)
        context.close()
    finally:
        _stop(process)
    return {
        "cold": cold,
        "warm": warm,
        "cold_loaded": cold_loaded,
        "warm_loaded": warm_loaded,
        "charts": charts,
    }


def browser_figures(python: str, database: Path, journey: str, repeat: int) -> dict[str, float]:
    """Medians of `repeat` rounds: the Overview cold (fresh server) and warm (reload)."""
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            rounds = [_one_round(browser, python, database, journey) for _ in range(repeat)]
        finally:
            browser.close()
    return {key: median(r[key] for r in rounds) for key in rounds[0]}
