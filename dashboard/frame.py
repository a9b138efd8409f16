"""The frame every page calls first: page setup, navigation, and the shared filters.

Filters live in the URL (`?journey=…&persona=…&wave=…&min_n=…`), so a copied link reproduces
the view; the navigation links carry them from page to page. Every page calls `page_frame`
itself (no `st.navigation`), so a deep link opened first on a fresh server gets the full frame.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.access import current_access, sign_in_controls
from journey.db import database_url
from journey.exports import file_name
from journey.filters import Filters
from journey.formatting import markdown_text
from journey.kpis import DEFAULT_MIN_N

PAGES = (
    ("app.py", "Overview", "🧭"),
    ("pages/journey_map.py", "Journey map", "🗺️"),
    ("pages/emotion_curves.py", "Emotion curves", "📈"),
    ("pages/expectations.py", "Expectations", "🎯"),
    ("pages/present.py", "Present", "🎬"),
    ("pages/upload.py", "Upload", "📤"),
    ("pages/journeys.py", "Journeys", "🧩"),
    ("pages/personas.py", "Personas", "👥"),
    ("pages/notes.py", "Notes", "📝"),
)
FILTER_PARAMS = ("journey", "persona", "wave", "min_n")
WRITING_PAGES = {"pages/upload.py", "pages/journeys.py", "pages/personas.py", "pages/notes.py"}


@dataclass(frozen=True)
class View:
    """What the user is looking at, with loaders bound to the database's current revision."""

    url: str
    rev: int
    journey_id: int
    journey: str
    filters: Filters
    min_n: int

    def kpis(self, *, by_persona: bool = False) -> pd.DataFrame:
        return data.stage_kpis(
            self.url, self.rev, self.journey_id, self.filters, by_persona, self.min_n
        )

    def respondents(self) -> int:
        return data.respondents(self.url, self.rev, self.journey_id, self.filters)

    def stages(self) -> pd.DataFrame:
        return data.stages(self.url, self.rev, self.journey_id)

    def touchpoints(self) -> pd.DataFrame:
        return data.touchpoints(self.url, self.rev, self.journey_id)

    def notes(self) -> pd.DataFrame:
        return data.notes(self.url, self.rev, self.journey_id)

    def dates(self) -> tuple[object, object]:
        return data.dates(self.url, self.rev, self.journey_id, self.filters)

    def waves(self) -> list[str]:
        chosen = list(self.filters.waves)
        return chosen or list(data.waves(self.url, self.rev, self.journey_id)["wave"])

    def report_html(self) -> str:
        """The stakeholder report of this view (built when asked for: it takes a second)."""
        return data.report(self.url, self.rev, self.journey_id, self.filters, self.min_n)

    def describe(self) -> str:
        return f"{self.journey} · {self.filters.describe()}"

    def file_name(self, what: str, extension: str) -> str:
        """A file name that says what is in it: journey, filters, chart, date."""
        parts = [self.journey, *self.filters.personas, *self.filters.waves, what]
        return file_name(*parts, extension=extension)


def page_frame(
    title: str, icon: str, *, sidebar: Literal["expanded", "collapsed"] = "expanded"
) -> View:
    """Set up the page and sidebar; return the view, or stop the page when there is no data."""
    st.set_page_config(page_title=f"{title} · Journey Lens", page_icon=icon, layout="wide",
                       initial_sidebar_state=sidebar)  # fmt: skip
    url = database_url()
    rev = data.current_revision()
    journeys = data.journeys(url, rev)
    current = journeys[journeys["state"] == "current"]
    with st.sidebar:
        st.markdown("## Journey Lens")
        navigation = st.container()
        st.divider()
        view = _filters(url, rev, current) if len(current) else None
    with navigation:
        params = _url_params(view) if view else {}
        may_write = current_access().may_write
        for path, label, page_icon in PAGES:
            if may_write or path not in WRITING_PAGES:
                st.page_link(path, label=label, icon=page_icon, query_params=params)
    with st.sidebar:
        if view is not None:
            st.caption("Link to this view (filters included)")
            st.code(_link(params), language=None, wrap_lines=True)
        sign_in_controls()
    if view is None:
        st.title(f"{icon} {title}")
        st.info(
            "There are no journeys yet. Load the demo data with `python -m journey demo`, "
            "or import journey definitions with `python -m journey definitions import FILE.yaml`."
        )
        st.stop()
    assert view is not None
    for key in FILTER_PARAMS:
        if key in params:
            st.query_params[key] = params[key]
        elif key in st.query_params:
            del st.query_params[key]
    st.title(f"{icon} {title}")
    st.caption(markdown_text(view.describe()))
    return view


