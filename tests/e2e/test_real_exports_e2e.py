"""The first hour with real exports, in a real browser (issue 13): three exports imported from
the suggested mapping alone, and a progress bar while a million rows are checked."""

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests import exports
from tests.e2e.conftest import Server, screenshot, settle

pytestmark = pytest.mark.e2e
TIMEOUT = 30_000


def upload_and_import(page: Page, server: Server, path: Path, detected: str, kept: str) -> None:
    """Drop the file, keep the suggested mapping, Check, Import; the message stays."""
    page.goto(f"{server.url}/upload?journey=First+purchase")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(path))
    expect(page.get_by_text(f"Detected: {path.name}: {detected}")).to_be_visible(timeout=TIMEOUT)
    settle(page)
    expect(page.get_by_text("The mapping is not complete")).to_have_count(0)
    page.get_by_role("button", name="1 · Check the file").click()
    expect(page.get_by_text("Will be kept")).to_be_visible(timeout=TIMEOUT)
    settle(page)
    screenshot(page, f"real-export-checked-{path.stem}")
    page.get_by_role("button", name="2 · Import").click()
    message = page.get_by_text(kept)
    expect(message).to_be_visible(timeout=TIMEOUT)
    settle(page)
    time.sleep(1.5)  # the message once vanished in a rerun within a second
    expect(message).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    screenshot(page, f"real-export-imported-{path.stem}")


def test_three_real_exports_import_from_the_suggestions(
    fresh_server: Server, page: Page, tmp_path: Path
) -> None:
    files = {
        "pandas-index.csv": (exports.pandas_index_export(), "wide export", "kept 1,750"),
        "surveymonkey.csv": (
            exports.surveymonkey_export(),
            "wide SurveyMonkey export",
            "kept 1,050, rejected 0; outcomes kept 150",
        ),
        "google-forms.csv": (
            exports.google_forms_export(),
            "wide Google Forms export",
            "kept 1,050, rejected 0; outcomes kept 150",
        ),
    }
    for name, (data, detected, kept) in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        upload_and_import(page, fresh_server, path, detected, kept)


def million_rows(path: Path) -> None:
    """A long file of a million responses to the demo's 'First purchase'."""
    stages = exports.FIRST_PURCHASE_STAGES
    with path.open("w", encoding="utf-8") as out:
        out.write("respondent_id,persona,stage,emotion\n")
        for i in range(1_000_000):
            out.write(f"m{i // 7},Tech enthusiast,{stages[i % 7]},{1 + (i * 7919) % 5}\n")


def test_a_progress_bar_shows_while_a_million_rows_are_checked(
    fresh_server: Server, page: Page, tmp_path: Path
) -> None:
    path = tmp_path / "million.csv"
    million_rows(path)
    page.goto(f"{fresh_server.url}/upload?journey=First+purchase")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(path))
    expect(page.get_by_text("1,000,000 rows")).to_be_visible(timeout=120_000)
    settle(page, timeout=60_000)
    page.get_by_role("button", name="1 · Check the file").click()
    bar = page.get_by_test_id("stProgress")
    expect(bar).to_be_visible(timeout=TIMEOUT)
    # Rows done, the total estimated from the share of the file read, and the time left.
    expect(bar).to_contain_text(
        re.compile(r"Checking: [\d,]+ of about 1,0\d\d,\d{3} rows, about \d+ s left"),
        timeout=TIMEOUT,
    )
    screenshot(page, "million-rows-checking")
    expect(page.get_by_text("Will be kept")).to_be_visible(timeout=300_000)
    expect(bar).to_have_count(0)  # gone once the check is done
