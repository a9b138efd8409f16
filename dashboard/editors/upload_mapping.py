"""The guided mapping of a wide export: every column's role, stage, scale, at once.

The table starts from the suggestions (or the saved / loaded mapping). Whatever is still
undecided is listed in one place, with actions that settle many columns at once; stages rated
by several columns get a touchpoint per column, created with the import.
"""

import hashlib
import itertools
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace

import pandas as pd
import streamlit as st

from dashboard import data
from journey.formatting import markdown_text, plural
from journey.ingest.importer import saved_mapping
from journey.ingest.mapping import Mapping, MappingError, load_mapping
from journey.ingest.outcomes import KIND_NAMES, suggest_outcome_kind
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
from journey.ingest.scales import Scale, ScaleError
from journey.ingest.suggest import suggest_outcome_labels, suggest_plans, text_answers
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
MAX_PERSONA_COMBINATIONS = 60


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
    labels = _label_editor(peek, plans, saved)
    persona_names = _persona_editor(peek, plans, saved)
    bands = _bands_editor(plans, saved)
    outcome_labels = _outcome_labels(peek, plans, saved)
    outcome_kind = _outcome_kind(peek, plans, saved, outcome_labels)
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


def _values(peek: Peek, column: str) -> list[str]:
    """The column's distinct answers over the whole file, in the order they first appear."""
    evidence = peek.column_evidence(column)
    return [value for value, _ in sorted(evidence.first_line.items(), key=lambda item: item[1])]


def _label_editor(peek: Peek, plans: list[ColumnPlan], saved: Mapping | None) -> dict[str, float]:
    ratings = [plan.column for plan in plans if plan.role == "rating"]
    values = [value for column in ratings for value in _values(peek, column)]
    known, unknown = text_answers(values, saved.labels if saved else {})
    if not known and not unknown:
        return dict(saved.labels) if saved else {}
    first: dict[str, int] = {}
    for column in ratings:
        evidence = peek.column_evidence(column)
        for answer in [*known, *unknown]:
            line = evidence.first_seen(answer)
            if line is not None:
                first[answer] = min(line, first.get(answer, line))
    st.markdown(
        "**Text answers in the rating columns** (from every row) — check the number each "
        "one stands for."
    )
    answers = [*known, *unknown]
    table = pd.DataFrame(
        {
            "Answer": answers,
            "Number": [*known.values(), *([None] * len(unknown))],
            "First seen on line": [first.get(answer) for answer in answers],
        }
    )
    edited = st.data_editor(
        table, key="upload_labels", hide_index=True, disabled=["Answer", "First seen on line"]
    )
    missing = edited[edited["Number"].isna()]["Answer"].tolist()
    if missing:
        shown = markdown_text(", ".join(missing))
        st.warning(f"No number yet for: {shown}. Those answers will be rejected.")
    return {
        str(a): float(n)
        for a, n in zip(edited["Answer"], edited["Number"], strict=True)
        if not pd.isna(n)
    }


def _persona_values(peek: Peek, columns: list[str]) -> list[str]:
    """The persona values the file holds (several columns: the combinations of their answers)."""
    answers = [[v for v in _values(peek, column) if v.strip()] for column in columns]
    combinations = 1
    for found in answers:
        combinations *= max(1, len(found))
    if len(columns) == 1 or combinations > MAX_PERSONA_COMBINATIONS:
        if len(columns) == 1:
            return sorted({v.strip() for v in answers[0]})
        indexes = [peek.header.index(column) for column in columns]
        return sorted(
            {
                " · ".join(row[i].strip() for i in indexes if i < len(row) and row[i].strip())
                for row in peek.rows
            }
            - {""}
        )
    return sorted(
        " · ".join(v.strip() for v in combination) for combination in itertools.product(*answers)
    )


def _persona_editor(peek: Peek, plans: list[ColumnPlan], saved: Mapping | None) -> dict[str, str]:
    columns = [plan.column for plan in plans if plan.role == "persona"]
    if not columns:
        return {}
    found = _persona_values(peek, columns)
    names = saved.persona_names if saved else {}
    with st.expander(f"Persona names ({len(found)} found in the file)"):
        table = pd.DataFrame({"In the file": found, "Persona": [names.get(v, v) for v in found]})
        edited = st.data_editor(
            table, key="upload_personas", hide_index=True, disabled=["In the file"]
        )
    return {
        str(a): str(b)
        for a, b in zip(edited["In the file"], edited["Persona"], strict=True)
        if b and a != b
    }


