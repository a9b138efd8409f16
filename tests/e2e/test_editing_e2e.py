"""Editing in a real browser: a stage renamed on the Journeys page shows on the journey map."""

import re

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.e2e.conftest import Server, screenshot, settle
from tests.e2e.test_accessibility import violations

pytestmark = pytest.mark.e2e
TIMEOUT = 30_000


def choose(page: Page, key: str, option: str) -> None:
    """Pick an option of a selectbox (found by its key) by typing it, as a keyboard user does.

    A run that ends while the list is open redraws the box and closes the list, as it would
    for a user, who would open it again: so does this, up to three times."""
    box = page.locator(f".st-key-{key} input")
    for attempt in range(3):
        settle(page)
        box.scroll_into_view_if_needed()
        box.click()
        page.keyboard.press("ControlOrMeta+a")
        page.keyboard.type(option)
        try:
            page.get_by_role("option", name=option, exact=True).click(timeout=10_000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")
    settle(page)


def test_a_renamed_stage_shows_on_the_journey_map(fresh_server: Server, page: Page) -> None:
    page.goto(f"{fresh_server.url}/journeys?journey=First+purchase")
    expect(page.get_by_role("heading", name="Journeys")).to_be_visible(timeout=TIMEOUT)
    settle(page)
    choose(page, "journeys_stage", "First bill")
    name = page.locator(".st-key-journeys_stage_name input")
    expect(name).to_have_value("First bill", timeout=TIMEOUT)
    name.fill("First invoice")
    name.press("Enter")
    settle(page)

    save = page.locator(".st-key-journeys_stage_save button")
    expect(save).to_be_disabled()  # responses refer to the stage: confirm first
    page.locator(".st-key-journeys_stage_rename_confirm").get_by_text("Yes, rename").click()
    settle(page)
    expect(save).to_be_enabled()
    save.click()
    settle(page)
    expect(page.get_by_text("Renamed stage 'First bill' to 'First invoice'")).to_be_visible(
        timeout=TIMEOUT
    )
    screenshot(page, "journeys-stage-renamed")

    page.get_by_test_id("stSidebar").get_by_role("link", name="Journey map").click()
    page.wait_for_url("**/journey_map?**", timeout=TIMEOUT)
    chart = page.get_by_test_id("stVegaLiteChart").first
    expect(chart.locator("canvas, svg").first).to_be_visible(timeout=TIMEOUT)
    settle(page)
    caption = page.get_by_text("Low point: First invoice")
    expect(caption).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("First bill", exact=True)).to_have_count(0)
    # The map's stage heading, as drawn (and as assistive technology reads the SVG's text);
    # a long name is wrapped between words, one line per <tspan>.
    heading = chart.locator("text").filter(has_text=re.compile(r"^First\s*invoice$"))
    expect(heading.first).to_be_attached()
    expect(chart.locator("text").filter(has_text=re.compile(r"^First\s*bill$"))).to_have_count(0)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    screenshot(page, "journey-map-after-rename")


@pytest.mark.parametrize("path", ["journeys", "personas", "notes"])
def test_editing_pages_have_no_serious_accessibility_violations(
    fresh_server: Server, page: Page, path: str
) -> None:
    page.goto(f"{fresh_server.url}/{path}?journey=First+purchase")
    expect(page.get_by_test_id("stSidebar").get_by_role("link", name="Overview")).to_be_attached(
        timeout=TIMEOUT
    )
    settle(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    found = violations(page)
    summary = [(v["id"], [n["target"] for n in v["nodes"]][:5]) for v in found]  # type: ignore[index, union-attr]
    screenshot(page, f"editing-{path}")
    assert not found, summary


def test_a_new_opportunity_note_shows_on_the_journey_map(fresh_server: Server, page: Page) -> None:
    page.goto(f"{fresh_server.url}/notes?journey=First+purchase")
    expect(page.get_by_role("heading", name="Notes")).to_be_visible(timeout=TIMEOUT)
    settle(page)
    choose(page, "notes_new_stage", "Order")
    choose(page, "notes_new_kind", "Opportunity")
    page.locator(".st-key-notes_new_author input").fill("Maya (CX research)")
    page.locator(".st-key-notes_new_text textarea").fill("Offer a callback slot at checkout")
    page.locator(".st-key-notes_add button").click()
    settle(page)
    screenshot(page, "notes-added")
    page.goto(f"{fresh_server.url}/journey_map?journey=First+purchase")
    chart = page.get_by_test_id("stVegaLiteChart").first
    expect(chart.locator("canvas, svg").first).to_be_visible(timeout=TIMEOUT)
    settle(page)
    # Wrapped over lines (one <tspan> each): the note's words, in order, in one text.
    drawn = chart.locator("text").filter(has=page.locator("tspan", has_text="callback"))
    expect(drawn.first).to_be_attached(timeout=TIMEOUT)
    words = drawn.first.evaluate("e => [...e.querySelectorAll('tspan')].map(t => t.textContent)")
    assert " ".join(words) == "• Offer a callback slot at checkout"
    screenshot(page, "journey-map-with-note")
