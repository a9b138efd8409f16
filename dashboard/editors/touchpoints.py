"""The Journeys page's touchpoints: per stage, with their channels."""

import streamlit as st

from dashboard import data
from dashboard.editors.common import (
    Chosen,
    Rename,
    attempt,
    choose_row,
    delete_button,
    engine,
    kept_choice,
    quoted,
    save_button,
    seeded,
)
from dashboard.panels import show_table
from dashboard.view import View
from journey.catalog.touchpoints import add_touchpoint, delete_touchpoint, update_touchpoint
from journey.formatting import plural

CHANNEL_HINT = "web, app, store, call centre, email, social…"


def touchpoint_editor(view: View, journey: Chosen) -> None:
    """The journey's touchpoints with their channels: list, add, rename, delete."""
    stages = data.stages(view.url, view.rev, journey.journey_id)
    if stages.empty:
        st.info("Add a stage first: touchpoints belong to stages.")
        return
    points = data.touchpoints(view.url, view.rev, journey.journey_id)
    counts = data.response_counts(view.url, view.rev, journey.journey_id).touchpoints
    points = points.assign(responses=[counts.get(int(i), 0) for i in points["touchpoint_id"]])
    shown = points[["stage", "touchpoint", "channel", "responses"]]
    shown.columns = ["Stage", "Touchpoint", "Channel", "Responses"]
    show_table(shown, key="journeys_touchpoint_table")

    st.markdown("**Add a touchpoint**")
    stage_names = {int(r.stage_id): str(r.stage) for r in data.records(stages)}
    stage_column, name_column, channel_column = st.columns(3)
    stage_id = stage_column.selectbox(
        "Stage",
        list(stage_names),
        format_func=stage_names.__getitem__,
        key=kept_choice("journeys_new_touchpoint_stage", list(stage_names)),
    )
    name = name_column.text_input("Touchpoint", key="journeys_new_touchpoint_name")
    channel = channel_column.text_input(
        "Channel", key="journeys_new_touchpoint_channel", placeholder=CHANNEL_HINT
    )
    if st.button("Add touchpoint", key="journeys_add_touchpoint"):
        attempt(
            lambda: _added_touchpoint(stage_id, stage_names[stage_id], name, channel),
            reset=["journeys_new_touchpoint_name", "journeys_new_touchpoint_channel"],
        )
    if points.empty:
        return
    st.markdown("**Change a touchpoint**")
    point_id, point = choose_row(
        "Touchpoint",
        points,
        "touchpoint_id",
        key="journeys_touchpoint",
        name=lambda r: f"{r.stage} › {r.touchpoint}",
    )
    owner = (point_id, view.rev)
    name_column, channel_column = st.columns(2)
    new_name = name_column.text_input(
        "Name", key=seeded("journeys_touchpoint_name", point.touchpoint, owner)
    )
    new_channel = channel_column.text_input(
        "Channel", key=seeded("journeys_touchpoint_channel", point.channel, owner)
    )
    save_button(
        "Save touchpoint",
        key="journeys_touchpoint_save",
        rename=Rename(str(point.touchpoint), new_name, int(point.responses), "touchpoint"),
        owner=owner,
        edit=lambda: update_touchpoint(
            engine=engine(), touchpoint_id=point_id, name=new_name, channel=new_channel
        ),
    )
    delete_button(
        f"Yes, delete touchpoint {quoted(str(point.touchpoint))} and its "
        f"{plural(int(point.responses), 'response')}",
        "Delete touchpoint",
        key="journeys_touchpoint_delete",
        owner=owner,
        edit=lambda: delete_touchpoint(
            engine=engine(), touchpoint_id=point_id, confirmed_responses=int(point.responses)
        ),
    )


def _added_touchpoint(stage_id: int, stage: str, name: str, channel: str) -> str:
    add_touchpoint(engine=engine(), stage_id=stage_id, name=name, channel=channel)
    return f"Added touchpoint {name.strip()!r} to stage {stage!r}."
