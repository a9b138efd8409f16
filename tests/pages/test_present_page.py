"""Present mode in AppTest: every slide renders, the slide lives in the URL, nothing to edit."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.slides import SLIDES
from journey.formatting import percent
from journey.store.db import make_engine
from tests.conftest import shown
from tests.paths import APP
from tests.reference import top_themes_by_hand


@pytest.fixture
def present(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("JOURNEY_DB_URL", f"sqlite:///{demo_copy}")
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["journey"] = "First purchase"
    app.run()
    app.switch_page("pages/present.py").run()
    assert not app.exception
    return app


def test_the_slides_walk_the_journey(present: AppTest) -> None:
    shown: dict[str, str] = {}
    for _ in range(9):
        where = next(m.value for m in present.markdown if "· slide" in m.value)
        heading, journey = where.split("\n")
        assert journey == f"First purchase · slide {len(shown) + 1} of 9"
        shown[heading.removeprefix("# ")] = " ".join(m.value for m in present.markdown)
        assert not present.exception
        if not present.button(key="present_next").disabled:
            present.button(key="present_next").click().run()
    assert list(shown) == [
        "First purchase", "Journey map", "Emotion curve", "Expectations",
        "Moments that matter", "Drivers", "What people say", "Opportunities", "Methodology",
    ]  # fmt: skip
    assert present.query_params["slide"] == "9"
    assert present.button(key="present_next").disabled
    assert "Offer two" in shown["Opportunities"] and "hour windows" in shown["Opportunities"]
    assert "The stages explain **44%** of the overall outcome" in shown["Drivers"]
    assert "1. **First bill**: 21% of what is explained" in shown["Drivers"]
    assert "Benjamini–Hochberg" in shown["Methodology"]


def test_the_keyboard_moves_between_slides(present: AppTest) -> None:
    assert present.button(key="present_next").proto.shortcut == "right"
    assert present.button(key="present_previous").proto.shortcut == "left"


def test_charts_are_pictures_that_fit_the_screen(present: AppTest) -> None:
    present.button(key="present_next").click().run()  # the journey map
    (picture,) = present.get("image")
    assert picture.proto.imgs[0].url  # the map, drawn once as SVG, scaled by the browser


def test_a_link_opens_straight_into_a_slide(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JOURNEY_DB_URL", f"sqlite:///{demo_copy}")
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["journey"] = "First purchase"
    app.query_params["slide"] = "3"
    app.run()
    app.switch_page("pages/present.py").run()
    shown = " ".join(m.value for m in app.markdown)
    assert "**Peaks:** Discover, Order, Get connected" in shown
    assert "**Valleys:** Compare plans, Book installation, First bill" in shown


def test_present_mode_has_no_editing_widgets(present: AppTest) -> None:
    for _ in range(9):
        assert not present.text_input and not present.text_area and not present.checkbox
        assert not present.get("file_uploader")
        if present.button(key="present_next").disabled:
            break
        present.button(key="present_next").click().run()


def open_slide(demo_copy: Path, monkeypatch: pytest.MonkeyPatch, title: str) -> AppTest:
    monkeypatch.setenv("JOURNEY_DB_URL", f"sqlite:///{demo_copy}")
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["journey"] = "First purchase"
    app.query_params["slide"] = str([name for name, _ in SLIDES].index(title) + 1)
    app.run()
    app.switch_page("pages/present.py").run()
    assert not app.exception
    return app


def by_stage(expected: list[tuple[str, str, int, float]], stage: str) -> str:
    """A stage's top themes as the slides word them, from the plain-SQL counts."""
    first, *rest = [f"“{theme}” {percent(share)}" for s, theme, _, share in expected if s == stage]
    return ", ".join([f"{first} of its comments", *rest])


def test_the_curve_slide_names_each_valleys_top_themes(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_slide(demo_copy, monkeypatch, "Emotion curve")
    said = shown(" ".join(m.value for m in app.markdown))
    expected = top_themes_by_hand(make_engine(f"sqlite:///{demo_copy}"), 1)
    for valley in ("Compare plans", "Book installation", "First bill"):
        assert f"▼ {valley} (valley): {by_stage(expected, valley)}" in said


def test_what_people_say_slide_has_each_stages_top_themes(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_slide(demo_copy, monkeypatch, "What people say")
    said = shown(" ".join(m.value for m in app.markdown))
    expected = top_themes_by_hand(make_engine(f"sqlite:///{demo_copy}"), 1)
    for stage in dict.fromkeys(stage for stage, *_ in expected):
        assert f"**{stage}**: {by_stage(expected, stage)}" in said
    (table,) = [d.value for d in app.dataframe]
    assert list(zip(table["Stage"], table["Theme"], table["Comments (n)"], strict=True)) == [
        (stage, theme, n) for stage, theme, n, _ in expected
    ]
    assert table["Representative quote"].str.len().gt(0).all()
