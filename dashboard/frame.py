"""The frame every page calls first: page setup, navigation, and the shared filters.

Filters live in the URL (dashboard/url_filters.py), so a copied link reproduces the view;
the navigation links carry them from page to page. Every page calls `page_frame` itself (no
`st.navigation`), so a deep link opened first on a fresh server gets the full frame.
"""

from typing import Literal

import streamlit as st

from dashboard import data
from dashboard.access import current_access, sign_in_controls
from dashboard.url_filters import filter_sidebar, sync_url, url_params, view_link
from dashboard.view import View
from journey.config.settings import SettingsError, load_settings
from journey.formatting import markdown_text
from journey.store.db import database_url

PAGES = (
    ("app.py", "Overview", "🧭"),
    ("pages/journey_map.py", "Journey map", "🗺️"),
    ("pages/emotion_curves.py", "Emotion curves", "📈"),
    ("pages/expectations.py", "Expectations", "🎯"),
    ("pages/trends.py", "Trends", "📅"),
    ("pages/drivers.py", "Drivers", "🧲"),
    ("pages/verbatims.py", "Verbatims", "💬"),
    ("pages/themes.py", "Themes", "🏷️"),
    ("pages/present.py", "Present", "🎬"),
    ("pages/upload.py", "Upload", "📤"),
    ("pages/journeys.py", "Journeys", "🧩"),
    ("pages/personas.py", "Personas", "👥"),
    ("pages/notes.py", "Notes", "📝"),
    ("pages/subscriptions.py", "Reports by e-mail", "📬"),
)
WRITING_PAGES = {
    "pages/upload.py",
    "pages/journeys.py",
    "pages/personas.py",
    "pages/notes.py",
    "pages/subscriptions.py",
}


def page_frame(
    title: str,
    icon: str,
    *,
    sidebar: Literal["expanded", "collapsed"] = "expanded",
    heading: bool = True,
) -> View:
    """Set up the page and sidebar; return the view, or stop the page when there is no data.

    `heading=False` leaves out the page's title and the view's description (present mode's
    slides carry their own).
    """
    st.set_page_config(
        page_title=f"{title} · Journey Lens",
        page_icon=icon,
        layout="wide",
        initial_sidebar_state=sidebar,
    )
    try:
        load_settings()
    except SettingsError as error:  # every page would fail on it: say why, once
        st.error(f"The settings file is not valid: {markdown_text(str(error))}")
        st.stop()
    url = database_url()
    rev = data.current_revision()
    journeys = data.journeys(url, rev)
    current = journeys[journeys["state"] == "current"]
    with st.sidebar:
        st.markdown("## Journey Lens")
        navigation = st.container()
        st.divider()
        view = filter_sidebar(url, rev, current) if len(current) else None
    with navigation:
        params = url_params(view) if view else {}
        may_write = current_access().may_write
        for path, label, page_icon in PAGES:
            if may_write or path not in WRITING_PAGES:
                st.page_link(path, label=label, icon=page_icon, query_params=params)
    with st.sidebar:
        if view is not None:
            st.caption("Link to this view (filters included)")
            st.code(view_link(params), language=None, wrap_lines=True)
        sign_in_controls()
    if view is None:
        st.title(f"{icon} {title}")
        st.info(
            "There are no journeys yet. Load the demo data with `python -m journey demo`, "
            "or import journey definitions with `python -m journey definitions import FILE.yaml`."
        )
        st.stop()
    sync_url(params)
    if heading:
        st.title(f"{icon} {title}")
        st.caption(markdown_text(view.describe()))
    return view
