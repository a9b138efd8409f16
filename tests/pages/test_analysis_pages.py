"""Every analysis page in AppTest against a private copy of the demo database, with filters
from the URL."""

import json
from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.conftest import shown
from tests.paths import APP

PAGES = ["pages/journey_map.py", "pages/emotion_curves.py", "pages/expectations.py"]


@pytest.fixture
def demo_app(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("JOURNEY_DB_URL", f"sqlite:///{demo_copy}")
    return AppTest.from_file(APP, default_timeout=60)


def open_page(app: AppTest, page: str | None = None) -> AppTest:
    app.run()
    if page:
        app.switch_page(page)
        app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def chart_specs(app: AppTest) -> list[dict[str, object]]:
    return [json.loads(chart.proto.spec) for chart in app.get("vega_lite_chart")]


def chart_rows(app: AppTest, index: int = 0) -> list[dict[str, object]]:
    """The rows of every dataset embedded in one chart."""
    chart = app.get("vega_lite_chart")[index]
    rows: list[dict[str, object]] = []
    for dataset in chart.proto.datasets:
        rows += pa.ipc.open_stream(dataset.data.data).read_all().to_pylist()
    return rows


def test_overview_shows_headline_figures_and_curve(demo_app: AppTest) -> None:
    app = open_page(demo_app)
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Respondents"] == "3,000"
    assert metrics["▲ High point"] == "Order"
    assert metrics["▼ Low point"] == "First bill"
    assert metrics["Top moment that matters"] == "First bill"
    assert len(chart_specs(app)) == 1
    shapes = {row["stage"]: row["marker"] for row in chart_rows(app) if "marker" in row}
    assert shapes["First bill"] == "Valley" and shapes["Order"] == "Peak"
    assert app.query_params["journey"] == "First purchase"
    captions = [shown(caption.value) for caption in app.caption]
    assert (
        "Peak–end: people remember a journey by its high point Order (+0.41), low point "
        "First bill (−0.37), end First bill (−0.37)."
    ) in captions
    assert any(caption.startswith("High point: Order (+0.41") for caption in captions)


def test_overview_persona_filter_changes_figures_and_url(demo_app: AppTest) -> None:
    app = open_page(demo_app)
    before = {m.label: m.value for m in app.metric}
    app.multiselect(key="filter_personas").select("Senior first-timer").run()
    after = {m.label: m.value for m in app.metric}
    assert after["Respondents"] != before["Respondents"]
    assert app.query_params["persona"] == "Senior first-timer"


def test_filters_come_from_the_url(demo_app: AppTest) -> None:
    demo_app.query_params["journey"] = "support case"
    demo_app.query_params["wave"] = "2026-Q2"
    demo_app.query_params["persona"] = ["Tech enthusiast", "Nobody"]
    app = open_page(demo_app)
    assert app.selectbox(key="filter_journey").value == "Support case"
    assert app.multiselect(key="filter_waves").value == ["2026-Q2"]
    assert app.multiselect(key="filter_personas").value == ["Tech enthusiast"]
    assert {m.label: m.value for m in app.metric}["Respondents"] != "1,800"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_its_charts_with_tables(demo_app: AppTest, page: str) -> None:
    app = open_page(demo_app, page)
    assert chart_specs(app), f"{page} drew no chart"
    panels = len(app.tabs) // 2  # "Chart" and "Numbers"
    assert panels and len(app.dataframe) >= panels, "every chart has its numbers as a table"
    assert app.caption, "every chart has a caption stating its message"
    for table in app.dataframe:
        assert table.proto.placeholder == "–", "an unmeasured figure shows as –, not None"
        columns = json.loads(table.proto.columns)
        floats = [c for c in table.value.columns if table.value[c].dtype.kind == "f"]
        formats = {columns[c]["type_config"]["format"] for c in floats}
        assert formats <= {"%.3f"}, "one number format per column"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_follows_a_filter_change(demo_app: AppTest, page: str) -> None:
    app = open_page(demo_app, page)
    first = app.dataframe[0].value.copy()
    app.selectbox(key="filter_journey").select("Contract renewal").run()
    assert not app.exception
    assert app.query_params["journey"] == "Contract renewal"
    assert list(app.dataframe[0].value["Stage"])[0] == "Renewal reminder"
    assert not app.dataframe[0].value.equals(first)


def test_journey_map_has_every_lane(demo_app: AppTest) -> None:
    app = open_page(demo_app, "pages/journey_map.py")
    spec = chart_specs(app)[0]
    assert "layer" in spec and "vconcat" not in spec  # one picture that can fill the width
    texts = {str(row["text"]).replace("\n", " ") for row in chart_rows(app) if row.get("text")}
    assert {"GOAL", "TOUCHPOINTS · CHANNEL", "EXPECTATIONS", "OPPORTUNITIES"} <= texts
    assert "First purchase — journey map" in texts
    assert "All personas · waves 2026-Q1, 2026-Q2, 2026-Q3 · n = 3,000 respondents" in texts
    assert {"WEB", "Online checkout", "Pleased", "Moment that matters #1"} <= texts
    assert "• Offer two-hour windows and self-service rebooking in the app." in texts


def test_emotion_curves_compare_personas(demo_app: AppTest) -> None:
    app = open_page(demo_app, "pages/emotion_curves.py")
    personas = {row["persona"] for row in chart_rows(app, 0) if row.get("persona")}
    assert personas == {
        "Busy professional",
        "Budget-conscious family",
        "Tech enthusiast",
        "Senior first-timer",
    }
    # One curve per persona, each its own chart as wide as the page: nothing runs off it.
    panels = chart_specs(app)[1:]
    assert [panel["title"] for panel in panels] == sorted(personas)
    assert all("layer" in panel and "concat" not in panel for panel in panels)


def test_expectations_heatmap_tooltips_carry_n(demo_app: AppTest) -> None:
    app = open_page(demo_app, "pages/expectations.py")
    heatmap = json.dumps(chart_specs(app)[1])
    assert "Answered (n)" in heatmap
    rows = chart_rows(app, 1)
    assert all(row["n_expectation"] > 0 for row in rows)


def test_low_sample_threshold_from_url_flags_stages(demo_app: AppTest) -> None:
    demo_app.query_params["min_n"] = "5000"
    app = open_page(demo_app)
    markers = {row["marker"] for row in chart_rows(app) if "marker" in row}
    assert markers == {"Low sample"}
    assert {m.label: m.value for m in app.metric}["▲ High point"] == "–"


def test_empty_database_explains_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JOURNEY_DB_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    app = AppTest.from_file(APP, default_timeout=60).run()
    assert not app.exception
    assert "python -m journey demo" in app.info[0].value


def test_dates_channels_and_attributes_come_from_the_url(demo_app: AppTest) -> None:
    demo_app.query_params["date_from"] = "2026-04-01"
    demo_app.query_params["date_to"] = "2026-06-30"
    demo_app.query_params["channel"] = ["web", "app"]
    demo_app.query_params["attr"] = ["region:North", "region:South", "plan:Nowhere"]
    app = open_page(demo_app)
    assert app.date_input(key="filter_dates").value == (date(2026, 4, 1), date(2026, 6, 30))
    assert app.multiselect(key="filter_channels").value == ["app", "web"] or app.multiselect(
        key="filter_channels"
    ).value == ["web", "app"]
    assert app.multiselect(key="filter_attr_region").value == ["North", "South"]
    assert app.multiselect(key="filter_attr_plan").value == []
    described = shown(app.caption[0].value)
    assert "responses from 2026-04-01 to 2026-06-30" in described
    assert "region: North, South" in described
    respondents = int({m.label: m.value for m in app.metric}["Respondents"].replace(",", ""))
    assert 0 < respondents < 1_000
    app.multiselect(key="filter_attr_plan").select("Gigabit").run()
    attr = app.query_params["attr"]
    assert "plan:Gigabit" in (attr if isinstance(attr, list) else [attr])


def open_analysis_page(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch, page: str, **params: str | list[str]
) -> AppTest:
    monkeypatch.setenv("JOURNEY_DB_URL", f"sqlite:///{demo_copy}")
    app = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    app.switch_page(page).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_drivers_rank_stages_and_name_what_to_fix_first(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_analysis_page(demo_copy, monkeypatch, "pages/drivers.py", journey="First purchase")
    table = app.dataframe[0].value
    assert list(table["r with the outcome"]) == sorted(table["r with the outcome"], reverse=True)
    assert set(table["Quadrant"]) <= {
        "Fix first",
        "Keep it up",
        "Low priority",
        "Possible overkill",
    }
    fix_first = list(table.loc[table["Quadrant"] == "Fix first", "Stage"])
    caption = next(shown(c.value) for c in app.caption if c.value.startswith("Fix first"))
    assert caption.startswith(
        f"Fix first (more tied to the outcome and felt worse than the "
        f"typical stage): {', '.join(fix_first)}."
    )
    assert len(app.get("vega_lite_chart")) == 1


def test_drivers_follow_the_filters_in_the_url(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    everyone = open_analysis_page(
        demo_copy, monkeypatch, "pages/drivers.py", journey="First purchase"
    )
    st.cache_data.clear()
    some = open_analysis_page(
        demo_copy,
        monkeypatch,
        "pages/drivers.py",
        journey="First purchase",
        persona="Tech enthusiast",
        wave="2026-Q3",
    )
    pairs = everyone.dataframe[0].value["n (respondents with both)"].sum()
    assert 0 < some.dataframe[0].value["n (respondents with both)"].sum() < pairs / 4


def test_verbatims_search_and_stage(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = open_analysis_page(demo_copy, monkeypatch, "pages/verbatims.py", journey="First purchase")
    app.text_input(key="verbatims_search").set_value("FEE").run()
    comments = app.dataframe[0].value
    assert len(comments) > 0
    assert comments["Comment"].str.lower().str.contains("fee").all()
    assert set(comments["Stage"]) == {"First bill"}
    app.text_input(key="verbatims_search").set_value("").run()
    app.selectbox(key="verbatims_stage").select("Book installation").run()
    assert set(app.dataframe[0].value["Stage"]) == {"Book installation"}


def test_verbatims_of_small_groups_are_hidden(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    settings = tmp_path / "journey.toml"
    settings.write_text("privacy_k = 100000\n")
    monkeypatch.setenv("JOURNEY_SETTINGS", str(settings))
    app = open_analysis_page(demo_copy, monkeypatch, "pages/verbatims.py", journey="Support case")
    assert app.dataframe[0].value.empty
    assert any(
        "hidden: they come from groups of fewer than 100000" in shown(c.value) for c in app.caption
    )


def test_trends_show_every_stage_across_the_waves(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_analysis_page(demo_copy, monkeypatch, "pages/trends.py", journey="First purchase")
    assert len(app.get("vega_lite_chart")) == 2
    figures = app.dataframe[0].value
    assert set(figures["Wave"]) == {"2026-Q1", "2026-Q2", "2026-Q3"}
    assert len(figures) == 7 * 3
    caption = next(shown(c.value) for c in app.caption if c.value.startswith("From"))
    assert caption.startswith("From 2026-Q1 to 2026-Q3: largest rise Book installation")


def test_one_wave_is_not_a_trend(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = open_analysis_page(
        demo_copy, monkeypatch, "pages/trends.py", journey="First purchase", wave="2026-Q2"
    )
    assert "at least two survey waves" in app.info[0].value
