"""Exports: formula-safe tables, offline chart files, file names, and the HTML report."""

import io
import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from sqlalchemy.engine import Engine

from journey.cli import main
from journey.render.exports import (
    chart_png,
    chart_svg,
    file_name,
    neutralise,
    table_csv,
    table_xlsx,
)
from journey.render.report import build_report
from journey.store.db import make_engine
from journey.store.filters import Filters
from tests.reference import top_themes_by_hand

HOSTILE = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


@pytest.mark.parametrize("cell", HOSTILE)
def test_cells_a_spreadsheet_would_run_are_neutralised(cell: str) -> None:
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["plain", "a=b", "3", "", "−0.5 (minus sign)"])
def test_ordinary_cells_are_left_alone(cell: str) -> None:
    assert neutralise(cell) == cell


def test_csv_and_excel_exports_neutralise_text_and_keep_numbers() -> None:
    table = pd.DataFrame({"Stage": HOSTILE, "n": range(len(HOSTILE)), "mean": [-0.5] * 6})
    text = table_csv(table).decode("utf-8-sig")
    rows = list(pd.read_csv(io.StringIO(text), keep_default_na=False)["Stage"])
    assert rows == ["'" + cell for cell in HOSTILE]
    assert "-0.5" in text  # negative numbers are numbers, not formulas
    sheet = openpyxl.load_workbook(io.BytesIO(table_xlsx(table))).active
    assert [sheet.cell(row=r, column=1).value for r in range(2, 8)] == ["'" + c for c in HOSTILE]
    assert sheet.cell(row=2, column=3).value == -0.5
    assert all(sheet.cell(row=r, column=1).data_type == "s" for r in range(2, 8))


def test_chart_files_are_made_offline() -> None:
    import altair as alt

    chart = (
        alt.Chart(pd.DataFrame({"x": ["a", "b"], "y": [1.0, float("nan")]}))
        .mark_bar()
        .encode(x="x:N", y="y:Q")
    )
    assert chart_png(chart).startswith(b"\x89PNG")
    assert chart_svg(chart).lstrip().startswith("<svg")


def test_file_names_say_journey_filters_and_date() -> None:
    name = file_name("First purchase", "Tech enthusiast", "2026-Q2", "emotion-curve",
                     extension="png", on=date(2026, 11, 23))  # fmt: skip
    assert name == "First-purchase-Tech-enthusiast-2026-Q2-emotion-curve-2026-11-23.png"


def kpis_json(db: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    assert main(["--db", f"sqlite:///{db}", "kpis", "--journey", "First purchase",
                 "--format", "json", *args]) == 0  # fmt: skip
    return json.loads(capsys.readouterr().out)


def test_report_figures_match_the_cli(
    demo_db_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engine: Engine = make_engine(f"sqlite:///{demo_db_file}")
    filters = Filters(personas=("Tech enthusiast",), waves=("2026-Q2",))
    html = build_report(
        engine=engine, journey_id=1, filters=filters, now=datetime(2026, 11, 23, 9, tzinfo=UTC)
    )
    figures = kpis_json(demo_db_file, "--persona", "Tech enthusiast", "--wave", "2026-Q2",
                        capsys=capsys)  # fmt: skip
    table = pd.read_html(io.StringIO(html))[0]
    assert list(table["Stage"]) == [row["stage"] for row in figures]
    assert list(table["n (responses)"]) == [row["n"] for row in figures]
    for shown, row in zip(table["Mean emotion (−1…+1)"], figures, strict=True):
        assert shown == pytest.approx(row["mean_emotion"], abs=0.0005)
    assert "personas: Tech enthusiast; waves: 2026-Q2" in html
    assert "generated 2026-11-23 09:00 UTC" in html
    assert "demo-fp-2026-Q2.csv" in html and "demo-fp-2026-Q1.csv" not in html
    assert html.count("<svg") == 5  # map, curve, expectations, heatmap, drivers
    assert "Drivers of the overall outcome" in html


def test_report_says_what_people_say(demo_db_file: Path) -> None:
    engine = make_engine(f"sqlite:///{demo_db_file}")
    html = build_report(engine=engine, journey_id=1, privacy_k_comments=20)
    (table,) = pd.read_html(io.StringIO(html), match="Representative quote")
    expected = top_themes_by_hand(engine, 1, k=20)
    assert list(zip(table["Stage"], table["Theme"], table["Comments (n)"], strict=True)) == [
        (stage, theme, n) for stage, theme, n, _ in expected
    ]
    assert list(table["Share of the stage's comments"]) == pytest.approx(
        [share for *_, share in expected], abs=0.0005 + 1e-12
    )  # three decimals (0.1875 shows as 0.188)
    assert table["Representative quote"].notna().all()
    assert "Themes with fewer than 20 comments in a stage are not shown" in html
    first_bill = next((t, s) for stage, t, _, s in expected if stage == "First bill")
    assert f"First bill (valley): “{first_bill[0]}” {round(first_bill[1] * 100)}%" in html
    map_svg = html[html.index("Journey map</h2>") : html.index("</figure>")]
    assert "WHAT PEOPLE SAY: TOP THEMES IN THE COMMENTS" in map_svg  # the map's lane


def test_a_journey_without_comments_has_no_what_people_say(demo_db_file: Path) -> None:
    html = build_report(engine=make_engine(f"sqlite:///{demo_db_file}"), journey_id=2)
    assert "What people say" not in html and "WHAT PEOPLE SAY" not in html


def test_report_is_self_contained(demo_db_file: Path) -> None:
    html = build_report(engine=make_engine(f"sqlite:///{demo_db_file}"), journey_id=2)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<script" not in html


def test_cli_report_writes_html(demo_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    code = main(["--db", f"sqlite:///{demo_copy}", "report", "--journey", "Support case",
                 "--out", str(out)])  # fmt: skip
    assert code == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_cli_report_applies_the_comment_threshold_of_the_settings(
    demo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = tmp_path / "journey.toml"
    settings.write_text("privacy_k_comments = 60\n")
    monkeypatch.setenv("JOURNEY_SETTINGS", str(settings))
    out = tmp_path / "report.html"
    assert main(["--db", f"sqlite:///{demo_copy}", "report", "--journey", "First purchase",
                 "--out", str(out)]) == 0  # fmt: skip
    html = out.read_text(encoding="utf-8")
    (table,) = pd.read_html(io.StringIO(html), match="Representative quote")
    expected = top_themes_by_hand(make_engine(f"sqlite:///{demo_copy}"), 1, k=60)
    assert list(zip(table["Stage"], table["Theme"], strict=True)) == [
        (stage, theme) for stage, theme, _, _ in expected
    ]
    assert (table["Comments (n)"] >= 60).all()
