"""The privacy threshold: small groups show no figures and no comments."""

import io

import pandas as pd
from sqlalchemy.engine import Engine

from journey.analysis.kpis import stage_kpis
from journey.analysis.privacy import (
    hidden_note,
    small_groups,
    suppress_small_groups,
    without_small_groups,
)
from journey.ingest.importer import import_responses
from journey.store.filters import Filters
from journey.store.queries import verbatims

ROWS = (
    "respondent_id,persona,stage,emotion,expectation,comment\n"
    + "".join(f"r{i},Family,Booking,{1 + i % 5},below,family {i}\n" for i in range(6))
    + "".join(f"b{i},Business traveller,Booking,5,exceeds,business {i}\n" for i in range(2))
)


def test_groups_under_k_are_blanked_and_marked(air_travel: Engine) -> None:
    import_responses(
        engine=air_travel,
        stream=io.BytesIO(ROWS.encode()),
        file_name="w.csv",
        journey_name="Air travel",
    )
    figures = suppress_small_groups(
        stage_kpis(engine=air_travel, journey_id=1, by_persona=True, min_n=1), k=5
    )
    booking = figures[figures["stage"] == "Booking"].set_index("persona")
    assert booking.loc["Family", "n"] == 6 and not booking.loc["Family", "suppressed"]
    business = booking.loc["Business traveller"]
    assert business["suppressed"] and business["n"] == 0 and business["respondents"] == 0
    assert pd.isna(business["mean_emotion"]) and pd.isna(business["share_exceeds"])
    assert business["shape"] is None
    assert small_groups(figures) == {("Booking", "Business traveller")}
    assert hidden_note(figures, 5) == (
        "1 group is hidden: fewer than 5 respondents, who could be recognised."
    )
    comments = verbatims(engine=air_travel, journey_id=1, filters=Filters())
    kept = without_small_groups(comments, small_groups(figures))
    assert len(comments) == 8 and len(kept) == 6
    assert not kept["comment"].str.startswith("business").any()


def test_a_threshold_of_one_hides_nothing(air_travel: Engine) -> None:
    import_responses(
        engine=air_travel,
        stream=io.BytesIO(ROWS.encode()),
        file_name="w.csv",
        journey_name="Air travel",
    )
    figures = suppress_small_groups(
        stage_kpis(engine=air_travel, journey_id=1, by_persona=True, min_n=1), k=1
    )
    assert not figures["suppressed"].any()
    assert hidden_note(figures, 1) is None
