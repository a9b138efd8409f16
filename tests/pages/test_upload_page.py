"""The upload page walked through in AppTest: recognise, map, check, import, history."""

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlmodel import Session, col
from streamlit.testing.v1 import AppTest

from journey.ingest.history import import_table
from journey.store.db import make_engine
from journey.store.models import SurveyImport
from tests.conftest import shown
from tests.paths import APP

UPLOAD = "pages/upload.py"
IMPORT_IDS = ",".join(f'"{{""ImportId"":""QID{i}""}}"' for i in range(7))


def qualtrics(wave_offset: int = 0, rows: int = 40) -> bytes:
    """A small Qualtrics export for 'First purchase': three header rows, BOM, CRLF."""
    lines = [
        "StartDate,ResponseId,Q1,Q2_1,Q3,Q4,Q5",
        '"Start Date","Response ID","How did comparing plans feel?","Order - Online checkout",'
        '"Did the first bill meet your expectations?","Customer type",'
        '"How likely are you to recommend us? (0-10)"',
        IMPORT_IDS,
    ]
    for i in range(rows):
        expectation = ("Below expectations", "Met expectations", "Exceeded expectations")[i % 3]
        persona = ("Busy professional", "Tech enthusiast")[i % 2]
        lines.append(
            f"2026-10-{1 + i % 28:02d} 09:00:00,R_{wave_offset + i},{1 + i % 5},"
            f"{1 + (i * 3) % 5},{expectation},{persona},{i % 11}"
        )
    lines.append("2026-10-02 10:00:00,R_bad,x,4,Huh?,Busy professional,5")
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


LONG = (
    b"respondent_id,persona,stage,touchpoint,emotion,expectation\n"
    b"N1,Busy professional,Order,Online checkout,5,exceeds\n"
    b"N1,Busy professional,First bill,,2,below\n"
    b"N2,Tech enthusiast,Order,,4,meets\n"
    b"N3,Tech enthusiast,Nowhere,,4,meets\n"
)


