"""The shipped sample exports: up to date, recognised, and importing exactly as documented."""

import io
from pathlib import Path

import pytest

from journey.demo.journeys import FIRST_PURCHASE
from journey.demo.sample_exports import SAMPLES, mapping_name, write_samples
from journey.ingest.importer import import_responses
from journey.ingest.mapping import load_mapping
from journey.ingest.plans import mapping_from_plans
from journey.ingest.reading import open_table, peek_table
from journey.ingest.suggest import suggest_plans
from journey.store.db import make_engine
from journey.store.queries import all_persona_names
from tests.paths import ROOT

SAMPLES_DIR = ROOT / "data" / "samples"
EXPECTED = {  # layout, encoding, responses read, kept, rejected, outcomes kept
    "qualtrics-first-purchase-2026-Q4.csv": ("Qualtrics", "utf-8-sig", 840, 830, 10, 119),
    "surveymonkey-first-purchase-2026-Q4.csv": ("SurveyMonkey", "cp1252", 840, 839, 1, 0),
    "google-forms-first-purchase-2026-Q4.csv": ("Google Forms", "utf-8", 840, 840, 0, 0),
    "google-forms-first-purchase-2026-Q4-unicode.txt": ("Google Forms", "utf-16", 840, 840, 0, 0),
    "typeform-first-purchase-2026-Q4.csv": ("Typeform", "utf-8", 840, 840, 0, 120),
    "typeform-first-purchase-2026-Q4.xlsx": ("Typeform", "xlsx", 840, 840, 0, 120),
    "long-first-purchase-2026-Q4.csv": ("long", "utf-8", 280, 279, 1, 0),
}


def test_the_committed_samples_are_what_the_code_makes(tmp_path: Path) -> None:
    for path in write_samples(tmp_path):
        assert (SAMPLES_DIR / path.name).read_bytes() == path.read_bytes(), path.name
    assert set(EXPECTED) == set(SAMPLES)


@pytest.mark.parametrize("name", list(EXPECTED))
def test_each_sample_imports_as_documented(name: str, demo_copy: Path) -> None:
    layout, encoding, read, kept, rejected, outcomes = EXPECTED[name]
    data = (SAMPLES_DIR / name).read_bytes()
    table = open_table(io.BytesIO(data), name)
    assert (table.layout, table.facts.encoding) == (layout, encoding)
    mapping = None
    if layout != "long":
        mapping = load_mapping((SAMPLES_DIR / mapping_name(name)).read_text(encoding="utf-8"))
    engine = make_engine(f"sqlite:///{demo_copy}")
    report = import_responses(
        engine=engine,
        stream=io.BytesIO(data),
        file_name=name,
        journey_name="First purchase",
        wave="2026-Q4",
        mapping=mapping,
    )
    assert (report.rows_read, report.rows_kept, report.rows_rejected) == (read, kept, rejected)
    assert report.outcomes_kept == outcomes
    assert report.new_personas == []
    again = import_responses(
        engine=engine,
        stream=io.BytesIO(data),
        file_name=name,
        journey_name="First purchase",
        wave="2026-Q4",
        mapping=mapping,
    )
    assert again.already_imported


def test_the_qualtrics_rejects_name_line_column_and_reason(demo_copy: Path) -> None:
    name = "qualtrics-first-purchase-2026-Q4.csv"
    mapping = load_mapping((SAMPLES_DIR / "qualtrics.mapping.yaml").read_text(encoding="utf-8"))
    report = import_responses(
        engine=make_engine(f"sqlite:///{demo_copy}"),
        stream=io.BytesIO((SAMPLES_DIR / name).read_bytes()),
        file_name=name,
        journey_name="First purchase",
        wave="2026-Q4",
        mapping=mapping,
    )
    rejects = [(r.line, r.column, r.reason) for r in report.rejects.preview]
    assert rejects[0] == (9, "Q2_2", "value 7 outside the scale 1:5")
    assert (22, "Q2_4", "not a number or a known label: 'x'") in rejects
    assert [r for r in rejects if r[0] == 35] == [
        (35, f"Q2_{i}", "missing respondent id") for i in range(1, 8)
    ]
    assert (47, "Q3", "unknown expectation label: 'Sort of'") in rejects


@pytest.mark.parametrize("name", [n for n, e in EXPECTED.items() if e[0] != "long"])
def test_the_upload_page_suggests_a_complete_mapping(name: str, demo_db_file: Path) -> None:
    peek = peek_table(io.BytesIO((SAMPLES_DIR / name).read_bytes()), name)
    stages = [(s.name, [t for t, _ in s.touchpoints]) for s in FIRST_PURCHASE.stages]
    personas = all_persona_names(engine=make_engine(f"sqlite:///{demo_db_file}"))
    mapping = mapping_from_plans(
        suggest_plans(peek.header, peek.descriptions, peek.evidence, stages, personas)
    )
    assert [rating.stage for rating in mapping.ratings] == [s.name for s in FIRST_PURCHASE.stages]
    assert len(mapping.persona) == 1
