"""The journey map as a picture: nothing overlaps, long names wrap between words, every lane."""

import io
import re
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image
from sqlalchemy.engine import Engine

from journey.analysis.kpis import stage_kpis
from journey.catalog.definitions import import_definitions
from journey.catalog.notes import add_note
from journey.render.exports import chart_png
from journey.render.journey_map import (
    MAP_WIDTH,
    MapHeader,
    journey_map,
    journey_poster,
    layout_width,
)
from journey.store.db import make_engine
from journey.store.filters import Filters
from journey.store.queries import note_table, stage_table, touchpoint_table
from tests.factories import Answer, journey_id, store_responses
from tests.render.drawn import Drawn, drawn

LONG_NAMES = [
    "Awareness through recommendations",
    "Research and comparison of alternatives",
    "Consultation appointment",
    "Configuration and personalisation",
    "Contract negotiation",
    "Identity verification",
    "Installation and commissioning",
    "Onboarding walkthrough",
    "Troubleshooting",
    "First invoice reconciliation",
    "Recommendations",
    "Renewal or cancellation",
]
# A curve that zigzags (a peak or valley at every stage), and future-state targets put just
# above the peaks and just below the valleys: where the peak and valley labels want to go.
MEANS = [0.6, -0.5, 0.7, -0.6, 0.5, -0.4, 0.8, -0.7, 0.4, -0.3, 0.9, -0.9]
TARGETS = [m + (0.12 if m > 0 else -0.12) for m in MEANS]
CHANNELS = ["web", "app", "call centre", "email", "in person", "word of mouth"]


def long_definitions() -> str:
    stages = []
    for index, name in enumerate(LONG_NAMES):
        points = ", ".join(
            f"{{name: Touchpoint {index}-{k} of a long name, channel: {channel}}}"
            for k, channel in enumerate(CHANNELS[index % 6 :][:3] + CHANNELS[:3])
            if k < 3
        )
        stages.append(
            f"      - name: {name}\n"
            f"        goal: The customer wants to get through {name.lower()} quickly, "
            "without surprises, and knowing what comes next\n"
            f"        touchpoints: [{points}]"
        )
    future = "\n".join(
        f"      - {{name: {name}, target_emotion: {min(max(t, -1), 1):.2f}}}"
        for name, t in zip(LONG_NAMES, TARGETS, strict=True)
    )
    return (
        "personas: [{name: Business traveller}]\n"
        "journeys:\n"
        "  - name: Enterprise onboarding\n    state: current\n    stages:\n"
        + "\n".join(stages)
        + "\n  - name: Enterprise onboarding (future)\n    state: future\n"
        "    current_state: Enterprise onboarding\n    stages:\n" + future + "\n"
    )


@pytest.fixture
def long_journey(engine: Engine) -> Engine:
    """12 stages with long names and goals, three touchpoints each, targets near every label."""
    import_definitions(engine=engine, text=long_definitions())
    answers = []
    for name, mean in zip(LONG_NAMES, MEANS, strict=True):
        for person in range(40):
            spread = (person % 5 - 2) * 0.05  # the same mean, a narrow interval
            answers.append(
                Answer(
                    f"r{person}",
                    name,
                    emotion=mean + spread,
                    expectation=("below", "meets", "exceeds")[person % 3],
                )
            )
    store_responses(engine, answers, journey="Enterprise onboarding")
    journey = journey_id(engine, "Enterprise onboarding")
    for name in LONG_NAMES[::3]:
        stage = stage_table(engine=engine, journey_id=journey)
        add_note(
            engine=engine,
            journey_id=journey,
            stage_id=int(stage.loc[stage["stage"] == name, "stage_id"].iloc[0]),
            kind="opportunity",
            text="Offer a named contact and a written plan of the next steps, sent the same day "
            "the customer asks for it, with dates and the people involved",
            author="Test",
        )
    return engine


def themes_for(stages: list[str]) -> pd.DataFrame:
    """A hand-made themes table: three themes on every other stage, long names among them."""
    rows = [
        (stage, theme, share)
        for stage in stages[::2]
        for theme, share in (
            ("Waiting for a callback that never came", 0.41),
            ("Billing", 0.22),
            ("Friendly staff", 0.12),
            ("Never shown", 0.05),  # a fourth theme: only the top three are drawn
        )
    ]
    return pd.DataFrame(rows, columns=["stage", "theme", "share"])


def map_of(engine: Engine, journey: str, *, themes: bool = True, width: int = MAP_WIDTH) -> object:
    found = journey_id(engine, journey)
    kpis = stage_kpis(engine=engine, journey_id=found)
    return journey_map(
        stage_table(engine=engine, journey_id=found),
        touchpoint_table(engine=engine, journey_id=found),
        kpis,
        note_table(engine=engine, journey_id=found),
        header=MapHeader(journey, ("Business traveller",), ("W1",), 40),
        themes=themes_for(list(kpis["stage"])) if themes else None,
        width=width,
    )


def collisions(items: list[Drawn]) -> list[tuple[str, str]]:
    """Pairs that overlap: text on text, or text on a marker."""
    texts = [item for item in items if item.kind == "text"]
    symbols = [item for item in items if item.kind == "symbol"]
    found = [(a.text, b.text) for i, a in enumerate(texts) for b in texts[i + 1 :] if a.overlaps(b)]
    found += [(t.text, s.text) for t in texts for s in symbols if t.overlaps(s)]
    return found


def outside(items: list[Drawn], width: float, height: float) -> list[str]:
    return [
        item.text
        for item in items
        if item.left < 0 or item.top < 0 or item.right > width or item.bottom > height
    ]


