"""The guided mapping of a wide export: every column's role, stage, scale, at once.

The table starts from the suggestions (or the saved / loaded mapping). Whatever is still
undecided is listed in one place, with actions that settle many columns at once; stages rated
by several columns get a touchpoint per column, created with the import.
"""

import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.editors.upload_answers import (
    bands_editor,
    label_editor,
    outcome_kind_editor,
    outcome_labels_editor,
    persona_editor,
)
from journey.formatting import markdown_text, plural
from journey.ingest.importer import saved_mapping
from journey.ingest.mapping import Mapping, MappingError, load_mapping
from journey.ingest.plans import (
    ROLES,
    ColumnPlan,
    PlanError,
    Problem,
    TouchpointOffer,
    dates_day_first,
    ignore_undecided,
    mapping_from_plans,
    plan_problems,
    plans_from_mapping,
    set_scale,
    touchpoint_offers,
    with_touchpoints,
)
from journey.ingest.reading import Peek
from journey.ingest.scales import ScaleError
from journey.ingest.suggest import suggest_plans
from journey.store import queries
from journey.store.queries import stage_table, touchpoint_table

PLAN_COLUMNS = {
    "column": "Column",
    "question": "Question",
    "samples": "Sample values",
    "role": "Role",
    "stage": "Stage",
    "touchpoint": "Touchpoint",
    "scale": "Scale",
    "na": "Not applicable",
}
SELECT = "Select"


@dataclass(frozen=True)
class Target:
    journey_id: int
    journey: str
    wave: str


def stage_choices(journey_id: int) -> list[tuple[str, list[str]]]:
    engine = data.current_engine()
    points = touchpoint_table(engine=engine, journey_id=journey_id)
    return [
        (stage, list(points.loc[points["stage"] == stage, "touchpoint"]))
        for stage in stage_table(engine=engine, journey_id=journey_id)["stage"]
    ]


class _State:
    """The mapping being made for one file, journey and starting point, across reruns."""

    def __init__(self, context: str, start: Callable[[], list[ColumnPlan]]) -> None:
        self.context = context
        if self._key("plans") not in st.session_state:
            st.session_state[self._key("plans")] = start()
        st.session_state.setdefault(self._key("version"), 0)
        st.session_state.setdefault(self._key("touchpoints"), [])

    def _key(self, name: str) -> str:
        return f"upload_{name}_{self.context}"

    @property
    def plans(self) -> list[ColumnPlan]:
        plans: list[ColumnPlan] = st.session_state[self._key("plans")]
        return plans

    @property
    def touchpoints(self) -> list[TouchpointOffer]:
        offers: list[TouchpointOffer] = st.session_state[self._key("touchpoints")]
        return offers

    @property
    def editor_key(self) -> str:
        return f"upload_plan_{self.context}_{st.session_state[self._key('version')]}"

    def restart(
        self, plans: list[ColumnPlan], touchpoints: list[TouchpointOffer] | None = None
    ) -> None:
        """Start the table afresh from these plans (after a bulk action) and rerun."""
        st.session_state[self._key("plans")] = plans
        if touchpoints is not None:
            st.session_state[self._key("touchpoints")] = touchpoints
        st.session_state[self._key("version")] += 1
        st.rerun()


