"""The one seam between Streamlit and the database: a cached engine and cached loaders.

Loaders take the database's revision as an argument, so a new import or edit shows at once
and nothing is recomputed otherwise. They return DataFrames, never ORM objects.
"""

from datetime import date
from types import SimpleNamespace

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from journey.analysis import comment_themes, drivers, kpis, outcomes, privacy
from journey.analysis.drivers import DriverAnalysis
from journey.analysis.evidence import stage_evidence
from journey.analysis.outcomes import OutcomeMetric, OutcomeSpec
from journey.analysis.privacy import Split
from journey.analysis.theme_drivers import ThemeDrivers
from journey.analysis.theme_drivers import theme_drivers as theme_driver_analysis
from journey.analysis.touchpoint_kpis import touchpoint_kpis as touchpoint_figures
from journey.catalog import codebooks
from journey.catalog.definitions import export_definitions
from journey.render.report import build_report
from journey.store import queries
from journey.store.db import create_schema, database_url, make_engine, revision
from journey.store.filters import Filters


def records(frame: pd.DataFrame) -> list[SimpleNamespace]:
    """The frame's rows as objects with one attribute per column, for the widgets to read."""
    return [
        SimpleNamespace(**{str(k): v for k, v in row.items()}) for row in frame.to_dict("records")
    ]


@st.cache_resource(show_spinner=False)
def engine(url: str) -> Engine:
    """One engine (and connection pool) per database URL for the whole server."""
    created = make_engine(url)
    create_schema(created)
    return created


def current_engine() -> Engine:
    return engine(database_url())


def current_revision() -> int:
    return revision(current_engine())


@st.cache_data(show_spinner=False)
def journeys(url: str, rev: int) -> pd.DataFrame:
    return queries.journey_table(engine=engine(url))


@st.cache_data(show_spinner=False)
def personas(url: str, rev: int, journey_id: int) -> list[str]:
    return queries.persona_names(engine=engine(url), journey_id=journey_id)


@st.cache_data(show_spinner=False)
def waves(url: str, rev: int, journey_id: int) -> pd.DataFrame:
    return queries.wave_table(engine=engine(url), journey_id=journey_id)


@st.cache_data(show_spinner=False)
def protected_kpis(
    url: str, rev: int, journey_id: int, filters: Filters, split: Split, min_n: int, k: int
) -> pd.DataFrame:
    """The figures as they may be shown: journey.analysis.privacy's one rule for all."""

    def figures(chosen: Filters, by: Split) -> pd.DataFrame:
        return stage_kpis(url, rev, journey_id, chosen, by, min_n)

    return privacy.protected_kpis(figures, filters=filters, split=split, k=k)


@st.cache_data(show_spinner="Computing the figures…")
def stage_kpis(
    url: str, rev: int, journey_id: int, filters: Filters, split: Split, min_n: int
) -> pd.DataFrame:
    """Figures per stage, split by "persona", by "wave", or not at all (None)."""
    return kpis.stage_kpis(
        engine=engine(url),
        journey_id=journey_id,
        filters=filters,
        by_persona=split == "persona",
        by_wave=split == "wave",
        min_n=min_n,
    )


@st.cache_data(show_spinner=False)
def stages(url: str, rev: int, journey_id: int) -> pd.DataFrame:
    return queries.stage_table(engine=engine(url), journey_id=journey_id)


@st.cache_data(show_spinner=False)
def touchpoints(url: str, rev: int, journey_id: int) -> pd.DataFrame:
    return queries.touchpoint_table(engine=engine(url), journey_id=journey_id)


@st.cache_data(show_spinner=False)
def notes(url: str, rev: int, journey_id: int) -> pd.DataFrame:
    return queries.note_table(engine=engine(url), journey_id=journey_id)


@st.cache_data(show_spinner=False)
def dates(url: str, rev: int, journey_id: int, filters: Filters) -> tuple[date | None, date | None]:
    return queries.response_dates(engine=engine(url), journey_id=journey_id, filters=filters)


@st.cache_data(show_spinner="Writing the report…", max_entries=8)
def report(
    url: str, rev: int, journey_id: int, filters: Filters, min_n: int, k: int, k_comments: int
) -> str:
    return build_report(
        engine=engine(url),
        journey_id=journey_id,
        filters=filters,
        min_n=min_n,
        privacy_k=k,
        privacy_k_comments=k_comments,
    )


@st.cache_data(show_spinner="Making the slides…", max_entries=8)
def deck(
    url: str, rev: int, journey_id: int, filters: Filters, min_n: int, k: int, k_comments: int
) -> bytes:
    from journey.render.deck import journey_deck  # python-pptx: loaded when slides are asked for

    return journey_deck(
        engine=engine(url),
        journey_id=journey_id,
        filters=filters,
        min_n=min_n,
        privacy_k=k,
        privacy_k_comments=k_comments,
    )


# Editing pages: evidence per stage, what responses refer to, personas, the definitions file.


