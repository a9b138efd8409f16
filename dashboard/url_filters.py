"""The sidebar filters, kept in the URL so that a copied link reproduces the view.

The URL is the only state: widgets are re-seeded from it on every run, and a change by the
user goes straight to the URL (in the widget's callback), so a page switch or a shared link
can never disagree with what the widgets show.
"""

import re
from collections.abc import Callable
from datetime import date
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.view import View
from journey.analysis.curve import DEFAULT_MIN_N
from journey.config.settings import load_settings
from journey.store.filters import Filters

FILTER_PARAMS = ("journey", "persona", "wave", "date_from", "date_to", "channel", "attr", "min_n")


def from_url(key: str) -> list[str]:
    return [value for value in st.query_params.get_all(key) if value]


def _first(key: str) -> str:
    return (from_url(key) or [""])[0]


def _bind(key: str, value: object, param: str, *, omit: str = "") -> Callable[[], None]:
    """Show the URL's value in the widget; the widget's changes go to the URL."""
    st.session_state[key] = value

    def to_url() -> None:
        chosen = st.session_state[key]
        encoded = [str(v) for v in chosen] if isinstance(chosen, list) else str(chosen)
        if encoded and encoded != omit:
            st.query_params[param] = encoded
        elif param in st.query_params:
            del st.query_params[param]

    return to_url


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _dates_to_url() -> None:
    chosen = tuple(st.session_state["filter_dates"])
    for param, value in zip(("date_from", "date_to"), (*chosen, None, None)[:2], strict=True):
        if value:
            st.query_params[param] = value.isoformat()
        elif param in st.query_params:
            del st.query_params[param]


def _attributes_to_url(names: list[str]) -> Callable[[], None]:
    def to_url() -> None:
        st.query_params["attr"] = [
            f"{name}:{value}" for name in names for value in st.session_state[f"filter_attr_{name}"]
        ]

    return to_url


def _add_attribute() -> None:
    """Show a filter for the attribute just chosen under "Add a filter"."""
    name = st.session_state.get("filter_attr_add")
    if name:
        added = st.session_state.setdefault("filter_attr_added", [])
        if name not in added:
            added.append(name)
    st.session_state["filter_attr_add"] = None


def attribute_label(name: str) -> str:
    """An attribute's name as people read it: `Type_of_Travel` → `Type of Travel`."""
    words = " ".join(re.sub(r"[_.]+", " ", name).split())
    return words[:1].upper() + words[1:] if words else name


def filter_sidebar(url: str, rev: int, journeys: pd.DataFrame) -> View:
    """The filter widgets, seeded from the URL; returns the view they describe."""
    names = list(journeys["name"])
    wanted = {name.lower(): name for name in names}.get(_first("journey").lower())
    seed = _bind("filter_journey", wanted or names[0], "journey")
    journey = st.selectbox("Journey", names, key="filter_journey", on_change=seed)
    journey_id = int(journeys.loc[journeys["name"] == journey, "journey_id"].iloc[0])

    personas = _choices("Personas", data.personas(url, rev, journey_id), "persona", "personas")
    waves = _choices(
        "Survey waves", list(data.waves(url, rev, journey_id)["wave"]), "wave", "waves"
    )
    first, last = data.date_bounds(url, rev, journey_id)
    chosen_dates = [d for d in (_date(_first("date_from")), _date(_first("date_to"))) if d]
    st.session_state["filter_dates"] = tuple(chosen_dates)
    dates = (
        st.date_input(
            "Responses between",
            min_value=first,
            max_value=last,
            key="filter_dates",
            on_change=_dates_to_url,
            format="YYYY-MM-DD",
            help="Leave empty for every date",
        )
        if first
        else ()
    )
    channels = _choices("Channels", data.channels(url, rev, journey_id), "channel", "channels")
    attributes = _attribute_widgets(data.attributes(url, rev, journey_id))
    start = int(_first("min_n")) if _first("min_n").isdigit() and int(_first("min_n")) else 0
    min_n = st.number_input(
        "Smallest reliable n per stage",
        min_value=1,
        max_value=100_000,
        step=5,
        key="filter_min_n",
        on_change=_bind("filter_min_n", start or DEFAULT_MIN_N, "min_n", omit=str(DEFAULT_MIN_N)),
        help="Stages with fewer responses are flagged 'low sample' and left out of peaks, "
        "valleys, high and low points.",
    )
    date_range = tuple(dates) if isinstance(dates, tuple | list) else (dates,)
    settings = load_settings()
    filters = Filters(
        personas=tuple(personas),
        waves=tuple(waves),
        date_from=date_range[0] if len(date_range) > 0 else None,
        date_to=date_range[1] if len(date_range) > 1 else None,
        channels=tuple(channels),
        attributes=attributes,
    )
    return View(
        url=url,
        rev=rev,
        journey_id=journey_id,
        journey=journey,
        filters=filters,
        min_n=int(min_n),
        privacy_k=settings.privacy_k,
        privacy_k_comments=settings.privacy_k_comments,
    )


