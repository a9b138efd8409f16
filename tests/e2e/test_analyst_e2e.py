"""An analyst's journey: filter, copy the link, and a colleague sees the same view."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import Server, screenshot, settle

pytestmark = pytest.mark.e2e
TIMEOUT = 30_000


def choose(page: Page, label: str, option: str) -> None:
    """Pick an option in a sidebar multiselect, by the keyboard as much as possible."""
    box = page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").filter(has_text=label)
    box.locator("input").click()
    page.keyboard.type(option[:6])
    page.get_by_role("option", name=option).click()
    page.keyboard.press("Escape")


def figures(page: Page) -> list[str]:
    values = page.get_by_test_id("stMetricValue")
    expect(values.first).to_be_visible(timeout=TIMEOUT)
    settle(page)
    return values.all_inner_texts()


def test_a_copied_link_reproduces_the_view(fresh_server: Server, browser: Browser) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{fresh_server.url}/?journey=Support+case")
    before = figures(page)
    choose(page, "Personas", "Tech enthusiast")
    page.wait_for_function("() => location.search.includes('persona=')", timeout=TIMEOUT)
    choose(page, "Personas", "Senior first-timer")
    choose(page, "Survey waves", "2026-Q2")
    page.wait_for_function("() => location.search.includes('wave=')", timeout=TIMEOUT)
    expect(
        page.get_by_text("personas: Tech enthusiast, Senior first-timer; waves: 2026-Q2")
    ).to_be_visible(timeout=TIMEOUT)
    shown = figures(page)
    assert shown != before
    link = page.get_by_test_id("stSidebar").get_by_test_id("stCode").inner_text().strip()
    assert parse_qs(urlparse(link).query) == {
        "journey": ["Support case"], "persona": ["Tech enthusiast", "Senior first-timer"],
        "wave": ["2026-Q2"],
    }  # fmt: skip
    screenshot(page, "analyst-filtered")

    colleague = browser.new_context(viewport={"width": 1400, "height": 1000})
    other = colleague.new_page()
    other.goto(link)
    expect(
        other.get_by_text("personas: Tech enthusiast, Senior first-timer; waves: 2026-Q2")
    ).to_be_visible(timeout=TIMEOUT)
    assert figures(other) == shown
    screenshot(other, "analyst-link-opened")
    colleague.close()
    page.close()


def test_keyboard_only(fresh_server: Server, page: Page) -> None:
    """Filters and navigation work with the keyboard alone."""
    page.goto(f"{fresh_server.url}/?journey=First+purchase")
    figures(page)
    personas = (
        page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").first.locator("input")
    )
    personas.focus()
    page.keyboard.type("Budget")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_function("() => location.search.includes('persona=Budget')", timeout=TIMEOUT)
    link = page.get_by_test_id("stSidebar").get_by_role("link", name="Journey map")
    # The page links carry the filters once the rerun the choice started has finished.
    expect(link).to_have_attribute("href", re.compile("persona=Budget"), timeout=TIMEOUT)
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/journey_map?**", timeout=TIMEOUT)
    assert parse_qs(urlparse(page.url).query)["persona"] == ["Budget-conscious family"]
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible(timeout=TIMEOUT)
    page.get_by_role("tab", name="Numbers").first.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible(timeout=TIMEOUT)
