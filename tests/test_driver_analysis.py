"""Driver analysis against SciPy's Pearson r, on both engines."""

import io
from datetime import UTC, datetime

import numpy as np
import pytest
from scipy import stats
from sqlalchemy import insert
from sqlalchemy.engine import Engine

from journey.analysis.drivers import pearson_from_sums, priority_matrix, stage_drivers
from journey.analysis.kpis import stage_kpis
from journey.ingest.importer import import_responses
from journey.store.db import writing
from journey.store.models import Outcome, SurveyImport


def add_outcomes(engine: Engine, wave: str, values: dict[str, float]) -> None:
    with writing(engine) as session:
        batch = SurveyImport(journey_id=1, file_name=f"outcomes-{wave}", content_hash=wave,
                             wave=wave, imported_at=datetime.now(UTC))  # fmt: skip
        session.add(batch)
        session.flush()
        rows = [{"import_id": batch.id, "journey_id": 1, "respondent_id": r, "wave": wave,
                 "measure": "nps", "value": v} for r, v in values.items()]  # fmt: skip
        session.connection().execute(insert(Outcome.__table__), rows)  # type: ignore[arg-type]


def test_r_is_pearson_of_stage_emotion_and_outcome(air_travel: Engine) -> None:
    rng = np.random.default_rng(3)
    rows = ["respondent_id,persona,stage,touchpoint,emotion"]
    stage_emotion: dict[str, float] = {}
    outcome: dict[str, float] = {}
    for i in range(40):
        web, app = int(rng.integers(1, 6)), int(rng.integers(1, 6))
        rows += [f"r{i},Family,Booking,Website,{web}", f"r{i},Family,Booking,App,{app}",
                 f"r{i},Family,Check-in,,{int(rng.integers(1, 6))}"]  # fmt: skip
        stage_emotion[f"r{i}"] = ((web - 3) / 2 + (app - 3) / 2) / 2  # mean of the two ratings
        outcome[f"r{i}"] = float(rng.integers(0, 11)) + stage_emotion[f"r{i}"] * 4
    data = io.BytesIO("\n".join(rows).encode())
    import_responses(
        engine=air_travel, stream=data, file_name="w.csv", journey_name="Air travel", wave="W1"
    )
    add_outcomes(air_travel, "W1", outcome)
    add_outcomes(air_travel, "W2", {"r1": 10.0, "r2": 0.0})  # another wave: never paired
    drivers = stage_drivers(engine=air_travel, journey_id=1).set_index("stage")
    expected = stats.pearsonr(list(stage_emotion.values()), [outcome[r] for r in stage_emotion])
    assert drivers.loc["Booking", "r"] == pytest.approx(expected.statistic, rel=1e-9)
    assert drivers.loc["Booking", "n"] == 40
    assert list(drivers.index)[0] == "Booking"  # strongest first
    matrix = priority_matrix(
        stage_drivers(engine=air_travel, journey_id=1), stage_kpis(engine=air_travel, journey_id=1)
    )
    assert set(matrix["stage"]) == {"Booking", "Check-in"}


def test_a_constant_outcome_has_no_r() -> None:
    assert pearson_from_sums(3, 3.0, 30.0, 5.0, 300.0, 30.0) is None  # y = 10 for everyone
    assert pearson_from_sums(1, 1.0, 1.0, 1.0, 1.0, 1.0) is None
    x, y = np.array([1.0, 2.0, 4.0]), np.array([2.0, 1.0, 5.0])
    r = pearson_from_sums(3, x.sum(), y.sum(), (x * x).sum(), (y * y).sum(), (x * y).sum())
    assert r == pytest.approx(stats.pearsonr(x, y).statistic, rel=1e-12)