def _choices(label: str, options: list[str], param: str, plural: str) -> list[str]:
    """A multiselect seeded from the URL's `param` values (those still on offer)."""
    chosen = [value for value in from_url(param) if value in options]
    key = f"filter_{plural}"
    return st.multiselect(
        label, options, key=key, on_change=_bind(key, chosen, param), placeholder=f"All {plural}"
    )


def _attribute_widgets(options: dict[str, list[str]]) -> tuple[tuple[str, str], ...]:
    """A filter for each respondent attribute the URL filters by or the user added, and one
    "Add a filter" list of the others (by their names as people read them); all in `attr=`."""
    chosen: dict[str, list[str]] = {}
    for item in from_url("attr"):
        name, _, value = item.partition(":")
        if value in options.get(name, []):
            chosen.setdefault(name, []).append(value)
    added = st.session_state.get("filter_attr_added", [])
    active = [name for name in options if name in chosen or name in added]
    pairs: list[tuple[str, str]] = []
    for name in active:
        label = attribute_label(name)
        st.session_state[f"filter_attr_{name}"] = chosen.get(name, [])
        values = st.multiselect(
            label,
            options[name],
            key=f"filter_attr_{name}",
            on_change=_attributes_to_url(active),
            placeholder=f"Any {label.lower()}",
        )
        pairs += [(name, value) for value in values]
    others = sorted(
        (name for name in options if name not in active), key=lambda n: attribute_label(n).lower()
    )
    if others:
        st.selectbox(
            "Add a filter",
            others,
            index=None,
            format_func=attribute_label,
            key="filter_attr_add",
            on_change=_add_attribute,
            placeholder="Add a filter…",
            help="Filter by a respondent attribute that came with the imports (region, plan…)",
        )
    return tuple(pairs)


def url_params(view: View) -> dict[str, str | list[str]]:
    """The view as query parameters: what page links carry and what links reproduce."""
    params: dict[str, str | list[str]] = {"journey": view.journey}
    filters = view.filters
    if filters.personas:
        params["persona"] = list(filters.personas)
    if filters.waves:
        params["wave"] = list(filters.waves)
    if filters.date_from:
        params["date_from"] = filters.date_from.isoformat()
    if filters.date_to:
        params["date_to"] = filters.date_to.isoformat()
    if filters.channels:
        params["channel"] = list(filters.channels)
    if filters.attributes:
        params["attr"] = [f"{name}:{value}" for name, value in filters.attributes]
    if view.min_n != DEFAULT_MIN_N:
        params["min_n"] = str(view.min_n)
    return params


def sync_url(params: dict[str, str | list[str]]) -> None:
    """Write the view's parameters to the URL (and drop filters that no longer apply)."""
    for key in FILTER_PARAMS:
        if key in params:
            st.query_params[key] = params[key]
        elif key in st.query_params:
            del st.query_params[key]


def view_link(params: dict[str, str | list[str]]) -> str:
    """The address of this page with the view's filters: what a colleague needs to see it."""
    extra = {k: v for k, v in st.query_params.to_dict().items() if k not in FILTER_PARAMS}
    query = urlencode({**params, **extra}, doseq=True)
    return f"{st.context.url or ''}?{query}"
