"""The Themes page in AppTest: per stage what people say, the codebook edited in the app."""

import pytest
from sqlalchemy.engine import Engine

from journey.analysis.comment_themes import theme_tables, themed_comments
from journey.catalog.codebooks import stored_codebook
from tests.conftest import shown
from tests.factories import journey_id
from tests.pages.apptest import flash, open_page

THEMES = "pages/themes.py"


def test_the_whole_journey_and_a_stage_show_their_themes(database: Engine) -> None:
    app = open_page(THEMES, journey="First purchase")
    first = journey_id(database, "First purchase")
    expected = theme_tables(engine=database, journey_id=first)
    whole = app.dataframe[0].value
    assert list(whole["Theme"]) == list(expected.whole["theme"])
    assert (whole["Comments (n)"] >= 10).all()
    assert any(shown(c.value).startswith("Whole journey: the most talked-about theme is")
               for c in app.caption)  # fmt: skip
    app.selectbox(key="themes_stage").select("First bill").run()
    bill = app.dataframe[0].value
    own = expected.by_stage[expected.by_stage["stage"] == "First bill"]
    assert list(bill["Theme"]) == list(own["theme"])
    assert list(bill["Comments (n)"]) == list(own["n"])
    assert all(quotes for quotes in bill["Representative quotes"])


def test_reading_a_themes_comments(database: Engine) -> None:
    app = open_page(THEMES, journey="First purchase")
    app.selectbox(key="themes_stage").select("Book installation").run()
    theme = app.selectbox(key="themes_read").options[0]
    app.selectbox(key="themes_read").select(theme).run()
    comments = app.dataframe[1].value
    stored = themed_comments(engine=database, journey_id=journey_id(database, "First purchase"))
    own = stored[(stored["stage"] == "Book installation") & (stored["theme"] == theme)]
    assert sorted(comments["Comment"]) == sorted(own["comment"])


def test_a_new_codebook_theme_rethemes_the_comments(database: Engine) -> None:
    app = open_page(THEMES, journey="Contract renewal")
    app.text_input(key="themes_new_name").input("Price rise")
    app.text_input(key="themes_new_keywords").input("price, more, cheaper")
    app.button(key="themes_new_add").click().run()
    assert flash(app).startswith("Theme added. ")
    renewal = journey_id(database, "Contract renewal")
    assert [
        t.name for t in stored_codebook(engine=database, journey_id=renewal).codebook.themes
    ] == ["Price rise"]
    comments = themed_comments(engine=database, journey_id=renewal)
    assert "Price rise" in set(comments["theme"])


def test_a_discovered_theme_is_kept_in_one_click(database: Engine) -> None:
    app = open_page(THEMES, journey="Contract renewal")
    buttons = [b for b in app.button if str(b.key).startswith("themes_promote_")]
    assert buttons
    name = str(buttons[0].key).removeprefix("themes_promote_")
    buttons[0].click().run()
    assert flash(app) == f"Added {name!r} to the codebook. " + flash(app).split(". ", 1)[1]
    renewal = journey_id(database, "Contract renewal")
    kept = stored_codebook(engine=database, journey_id=renewal).codebook.themes
    assert [t.name for t in kept] == [name] and kept[0].keywords


@pytest.mark.parametrize("yaml_text", ["themes: [{name: X, keyword: [late]}]\n"])
def test_a_bad_codebook_file_is_refused_on_the_page(database: Engine, yaml_text: str) -> None:
    app = open_page(THEMES, journey="Contract renewal")
    app.file_uploader(key="themes_codebook_file").upload(
        "bad.yaml", yaml_text.encode(), "text/yaml"
    )
    app.run()
    app.button(key="themes_codebook_import").click().run()
    assert [shown(e.value) for e in app.error] == [
        "bad.yaml: themes[0].keyword: unknown key (did you mean 'keywords'?)"
    ]
