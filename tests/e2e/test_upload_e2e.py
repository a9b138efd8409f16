"""Uploading survey results in a real browser, and seeing the figures change."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Server, screenshot
from tests.pages.test_upload_page import qualtrics

pytestmark = pytest.mark.e2e
TIMEOUT = 30_000


def respondents(page: Page, server: Server) -> str:
    page.goto(f"{server.url}/?journey=First+purchase")
    value = page.get_by_test_id("stMetricValue").first
    expect(value).to_be_visible(timeout=TIMEOUT)
    return value.inner_text()


def test_upload_a_wide_export_and_see_the_figures_change(
    fresh_server: Server, page: Page, tmp_path: Path
) -> None:
    before = respondents(page, fresh_server)
    export = tmp_path / "qualtrics-october.csv"
    export.write_bytes(qualtrics())
    page.goto(f"{fresh_server.url}/upload?journey=First+purchase")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(export))
    expect(page.get_by_text("wide Qualtrics export")).to_be_visible(timeout=TIMEOUT)
    page.get_by_role("button", name="1 · Check the file").click()
    expect(page.get_by_text("Will be kept")).to_be_visible(timeout=TIMEOUT)
    screenshot(page, "upload-checked")
    page.get_by_role("button", name="2 · Import").click()
    expect(page.get_by_text("kept 121, rejected 2")).to_be_visible(timeout=TIMEOUT)
    after = respondents(page, fresh_server)
    assert int(after.replace(",", "")) == int(before.replace(",", "")) + 41  # R_bad kept one rating

    page.goto(f"{fresh_server.url}/upload?journey=First+purchase")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(export))
    expect(page.get_by_text("wide Qualtrics export")).to_be_visible(timeout=TIMEOUT)
    page.get_by_role("button", name="1 · Check the file").click()
    expect(page.get_by_text("already imported")).to_be_visible(timeout=TIMEOUT)
    screenshot(page, "upload-already-imported")
