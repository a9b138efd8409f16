"""A wide export's outcome declared as NPS, CSAT, CES, yes/no or a number, checked on import."""

import io

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from journey.ingest.importer import import_responses
from journey.ingest.mapping import MappingError, load_mapping
from journey.ingest.scales import Scale
from journey.store.models import Outcome, SurveyImport

MAPPING = """\
format: wide
respondent_id: id
outcome: {{column: recommend, kind: {kind}{scale}}}
ratings:
- {{column: booking, stage: Booking, scale: '1:5'}}
"""
FILE = "id,booking,recommend\nr1,5,10\nr2,4,11\nr3,2,6.5\nr4,3,0\n"


def mapping(kind: str, scale: str = "") -> str:
    return MAPPING.format(kind=kind, scale=f", scale: '{scale}'" if scale else "")


def test_an_nps_outcome_takes_0_to_10_and_the_import_records_its_kind(air_travel: Engine) -> None:
    report = import_responses(
        engine=air_travel,
        stream=io.BytesIO(FILE.encode()),
        file_name="w.csv",
        journey_name="Air travel",
        mapping=load_mapping(mapping("nps")),
    )
    reasons = {(r.line, r.column): r.reason for r in report.rejects.preview}
    assert reasons == {
        (3, "recommend"): "outcome 11 is not an answer on the nps scale 0:10 "
        "(the respondent's ratings are kept)",
        (4, "recommend"): "outcome 6.5 is not an answer on the nps scale 0:10 "
        "(the respondent's ratings are kept)",
    }
    assert (report.rows_kept, report.outcomes_kept) == (4, 2)
    with Session(air_travel) as session:
        batch = session.scalars(select(SurveyImport)).one()
        assert (batch.outcome_kind, batch.outcome_scale) == ("nps", "0:10")
        assert sorted(session.scalars(select(Outcome.value)).all()) == [0.0, 10.0]


def test_the_kind_and_scale_round_trip_through_yaml() -> None:
    loaded = load_mapping(mapping("csat", "1:7"))
    assert loaded.outcome is not None
    assert (loaded.outcome.kind, loaded.outcome.scale) == ("csat", Scale(1, 7))
    assert load_mapping(loaded.to_yaml()) == loaded
    plain = load_mapping("format: wide\noutcome: recommend\nratings: [{column: b, stage: B}]\n")
    assert plain.outcome is not None and plain.outcome.kind == "numeric"


@pytest.mark.parametrize(
    ("kind", "scale", "message"),
    [
        ("promoter", "", "map.yaml: outcome.kind: expected 'nps', 'csat', 'ces', 'yes/no' or"),
        ("csat", "1:6", "map.yaml: outcome.scale: a CSAT is asked on 1:5 or 1:7, not 1:6"),
        ("nps", "1:10", "map.yaml: outcome.scale: nps outcomes are on 0:10, not 1:10"),
        ("ces", "1-7", 'map.yaml: outcome.scale: expected "MIN:MAX", got "1-7"'),
    ],
)
def test_a_kind_or_scale_that_does_not_fit_is_refused(kind: str, scale: str, message: str) -> None:
    with pytest.raises(MappingError, match=message):
        load_mapping(mapping(kind, scale), "map.yaml")