def mapping_editor(peek: Peek, target: Target) -> Mapping | None:
    """The guided mapping of a wide export; returns the mapping once it is complete."""
    stages = stage_choices(target.journey_id)
    saved = saved_mapping(
        engine=data.current_engine(), journey_name=target.journey, header=peek.header
    )
    source = "saved" if saved is not None else "suggested"
    loaded = st.file_uploader(
        "Load a mapping file (YAML), e.g. one made with `python -m journey inspect`",
        type=["yaml", "yml"],
        key="upload_mapping_file",
    )
    if loaded is not None:
        try:
            saved = load_mapping(loaded.getvalue().decode("utf-8-sig"), loaded.name)
            source = hashlib.sha256(loaded.getvalue()).hexdigest()[:12]
        except (MappingError, UnicodeDecodeError) as error:
            st.error(markdown_text(f"{loaded.name} is not a usable mapping: {error}"))
    if saved is not None:
        st.success(
            "The mapping is filled in below from "
            + ("the last import of this survey." if source == "saved" else "the file you loaded.")
        )
    else:
        st.info(
            f"Suggestions from all {peek.row_count:,} rows. Check each column's role. Rating "
            "columns need a stage (and, optionally, a touchpoint), a scale and any "
            "'not applicable' values."
        )

    def suggested() -> list[ColumnPlan]:
        """The suggestions (made once per file, journey and starting point: they read every
        column's evidence), with what the saved or loaded mapping says put in."""
        personas = queries.all_persona_names(engine=data.current_engine())
        plans = suggest_plans(peek.header, peek.descriptions, peek.evidence, stages, personas)
        return plans_from_mapping(saved, plans) if saved is not None else plans

    state = _State(f"{peek.content_hash[:12]}_{target.journey_id}_{source}", suggested)
    new_names = {offer.name for offer in state.touchpoints}
    touchpoints = sorted({t for _, points in stages for t in points} | new_names)
    frame = pd.DataFrame([asdict(plan) for plan in state.plans]).rename(columns=PLAN_COLUMNS)
    frame.insert(0, SELECT, False)
    edited = st.data_editor(
        frame,
        key=state.editor_key,
        hide_index=True,
        disabled=["Column", "Question", "Sample values"],
        column_config={
            SELECT: st.column_config.CheckboxColumn(
                help="Choose columns for 'Change the selected columns' below"
            ),
            "Role": st.column_config.SelectboxColumn(options=list(ROLES), required=True),
            "Stage": st.column_config.SelectboxColumn(options=[s for s, _ in stages]),
            "Touchpoint": st.column_config.SelectboxColumn(options=touchpoints),
            "Scale": st.column_config.TextColumn(help="MIN:MAX of the answers, e.g. 1:5 or 0:10"),
            "Not applicable": st.column_config.TextColumn(
                help="Answers that mean 'not applicable', comma-separated, e.g. 0 or N/A"
            ),
        },
    )
    plans = _plans(edited)
    selected = [plan.column for plan, chosen in zip(plans, edited[SELECT], strict=True) if chosen]
    _bulk_actions(state, plans, selected, [s for s, _ in stages])
    _touchpoint_offers(state, plans, stages)
    new_touchpoints = [
        offer
        for offer in state.touchpoints
        if any(p.column == offer.column and p.touchpoint == offer.name for p in plans)
    ]
    problems = plan_problems(with_touchpoints(plans, new_touchpoints))
    if problems:
        _show_problems(state, plans, problems)
    labels = label_editor(peek, plans, saved)
    persona_names = persona_editor(peek, plans, saved)
    bands = bands_editor(plans, saved)
    outcome_labels = outcome_labels_editor(peek, plans, saved)
    outcome_kind = outcome_kind_editor(peek, plans, saved, outcome_labels)
    day_first = dates_day_first(plans, dict(zip(peek.header, peek.evidence, strict=True)))
    if day_first:
        st.caption("Dates are read day first (31/01/2024), as this file writes them.")
    try:
        mapping = mapping_from_plans(
            plans,
            persona_names=persona_names,
            labels=labels,
            outcome_labels=outcome_labels,
            expectation_bands=bands,
            new_touchpoints=new_touchpoints,
            day_first=day_first or (saved.day_first if saved else False),
            outcome_kind=outcome_kind,
        )
    except PlanError:
        return None  # the problems are listed above
    st.download_button(
        "Download this mapping (YAML)",
        mapping.to_yaml().encode("utf-8"),
        file_name=f"{target.journey}-mapping.yaml",
        mime="application/x-yaml",
        key="upload_mapping_yaml",
        on_click="ignore",
    )
    return mapping


