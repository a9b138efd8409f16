"""The Journeys page's future state: starting or linking one, and a target per stage."""

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.editors.common import (
    Chosen,
    attempt,
    engine,
    kept_choice,
    quoted,
    seeded,
)
from dashboard.view import View
from journey.catalog.future_state import (
    StageTarget,
    create_future_state,
    link_future_state,
    set_targets,
)
from journey.formatting import markdown_text, percent, signed


def future_state_editor(view: View, journey: Chosen) -> None:
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
        for r in data.records(currents)
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
            lambda: link_future_state(
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
    options = {int(r.journey_id): str(r.name) for r in data.records(free)}
    chosen = st.selectbox(
        "Or link an existing future-state journey",
        list(options),
        format_func=options.__getitem__,
        key=kept_choice("journeys_future_existing", list(options)),
    )
    if st.button("Link it", key="journeys_future_link_existing"):
        attempt(
            lambda: link_future_state(
                engine=engine(), future_id=chosen, current_id=journey.journey_id
            )
        )


def _created_future(journey: Chosen, name: str) -> str:
    create_future_state(engine=engine(), current_id=journey.journey_id, name=name)
    return f"Created {name.strip()!r}, the future state of {journey.name!r}: set its targets."


def targets(view: View, future_id: int, current_id: int | None) -> None:
    """A target emotion and meets-or-exceeds share per future-state stage, with today's figures."""
    stages = data.stages(view.url, view.rev, future_id)
    if stages.empty:
        st.info("The future-state journey has no stages: add them on the Stages tab.")
        return
    measured = pd.DataFrame(columns=["stage", "mean_emotion", "meets_or_exceeds"])
    if current_id is not None:
        measured = view.unfiltered_kpis(current_id)
    now = {str(r.stage): r for r in data.records(measured)}
    st.markdown("**Targets per stage** (emotion −1 … +1, meets or exceeds 0 … 100%; empty: none)")
    chosen: dict[int, tuple[float | None, float | None]] = {}
    for row in data.records(stages):
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
            lambda: set_targets(
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
