"""Hostile text in a real browser: no script runs, no link or image appears from user text."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from dashboard.slides import SLIDES
from tests.e2e.conftest import ARTIFACTS, Server, start_server, stop_server
from tests.pages.test_hostile_text import hostile_database

pytestmark = pytest.mark.e2e
TIMEOUT = 30_000


@pytest.fixture
def hostile_server(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Server]:
    database = tmp_path / "hostile.db"
    hostile_database(database).dispose()
    server = start_server(database, ARTIFACTS / f"{request.node.name}.server.log")
    request.node.server_log = server.log
    yield server
    stop_server(server)


OPPORTUNITIES = [name for name, _ in SLIDES].index("Opportunities") + 1


@pytest.mark.parametrize(
    "path", ["", "journey_map", "expectations", f"present?slide={OPPORTUNITIES}"]
)
def test_hostile_text_stays_text(hostile_server: Server, page: Page, path: str) -> None:
    page.goto(f"{hostile_server.url}/{path}")
    expect(page.get_by_test_id("stVegaLiteChart").or_(page.get_by_text("Opportunities"))
           .first).to_be_visible(timeout=TIMEOUT)  # fmt: skip
    page.wait_for_timeout(1500)
    assert page.evaluate("window.pwned") is None
    main = page.get_by_test_id("stMain")
    assert main.locator("a[href*='evil'], img[src='x'], iframe, script").count() == 0
    expect(page.get_by_text("<script>window.pwned=1</script> Journey").first).to_be_visible()
