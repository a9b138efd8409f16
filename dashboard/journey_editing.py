"""The Journeys page's parts: stages with their evidence, touchpoints, the journey itself,
and its future state with a target per stage."""

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.editing import (
    Chosen,
    Rename,
    attempt,
    create_and_show,
    delete_button,
    engine,
    kept_choice,
    plural,
    quoted,
    save_button,
    seeded,
    show_next,
)
from dashboard.view import View
from journey.analysis.evidence import evidence_summary
from journey.catalog import editing
from journey.catalog.editing import EditResult, StageTarget
from journey.formatting import markdown_text, percent, signed
from journey.store.filters import Filters

CHANNEL_HINT = "web, app, store, call centre, email, social…"
STAGE_COLUMNS = {
    "position": "#",
    "stage": "Stage",
    "goal": "Goal",
    "evidence": "Evidence",
    "responses": "Responses",
    "respondents": "Respondents",
    "waves": "Waves",
    "first_responded_at": "First response",
    "last_responded_at": "Last response",
    "source_files": "Source files",
}


# --- stages -----------------------------------------------------------------------------


def stage_table(view: View, journey: Chosen) -> None:
    """The stages in order, each with its goal and the evidence behind it."""
    evidence = data.evidence(view.url, view.rev, journey.journey_id)
    stages = data.stages(view.url, view.rev, journey.journey_id)
    if evidence.empty:
        st.info("This journey has no stages yet: add the first one below.")
        return
    table = evidence.merge(stages[["stage_id", "goal"]], on="stage_id")
    table = table.assign(position=table["position"] + 1)[list(STAGE_COLUMNS)]
    table = table.rename(columns=STAGE_COLUMNS)
    st.dataframe(table, hide_index=True, key="journeys_stage_table")
    st.caption(markdown_text(evidence_summary(evidence)))


def add_stage(view: View, journey: Chosen) -> None:
    stages = list(data.stages(view.url, view.rev, journey.journey_id)["stage"])
    st.markdown("**Add a stage**")
    name_column, goal_column, place_column = st.columns([2, 3, 2])
    name = name_column.text_input("Stage name", key="journeys_new_stage_name")
    goal = goal_column.text_input(
        "Goal (what the customer wants here)", key="journeys_new_stage_goal"
    )
    places = ["At the end", *[f"Before {stage}" for stage in stages]]
    place = place_column.selectbox(
        "Place",
        range(len(places)),
        format_func=places.__getitem__,
        key=kept_choice("journeys_new_stage_place", list(range(len(places)))),
    )
    if st.button("Add stage", key="journeys_add_stage"):
        position = None if place == 0 else place - 1
        attempt(
            lambda: _added_stage(journey, name, goal, position),
            reset=[
                "journeys_new_stage_name",
                "journeys_new_stage_goal",
                "journeys_new_stage_place",
            ],
        )


def _added_stage(journey: Chosen, name: str, goal: str, position: int | None) -> str:
    editing.add_stage(
        engine=engine(), journey_id=journey.journey_id, name=name, goal=goal, position=position
    )
    return f"Added stage {name.strip()!r} to {journey.name!r}."


def edit_stage(view: View, journey: Chosen) -> None:
    """Rename, change the goal, move or delete one stage."""
    stages = data.stages(view.url, view.rev, journey.journey_id)
    if stages.empty:
        return
    st.markdown("**Change a stage**")
    by_id = {int(r.stage_id): r for r in stages.itertuples()}
    stage_id = st.selectbox(
        "Stage",
        list(by_id),
        format_func=lambda i: str(by_id[i].stage),
        key=kept_choice("journeys_stage", list(by_id)),
    )
    stage = by_id[stage_id]
    owner = (stage_id, view.rev)
    responses = data.response_counts(view.url, view.rev, journey.journey_id).stages.get(stage_id, 0)
    name_column, goal_column = st.columns([2, 3])
    name = name_column.text_input("Name", key=seeded("journeys_stage_name", stage.stage, owner))
    goal = goal_column.text_input("Goal", key=seeded("journeys_stage_goal", stage.goal, owner))
    save_button(
        "Save stage",
        key="journeys_stage_save",
        rename=Rename(str(stage.stage), name, responses, "stage"),
        owner=owner,
        edit=lambda: editing.update_stage(engine=engine(), stage_id=stage_id, name=name, goal=goal),
    )
    move_column, button_column = st.columns([1, 3], vertical_alignment="bottom")
    position = move_column.number_input(
        "Position",
        min_value=1,
        max_value=len(stages),
        step=1,
        key=seeded("journeys_stage_position", int(stage.position) + 1, owner),
    )
    if button_column.button("Move", key="journeys_stage_move"):
        attempt(
            lambda: editing.move_stage(
                engine=engine(), stage_id=stage_id, position=int(position) - 1
            )
        )
    notes = data.notes(view.url, view.rev, journey.journey_id)
    points = data.touchpoint_rows(view.url, view.rev, journey.journey_id)
    extras = [
        plural(int((points["stage_id"] == stage_id).sum()), "touchpoint"),
        plural(int((notes["stage"] == stage.stage).sum()), "note"),
    ]
    st.caption(f"Deleting a stage also deletes its {' and '.join(extras)}.")
    delete_button(
        f"Yes, delete stage {quoted(str(stage.stage))} and its {plural(responses, 'response')}",
        "Delete stage",
        key="journeys_stage_delete",
        owner=owner,
        edit=lambda: editing.delete_stage(
            engine=engine(), stage_id=stage_id, confirmed_responses=responses
        ),
    )


