"""The Journeys page's stages: the evidence behind each, adding, renaming, moving, deleting."""

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
from journey.analysis.evidence import evidence_summary
from journey.catalog.stages import add_stage, delete_stage, move_stage, update_stage
from journey.formatting import markdown_text, plural

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
    show_table(table, key="journeys_stage_table")
    st.caption(markdown_text(evidence_summary(evidence)))


def add_stage_form(view: View, journey: Chosen) -> None:
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
    add_stage(
        engine=engine(), journey_id=journey.journey_id, name=name, goal=goal, position=position
    )
    return f"Added stage {name.strip()!r} to {journey.name!r}."


def edit_stage_form(view: View, journey: Chosen) -> None:
    """Rename, change the goal, move or delete one stage."""
    stages = data.stages(view.url, view.rev, journey.journey_id)
    if stages.empty:
        return
    st.markdown("**Change a stage**")
    stage_id, stage = choose_row(
        "Stage", stages, "stage_id", key="journeys_stage", name=lambda r: str(r.stage)
    )
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
        edit=lambda: update_stage(engine=engine(), stage_id=stage_id, name=name, goal=goal),
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
        attempt(lambda: move_stage(engine=engine(), stage_id=stage_id, position=int(position) - 1))
    notes = data.notes(view.url, view.rev, journey.journey_id)
    points = data.touchpoints(view.url, view.rev, journey.journey_id)
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
        edit=lambda: delete_stage(
            engine=engine(), stage_id=stage_id, confirmed_responses=responses
        ),
    )