def _bands_editor(
    plans: list[ColumnPlan], saved: Mapping | None
) -> dict[str, tuple[float, float]] | None:
    stages_with_column = {plan.stage for plan in plans if plan.role == "expectation"}
    rated = {plan.stage for plan in plans if plan.role == "rating"}
    if not rated - stages_with_column:
        return None
    default = saved is not None and saved.expectation_bands is not None
    derive = st.checkbox(
        "Derive expectations from ratings where a stage has no expectation column",
        value=default,
        key="upload_bands_on",
    )
    if not derive:
        return None
    current = (
        saved.expectation_bands
        if saved and saved.expectation_bands
        else {"below": (1, 2), "meets": (3, 3), "exceeds": (4, 5)}
    )
    bands = {}
    for column, name in zip(st.columns(3), ("below", "meets", "exceeds"), strict=True):
        low, high = current[name]
        text = column.text_input(
            f"{name.capitalize()} (raw MIN:MAX)", f"{low:g}:{high:g}", key=f"upload_band_{name}"
        )
        parts = text.split(":")
        try:
            bands[name] = (float(parts[0]), float(parts[-1]))
        except ValueError:
            st.warning(f"{name}: write MIN:MAX, e.g. 1:2")
            return None
    return bands


def _outcome_kind(
    peek: Peek, plans: list[ColumnPlan], saved: Mapping | None, labels: dict[str, float]
) -> tuple[str, Scale | None]:
    """What the outcome measures (so the Overview reports it as NPS, CSAT…), suggested from
    its question and answers, or as the saved mapping says."""
    outcome = next((plan for plan in plans if plan.role == "outcome"), None)
    if outcome is None:
        return "numeric", None
    if saved and saved.outcome and saved.outcome.column == outcome.column:
        kind, scale = saved.outcome.kind, saved.outcome.scale
    else:
        kind, scale = suggest_outcome_kind(outcome.question, _values(peek, outcome.column), labels)
    kinds = list(KIND_NAMES)
    what, on = st.columns([2, 1])
    kind = what.selectbox(
        f"What {outcome.column} measures",
        kinds,
        index=kinds.index(kind),
        format_func=KIND_NAMES.__getitem__,
        key=f"upload_outcome_kind_{outcome.column}",
        help="How the Overview, the report and the drivers read the outcome: an NPS as the "
        "share of promoters minus detractors, a CSAT as the share of 4s and 5s (6s and 7s on "
        "1–7), a CES and a number as their mean, yes / no as the share of yes",
    )
    if kind not in ("csat", "ces"):
        return kind, None
    scales = [Scale(1, 5), Scale(1, 7)]
    chosen = on.selectbox(
        "Answer scale",
        scales,
        index=scales.index(scale) if scale in scales else 0,
        format_func=str,
        key=f"upload_outcome_scale_{outcome.column}",
    )
    return kind, chosen


def _outcome_labels(peek: Peek, plans: list[ColumnPlan], saved: Mapping | None) -> dict[str, float]:
    outcome = [plan.column for plan in plans if plan.role == "outcome"]
    if not outcome:
        return {}
    saved_labels = saved.outcome.labels if saved and saved.outcome else {}
    suggested = suggest_outcome_labels(_values(peek, outcome[0]))
    if not suggested:
        return dict(saved_labels)
    st.markdown(f"**Outcome answers in {markdown_text(outcome[0])}** — the number each stands for.")
    table = pd.DataFrame(
        {
            "Answer": list(suggested),
            "Number": [saved_labels.get(text, number) for text, number in suggested.items()],
        }
    )
    edited = st.data_editor(
        table, key="upload_outcome_labels", hide_index=True, disabled=["Answer"]
    )
    return {
        str(a): float(n)
        for a, n in zip(edited["Answer"], edited["Number"], strict=True)
        if not pd.isna(n)
    }
