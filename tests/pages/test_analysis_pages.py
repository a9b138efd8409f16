"""Every analysis page in AppTest against a private copy of the demo database, with filters
from the URL."""

import json
import os
from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest
import streamlit as st
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from journey.analysis.drivers import driver_analysis
from journey.analysis.outcomes import journey_outcome
from journey.analysis.theme_drivers import theme_drivers
from journey.analysis.touchpoint_kpis import touchpoint_kpis
from journey.formatting import outcome_value, percent
from journey.store.db import make_engine
from tests.conftest import shown
from tests.paths import APP
from tests.reference import top_themes_by_hand

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
    # Stage names in full, each under its label (st.metric would cut a long one short).
    texts = [shown(e.value) for e in app.main if e.type in ("caption", "markdown")]
    for label, stage in (
        ("▲ High point", "Order"),
        ("▼ Low point", "First bill"),
        ("Top moment that matters", "First bill"),
    ):
        assert texts[texts.index(label) + 1] == f"**{stage}**"
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
        counts = [c for c in table.value.columns if table.value[c].dtype.kind in "iu"]
        assert all(columns[c]["type_config"]["format"] == "localized" for c in counts), (
            "counts with thousands separators"
        )


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


def test_journey_map_says_what_people_say_in_each_stage(demo_app: AppTest) -> None:
    app = open_page(demo_app, "pages/journey_map.py")
    texts = [str(row["text"]).replace("\n", " ") for row in chart_rows(app) if row.get("text")]
    expected = top_themes_by_hand(make_engine(os.environ["JOURNEY_DB_URL"]), 1)
    assert "WHAT PEOPLE SAY: TOP THEMES IN THE COMMENTS" in texts
    for stage in ("Compare plans", "First bill"):
        lane = [f"{percent(share)} {theme}" for s, theme, _, share in expected if s == stage]
        assert lane and all(entry in texts for entry in lane), stage
    numbers = next(d.value for d in app.dataframe if "Representative quote" in d.value.columns)
    assert list(zip(numbers["Stage"], numbers["Theme"], numbers["Comments (n)"], strict=True)) == [
        (stage, theme, n) for stage, theme, n, _ in expected
    ]


