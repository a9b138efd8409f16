"""A review meeting in a real browser: present mode on a projector, then the take-aways."""

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pptx import Presentation

from tests.e2e.conftest import Server, screenshot, settle

pytestmark = pytest.mark.e2e
TIMEOUT = 30_000


SLIDES = ["First purchase", "Journey map", "Emotion curve", "Expectations", "Moments that matter",
          "Drivers", "What people say", "Opportunities", "Methodology"]  # fmt: skip
# Everything a slide shows: text, pictures, tables, buttons.
SHOWN = (
    '[data-testid="stMain"] :is([data-testid="stMarkdownContainer"], [data-testid="stImage"] img,'
    ' [data-testid="stMetric"], [data-testid="stCaptionContainer"], [data-testid="stTab"],'
    ' [data-testid="stDataFrame"], button, h2)'
)


def outside_the_screen(page: Page, width: int, height: int) -> list[str]:
    """Shown elements whose box is not wholly on the screen (a slide must need no scrolling)."""
    boxes = page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
             .filter(e => e.getClientRects().length && e.offsetParent !== null)
             .map(e => { const r = e.getBoundingClientRect();
                         return {what: (e.innerText || e.alt || e.tagName).slice(0, 40),
                                 left: r.left, top: r.top, right: r.right, bottom: r.bottom}; })""",
        SHOWN,
    )
    return [
        f"{box['what']!r}: {box['left']:.0f}, {box['top']:.0f} to {box['right']:.0f}, "
        f"{box['bottom']:.0f}"
        for box in boxes
        if box["left"] < 0 or box["top"] < 0 or box["right"] > width or box["bottom"] > height
    ]


def cut_short(page: Page) -> list[str]:
    """Texts that do not fit their box (shown with an ellipsis, or clipped)."""
    return list(
        page.evaluate(
            """() => [...document.querySelectorAll(
                   '[data-testid="stMain"] :is([data-testid="stMetricValue"] div, p, button p)')]
                 .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
                 .map(e => e.innerText)"""
        )
    )


def slide_drawn(page: Page) -> None:
    """Wait until the slide is drawn: no stale element, no spinner, every picture loaded."""
    settle(page)
    page.wait_for_function(
        """() => !document.querySelector('[data-stale="true"], [data-testid="stSpinner"]')
                 && [...document.querySelectorAll('[data-testid=stImage] img')]
                      .every(img => img.complete && img.naturalWidth > 0)""",
        timeout=TIMEOUT,
    )
    page.wait_for_timeout(300)


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)])
def test_present_mode_fills_the_screen_and_moves_with_the_arrow_keys(
    fresh_server: Server, browser: Browser, width: int, height: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(f"{fresh_server.url}/present?journey=First+purchase")
    expect(page.get_by_text(f"First purchase · slide 1 of {len(SLIDES)}")).to_be_visible(
        timeout=TIMEOUT
    )
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()  # no chrome: the slide is all
    expect(page.get_by_test_id("stHeader")).to_be_hidden()
    for number, title in enumerate(SLIDES, start=1):
        expect(page.get_by_role("heading", level=1, name=title)).to_be_visible(timeout=TIMEOUT)
        expect(page.get_by_text(f"slide {number} of {len(SLIDES)}")).to_be_visible()
        assert f"slide={number}" in page.url or number == 1
        slide_drawn(page)
        screenshot(page, f"present-{width}x{height}-{number}-{title.lower().replace(' ', '-')}")
        assert outside_the_screen(page, width, height) == [], title
        assert cut_short(page) == [], title
        if number < len(SLIDES):
            page.keyboard.press("ArrowRight")
    expect(page.get_by_role("button", name="Next ▶")).to_be_disabled()
    page.keyboard.press("ArrowLeft")
    expect(page.get_by_role("heading", level=1, name="Opportunities")).to_be_visible(
        timeout=TIMEOUT
    )
    context.close()


def test_downloads_from_the_page(fresh_server: Server, page: Page, tmp_path: Path) -> None:
    page.goto(f"{fresh_server.url}/present?journey=First+purchase")
    with page.expect_download(timeout=60_000) as report:
        page.get_by_role("button", name="Report (HTML, works offline)").click()
    saved = tmp_path / report.value.suggested_filename
    report.value.save_as(saved)
    assert saved.name.startswith("First-purchase-report-") and saved.suffix == ".html"
    assert "<svg" in saved.read_text(encoding="utf-8")
    with page.expect_download(timeout=120_000) as slides:
        page.get_by_role("button", name="Slides (PowerPoint)").click()
    deck = tmp_path / slides.value.suggested_filename
    slides.value.save_as(deck)
    assert deck.name.startswith("First-purchase-slides-") and deck.suffix == ".pptx"
    titles = [slide.shapes.title.text for slide in Presentation(str(deck)).slides]
    said = [title for title in titles if title.startswith("What people say")]
    assert said and len(titles) == len(SLIDES) - 1 + len(said)  # its rows on one or more
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


@pytest.mark.parametrize("screen", [1366, 1440])  # the commonest laptop, and a desktop
def test_the_journey_map_fills_the_page_width(
    fresh_server: Server, browser: Browser, screen: int
) -> None:
    context = browser.new_context(viewport={"width": screen, "height": 900})
    page = context.new_page()
    page.goto(f"{fresh_server.url}/journey_map?journey=First+purchase")
    chart = page.get_by_test_id("stVegaLiteChart").first
    expect(chart.locator("svg, canvas").first).to_be_visible(timeout=TIMEOUT)
    settle(page)
    column = page.get_by_test_id("stMainBlockContainer").evaluate(
        "e => e.clientWidth - parseFloat(getComputedStyle(e).paddingLeft)"
        " - parseFloat(getComputedStyle(e).paddingRight)"
    )
    drawn = chart.locator("svg, canvas").first.bounding_box()
    assert drawn is not None and drawn["width"] >= column - 2  # the whole column, not half
    assert drawn["width"] <= column + 2  # and no more: nothing cut off at the right
    scrolls = page.get_by_test_id("stMain").evaluate("e => e.scrollWidth > e.clientWidth")
    assert not scrolls  # and the page does not scroll sideways
    screenshot(page, f"journey-map-{screen}")
    context.close()