# --- touchpoints ------------------------------------------------------------------------


def touchpoints(view: View, journey: Chosen) -> None:
    """The journey's touchpoints with their channels: list, add, rename, delete."""
    stages = data.stages(view.url, view.rev, journey.journey_id)
    if stages.empty:
        st.info("Add a stage first: touchpoints belong to stages.")
        return
    points = data.touchpoint_rows(view.url, view.rev, journey.journey_id)
    counts = data.response_counts(view.url, view.rev, journey.journey_id).touchpoints
    points = points.assign(responses=[counts.get(int(i), 0) for i in points["touchpoint_id"]])
    shown = points[["stage", "touchpoint", "channel", "responses"]]
    shown.columns = ["Stage", "Touchpoint", "Channel", "Responses"]
    st.dataframe(shown, hide_index=True, key="journeys_touchpoint_table")

    st.markdown("**Add a touchpoint**")
    stage_names = {int(r.stage_id): str(r.stage) for r in stages.itertuples()}
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
    by_id = {int(r.touchpoint_id): r for r in points.itertuples()}
    point_id = st.selectbox(
        "Touchpoint",
        list(by_id),
        key=kept_choice("journeys_touchpoint", list(by_id)),
        format_func=lambda i: f"{by_id[i].stage} › {by_id[i].touchpoint}",
    )
    point = by_id[point_id]
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
        edit=lambda: editing.update_touchpoint(
            engine=engine(), touchpoint_id=point_id, name=new_name, channel=new_channel
        ),
    )
    delete_button(
        f"Yes, delete touchpoint {quoted(str(point.touchpoint))} and its "
        f"{plural(int(point.responses), 'response')}",
        "Delete touchpoint",
        key="journeys_touchpoint_delete",
        owner=owner,
        edit=lambda: editing.delete_touchpoint(
            engine=engine(), touchpoint_id=point_id, confirmed_responses=int(point.responses)
        ),
    )


def _added_touchpoint(stage_id: int, stage: str, name: str, channel: str) -> str:
    editing.add_touchpoint(engine=engine(), stage_id=stage_id, name=name, channel=channel)
    return f"Added touchpoint {name.strip()!r} to stage {stage!r}."


# --- the journey itself -----------------------------------------------------------------


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
    result = editing.update_journey(
        engine=engine(), journey_id=journey.journey_id, name=name, description=description
    )
    if journey.name == view.journey:  # the sidebar (and the URL) follow the new name
        st.query_params["journey"] = name.strip()
    show_next("journeys_journey", name.strip())
    return result


def _deleted_journey(view: View, journey: Chosen, responses: int) -> EditResult:
    result = editing.delete_journey(
        engine=engine(), journey_id=journey.journey_id, confirmed_responses=responses
    )
    if journey.name == view.journey and "journey" in st.query_params:
        del st.query_params["journey"]
    return result


# --- future state -----------------------------------------------------------------------


def future_state(view: View, journey: Chosen) -> None:
    """The link between a current journey and its future state, and the targets per stage."""
    table = data.journeys(view.url, view.rev)
    if journey.state == "current":
        linked = table[table["current_id"] == journey.journey_id]
        if linked.empty:
            _start_future_state(view, journey, table)
            return
        future = linked.iloc[0]
        st.markdown(
            f"The future state of {quoted(journey.name)} is {quoted(str(future['name']))}: "
            "its targets are drawn over this journey's curves, matched by stage name. To change "
            "its stages, choose it under *Journey to edit*."
        )
        targets(view, int(future["journey_id"]), journey.journey_id)
        return
    st.markdown(
        "A future-state journey: where the journey should be. Link it to the current-state "
        "journey it is the target for, and set a target per stage."
    )
    currents = table[table["state"] == "current"]
    taken = set(table.loc[table["journey_id"] != journey.journey_id, "current_id"].dropna())
    choices = {0: "(none)"} | {
        int(r.journey_id): str(r.name)
        for r in currents.itertuples()
        if r.journey_id not in taken or r.journey_id == journey.current_id
    }
    owner = (journey.journey_id, view.rev)
    link_column, button_column = st.columns([3, 1], vertical_alignment="bottom")
    chosen = link_column.selectbox(
        "Future state of",
        list(choices),
        format_func=choices.__getitem__,
        key=seeded("journeys_future_current", journey.current_id or 0, owner),
    )
    if button_column.button("Save link", key="journeys_future_link"):
        attempt(
            lambda: editing.link_future_state(
                engine=engine(), future_id=journey.journey_id, current_id=chosen or None
            )
        )
    targets(view, journey.journey_id, journey.current_id)