@st.cache_data(show_spinner=False)
def evidence(url: str, rev: int, journey_id: int) -> pd.DataFrame:
    return stage_evidence(engine=engine(url), journey_id=journey_id)


@st.cache_data(show_spinner=False)
def response_counts(url: str, rev: int, journey_id: int) -> queries.ResponseCounts:
    return queries.response_counts(engine=engine(url), journey_id=journey_id)


@st.cache_data(show_spinner=False)
def persona_table(url: str, rev: int) -> pd.DataFrame:
    return queries.persona_table(engine=engine(url))


@st.cache_data(show_spinner=False)
def definitions_yaml(url: str, rev: int) -> str:
    return export_definitions(engine=engine(url))


@st.cache_data(show_spinner=False)
def channels(url: str, rev: int, journey_id: int) -> list[str]:
    return queries.channel_names(engine=engine(url), journey_id=journey_id)


@st.cache_data(show_spinner=False)
def attributes(url: str, rev: int, journey_id: int) -> dict[str, list[str]]:
    return queries.attribute_values(engine=engine(url), journey_id=journey_id)


@st.cache_data(show_spinner=False, max_entries=64)
def verbatims(
    url: str,
    rev: int,
    journey_id: int,
    filters: Filters,
    stage: str | None,
    search: str,
    sentiment: str | None,
    theme: str | None,
) -> pd.DataFrame:
    return queries.verbatims(
        engine=engine(url),
        journey_id=journey_id,
        filters=filters,
        stage=stage,
        search=search,
        sentiment=sentiment,
        theme=theme,
    )


@st.cache_data(show_spinner="Computing what each stage explains…")
def driver_analysis(
    url: str, rev: int, journey_id: int, filters: Filters, min_n: int
) -> DriverAnalysis:
    return drivers.driver_analysis(
        engine=engine(url), journey_id=journey_id, filters=filters, min_n=min_n
    )


@st.cache_data(show_spinner="Computing what each touchpoint explains…")
def touchpoint_drivers(
    url: str, rev: int, journey_id: int, filters: Filters, min_n: int, stage: str
) -> DriverAnalysis:
    return drivers.touchpoint_driver_analysis(
        engine=engine(url), journey_id=journey_id, filters=filters, min_n=min_n, stage=stage
    )


@st.cache_data(show_spinner=False)
def touchpoint_kpis(
    url: str, rev: int, journey_id: int, filters: Filters, min_n: int
) -> pd.DataFrame:
    return touchpoint_figures(
        engine=engine(url), journey_id=journey_id, filters=filters, min_n=min_n
    )


@st.cache_data(show_spinner=False)
def date_bounds(url: str, rev: int, journey_id: int) -> tuple[date | None, date | None]:
    return queries.date_bounds(engine=engine(url), journey_id=journey_id)


@st.cache_data(show_spinner=False)
def journey_outcome(
    url: str, rev: int, journey_id: int, filters: Filters
) -> tuple[OutcomeSpec, OutcomeMetric] | None:
    return outcomes.journey_outcome(engine=engine(url), journey_id=journey_id, filters=filters)


@st.cache_data(show_spinner=False)
def outcome_by_expectation(
    url: str, rev: int, journey_id: int, filters: Filters, spec: OutcomeSpec
) -> pd.DataFrame:
    return outcomes.stage_outcomes_by_expectation(
        engine=engine(url), journey_id=journey_id, filters=filters, spec=spec
    )


@st.cache_data(show_spinner=False)
def theme_tables(
    url: str, rev: int, journey_id: int, filters: Filters, k: int
) -> comment_themes.ThemeTables:
    return comment_themes.theme_tables(
        engine=engine(url), journey_id=journey_id, filters=filters, k=k
    )


@st.cache_data(show_spinner=False)
def stored_themes(url: str, rev: int, journey_id: int) -> pd.DataFrame:
    return comment_themes.stored_themes(engine=engine(url), journey_id=journey_id)


@st.cache_data(show_spinner=False)
def what_people_say(
    url: str, rev: int, journey_id: int, filters: Filters, k: int
) -> pd.DataFrame | None:
    stored = stored_themes(url, rev, journey_id)
    if stored.empty:
        return None
    return comment_themes.top_themes(theme_tables(url, rev, journey_id, filters, k), stored)


@st.cache_data(show_spinner=False)
def codebook(url: str, rev: int, journey_id: int) -> codebooks.StoredCodebook:
    return codebooks.stored_codebook(engine=engine(url), journey_id=journey_id)


@st.cache_data(show_spinner=False)
def needs_theming(url: str, rev: int, journey_id: int) -> bool:
    return comment_themes.needs_theming(engine=engine(url), journey_id=journey_id)


@st.cache_data(show_spinner="Computing what each theme explains…")
def theme_drivers(
    url: str, rev: int, journey_id: int, filters: Filters, min_n: int
) -> ThemeDrivers:
    return theme_driver_analysis(
        engine=engine(url), journey_id=journey_id, filters=filters, min_n=min_n
    )
