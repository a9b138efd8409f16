"""The dashboard in a real browser: deep links, charts, filters in the URL."""

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Server, screenshot, settle

pytestmark = pytest.mark.e2e
TIMEOUT = 30_000


def wait_for_charts(page: Page, count: int = 1) -> None:
    charts = page.get_by_test_id("stVegaLiteChart")
    expect(charts.nth(count - 1)).to_be_visible(timeout=TIMEOUT)
    # Vega draws into a canvas or SVG once its data arrives.
    expect(charts.first.locator("canvas, svg").first).to_be_visible(timeout=TIMEOUT)


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def test_deep_link_first_on_a_fresh_server_gets_the_whole_app(
    fresh_server: Server, page: Page
) -> None:
    """The very first request is a shared link to an inner page with filters."""
    page.goto(f"{fresh_server.url}/journey_map?journey=Support+case&persona=Tech+enthusiast")
    wait_for_charts(page)
    sidebar = page.get_by_test_id("stSidebar")
    for label in ("Overview", "Journey map", "Emotion curves", "Expectations"):
        expect(sidebar.get_by_role("link", name=label)).to_be_visible()
    expect(sidebar.get_by_text("Tech enthusiast")).to_be_visible()
    expect(page.get_by_text("Support case · personas: Tech enthusiast")).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    screenshot(page, "journey-map-deep-link")


def test_overview_curve_with_peaks_and_valleys(fresh_server: Server, page: Page) -> None:
    page.goto(fresh_server.url)
    wait_for_charts(page)
    expect(page.get_by_test_id("stMetric").first).to_be_visible()
    caption = page.get_by_text("High point: Order")
    expect(caption).to_be_visible()
    expect(
        page.get_by_text("Valleys: Compare plans, Book installation, First bill.")
    ).to_be_visible()
    screenshot(page, "overview")


def test_filter_change_goes_to_the_url_and_links_carry_it(fresh_server: Server, page: Page) -> None:
    page.goto(fresh_server.url)
    wait_for_charts(page)
    respondents = page.get_by_test_id("stMetricValue").first
    before = respondents.inner_text()
    personas = page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").first
    personas.click()
    page.get_by_role("option", name="Senior first-timer").click()
    page.keyboard.press("Escape")
    expect(respondents).not_to_have_text(before, timeout=TIMEOUT)
    page.wait_for_function("() => window.location.search.includes('persona=')", timeout=TIMEOUT)
    assert query(page)["persona"] == ["Senior first-timer"]

    page.get_by_test_id("stSidebar").get_by_role("link", name="Expectations").click()
    page.wait_for_url("**/expectations?**", timeout=TIMEOUT)
    wait_for_charts(page, 3)
    assert query(page)["persona"] == ["Senior first-timer"]
    expect(page.get_by_text("personas: Senior first-timer").first).to_be_visible()
    screenshot(page, "expectations-filtered")


def test_every_page_in_the_navigation_opens_without_an_error(
    fresh_server: Server, page: Page
) -> None:
    page.goto(f"{fresh_server.url}/?journey=Contract+renewal")
    wait_for_charts(page)
    links = page.get_by_test_id("stSidebar").get_by_test_id("stPageLink-NavLink")
    targets = [
        (links.nth(i).inner_text().strip(), links.nth(i).get_attribute("href"))
        for i in range(links.count())
    ]
    assert len(targets) >= 12
    for label, href in targets:
        assert href is not None and "journey=Contract+renewal" in href
        page.goto(f"{fresh_server.url}/{href.lstrip('/')}")
        heading = page.get_by_test_id("stMainBlockContainer").get_by_role("heading", level=1)
        expect(heading.first).to_be_visible(timeout=TIMEOUT)
        settle(page)
        expect(page.get_by_test_id("stException")).to_have_count(0)
        screenshot(page, f"page-{label.split()[-1].lower()}")
