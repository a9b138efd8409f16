"""The one seam between Streamlit and the database: a cached engine and cached loaders.

Loaders take the database's revision as an argument, so a new import or edit shows at once
and nothing is recomputed otherwise. They return DataFrames, never ORM objects.
"""

from datetime import date
from types import SimpleNamespace

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from journey.analysis import kpis
from journey.analysis.drivers import DriverAnalysis, driver_analysis, stage_drivers
from journey.analysis.evidence import stage_evidence
from journey.catalog.definitions import export_definitions
from journey.render.deck import journey_deck
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


@st.cache_data(show_spinner="Computing the figures…")
def stage_kpis(
    url: str, rev: int, journey_id: int, filters: Filters, split: str | None, min_n: int
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
def report(url: str, rev: int, journey_id: int, filters: Filters, min_n: int, k: int) -> str:
    return build_report(
        engine=engine(url), journey_id=journey_id, filters=filters, min_n=min_n, privacy_k=k
    )


@st.cache_data(show_spinner="Making the slides…", max_entries=8)
def deck(url: str, rev: int, journey_id: int, filters: Filters, min_n: int, k: int) -> bytes:
    return journey_deck(
        engine=engine(url), journey_id=journey_id, filters=filters, min_n=min_n, privacy_k=k
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
    url: str, rev: int, journey_id: int, filters: Filters, stage: str | None, search: str
) -> pd.DataFrame:
    return queries.verbatims(
        engine=engine(url), journey_id=journey_id, filters=filters, stage=stage, search=search
    )


@st.cache_data(show_spinner=False)
def drivers(url: str, rev: int, journey_id: int, filters: Filters) -> pd.DataFrame:
    return stage_drivers(engine=engine(url), journey_id=journey_id, filters=filters)


@st.cache_data(show_spinner="Weighing the drivers…")
def driver_importance(
    url: str, rev: int, journey_id: int, filters: Filters, min_n: int
) -> DriverAnalysis:
    return driver_analysis(engine=engine(url), journey_id=journey_id, filters=filters, min_n=min_n)


@st.cache_data(show_spinner=False)
def date_bounds(url: str, rev: int, journey_id: int) -> tuple[date | None, date | None]:
    return queries.date_bounds(engine=engine(url), journey_id=journey_id)
