"""The analysis pages in AppTest, with filters from the URL: drivers and verbatims."""

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.conftest import shown

APP = str(Path(__file__).parent.parent / "app.py")


def open_page(
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
    app = open_page(demo_copy, monkeypatch, "pages/drivers.py", journey="First purchase")
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
    everyone = open_page(demo_copy, monkeypatch, "pages/drivers.py", journey="First purchase")
    st.cache_data.clear()
    some = open_page(
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
    app = open_page(demo_copy, monkeypatch, "pages/verbatims.py", journey="First purchase")
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
    app = open_page(demo_copy, monkeypatch, "pages/verbatims.py", journey="Support case")
    assert app.dataframe[0].value.empty
    assert any(
        "hidden: they come from groups of fewer than 100000" in shown(c.value) for c in app.caption
    )


def test_trends_show_every_stage_across_the_waves(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_page(demo_copy, monkeypatch, "pages/trends.py", journey="First purchase")
    assert len(app.get("vega_lite_chart")) == 2
    figures = app.dataframe[0].value
    assert set(figures["Wave"]) == {"2026-Q1", "2026-Q2", "2026-Q3"}
    assert len(figures) == 7 * 3
    caption = next(shown(c.value) for c in app.caption if c.value.startswith("From"))
    assert caption.startswith("From 2026-Q1 to 2026-Q3: largest rise Book installation")


def test_one_wave_is_not_a_trend(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = open_page(
        demo_copy, monkeypatch, "pages/trends.py", journey="First purchase", wave="2026-Q2"
    )
    assert "at least two survey waves" in app.info[0].value
