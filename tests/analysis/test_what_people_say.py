"""What people say: each stage's top themes with a quote, against plain SQL counts."""

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from journey.analysis.comment_themes import (
    stored_themes,
    theme_tables,
    top_themes,
    what_people_say,
)
from journey.analysis.kpis import stage_kpis
from journey.formatting import percent
from journey.render.themes_tables import valley_themes
from journey.store.db import make_engine
from journey.store.filters import Filters
from tests.reference import top_themes_by_hand


@pytest.fixture(scope="module")
def engine(demo_db_file: Path) -> Engine:
    return make_engine(f"sqlite:///{demo_db_file}")


@pytest.mark.parametrize(("journey_id", "k"), [(1, 10), (3, 10), (1, 40)])
def test_each_stages_largest_themes_but_other(engine: Engine, journey_id: int, k: int) -> None:
    top = what_people_say(engine=engine, journey_id=journey_id, k=k)
    assert top is not None
    expected = top_themes_by_hand(engine, journey_id, k=k)
    assert expected, "the demo has themes of this size"
    assert list(zip(top["stage"], top["theme"], top["n"], strict=True)) == [
        (stage, theme, n) for stage, theme, n, _ in expected
    ]
    assert list(top["share"]) == pytest.approx([share for *_, share in expected])


def test_each_quote_is_a_comment_of_its_theme_written_at_its_stage(engine: Engine) -> None:
    top = what_people_say(engine=engine, journey_id=1)
    assert top is not None
    with engine.connect() as connection:
        written = set(
            connection.execute(
                text(
                    "SELECT s.name, t.name, r.comment FROM response r"
                    " JOIN stage s ON s.id = r.stage_id JOIN theme t ON t.id = r.theme_id"
                    " WHERE r.journey_id = 1"
                )
            ).all()
        )
    for stage, theme, quote in zip(top["stage"], top["theme"], top["quote"], strict=True):
        assert (stage, theme, quote) in written


def test_a_journey_without_comments_has_nothing_to_say(engine: Engine) -> None:
    assert what_people_say(engine=engine, journey_id=2) is None  # the future state: no survey


def test_filters_and_privacy_leave_small_themes_out(engine: Engine) -> None:
    filters = Filters(personas=("Tech enthusiast",), waves=("2026-Q2",))
    top = what_people_say(engine=engine, journey_id=1, filters=filters, k=10)
    assert top is not None  # the journey has comments: an empty table, not None
    assert (top["n"] >= 10).all()
    unfiltered = what_people_say(engine=engine, journey_id=1, k=10)
    assert unfiltered is not None and len(top) < len(unfiltered)


def test_count_limits_the_themes_per_stage(engine: Engine) -> None:
    tables = theme_tables(engine=engine, journey_id=1)
    one = top_themes(tables, stored_themes(engine=engine, journey_id=1), count=1)
    by_hand = top_themes_by_hand(engine, 1, count=1)
    assert list(one["theme"]) == [theme for _, theme, _, _ in by_hand]


def test_the_valleys_themes_in_words(engine: Engine) -> None:
    kpis = stage_kpis(engine=engine, journey_id=1)
    top = what_people_say(engine=engine, journey_id=1)
    assert top is not None
    by_hand = top_themes_by_hand(engine, 1)
    valleys = list(kpis.loc[kpis["shape"] == "valley", "stage"])
    lines = valley_themes(kpis, top)
    assert len(lines) == len(valleys) == 3
    for valley, line in zip(valleys, lines, strict=True):
        own = [(theme, share) for stage, theme, _, share in by_hand if stage == valley]
        first, *rest = [f"“{theme}” {percent(share)}" for theme, share in own]
        assert line == f"{valley} (valley): " + ", ".join([f"{first} of its comments", *rest])