@pytest.fixture(scope="module")
def demo_engine(demo_db_file: Path) -> Engine:
    return make_engine(f"sqlite:///{demo_db_file}")


@pytest.mark.parametrize("journey", ["First purchase", "Support case", "Contract renewal"])
@pytest.mark.parametrize("themes", [True, False])
def test_no_label_overlaps_on_the_demo_journeys(
    demo_engine: Engine, journey: str, themes: bool
) -> None:
    items, width, height = drawn(map_of(demo_engine, journey, themes=themes))
    assert width == MAP_WIDTH
    assert collisions(items) == []
    assert outside(items, width, height) == []


def test_no_label_overlaps_on_a_persona_of_the_demo(demo_engine: Engine) -> None:
    found = journey_id(demo_engine, "First purchase")
    kpis = stage_kpis(
        engine=demo_engine, journey_id=found, filters=Filters(personas=("Senior first-timer",))
    )
    chart = journey_map(
        stage_table(engine=demo_engine, journey_id=found),
        touchpoint_table(engine=demo_engine, journey_id=found),
        kpis,
        note_table(engine=demo_engine, journey_id=found),
        header=MapHeader("First purchase", ("Senior first-timer",), (), 750),
    )
    items, width, height = drawn(chart)
    assert collisions(items) == [] and outside(items, width, height) == []


def test_no_label_overlaps_on_twelve_stages_with_long_names(long_journey: Engine) -> None:
    chart = map_of(long_journey, "Enterprise onboarding")
    items, width, height = drawn(chart)
    assert width == layout_width(12) == 12 * 125  # a long journey gets a wider layout
    assert collisions(items) == []
    assert outside(items, width, height) == []


def test_long_names_wrap_between_words_only(long_journey: Engine) -> None:
    items, _, _ = drawn(map_of(long_journey, "Enterprise onboarding"))
    texts = {item.text for item in items if item.kind == "text"}
    for name in LONG_NAMES:
        wrapped = next(text for text in texts if text.replace("\n", " ") == name)
        assert all(line.split() for line in wrapped.split("\n"))  # no empty line
        assert " ".join(wrapped.split("\n")).split() == name.split()  # whole words only
    assert "Recommendations" in texts  # alone on its line, not "Recommendati / ons"


def test_peak_and_valley_labels_keep_clear_of_the_targets(long_journey: Engine) -> None:
    items, _, _ = drawn(map_of(long_journey, "Enterprise onboarding"))
    diamonds = [item for item in items if item.text == "diamond"]
    labels = [item for item in items if item.text.endswith(("\npeak", "\nvalley"))]
    assert len(labels) == 12 and len(diamonds) == 12 + 1  # the legend's diamond
    assert not [(label.text, d.left) for label in labels for d in diamonds if label.overlaps(d)]


def test_every_lane_and_the_header(demo_engine: Engine) -> None:
    items, _, _ = drawn(map_of(demo_engine, "First purchase"))
    texts = [item.text.replace("\n", " ") for item in items if item.kind == "text"]
    assert "First purchase — journey map" in texts
    assert "Business traveller · waves W1 · n = 40 respondents" in texts
    for heading in ("GOAL", "TOUCHPOINTS · CHANNEL", "EXPECTATIONS", "OPPORTUNITIES"):
        assert heading in texts
    assert "WHAT PEOPLE SAY: TOP THEMES IN THE COMMENTS" in texts
    # The hand-made themes: the top three of a stage, with their shares, never the fourth.
    assert "41% Waiting for a callback that never came" in texts
    assert "22% Billing" in texts and "12% Friendly staff" in texts
    assert not any("Never shown" in text for text in texts)
    assert "Order in one sitting and know what happens next." in texts  # a goal
    assert {"WEB", "CALL CENTRE", "Online checkout"} <= set(texts)  # a touchpoint and its tag
    assert "• Offer two-hour windows and self-service rebooking in the app." in texts
    assert {"Pleased", "Unhappy"} <= set(texts)  # the feeling in words
    assert "Moment that matters #1" in texts
    assert "+0.41 peak" in texts and "−0.37 valley" in texts


def test_the_themes_lane_is_drawn_only_when_themes_are_given(demo_engine: Engine) -> None:
    items, _, without_height = drawn(map_of(demo_engine, "First purchase", themes=False))
    texts = {item.text for item in items}
    assert not any(text.startswith("WHAT PEOPLE SAY") for text in texts)
    _, _, with_height = drawn(map_of(demo_engine, "First purchase"))
    assert with_height > without_height


def test_the_map_fills_the_width_it_is_given(demo_engine: Engine) -> None:
    items, width, height = drawn(map_of(demo_engine, "Contract renewal", width=1600))
    assert width == 1600
    assert collisions(items) == [] and outside(items, width, height) == []


def test_the_poster_is_one_a3_landscape_page(demo_engine: Engine) -> None:
    found = journey_id(demo_engine, "First purchase")
    pdf = journey_poster(
        stage_table(engine=demo_engine, journey_id=found),
        touchpoint_table(engine=demo_engine, journey_id=found),
        stage_kpis(engine=demo_engine, journey_id=found),
        note_table(engine=demo_engine, journey_id=found),
        header=MapHeader("First purchase", (), ("2026-Q1",), 3000),
    )
    assert pdf.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox\s*\[([^\]]*)\]", pdf)
    assert len(boxes) == 1  # one page
    width, height = (float(v) for v in boxes[0].split()[2:])
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (420, 297)  # A3, in mm


def test_the_png_has_twice_the_pixels(demo_engine: Engine) -> None:
    png = chart_png(map_of(demo_engine, "Support case", themes=False))
    with Image.open(io.BytesIO(png)) as picture:
        assert picture.width == 2 * MAP_WIDTH