def _from_url(key: str) -> list[str]:
    return [value for value in st.query_params.get_all(key) if value]


def _bind(key: str, value: object, param: str, *, omit: str = "") -> Callable[[], None]:
    """Show the URL's value in the widget; a change by the user goes straight to the URL.

    The URL is the only state: widgets are re-seeded from it on every run, so a page switch
    or a shared link can never disagree with what the widgets show.
    """
    st.session_state[key] = value

    def to_url() -> None:
        chosen = st.session_state[key]
        encoded = [str(v) for v in chosen] if isinstance(chosen, list) else str(chosen)
        if encoded and encoded != omit:
            st.query_params[param] = encoded
        elif param in st.query_params:
            del st.query_params[param]

    return to_url


def _filters(url: str, rev: int, journeys: pd.DataFrame) -> View:
    names = list(journeys["name"])
    wanted = {name.lower(): name for name in names}.get((_from_url("journey") or [""])[0].lower())
    journey = st.selectbox(
        "Journey",
        names,
        key="filter_journey",
        on_change=_bind("filter_journey", wanted or names[0], "journey"),
    )
    journey_id = int(journeys.loc[journeys["name"] == journey, "journey_id"].iloc[0])

    persona_options = data.personas(url, rev, journey_id)
    wave_options = list(data.waves(url, rev, journey_id)["wave"])
    chosen_personas = [p for p in _from_url("persona") if p in persona_options]
    chosen_waves = [w for w in _from_url("wave") if w in wave_options]
    personas = st.multiselect(
        "Personas",
        persona_options,
        key="filter_personas",
        on_change=_bind("filter_personas", chosen_personas, "persona"),
        placeholder="All personas",
    )
    waves = st.multiselect(
        "Survey waves",
        wave_options,
        key="filter_waves",
        on_change=_bind("filter_waves", chosen_waves, "wave"),
        placeholder="All waves",
    )
    url_min_n = (_from_url("min_n") or [""])[0]
    start = int(url_min_n) if url_min_n.isdigit() and int(url_min_n) > 0 else DEFAULT_MIN_N
    min_n = st.number_input(
        "Smallest reliable n per stage",
        min_value=1,
        max_value=100_000,
        step=5,
        key="filter_min_n",
        on_change=_bind("filter_min_n", start, "min_n", omit=str(DEFAULT_MIN_N)),
        help="Stages with fewer responses are flagged 'low sample' and left out of peaks, "
        "valleys, high and low points.",
    )
    return View(
        url=url,
        rev=rev,
        journey_id=journey_id,
        journey=journey,
        filters=Filters(personas=tuple(personas), waves=tuple(waves)),
        min_n=int(min_n),
    )


def _link(params: dict[str, str | list[str]]) -> str:
    """The address of this page with the view's filters: what a colleague needs to see it."""
    extra = {k: v for k, v in st.query_params.to_dict().items() if k not in FILTER_PARAMS}
    query = urlencode({**params, **extra}, doseq=True)
    return f"{st.context.url or ''}?{query}"


def _url_params(view: View) -> dict[str, str | list[str]]:
    params: dict[str, str | list[str]] = {"journey": view.journey}
    if view.filters.personas:
        params["persona"] = list(view.filters.personas)
    if view.filters.waves:
        params["wave"] = list(view.filters.waves)
    if view.min_n != DEFAULT_MIN_N:
        params["min_n"] = str(view.min_n)
    return params
