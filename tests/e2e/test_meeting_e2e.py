"""A review meeting in a real browser: present mode on a projector, then the take-aways."""

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import Server, screenshot

pytestmark = pytest.mark.e2e
TIMEOUT = 30_000


def test_present_mode_on_a_projector(fresh_server: Server, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(f"{fresh_server.url}/present?journey=First+purchase")
    expect(page.get_by_text("Title · slide 1 of 6")).to_be_visible(timeout=TIMEOUT)
    screenshot(page, "present-1-title")
    for number, title in enumerate(
        ["Journey map", "Emotion curve", "Expectations", "Moments that matter", "Opportunities"],
        start=2,
    ):
        page.get_by_role("button", name="Next ▶").click()
        expect(page.get_by_text(f"{title} · slide {number} of 6")).to_be_visible(timeout=TIMEOUT)
        assert f"slide={number}" in page.url
        page.wait_for_timeout(500)
        screenshot(page, f"present-{number}-{title.lower().replace(' ', '-')}")
    expect(page.get_by_role("button", name="Next ▶")).to_be_disabled()
    context.close()


def test_downloads_from_the_page(fresh_server: Server, page: Page, tmp_path: Path) -> None:
    page.goto(f"{fresh_server.url}/present?journey=First+purchase")
    with page.expect_download(timeout=60_000) as report:
        page.get_by_role("button", name="Report (HTML, works offline)").click()
    saved = tmp_path / report.value.suggested_filename
    report.value.save_as(saved)
    assert saved.name.startswith("First-purchase-report-") and saved.suffix == ".html"
    assert "<svg" in saved.read_text(encoding="utf-8")
    with page.expect_download(timeout=120_000) as printed:
        page.get_by_role("button", name="Report (PDF)").click()
    pdf = tmp_path / printed.value.suggested_filename
    printed.value.save_as(pdf)
    assert pdf.suffix == ".pdf" and pdf.read_bytes().startswith(b"%PDF")

    page.goto(f"{fresh_server.url}/?journey=First+purchase")
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible(timeout=TIMEOUT)
    for label, suffix, magic in (("PNG", ".png", b"\x89PNG"), ("SVG", ".svg", b"<svg")):
        with page.expect_download(timeout=60_000) as chart:
            page.get_by_role("button", name=label, exact=True).first.click()
        path = tmp_path / chart.value.suggested_filename
        chart.value.save_as(path)
        assert path.suffix == suffix and "emotion-curve" in path.name
        assert path.read_bytes().lstrip().startswith(magic)
    page.get_by_role("tab", name="Numbers").first.click()
    for label, suffix, magic in (("CSV", ".csv", b"\xef\xbb\xbf"), ("Excel", ".xlsx", b"PK")):
        with page.expect_download(timeout=60_000) as table:
            page.get_by_role("button", name=label, exact=True).first.click()
        path = tmp_path / table.value.suggested_filename
        table.value.save_as(path)
        assert path.suffix == suffix and path.read_bytes().startswith(magic)


def test_the_html_report_renders_offline(
    browser: Browser, demo_db_file: Path, tmp_path: Path
) -> None:
    from journey.render.report import build_report
    from journey.store.db import make_engine

    report = tmp_path / "report.html"
    html = build_report(engine=make_engine(f"sqlite:///{demo_db_file}"), journey_id=1)
    report.write_text(html, encoding="utf-8")
    figures = html.count("<figure")
    context = browser.new_context(offline=True)
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(report.as_uri())
    charts = page.locator("figure > svg")
    assert figures >= 4  # map, curve, expectations, drivers at least
    expect(charts).to_have_count(figures)
    for index in range(figures):
        box = charts.nth(index).bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 150
        assert charts.nth(index).locator("path, text").count() > 20
    assert requested == [report.as_uri()]
    screenshot(page, "report-offline")
    context.close()
