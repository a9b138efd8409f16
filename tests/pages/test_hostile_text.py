"""Whatever users type or upload is shown as text: no HTML, Markdown or script takes effect."""

import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from dashboard.slides import SLIDES
from journey.catalog.definitions import import_definitions
from journey.ingest.importer import import_responses
from journey.render.report import build_report
from journey.store.db import create_schema, make_engine, writing
from journey.store.models import Note
from tests.paths import APP

JOURNEY = "<script>window.pwned=1</script> Journey"
STAGES = ["[click me](http://evil.example)", "**Bold** <img src=x onerror=window.pwned=2>",
          ":red[Red] :material/home: $x^2$", "# Heading"]  # fmt: skip
PERSONA = "<b>Persona</b> ![img](http://evil.example/x.png)"
NOTE = "<iframe src=http://evil.example></iframe> see www.evil.example or me@evil.example"
PAGES = ["pages/journey_map.py", "pages/emotion_curves.py", "pages/expectations.py",
         "pages/trends.py", "pages/drivers.py", "pages/verbatims.py", "pages/present.py",
         "pages/upload.py", "pages/journeys.py", "pages/personas.py", "pages/notes.py"]  # fmt: skip
# What would mean that Markdown or HTML took effect: unescaped syntax in an element's source.
LIVE = [
    re.compile(pattern)
    for pattern in (
        r"(?<!\\)<(script|img|iframe|b)\b",
        r"(?<!\\)\[[^\]]*(?<!\\)\]\(",
        r"(?<!\\):red(?<!\\)\[",
        r"(?<!\\)\*\*Bold",
        r"www\.evil",
        r"http://",
        r"(?<!\u2060)@evil",
    )
]


def hostile_database(path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{path}")
    create_schema(engine)
    definitions = {
        "personas": [{"name": PERSONA, "description": "<script>alert(1)</script>\n- list"}],
        "journeys": [
            {
                "name": JOURNEY,
                "description": "[x](javascript:alert(1))",
                "stages": [
                    {"name": s, "goal": "<b>goal</b>",
                     "touchpoints": [{"name": "=HYPERLINK(1)", "channel": "<i>web</i>"}]}
                    for s in STAGES
                ],
            }
        ],
    }  # fmt: skip
    import_definitions(engine=engine, text=yaml.safe_dump(definitions))
    rows = ["respondent_id,persona,stage,emotion,expectation,comment,<b>Region</b>"]
    for number in range(40):
        for stage in STAGES:
            quoted = '"' + stage.replace('"', '""') + '"'
            rows.append(f'R{number},"{PERSONA}",{quoted},{1 + number % 5},below,"{NOTE}",<i>x</i>')
    report = import_responses(
        engine=engine,
        stream=io.BytesIO("\n".join(rows).encode()),
        file_name="h.csv",
        journey_name=JOURNEY,
        wave="<w>",
    )
    assert report.rows_kept == 160
    with writing(engine) as session:
        session.add(Note(journey_id=1, stage_id=1, kind="opportunity", text=NOTE, author=PERSONA,
                         created_at=datetime(2026, 11, 1, tzinfo=UTC)))  # fmt: skip
        session.add(Note(journey_id=1, stage_id=None, kind="insight", text=NOTE, author=JOURNEY,
                         created_at=datetime(2026, 11, 2, tzinfo=UTC)))  # fmt: skip
    return engine


@pytest.fixture
def hostile_db(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.db"
    hostile_database(path).dispose()
    return path


def markdown_sources(app: AppTest) -> list[str]:
    kinds = ("markdown", "caption", "success", "info", "warning", "error", "title", "header",
             "subheader")  # fmt: skip
    return [element.value for kind in kinds for element in app.get(kind)]


@pytest.mark.parametrize("page", [None, *PAGES])
def test_no_page_renders_user_text_as_markup(
    hostile_db: Path, monkeypatch: pytest.MonkeyPatch, page: str | None
) -> None:
    monkeypatch.setenv("JOURNEY_DB_URL", f"sqlite:///{hostile_db}")
    app = AppTest.from_file(APP, default_timeout=60).run()
    if page:
        app.switch_page(page).run()
    assert not app.exception, [e.value for e in app.exception]
    sources = markdown_sources(app)
    assert sources
    for source in sources:
        for pattern in LIVE:
            assert not pattern.search(source), f"{pattern.pattern!r} is live in {source!r}"


def test_present_mode_shows_hostile_notes_as_text(
    hostile_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JOURNEY_DB_URL", f"sqlite:///{hostile_db}")
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["slide"] = str([name for name, _ in SLIDES].index("Opportunities") + 1)
    app.run()
    app.switch_page("pages/present.py").run()
    opportunities = " ".join(markdown_sources(app))
    assert "\\<iframe src=http:\u2060//evil.example\\>" in opportunities


def test_the_report_escapes_everything(hostile_db: Path) -> None:
    html = build_report(engine=make_engine(f"sqlite:///{hostile_db}"), journey_id=1)
    assert "<script" not in html and "<iframe" not in html and "<img" not in html
    assert "onerror=window" not in html.replace("onerror=window.pwned=2&gt;", "")
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt; Journey" in html
    assert not re.search(r"<a\b", html)
    assert "&lt;iframe src=http://evil.example&gt;&lt;/iframe&gt;" in html