@pytest.fixture
def app(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("JOURNEY_DB_URL", f"sqlite:///{demo_copy}")
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    app.switch_page(UPLOAD)
    app.run()
    assert not app.exception
    return app


def upload(app: AppTest, name: str, data: bytes, wave: str) -> AppTest:
    app.file_uploader(key="upload_file").upload(name, data, "text/csv").run()
    app.text_input(key="upload_wave").set_value(wave).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def metrics(app: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in app.metric}


def respondents_on_overview(app: AppTest) -> str:
    app.switch_page("app.py").run()
    value = metrics(app)["Respondents"]
    app.switch_page(UPLOAD).run()
    return value


def test_long_file_is_checked_then_imported_and_only_once(app: AppTest, demo_copy: Path) -> None:
    before = respondents_on_overview(app)
    upload(app, "october.csv", LONG, "2026-10")
    assert "long (one row per respondent × stage)" in shown(app.success[0].value)
    app.button(key="upload_check").click().run()
    assert metrics(app) == {"Responses read": "4", "Will be kept": "3", "Rejected": "1",
                            "Outcomes": "0"}  # fmt: skip
    rejects = next(d.value for d in app.dataframe if "Reason" in d.value.columns)
    assert rejects.to_dict("records") == [
        {"Line": 5, "Column": "stage", "Reason": rejects["Reason"][0]}
    ]
    assert rejects["Reason"][0].startswith("unknown stage 'Nowhere'")
    assert any("rejected:** 1 × unknown stage …" in shown(m.value) for m in app.markdown)
    app.button(key="upload_commit").click().run()
    assert "kept 3, rejected 1" in shown(app.success[0].value)
    assert respondents_on_overview(app) == f"{int(before.replace(',', '')) + 2:,}"
    history = import_table(engine=make_engine(f"sqlite:///{demo_copy}"), journey_id=1)
    assert history.iloc[0][["file", "wave", "kept", "rejected"]].tolist() == [
        "october.csv", "2026-10", 3, 1,
    ]  # fmt: skip

    upload(app, "october.csv", LONG, "2026-10")  # the same file again
    app.button(key="upload_check").click().run()
    assert "already imported" in shown(app.info[0].value)
    assert not [b for b in app.button if b.key == "upload_commit"]
    assert len(import_table(engine=make_engine(f"sqlite:///{demo_copy}"), journey_id=1)) == len(
        history
    )


def test_wide_export_is_mapped_from_suggestions_and_remembered(app: AppTest) -> None:
    upload(app, "qualtrics-october.csv", qualtrics(), "2026-10")
    assert "wide Qualtrics export" in shown(app.success[0].value)
    # The suggestions are complete; only the stray "x" is flagged as an answer with no number.
    assert [shown(w.value) for w in app.warning] == [
        "No number yet for: x. Those answers will be rejected."
    ]
    app.button(key="upload_check").click().run()
    # 41 rows × (two ratings + the first bill's expectation); in the bad row, the rating "x"
    # and the expectation "Huh?" are rejected and its other rating is kept.
    assert metrics(app)["Responses read"] == "123"
    assert metrics(app)["Rejected"] == "2"
    assert metrics(app)["Outcomes"] == "41"
    app.button(key="upload_commit").click().run()
    assert "kept 121, rejected 2" in shown(app.success[0].value)

    upload(app, "qualtrics-november.csv", qualtrics(wave_offset=1000), "2026-11")
    assert any("last import of this survey" in shown(s.value) for s in app.success)
    app.button(key="upload_check").click().run()
    assert metrics(app)["Will be kept"] == "121"
    app.button(key="upload_commit").click().run()
    assert "wave '2026-11'" in shown(app.success[0].value)


def test_a_mapping_file_can_be_loaded(app: AppTest) -> None:
    upload(app, "qualtrics-october.csv", qualtrics(), "2026-10")
    mapping = (
        "format: wide\nrespondent_id: ResponseId\npersona: Q4\nresponded_at: StartDate\n"
        "ratings:\n  - {column: Q1, stage: Compare plans, scale: '1:5'}\n"
    )
    app.file_uploader(key="upload_mapping_file").upload("map.yaml", mapping.encode(), "text/yaml")
    app.run()
    assert any("the file you loaded" in shown(s.value) for s in app.success)
    app.button(key="upload_check").click().run()
    assert metrics(app)["Responses read"] == "41"


def test_an_import_is_deleted_after_confirmation(app: AppTest, demo_copy: Path) -> None:
    upload(app, "october.csv", LONG, "2026-10")
    app.button(key="upload_check").click().run()
    app.button(key="upload_commit").click().run()
    engine = make_engine(f"sqlite:///{demo_copy}")
    count = len(import_table(engine=engine, journey_id=1))
    history = next(d.value for d in app.dataframe if "Imported at" in d.value.columns)
    assert list(history.columns) == [
        "Import", "File", "Layout", "Wave", "Imported at",
        "Rows read", "Responses kept", "Rejected", "Outcomes",
    ]  # fmt: skip
    choice = app.selectbox(key="upload_delete_choice")
    choice.select(next(o for o in choice.options if "october.csv" in o)).run()
    assert app.button(key="upload_delete").disabled
    app.checkbox(key="upload_delete_confirm").check().run()
    app.button(key="upload_delete").click().run()
    assert "3 responses and 0 outcomes removed" in shown(app.success[0].value)
    assert len(import_table(engine=engine, journey_id=1)) == count - 1


def test_an_unreadable_file_is_explained(app: AppTest) -> None:
    app.file_uploader(key="upload_file").upload("broken.csv", b'a,b\n1,"2\n', "text/csv").run()
    assert "unterminated quoted field" in shown(app.error[0].value)
    assert "line 2" in shown(app.error[0].value)


def test_the_outcome_kind_is_suggested_and_recorded_with_the_import(
    app: AppTest, demo_copy: Path
) -> None:
    upload(app, "qualtrics-october.csv", qualtrics(), "2026-10")
    kind = app.selectbox(key="upload_outcome_kind_Q5")
    assert kind.value == "nps"  # "How likely are you to recommend us? (0-10)", answers 0 … 10
    assert kind.format_func(kind.value) == "NPS: likelihood to recommend, 0–10"
    app.button(key="upload_check").click().run()
    app.button(key="upload_commit").click().run()
    engine = make_engine(f"sqlite:///{demo_copy}")
    with Session(engine) as session:
        latest = session.scalars(select(SurveyImport).order_by(col(SurveyImport.id).desc())).first()
        assert latest is not None and (latest.outcome_kind, latest.outcome_scale) == ("nps", "0:10")


def test_an_import_without_comments_is_not_followed_by_theming(app: AppTest) -> None:
    plain = b"respondent_id,persona,stage,emotion\nP1,Busy professional,First bill,2\n"
    upload(app, "plain.csv", plain, "2026-10")
    app.button(key="upload_check").click().run()
    app.button(key="upload_commit").click().run()
    message = shown(app.success[0].value)
    assert "1 kept" in message or "kept 1" in message
    assert "themed" not in message


def test_new_comments_are_themed_as_they_are_imported_and_deleted(app: AppTest) -> None:
    comments = (
        b"respondent_id,persona,stage,emotion,comment\n"
        b"C1,Busy professional,First bill,1,The bill was higher than the price I was quoted\n"
        b"C2,Tech enthusiast,First bill,2,Charged twice on my first invoice\n"
    )
    upload(app, "comments.csv", comments, "2026-10")
    app.button(key="upload_check").click().run()
    app.button(key="upload_commit").click().run()
    assert "comments themed into" in shown(app.success[0].value)
    choice = app.selectbox(key="upload_delete_choice")
    choice.select(next(o for o in choice.options if "comments.csv" in o)).run()
    app.checkbox(key="upload_delete_confirm").check().run()
    app.button(key="upload_delete").click().run()
    assert "comments themed into" in shown(app.success[0].value)
