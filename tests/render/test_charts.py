"""The charts' labels: nothing overlaps, names break between words, legends in full, text that
reads on its bar, small multiples as wide as a page."""

from pathlib import Path

import altair as alt
import pandas as pd
import pytest
from sqlalchemy.engine import Engine

from journey.analysis.kpis import stage_kpis
from journey.analysis.significance import persona_vs_rest, with_versus_rest
from journey.analysis.trends import trend_table
from journey.render.axes import stage_label_expr
from journey.render.curves import (
    PAGE_WIDTH,
    emotion_curve,
    panel_columns,
    persona_curve_panels,
    persona_overlay,
    persona_small_multiples,
)
from journey.render.expectation_charts import expectation_bars, expectation_long
from journey.render.exports import chart_spec
from journey.render.palette import EXPECTATION_COLOURS, EXPECTATION_LABELS, contrast
from journey.render.theme_charts import negative_share_chart
from journey.render.trend_charts import trend_chart
from journey.store.db import make_engine
from tests.render.drawn import Drawn, drawn


@pytest.fixture(scope="module")
def demo_engine(demo_db_file: Path) -> Engine:
    return make_engine(f"sqlite:///{demo_db_file}")


def persona_kpis(engine: Engine, journey_id: int = 1) -> object:
    by_persona = stage_kpis(engine=engine, journey_id=journey_id, by_persona=True)
    tests = persona_vs_rest(by_persona, stage_kpis(engine=engine, journey_id=journey_id))
    return with_versus_rest(by_persona, tests)


def overlapping(items: list[Drawn]) -> list[tuple[str, str]]:
    texts = [item for item in items if item.kind == "text"]
    symbols = [item for item in items if item.kind == "symbol"]
    pairs = [(a.text, b.text) for i, a in enumerate(texts) for b in texts[i + 1 :] if a.overlaps(b)]
    return pairs + [(t.text, s.text) for t in texts for s in symbols if t.overlaps(s)]


@pytest.mark.parametrize("journey_id", [1, 3, 4])
def test_persona_curves_keep_valley_and_difference_labels_apart(
    demo_engine: Engine, journey_id: int
) -> None:
    texts = set()
    for panel in persona_curve_panels(persona_kpis(demo_engine, journey_id)):  # type: ignore[arg-type]
        items, width, _ = drawn(panel)
        assert overlapping(items) == []
        assert all(item.left >= 0 and item.right <= width for item in items), "clipped"
        texts |= {item.text for item in items}
    assert "▼ Valley" in texts
    assert any(text.endswith("\nvs others") for text in texts)  # the difference, on two lines


def test_small_multiples_wrap_to_a_page(demo_engine: Engine) -> None:
    kpis = persona_kpis(demo_engine)
    _, width, _ = drawn(persona_small_multiples(kpis))  # type: ignore[arg-type]
    assert width <= PAGE_WIDTH  # was 1,554–1,794 px in a 980-px column
    assert panel_columns(7) == 1 and panel_columns(3) == 2 and panel_columns(20) == 1


@pytest.mark.parametrize("measure", ["emotion", "meets"])
def test_trend_panels_wrap_to_a_page(demo_engine: Engine, measure: str) -> None:
    """Seven stages, three waves: the panels fit the page's main column, none cut off."""
    table = trend_table(stage_kpis(engine=demo_engine, journey_id=1, by_wave=True))
    items, width, _ = drawn(trend_chart(table, measure))
    assert width <= PAGE_WIDTH  # four panels a row drew 1,046–1,070 px: the fourth was cut off
    assert {t.text for t in items} >= set(table["stage"])  # every panel titled
    assert overlapping(items) == []


