"""Accessibility: axe-core on every page, failing on any serious or critical violation."""

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import ROOT, Server, screenshot

pytestmark = pytest.mark.e2e
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGES = [
    "",
    "journey_map",
    "emotion_curves",
    "expectations",
    "trends",
    "drivers",
    "verbatims",
    "present",
    "upload",
    "journeys",
    "personas",
    "notes",
    "subscriptions",
]


def violations(page: Page) -> list[dict[str, object]]:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` (make test does)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violations(fresh_server: Server, page: Page, path: str) -> None:
    page.goto(f"{fresh_server.url}/{path}?journey=First+purchase")
    frame = page.get_by_test_id("stSidebar").get_by_role("link", name="Overview")
    slide = page.get_by_text("slide 1 of 9")  # present mode hides the sidebar
    expect(frame.or_(slide).first).to_be_attached(timeout=30_000)
    page.wait_for_timeout(2_500)  # charts and fonts settle
    found = violations(page)
    if found:
        screenshot(page, f"axe-{path or 'overview'}")
        Path(ROOT / "artifacts" / "e2e" / f"axe-{path or 'overview'}.json").write_text(
            json.dumps(found, indent=1)
        )
    summary = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:5])
        for v in found  # type: ignore[index, union-attr]
    ]
    assert not found, summary
