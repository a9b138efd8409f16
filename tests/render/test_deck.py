"""The PowerPoint deck, opened with python-pptx and checked against the command line's figures."""

import io
import json
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pptx import Presentation
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from sqlalchemy import text

from journey.analysis.drivers import driver_analysis
from journey.cli import main
from journey.formatting import count, percent, signed
from journey.render import deck as deck_module
from journey.store.db import make_engine
from journey.store.filters import Filters
from tests.reference import top_themes_by_hand

TITLES = [
    "First purchase: journey review",
    "The journey map",
    "Peaks: Discover, Order, Get connected. Valleys: Compare plans, Book installation, First bill.",
    "Expectations: 76% meet or exceed",
    "Moments that matter",
    "What drives the overall outcome: the stages explain 44% of it",
    "What people say: top themes per stage",
    "Opportunities",
    "How the figures were made",
]


def cli_json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    capsys.readouterr()
    assert main([*args, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture(scope="module")
def url(demo_db_file: Path) -> str:
    return f"sqlite:///{demo_db_file}"


@pytest.fixture(scope="module")
def deck(url: str, tmp_path_factory: pytest.TempPathFactory) -> PresentationType:
    out = tmp_path_factory.mktemp("deck") / "review.pptx"
    assert main(["--db", url, "report", "--journey", "First purchase", "--format", "pptx",
                 "--out", str(out)]) == 0  # fmt: skip
    return Presentation(str(out))


def slide_titled(deck: PresentationType, start: str) -> list[Slide]:
    return [s for s in deck.slides if s.shapes.title.text.startswith(start)]  # type: ignore[union-attr]


def texts_of(slide: Slide) -> list[str]:
    """The paragraphs of the slide's text boxes (not its title)."""
    return [
        paragraph.text
        for shape in slide.shapes
        if shape.has_text_frame and shape != slide.shapes.title
        for paragraph in shape.text_frame.paragraphs  # type: ignore[attr-defined]
    ]


def table_of(slide: Slide) -> list[list[str]]:
    tables = [shape.table for shape in slide.shapes if shape.has_table]  # type: ignore[attr-defined]
    assert len(tables) == 1
    return [[cell.text for cell in row.cells] for row in tables[0].rows]


def notes_of(slide: Slide) -> str:
    frame = slide.notes_slide.notes_text_frame
    assert frame is not None
    return str(frame.text)


def test_the_slides_are_present_modes_in_its_order(deck: PresentationType) -> None:
    titles = [slide.shapes.title.text for slide in deck.slides]  # type: ignore[union-attr]
    assert titles == TITLES
    assert (deck.slide_width, deck.slide_height) == (12191695, 6858000)  # 16:9


def test_every_slide_has_speaker_notes_with_n_and_the_method(deck: PresentationType) -> None:
    for slide in deck.slides:
        notes = notes_of(slide)
        assert "n = 3,000 respondents (19,604 ratings)" in notes
        assert "all personas; all waves" in notes
    curve = notes_of(deck.slides[2])
    assert "n ≥ 30" in curve and "Welch's t-test" in curve
    assert "Shapley value of R² (LMG)" in notes_of(deck.slides[5])
    assert "bootstrap" in notes_of(deck.slides[5])


def test_the_curve_and_expectations_match_the_kpis_command(
    deck: PresentationType, url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    kpis = cli_json(capsys, "--db", url, "kpis", "--journey", "First purchase")
    curve = table_of(deck.slides[2])
    assert curve[0] == ["Stage", "Mean", "n", ""]
    assert curve[1:] == [
        [
            row["stage"],
            signed(row["mean_emotion"]),
            count(row["n"]),
            {"peak": "▲ peak", "valley": "▼ valley"}.get(row["shape"] or "", ""),
        ]
        for row in kpis
    ]
    expectations = table_of(deck.slides[3])
    assert expectations[1:] == [
        [row["stage"], percent(row["share_below"]), percent(row["share_meets"]),
         percent(row["share_exceeds"]), expectations[i + 1][4]]
        for i, row in enumerate(kpis)
    ]  # fmt: skip


def test_the_moments_match_the_kpis_command(
    deck: PresentationType, url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    kpis = cli_json(capsys, "--db", url, "kpis", "--journey", "First purchase")
    ranked = sorted(
        (row for row in kpis if row["impact"] is not None),
        key=lambda row: (-row["impact"], -row["n"]),
    )[:5]
    moments = table_of(deck.slides[4])
    assert moments[0] == ["Rank", "Stage", "Below expectations", "Reach", "Impact", "n"]
    assert [row[1] for row in moments[1:]] == [row["stage"] for row in ranked]
    assert [row[2] for row in moments[1:]] == [percent(row["share_below"]) for row in ranked]
    assert [row[4] for row in moments[1:]] == [f"{row['impact']:.3f}" for row in ranked]
    assert [row[5] for row in moments[1:]] == [count(row["n"]) for row in ranked]


def test_the_drivers_match_the_analysis_and_the_drivers_command(
    deck: PresentationType, url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    drivers = table_of(deck.slides[5])
    expected = driver_analysis(engine=make_engine(url), journey_id=1, filters=Filters()).table()
    assert [row[0] for row in drivers[1:]] == list(expected["stage"])
    assert [row[1] for row in drivers[1:]] == [percent(v) for v in expected["share"]]
    assert [row[2] for row in drivers[1:]] == [f"{v:.3f}" for v in expected["importance"]]
    assert [row[3] for row in drivers[1:]] == [
        f"{low:.3f} – {high:.3f}"
        for low, high in zip(expected["importance_low"], expected["importance_high"], strict=True)
    ]
    command = cli_json(capsys, "--db", url, "drivers", "--journey", "First purchase")
    rows = command["drivers"] if isinstance(command, dict) else command
    by_stage = {row["stage"]: row for row in rows}
    for row in drivers[1:]:  # r and n per stage, as `drivers` prints them
        assert row[4] == f"{by_stage[row[0]]['r']:.3f}"
        assert row[5] == count(by_stage[row[0]]["n"])


def test_the_title_slide_has_the_headline_figures(deck: PresentationType, url: str) -> None:
    with make_engine(url).connect() as connection:
        respondents, ratings, mean = connection.execute(
            text(
                "SELECT count(DISTINCT respondent_id), count(emotion), avg(emotion) FROM response"
                " WHERE journey_id = 1 AND emotion IS NOT NULL"
            )
        ).one()
        below, meets, exceeds = connection.execute(
            text(
                "SELECT sum(expectation = 'below'), sum(expectation = 'meets'),"
                " sum(expectation = 'exceeds') FROM response WHERE journey_id = 1"
            )
        ).one()
    answered = below + meets + exceeds
    figures = table_of(deck.slides[0])
    assert (respondents, ratings) == (3000, 19604)
    assert dict(zip(figures[0], figures[1], strict=True)) == {
        "Respondents": count(respondents),
        "Mean emotion (−1…+1)": signed(mean),
        "Meets or exceeds": percent((meets + exceeds) / answered),
        "Net expectation": signed((exceeds - below) / answered),
        "High point": "Order",
        "Low point": "First bill",
        "Top moment that matters": "First bill",
    }


def test_charts_are_pictures_at_slide_resolution(deck: PresentationType) -> None:
    for number in (1, 2, 3):
        pictures = [s for s in deck.slides[number].shapes if s.shape_type == 13]  # PICTURE
        assert len(pictures) == 1
        with Image.open(io.BytesIO(pictures[0].image.blob)) as image:  # type: ignore[attr-defined]
            inches = pictures[0].width / 914400
            assert image.width / inches >= 150  # sharp when projected full screen


def test_opportunities_are_the_opportunity_notes(deck: PresentationType) -> None:
    (slide,) = slide_titled(deck, "Opportunities")
    texts = texts_of(slide)
    assert "Book installation: Offer two-hour windows and self-service rebooking in the app. " \
           "(Maya (CX research))" in texts  # fmt: skip


@pytest.mark.parametrize("rows_per_slide", [None, 4])
def test_what_people_say_is_each_stages_top_themes_as_native_tables(
    deck: PresentationType,
    url: str,
    rows_per_slide: int | None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """All the top themes, in as many slides as the rows need, a stage never split."""
    if rows_per_slide is not None:
        monkeypatch.setattr(deck_module, "THEME_ROWS", rows_per_slide)
        out = tmp_path / "paged.pptx"
        assert main(["--db", url, "report", "--journey", "First purchase", "--format", "pptx",
                     "--out", str(out)]) == 0  # fmt: skip
        deck = Presentation(str(out))
    slides = slide_titled(deck, "What people say")
    rows: list[list[str]] = []
    for slide in slides:
        table = table_of(slide)
        assert table[0] == ["Stage", "Theme", "Comments", "Share", "A representative quote"]
        assert 1 <= len(table) - 1 <= (rows_per_slide or 12)  # rows a slide can hold
        rows += table[1:]
        assert "themes of fewer than 10 comments" in notes_of(slide).lower()
    expected = top_themes_by_hand(make_engine(url), 1)
    assert [row[:4] for row in rows] == [
        [stage, theme, count(n), percent(share)] for stage, theme, n, share in expected
    ]
    assert all(row[4] for row in rows)  # a quote for every theme
    stages = [[row[0] for row in table_of(slide)[1:]] for slide in slides]
    for before, after in pairwise(stages):
        assert before[-1] != after[0]  # a stage stays on one slide
    if rows_per_slide is not None:
        assert len(slides) > 1
        assert slides[0].shapes.title.text.endswith(f"(1 of {len(slides)})")  # type: ignore[union-attr]


def test_the_curve_slide_names_each_valleys_top_themes(
    deck: PresentationType, url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    kpis = cli_json(capsys, "--db", url, "kpis", "--journey", "First purchase")
    expected = top_themes_by_hand(make_engine(url), 1)
    lines = texts_of(deck.slides[2])
    valleys = [row["stage"] for row in kpis if row["shape"] == "valley"]
    assert [line.split(" (valley): ")[0] for line in lines] == valleys
    for valley, line in zip(valleys, lines, strict=True):
        theme, share = next((t, s) for stage, t, _, s in expected if stage == valley)
        assert f"(valley): “{theme}” {percent(share)} of its comments" in line