@pytest.mark.parametrize("height", [220, 260, 320, 380])
def test_the_emotion_axis_title_is_never_cut_off(demo_engine: Engine, height: int) -> None:
    """The Verbatims page's curve (260 px) cut its axis title to "… +1 very positi"."""
    kpis = stage_kpis(engine=demo_engine, journey_id=4)
    chart = emotion_curve(kpis, height=height, pick_stage=True)
    # As Streamlit draws it across the page: fitted, legend and axes within the height.
    fitted = chart.properties(
        width=870, autosize=alt.AutoSizeParams(type="fit", contains="padding")
    )
    items, width, chart_height = drawn(fitted)
    titles = [i for i in items if i.text.startswith("Mean emotion")]
    assert len(titles) == 1
    assert all(0 <= i.top and i.bottom <= chart_height for i in items), "cut off"
    assert ("very positive" in titles[0].text) == (height >= 320)  # the full title where it fits


def test_the_negative_share_axis_title_is_no_longer_than_its_axis() -> None:
    """A small chart under the Verbatims curve: a title longer than the axis was cut off."""
    stages = ["Renewal reminder", "Review the offer", "Ask for a better deal", "Decide"]
    shares = pd.DataFrame(
        {"stage": stages, "negative_share": [0.1, 0.0, 0.78, 0.2], "comments": [12, 30, 40, 11]}
    )
    fit = alt.AutoSizeParams(type="fit", contains="padding")  # as Streamlit draws it
    chart = negative_share_chart(shares, stages).properties(width=870, autosize=fit)
    items, _, _ = drawn(chart)
    title = next(i for i in items if i.text.startswith("Negative"))
    top = next(i for i in items if i.text == "100%")
    bottom = next(i for i in items if i.text == "0%")
    assert top.top <= title.top and title.bottom <= bottom.bottom


def test_stage_names_break_between_words_only() -> None:
    expression = stage_label_expr(
        ["Recommendations", "Book installation", "A very long stage name"]
    )
    assert '"Recommendations": ["Recommendations"]' in expression
    assert '"Book installation": ["Book", "installation"]' in expression
    assert '"A very long stage name": ["A very long", "stage name"]' in expression


def test_the_persona_legend_shows_whole_names(demo_engine: Engine) -> None:
    spec = str(chart_spec(persona_overlay(persona_kpis(demo_engine))))  # type: ignore[arg-type]
    assert "'labelLimit': 0" in spec


def test_percentages_read_on_their_bars(demo_engine: Engine) -> None:
    kpis = stage_kpis(engine=demo_engine, journey_id=1)
    rows = expectation_long(kpis)
    colours = {EXPECTATION_LABELS[k]: v for k, v in EXPECTATION_COLOURS.items()}
    for row in rows.to_dict("records"):
        background = colours[row["expectation"]]
        assert contrast(row["text_colour"], background) >= 4.5, row  # WCAG AA
    by_answer = dict(zip(rows["expectation"], rows["text_colour"], strict=False))
    assert by_answer["Exceeds expectations"] == "#FFFFFF"  # not black on dark blue
    assert by_answer["Meets expectations"] == "#000000"
    spec = chart_spec(expectation_bars(kpis))
    text_layer = spec["layer"][1]  # type: ignore[index]
    assert text_layer["encoding"]["color"] == {
        "field": "text_colour",
        "scale": None,
        "type": "nominal",
    }


def test_a_curve_labels_peaks_above_and_valleys_below(demo_engine: Engine) -> None:
    items, _, _ = drawn(emotion_curve(stage_kpis(engine=demo_engine, journey_id=1)))
    assert overlapping(items) == []  # "▲ Peak" no longer sits on the future-state diamond
    symbols = {item.text: item for item in items if item.kind == "symbol"}
    assert symbols  # the markers are there
    labels = [item for item in items if item.text in ("▲ Peak", "▼ Valley")]
    markers = [item for item in items if item.kind == "symbol" and item.text.startswith("triangle")]
    for label in labels:
        below = [m for m in markers if m.left < label.right and label.left < m.right]
        assert below, label
        marker = min(
            below, key=lambda m: abs((m.top + m.bottom) / 2 - (label.top + label.bottom) / 2)
        )
        if label.text == "▲ Peak":
            assert label.bottom <= marker.top
        else:
            assert label.top >= marker.bottom
