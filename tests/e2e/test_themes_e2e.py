"""Themes in a real browser: a comment moved into a theme changes the stage's theme table."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from journey.analysis.comment_themes import theme_tables
from journey.render.themes_tables import theme_caption
from journey.store.db import make_engine
from tests.e2e.conftest import Server, screenshot, settle
from tests.e2e.test_editing_e2e import choose

pytestmark = pytest.mark.e2e
TIMEOUT = 30_000


def stage_caption(db: Path, stage: str) -> str:
    """The caption the Themes page writes for a stage, from the database as it is now."""
    tables = theme_tables(engine=make_engine(f"sqlite:///{db}"), journey_id=1)
    return theme_caption(tables.by_stage[tables.by_stage["stage"] == stage], stage)


def select_first_row(page: Page, key: str, then: str) -> None:
    """Tick the first row of a dataframe (a canvas grid: its row marker, by position), and
    wait for the element `then` that the selection brings."""
    grid = page.locator(f".st-key-{key} [data-testid='stDataFrame']")
    settle(page)
    expect(grid).to_be_visible(timeout=TIMEOUT)
    grid.scroll_into_view_if_needed()
    settle(page)  # a grid still being redrawn moves under the pointer
    box = grid.bounding_box()
    assert box is not None
    marker = (box["x"] + 18, box["y"] + 35 + 17)
    page.mouse.move(*marker)  # the grid takes its first click as focus until hovered
    page.wait_for_timeout(500)
    for wait in (5_000, TIMEOUT):
        page.mouse.click(*marker)
        try:
            page.locator(f".st-key-{then}").wait_for(timeout=wait)
            break
        except PlaywrightTimeout:
            continue
    settle(page)


def test_a_comment_moved_into_a_theme_changes_the_stage_table(
    fresh_server: Server, page: Page, demo_copy: Path
) -> None:
    page.goto(f"{fresh_server.url}/themes?journey=First+purchase")
    expect(page.get_by_role("heading", name="Themes")).to_be_visible(timeout=TIMEOUT)
    settle(page)
    page.locator(".st-key-themes_new_name input").fill("Clear bills")
    page.locator(".st-key-themes_new_add button").click()
    settle(page, timeout=60_000)
    expect(page.get_by_text("Theme added.")).to_be_visible(timeout=TIMEOUT)
    choose(page, "themes_stage", "First bill")
    before = stage_caption(demo_copy, "First bill")
    expect(page.get_by_text(before)).to_be_visible(timeout=TIMEOUT)

    page.goto(f"{fresh_server.url}/verbatims?journey=First+purchase")
    settle(page)
    search = page.locator(".st-key-verbatims_search input")
    search.fill("quote exactly")
    search.press("Enter")
    settle(page)
    select_first_row(page, "verbatims_comments", then="verbatims_comment_target")
    choose(page, "verbatims_comment_target", "Clear bills")
    page.locator(".st-key-verbatims_comment_move button").click()
    settle(page, timeout=60_000)
    expect(page.get_by_text("The comment is now an example of 'Clear bills'.")).to_be_visible(
        timeout=TIMEOUT
    )
    screenshot(page, "verbatims-comment-moved")

    page.goto(f"{fresh_server.url}/themes?journey=First+purchase")
    settle(page)
    choose(page, "themes_stage", "First bill")
    after = stage_caption(demo_copy, "First bill")
    assert after != before
    expect(page.get_by_text(after)).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    screenshot(page, "themes-after-move")