def _plans(edited: pd.DataFrame) -> list[ColumnPlan]:
    """The edited table back as plans: empty cells are None (optional) or "" (text)."""
    fields = {label: key for key, label in PLAN_COLUMNS.items()}
    plans = []
    for record in edited.drop(columns=[SELECT]).rename(columns=fields).to_dict("records"):
        cleaned = {
            key: None if pd.isna(value) or value == "" else str(value)
            for key, value in record.items()
        }
        for key in ("column", "question", "samples", "na"):
            cleaned[key] = cleaned[key] or ""
        cleaned["role"] = cleaned["role"] or "ignore"
        plans.append(ColumnPlan(**cleaned))  # type: ignore[arg-type]
    return plans


def _show_problems(state: _State, plans: list[ColumnPlan], problems: list[Problem]) -> None:
    """Every column that still needs a decision, in one list, with a way to ignore them all."""
    undecided = {column for problem in problems for column in problem.columns}
    lines = "\n".join(f"- {markdown_text(str(problem))}" for problem in problems)
    st.warning(
        f"The mapping is not complete: {plural(len(undecided), 'column')} "
        f"still {'needs' if len(undecided) == 1 else 'need'} a decision.\n\n{lines}"
    )
    if st.button(
        f"Ignore the {plural(len(undecided), 'column')} that need a decision",
        key="upload_ignore_undecided",
    ):
        state.restart(ignore_undecided(plans))


def _bulk_actions(
    state: _State, plans: list[ColumnPlan], selected: list[str], stages: list[str]
) -> None:
    """Set the scale, stage or role of every selected column at once."""
    with st.expander(
        f"Change the selected columns ({len(selected)} selected)", expanded=bool(selected)
    ):
        scale_column, stage_column, role_column = st.columns(3)
        scale = scale_column.text_input("Scale", "1:5", key="upload_bulk_scale")
        if scale_column.button(
            "Set this scale", key="upload_bulk_scale_apply", disabled=not selected
        ):
            try:
                state.restart(set_scale(plans, selected, scale))
            except ScaleError as error:
                scale_column.error(markdown_text(str(error)))
        stage = stage_column.selectbox("Stage", stages, key="upload_bulk_stage")
        if stage_column.button(
            "Set this stage", key="upload_bulk_stage_apply", disabled=not selected
        ):
            chosen = set(selected)
            state.restart(
                [replace(plan, stage=stage) if plan.column in chosen else plan for plan in plans]
            )
        role = role_column.selectbox("Role", ROLES, key="upload_bulk_role")
        if role_column.button("Set this role", key="upload_bulk_role_apply", disabled=not selected):
            chosen = set(selected)
            state.restart(
                [replace(plan, role=role) if plan.column in chosen else plan for plan in plans]
            )


def _touchpoint_offers(
    state: _State, plans: list[ColumnPlan], stages: list[tuple[str, list[str]]]
) -> None:
    """Where several rating columns rate one stage, offer a new touchpoint for each."""
    offers = touchpoint_offers(plans, stages)
    if not offers:
        return
    st.markdown(
        "**Several rating columns rate one stage.** Each can rate a touchpoint of its own, "
        "created with the import — edit the names as you like:"
    )
    table = pd.DataFrame(
        {
            "Column": [offer.column for offer in offers],
            "Stage": [offer.stage for offer in offers],
            "New touchpoint": [offer.name for offer in offers],
        }
    )
    edited = st.data_editor(
        table,
        key=f"upload_offers_{state.context}_{len(state.touchpoints)}",
        hide_index=True,
        disabled=["Column", "Stage"],
    )
    if st.button("Create these touchpoints with the import", key="upload_create_touchpoints"):
        chosen = [
            TouchpointOffer(str(column), str(stage), " ".join(str(name).split()))
            for column, stage, name in edited.itertuples(index=False)
            if isinstance(name, str) and name.strip()
        ]
        kept = [o for o in state.touchpoints if o.column not in {c.column for c in chosen}]
        state.restart(with_touchpoints(plans, chosen), [*kept, *chosen])
