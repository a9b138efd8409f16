"""A journey's codebook: stored, edited, imported as YAML, and every change re-themes."""

import pytest
from sqlalchemy.engine import Engine

from journey.analysis.comment_themes import stored_themes, theme_tables, themed_comments
from journey.analysis.themes import Codebook, CodebookTheme
from journey.catalog.codebooks import (
    add_example,
    add_theme,
    codebook_from_yaml,
    codebook_to_yaml,
    delete_theme,
    merge_themes,
    rename_theme,
    retheme,
    save_codebook,
    stored_codebook,
)
from journey.catalog.rules import EditError
from journey.schemas.base import FileError
from tests.factories import Answer, journey_id, store_responses

LATE = ["The flight was late again", "Delayed two hours at the gate", "late departure, no info",
        "Still waiting at the gate", "Boarding was delayed forever"]  # fmt: skip
BAGS = ["My suitcase never arrived", "Lost luggage, nobody helps", "Bag came out broken",
        "Luggage took an hour to arrive", "The suitcase was damaged"]  # fmt: skip
NICE = ["Friendly crew, thank you", "Lovely staff on board", "The crew were so kind",
        "Great service from the cabin crew", "Staff were helpful and friendly"]  # fmt: skip


@pytest.fixture
def commented(air_travel: Engine) -> Engine:
    """Fifteen comments on the Flight stage: late flights, luggage, friendly crew."""
    answers = [
        Answer(f"r{i}", "Flight", -1.0 if i < 10 else 1.0) for i, _ in enumerate(LATE + BAGS + NICE)
    ]
    store_responses(air_travel, answers)
    with air_travel.begin() as connection:
        for i, text in enumerate(LATE + BAGS + NICE):
            connection.exec_driver_sql(
                "UPDATE response SET comment = %s WHERE respondent_id = %s"
                if air_travel.dialect.name == "postgresql"
                else "UPDATE response SET comment = ? WHERE respondent_id = ?",
                (text, f"r{i}"),
            )
    return air_travel


def test_every_comment_gets_a_sentiment_and_a_theme(commented: Engine) -> None:
    report = retheme(engine=commented, journey_id=journey_id(commented))
    assert (report.comments, report.scored) == (15, 15)
    comments = themed_comments(engine=commented, journey_id=journey_id(commented))
    assert comments["theme"].notna().all() and comments["sentiment_label"].notna().all()
    assert (
        comments.loc[comments["comment"] == "Lost luggage, nobody helps", "sentiment_label"].item()
        == "negative"
    )
    again = retheme(engine=commented, journey_id=journey_id(commented))
    assert again.scored == 0  # a comment's sentiment is scored once
    assert themed_comments(engine=commented, journey_id=journey_id(commented)).equals(comments)


def test_a_codebook_theme_takes_its_keywords_and_examples(commented: Engine) -> None:
    air = journey_id(commented)
    codebook = codebook_from_yaml(
        "themes:\n"
        "  - {name: Late flight, keywords: [late, delay, delayed],"
        " examples: ['still waiting at the gate']}\n"
        "  - {name: Luggage, keywords: [luggage, suitcase, bag]}\n"
    )
    save_codebook(engine=commented, journey_id=air, codebook=codebook)
    comments = themed_comments(engine=commented, journey_id=air).set_index("comment")
    assert comments.loc["The flight was late again", "theme"] == "Late flight"  # a keyword
    assert comments.loc["Still waiting at the gate", "theme"] == "Late flight"  # an example
    assert comments.loc["Bag came out broken", "theme"] == "Luggage"  # whole word, any case
    assert comments.loc["Bag came out broken", "source"] == "codebook"
    assert set(stored_themes(engine=commented, journey_id=air)["theme"]) >= {
        "Late flight",
        "Luggage",
    }
    assert stored_codebook(engine=commented, journey_id=air).codebook == codebook


def test_moving_a_comment_into_a_theme_makes_it_an_example(commented: Engine) -> None:
    air = journey_id(commented)
    codebook = add_theme(Codebook(), "Crew", ["crew"])
    codebook = add_example(codebook, "crew", "Lovely staff on board")
    save_codebook(engine=commented, journey_id=air, codebook=codebook)
    comments = themed_comments(engine=commented, journey_id=air).set_index("comment")
    assert comments.loc["Lovely staff on board", "theme"] == "Crew"


def test_the_codebook_edits_keep_names_unique_ignoring_case() -> None:
    codebook = add_theme(add_theme(Codebook(), "Late flight", ["late"]), "Luggage", ["bag"])
    with pytest.raises(EditError, match="already has a theme named 'Luggage'"):
        add_theme(codebook, "luggage")
    renamed = rename_theme(codebook, "late FLIGHT", "Delays")
    assert [t.name for t in renamed.themes] == ["Delays", "Luggage"]
    merged = merge_themes(codebook, ["Late flight", "Luggage"], "Travel trouble")
    assert merged.themes == (CodebookTheme("Travel trouble", ("late", "bag")),)
    assert delete_theme(codebook, "Luggage").themes == codebook.themes[:1]
    with pytest.raises(EditError, match="no theme named 'Food'"):
        delete_theme(codebook, "Food")


def test_the_yaml_file_round_trips_and_a_bad_one_names_the_key() -> None:
    codebook = Codebook((CodebookTheme("Billing", ("bill", "charge"), ("why this fee?",)),))
    assert codebook_from_yaml(codebook_to_yaml(codebook)) == codebook
    with pytest.raises(FileError, match=r"^cb.yaml: themes\[0\].keyword: unknown key"):
        codebook_from_yaml("themes: [{name: Billing, keyword: [bill]}]", "cb.yaml")


def test_the_theme_tables_hide_groups_under_k(commented: Engine) -> None:
    air = journey_id(commented)
    save_codebook(
        engine=commented,
        journey_id=air,
        codebook=codebook_from_yaml("themes: [{name: Late flight, keywords: [late, delayed]}]"),
    )
    shown = theme_tables(engine=commented, journey_id=air, k=4)
    assert set(shown.by_stage["theme"]) <= set(shown.overview["theme"])
    assert (shown.by_stage["n"] >= 4).all() and (shown.overview["n"] >= 4).all()
    assert theme_tables(engine=commented, journey_id=air, k=16).overview.empty