def _start_future_state(view: View, journey: Chosen, table: pd.DataFrame) -> None:
    st.markdown(
        f"{quoted(journey.name)} has no future-state journey yet. Create one: it starts as "
        "a copy of the stages and touchpoints, and you set a target per stage."
    )
    owner = (journey.journey_id, view.rev)
    name = st.text_input(
        "Name of the future-state journey",
        key=seeded("journeys_future_name", f"{journey.name} (future state)", owner),
    )
    if st.button("Create the future state", key="journeys_future_create"):
        attempt(lambda: _created_future(journey, name))
    free = table[(table["state"] == "future") & table["current_id"].isna()]
    if free.empty:
        return
    options = {int(r.journey_id): str(r.name) for r in free.itertuples()}
    chosen = st.selectbox(
        "Or link an existing future-state journey",
        list(options),
        format_func=options.__getitem__,
        key=kept_choice("journeys_future_existing", list(options)),
    )
    if st.button("Link it", key="journeys_future_link_existing"):
        attempt(
            lambda: editing.link_future_state(
                engine=engine(), future_id=chosen, current_id=journey.journey_id
            )
        )


def _created_future(journey: Chosen, name: str) -> str:
    editing.create_future_state(engine=engine(), current_id=journey.journey_id, name=name)
    return f"Created {name.strip()!r}, the future state of {journey.name!r}: set its targets."


def targets(view: View, future_id: int, current_id: int | None) -> None:
    """A target emotion and meets-or-exceeds share per future-state stage, with today's figures."""
    stages = data.stages(view.url, view.rev, future_id)
    if stages.empty:
        st.info("The future-state journey has no stages: add them on the Stages tab.")
        return
    measured = pd.DataFrame(columns=["stage", "mean_emotion", "meets_or_exceeds"])
    if current_id is not None:
        measured = data.stage_kpis(view.url, view.rev, current_id, Filters(), False, view.min_n)
    now = {str(r.stage): r for r in measured.itertuples()}
    st.markdown("**Targets per stage** (emotion −1 … +1, meets or exceeds 0 … 100%; empty: none)")
    chosen: dict[int, tuple[float | None, float | None]] = {}
    for row in stages.itertuples():
        owner = (int(row.stage_id), view.rev)
        stage_column, emotion_column, share_column, now_column = st.columns([2, 2, 2, 2])
        stage_column.markdown(f"**{markdown_text(str(row.stage))}**")
        emotion = emotion_column.number_input(
            "Target emotion",
            min_value=-1.0,
            max_value=1.0,
            step=0.05,
            format="%.2f",
            key=seeded(
                f"journeys_target_emotion_{row.position}", _number(row.target_emotion), owner
            ),
        )
        share = share_column.number_input(
            "Target meets or exceeds (%)",
            min_value=0.0,
            max_value=100.0,
            step=5.0,
            format="%.0f",
            key=seeded(
                f"journeys_target_share_{row.position}",
                _percent_number(row.target_meets_or_exceeds),
                owner,
            ),
        )
        today = now.get(str(row.stage))
        now_column.caption(
            f"Now: {signed(today.mean_emotion)}, {percent(today.meets_or_exceeds)} meet or exceed"
            if today is not None
            else "Now: not measured"
        )
        chosen[int(row.stage_id)] = (emotion, share)
    if st.button("Save targets", type="primary", key="journeys_targets_save"):
        attempt(
            lambda: editing.set_targets(
                engine=engine(),
                journey_id=future_id,
                targets={
                    stage_id: StageTarget(emotion, None if share is None else share / 100)
                    for stage_id, (emotion, share) in chosen.items()
                },
            )
        )


def _number(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)  # type: ignore[call-overload, arg-type]


def _percent_number(value: object) -> float | None:
    number = _number(value)
    return None if number is None else round(number * 100, 6)
