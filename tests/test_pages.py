"""Every page, rendered by Streamlit's AppTest against a private copy of the demo database."""

import json
from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import shown

APP = str(Path(__file__).parent.parent / "app.py")
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
    assert len(app.dataframe) >= len(chart_specs(app)), "every chart has its numbers as a table"
    assert app.caption, "every chart has a caption stating its message"


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
    assert len(spec["vconcat"]) == 6  # goal, touchpoints, curve, expectations, moments, notes
    texts = {
        str(row["wrapped"]).replace("\n", " ") for row in chart_rows(app) if row.get("wrapped")
    }
    assert any("Pain point: The one-off activation fee" in str(t) for t in texts)
    assert any("Online checkout · web" in str(t) for t in texts)


def test_emotion_curves_compare_personas(demo_app: AppTest) -> None:
    app = open_page(demo_app, "pages/emotion_curves.py")
    personas = {row["persona"] for row in chart_rows(app, 0) if row.get("persona")}
    assert personas == {
        "Busy professional",
        "Budget-conscious family",
        "Tech enthusiast",
        "Senior first-timer",
    }
    assert "concat" in chart_specs(app)[1]


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
