"""What a review meeting's deliverables show of one journey (the slides, the deck, the report),
gathered once under the filters and the privacy rules."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pandas as pd
from sqlalchemy.engine import Engine

from journey.analysis.comment_themes import what_people_say
from journey.analysis.curve import DEFAULT_MIN_N
from journey.analysis.drivers import DriverAnalysis, driver_analysis
from journey.analysis.kpis import Headline, headline, journey_respondents
from journey.analysis.privacy import protected_kpis, stored_figures
from journey.analysis.significance import stage_steps
from journey.formatting import plural
from journey.render.journey_map import MapHeader
from journey.store.filters import ALL_RESPONSES, Filters
from journey.store.queries import (
    journey_table,
    note_table,
    response_dates,
    stage_table,
    touchpoint_table,
    wave_table,
)


@dataclass(frozen=True)
class MeetingFigures:
    """Everything the slides show, computed once, under the filters and the privacy rule."""

    journey: str
    description: str
    filters: Filters
    header: MapHeader
    kpis: pd.DataFrame
    figures: Headline
    steps: pd.DataFrame
    stages: pd.DataFrame
    touchpoints: pd.DataFrame
    notes: pd.DataFrame
    drivers: DriverAnalysis
    themes: pd.DataFrame | None  # each stage's top themes (`top_themes`); None: no comments
    dates: tuple[date | None, date | None]
    min_n: int
    privacy_k: int
    privacy_k_comments: int
    generated: datetime

    def who(self) -> str:
        """The respondents a slide stands on, for its speaker notes."""
        return (
            f"n = {plural(self.figures.respondents, 'respondent')} "
            f"({plural(self.figures.responses, 'rating')}); {self.filters.describe()}; "
            f"waves {', '.join(self.header.waves) or 'none'}."
        )


def meeting_figures(
    *,
    engine: Engine,
    journey_id: int,
    filters: Filters = ALL_RESPONSES,
    min_n: int = DEFAULT_MIN_N,
    privacy_k: int = 5,
    privacy_k_comments: int = 10,
    now: datetime | None = None,
) -> MeetingFigures:
    """The figures of one journey under the filters, as the slides and the report show them."""
    journeys = journey_table(engine=engine)
    journey = journeys[journeys["journey_id"] == journey_id].iloc[0]
    kpis = protected_kpis(
        stored_figures(engine=engine, journey_id=journey_id, min_n=min_n),
        filters=filters,
        split=None,
        k=privacy_k,
    )
    respondents = journey_respondents(
        engine=engine, journey_id=journey_id, filters=filters, by_persona=False
    ).get(None, 0)
    waves = tuple(filters.waves) or tuple(wave_table(engine=engine, journey_id=journey_id)["wave"])
    return MeetingFigures(
        journey=str(journey["name"]),
        description=str(journey["description"] or ""),
        filters=filters,
        header=MapHeader(str(journey["name"]), filters.personas, waves, respondents),
        kpis=kpis,
        figures=headline(kpis, respondents),
        steps=stage_steps(kpis),
        stages=stage_table(engine=engine, journey_id=journey_id),
        touchpoints=touchpoint_table(engine=engine, journey_id=journey_id),
        notes=note_table(engine=engine, journey_id=journey_id),
        drivers=driver_analysis(
            engine=engine, journey_id=journey_id, filters=filters, min_n=min_n
        ).without_small_groups(privacy_k),
        themes=what_people_say(
            engine=engine, journey_id=journey_id, filters=filters, k=privacy_k_comments
        ),
        dates=response_dates(engine=engine, journey_id=journey_id, filters=filters),
        min_n=min_n,
        privacy_k=privacy_k,
        privacy_k_comments=privacy_k_comments,
        generated=now or datetime.now(UTC),
    )
