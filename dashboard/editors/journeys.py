"""The journey itself: the first one of an empty database, its name and description, deletion."""

import streamlit as st

from dashboard import data
from dashboard.access import current_access
from dashboard.editors.common import (
    Chosen,
    Rename,
    attempt,
    delete_button,
    engine,
    quoted,
    save_button,
    seeded,
    show_next,
)
from dashboard.editors.definitions import definitions_upload
from dashboard.view import View
from journey.catalog.journeys import create_journey, delete_journey, update_journey
from journey.catalog.rules import EditResult
from journey.formatting import plural
from journey.store.db import database_url


def first_journey() -> None:
    """On a database without current-state journeys: start one, or import definitions.

    Runs before `page_frame`, which stops a page when there is no journey to show.
    """
    url, rev = database_url(), data.current_revision()
    journeys = data.journeys(url, rev)
    if (journeys["state"] == "current").any() or not current_access().may_write:
        return
    st.subheader("Start a journey")
    name = st.text_input("Name of the journey", key="journeys_first_name")
    description = st.text_area("Description", key="journeys_first_description")
    if st.button("Create the journey", type="primary", key="journeys_first_create"):
        attempt(
            lambda: create_and_show(name, description, "add its stages below."),
            reset=["journeys_first_name", "journeys_first_description"],
        )
    definitions_upload()
    st.divider()


def create_and_show(name: str, description: str, next_step: str) -> str:
    """Create a current-state journey and make it the sidebar's (and so this page's) journey."""
    create_journey(engine=engine(), name=name, description=description)
    st.query_params["journey"] = name.strip()
    return f"Created journey {name.strip()!r}: {next_step}"


def journey_settings(view: View, journey: Chosen) -> None:
    """Rename the journey, change its description, delete it; create another."""
    owner = (journey.journey_id, view.rev)
    responses = data.response_counts(view.url, view.rev, journey.journey_id).journey
    name = st.text_input("Name", key=seeded("journeys_journey_name", journey.name, owner))
    description = st.text_area(
        "Description", key=seeded("journeys_journey_description", journey.description, owner)
    )
    save_button(
        "Save journey",
        key="journeys_journey_save",
        rename=Rename(journey.name, name, responses, "journey"),
        owner=owner,
        edit=lambda: _saved_journey(view, journey, name, description),
    )
    imports = data.waves(view.url, view.rev, journey.journey_id)["files"].sum()
    files = plural(int(imports), "imported file")
    st.caption(
        f"Deleting the journey deletes its stages, touchpoints, notes, {files} with their "
        "outcomes, and its responses."
        + (" Its future-state journey stays, unlinked." if journey.state == "current" else "")
    )
    delete_button(
        f"Yes, delete journey {quoted(journey.name)} and its {plural(responses, 'response')}",
        "Delete journey",
        key="journeys_journey_delete",
        owner=owner,
        edit=lambda: _deleted_journey(view, journey, responses),
    )
    st.divider()
    st.markdown("**Create another journey**")
    new_name = st.text_input("Name of the new journey", key="journeys_new_journey_name")
    new_description = st.text_area("Its description", key="journeys_new_journey_description")
    if st.button("Create journey", key="journeys_add_journey"):
        attempt(
            lambda: create_and_show(new_name, new_description, "add its stages."),
            reset=["journeys_new_journey_name", "journeys_new_journey_description"],
        )


def _saved_journey(view: View, journey: Chosen, name: str, description: str) -> EditResult:
    result = update_journey(
        engine=engine(), journey_id=journey.journey_id, name=name, description=description
    )
    if journey.name == view.journey:  # the sidebar (and the URL) follow the new name
        st.query_params["journey"] = name.strip()
    show_next("journeys_journey", name.strip())
    return result


def _deleted_journey(view: View, journey: Chosen, responses: int) -> EditResult:
    result = delete_journey(
        engine=engine(), journey_id=journey.journey_id, confirmed_responses=responses
    )
    if journey.name == view.journey and "journey" in st.query_params:
        del st.query_params["journey"]
    return result