def test_journey_map_of_a_journey_without_comments_has_no_lane_for_them(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with make_engine(f"sqlite:///{demo_copy}").begin() as connection:  # a survey without them
        connection.execute(text("UPDATE response SET comment = NULL, theme_id = NULL"))
        connection.execute(text("DELETE FROM theme"))
    app = open_analysis_page(demo_copy, monkeypatch, "pages/journey_map.py")
    texts = {str(row["text"]) for row in chart_rows(app) if row.get("text")}
    assert "OPPORTUNITIES" in texts
    assert not any("WHAT PEOPLE SAY" in text for text in texts)
    assert not any("Representative quote" in d.value.columns for d in app.dataframe)


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
    panels = chart_specs(app)[1 : 1 + len(personas)]
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
    texts = [shown(e.value) for e in app.main if e.type in ("caption", "markdown")]
    assert texts[texts.index("▲ High point") + 1] == "**–**"  # no stage is eligible


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
    assert not [m for m in app.multiselect if m.key == "filter_attr_plan"]  # not filtered by
    described = shown(app.caption[0].value)
    assert "responses from 2026-04-01 to 2026-06-30" in described
    assert "region: North, South" in described
    respondents = int({m.label: m.value for m in app.metric}["Respondents"].replace(",", ""))
    assert 0 < respondents < 1_000
    app.selectbox(key="filter_attr_add").select("plan").run()
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


def test_drivers_rank_stages_by_importance_and_name_what_to_fix_first(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_analysis_page(demo_copy, monkeypatch, "pages/drivers.py", journey="First purchase")
    expected = driver_analysis(engine=make_engine(f"sqlite:///{demo_copy}"), journey_id=1).table()
    table = app.dataframe[0].value
    assert list(table["Stage"]) == list(expected["stage"])  # the analysis' rank, as the CLI's
    importance = list(table["Importance (R² share)"])
    assert importance == sorted(importance, reverse=True)
    assert set(table["Group"]) <= {
        "Fix first", "Keep it up", "Low priority", "Possible overkill", "Negative link",
    }  # fmt: skip
    fix_first = list(table.loc[table["Group"] == "Fix first", "Stage"])
    caption = next(shown(c.value) for c in app.caption if "Fix first (" in c.value)
    assert caption.startswith("The 7 stages together explain 44% of the variation")
    assert f"felt worse): {', '.join(fix_first)}." in caption
    assert len(app.get("vega_lite_chart")) == 1
    spec = json.loads(app.get("vega_lite_chart")[0].proto.spec)
    titles = json.dumps(spec)
    assert "Importance: share of the outcome" in titles


def test_drivers_drill_into_a_stages_touchpoints(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_analysis_page(demo_copy, monkeypatch, "pages/drivers.py", journey="First purchase")
    app.selectbox(key="drivers_stage").select("Book installation").run()
    assert not app.exception
    said = [shown(m.value) for m in app.markdown]
    # In the demo every respondent rates one touchpoint of a stage: the reason is given.
    assert any(
        line.startswith("No respondent rated all of Booking email, Scheduling") for line in said
    )
    touchpoints = app.dataframe[-1].value
    assert set(touchpoints["Touchpoint"]) == {"Booking email", "Scheduling app"}


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
    # Comments have their own, higher threshold: a quote identifies sooner than a mean.
    settings.write_text("privacy_k = 5\nprivacy_k_comments = 100000\n")
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


def test_overview_shows_the_outcome_metric_and_its_split_by_expectation(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_analysis_page(demo_copy, monkeypatch, "app.py", journey="First purchase")
    engine = make_engine(f"sqlite:///{demo_copy}")
    found = journey_outcome(engine=engine, journey_id=1)
    assert found is not None and found[0].kind == "nps"
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["NPS"] == outcome_value(found[1].value, "points")
    split = next(d.value for d in app.dataframe if "Below: n" in d.value.columns)
    assert list(split["Stage"])[:2] == ["Discover", "Compare plans"]
    assert any("the widest gap of any stage" in shown(c.value) for c in app.caption)


@pytest.mark.parametrize(("page", "key"), [("pages/journey_map.py", "map"),
                                           ("pages/emotion_curves.py", "curves")])  # fmt: skip
def test_a_stage_drills_down_to_its_touchpoints(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch, page: str, key: str
) -> None:
    app = open_analysis_page(demo_copy, monkeypatch, page, journey="Support case")
    app.selectbox(key=f"{key}_drill_stage").select("Contact support").run()
    assert not app.exception
    figures = touchpoint_kpis(engine=make_engine(f"sqlite:///{demo_copy}"), journey_id=3)
    own = figures[figures["stage"] == "Contact support"]
    table = app.dataframe[-1].value
    assert list(table["Touchpoint"]) == list(own["touchpoint"])
    assert list(table["n (responses)"]) == list(own["n"])
    assert any(c.value.startswith("Best felt: ") for c in app.caption)


def test_verbatims_show_sentiment_and_theme_and_filter_by_them(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_analysis_page(demo_copy, monkeypatch, "pages/verbatims.py", journey="Support case")
    assert len(app.get("vega_lite_chart")) == 2  # the curve, and the share of negative comments
    table = app.dataframe[0].value
    assert {"Sentiment (−1…+1)", "Sentiment", "Theme"} <= set(table.columns)
    app.selectbox(key="verbatims_sentiment").select("negative").run()
    assert set(app.dataframe[0].value["Sentiment"]) == {"negative"}
    app.selectbox(key="verbatims_theme").select("Waiting on hold").run()
    filtered = app.dataframe[0].value
    assert len(filtered) and set(filtered["Theme"]) == {"Waiting on hold"}


def test_drivers_rank_themes_beside_the_stages(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_analysis_page(demo_copy, monkeypatch, "pages/drivers.py", journey="Support case")
    table = next(d.value for d in app.dataframe if "Theme" in d.value.columns)
    expected = theme_drivers(engine=make_engine(f"sqlite:///{demo_copy}"), journey_id=3).table
    expected = expected[expected["mentions"] >= 10]
    assert list(table["Theme"]) == list(expected["theme"])
    assert list(table["Respondents who mention it"]) == list(expected["mentions"])
