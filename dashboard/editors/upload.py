"""The upload page's parts: file recognition, the guided mapping, validation, commit, history."""

import hashlib
import io
from dataclasses import asdict, dataclass

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from dashboard import data
from journey.errors import FileRefused
from journey.formatting import markdown_text
from journey.ingest.history import delete_import, import_table
from journey.ingest.importer import ImportReport, import_responses, saved_mapping
from journey.ingest.mapping import Mapping, MappingError, load_mapping
from journey.ingest.reading import Peek, peek_table
from journey.ingest.scales import parse_scale
from journey.ingest.suggest import (
    ROLES,
    ColumnPlan,
    PlanError,
    mapping_from_plans,
    plans_from_mapping,
    suggest_plans,
    text_answers,
)
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

HISTORY_COLUMNS = {
    "import_id": "Import",
    "file": "File",
    "layout": "Layout",
    "wave": "Wave",
    "imported_at": "Imported at",
    "read": "Rows read",
    "kept": "Responses kept",
    "rejected": "Rejected",
    "outcomes": "Outcomes",
}


@dataclass(frozen=True)
class Target:
    journey_id: int
    journey: str
    wave: str


def recognise(uploaded: UploadedFile) -> Peek | None:
    """What the file is (cached per upload); shows the reason and returns None if unreadable."""
    key = f"peek_{uploaded.file_id}"
    if key not in st.session_state:
        try:
            st.session_state[key] = peek_table(uploaded, uploaded.name)
        except FileRefused as error:
            st.session_state[key] = error
    found = st.session_state[key]
    if isinstance(found, FileRefused):
        st.error(f"This file cannot be imported: {markdown_text(str(found))}")
        return None
    return found


def stage_choices(journey_id: int) -> list[tuple[str, list[str]]]:
    engine = data.current_engine()
    points = touchpoint_table(engine=engine, journey_id=journey_id)
    return [
        (stage, list(points.loc[points["stage"] == stage, "touchpoint"]))
        for stage in stage_table(engine=engine, journey_id=journey_id)["stage"]
    ]


def mapping_editor(peek: Peek, target: Target) -> Mapping | None:
    """The guided mapping of a wide export; returns the mapping once it is complete."""
    stages = stage_choices(target.journey_id)
    personas = queries.all_persona_names(engine=data.current_engine())
    suggested = suggest_plans(peek.header, peek.descriptions, peek.rows, stages, personas)
    saved = saved_mapping(
        engine=data.current_engine(), journey_name=target.journey, header=peek.header
    )
    source = "saved"
    loaded = st.file_uploader(
        "Load a mapping file (YAML), e.g. one made for the command line",
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
            + ("the file you loaded." if source != "saved" else "the last import of this survey.")
        )
        suggested = plans_from_mapping(saved, suggested)
    else:
        st.info(
            "Check each column's role. Rating columns need a stage (and, optionally, a "
            "touchpoint), a scale and any 'not applicable' values."
        )
    frame = pd.DataFrame([asdict(plan) for plan in suggested]).rename(columns=PLAN_COLUMNS)
    touchpoints = sorted({t for _, points in stages for t in points})
    edited = st.data_editor(
        frame,
        key=f"upload_plan_{peek.content_hash[:12]}_{target.journey_id}_{source}",
        hide_index=True,
        disabled=["Column", "Question", "Sample values"],
        column_config={
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
    labels = _label_editor(peek, plans, saved)
    persona_names = _persona_editor(peek, plans, saved)
    bands = _bands_editor(plans, saved)
    outcome_labels = _outcome_labels(peek, plans, saved)
    try:
        mapping = mapping_from_plans(
            plans,
            persona_names=persona_names,
            labels=labels,
            outcome_labels=outcome_labels,
            expectation_bands=bands,
        )
    except PlanError as error:
        st.warning(f"The mapping is not complete: {markdown_text(str(error))}.")
        return None
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
    for record in edited.rename(columns=fields).to_dict("records"):
        cleaned = {
            key: None if pd.isna(value) or value == "" else str(value)
            for key, value in record.items()
        }
        for key in ("question", "samples", "na"):
            cleaned[key] = cleaned[key] or ""
        plans.append(ColumnPlan(**cleaned))  # type: ignore[arg-type]
    return plans


def _column_values(peek: Peek, column: str) -> list[str]:
    index = peek.header.index(column)
    return [row[index] for row in peek.rows if index < len(row)]


def _label_editor(peek: Peek, plans: list[ColumnPlan], saved: Mapping | None) -> dict[str, float]:
    values = [
        v for plan in plans if plan.role == "rating" for v in _column_values(peek, plan.column)
    ]
    known, unknown = text_answers(values, saved.labels if saved else {})
    if not known and not unknown:
        return dict(saved.labels) if saved else {}
    st.markdown("**Text answers in the rating columns** — check the number each one stands for.")
    table = pd.DataFrame(
        {"Answer": [*known, *unknown], "Number": [*known.values(), *([None] * len(unknown))]}
    )
    edited = st.data_editor(table, key="upload_labels", hide_index=True, disabled=["Answer"])
    missing = edited[edited["Number"].isna()]["Answer"].tolist()
    if missing:
        shown = markdown_text(", ".join(missing))
        st.warning(f"No number yet for: {shown}. Those answers will be rejected.")
    return {
        str(a): float(n)
        for a, n in zip(edited["Answer"], edited["Number"], strict=True)
        if not pd.isna(n)
    }


def _persona_editor(peek: Peek, plans: list[ColumnPlan], saved: Mapping | None) -> dict[str, str]:
    columns = [plan.column for plan in plans if plan.role == "persona"]
    if not columns:
        return {}
    indexes = [peek.header.index(column) for column in columns]
    found = sorted(
        {
            " · ".join(row[i].strip() for i in indexes if i < len(row) and row[i].strip())
            for row in peek.rows
        }
        - {""}
    )
    names = saved.persona_names if saved else {}
    with st.expander(f"Persona names ({len(found)} found in the first rows)"):
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


def _outcome_labels(peek: Peek, plans: list[ColumnPlan], saved: Mapping | None) -> dict[str, float]:
    outcome = [plan.column for plan in plans if plan.role == "outcome"]
    if not outcome:
        return {}
    saved_labels = saved.outcome.labels if saved and saved.outcome else {}
    _, texts = text_answers(_column_values(peek, outcome[0]), {"\x00": 0})
    if not texts:
        return dict(saved_labels)
    st.markdown(f"**Outcome answers in {markdown_text(outcome[0])}** — the number each stands for.")
    table = pd.DataFrame({"Answer": texts, "Number": [saved_labels.get(t) for t in texts]})
    edited = st.data_editor(
        table, key="upload_outcome_labels", hide_index=True, disabled=["Answer"]
    )
    return {
        str(a): float(n)
        for a, n in zip(edited["Answer"], edited["Number"], strict=True)
        if not pd.isna(n)
    }


def run_import(
    uploaded: UploadedFile, target: Target, mapping: Mapping | None, scale: str, *, dry_run: bool
) -> ImportReport | None:
    """Validate (dry run) or import; shows a refusal as an error and returns None."""
    try:
        return import_responses(
            engine=data.current_engine(),
            stream=uploaded,
            file_name=uploaded.name,
            journey_name=target.journey,
            wave=target.wave,
            scale=parse_scale(scale),
            mapping=mapping,
            dry_run=dry_run,
        )
    except (FileRefused, MappingError, ValueError) as error:
        st.error(f"Nothing was imported: {markdown_text(str(error))}")
        return None


def show_report(report: ImportReport) -> None:
    """Counts, then every rejected row with its line, column and reason (and a CSV of them)."""
    if report.already_imported:
        st.info(markdown_text(report.summary()))
        return
    read, kept, rejected, outcomes = st.columns(4)
    read.metric("Responses read", f"{report.rows_read:,}")
    kept.metric("Will be kept" if report.dry_run else "Kept", f"{report.rows_kept:,}")
    rejected.metric("Rejected", f"{report.rows_rejected:,}")
    outcomes.metric("Outcomes", f"{report.outcomes_kept:,}")
    if report.new_personas:
        st.caption(f"New personas: {markdown_text(', '.join(report.new_personas))}")
    if report.rejects.reasons:
        why = ", ".join(
            f"{count:,} × {reason}" for reason, count in report.rejects.reasons.most_common()
        )
        st.markdown(f"**Why rows were rejected:** {markdown_text(why)}")
    if report.rejects.count or report.rejects.other:
        rows = pd.DataFrame(
            [(r.line, r.column, r.reason) for r in report.rejects.preview],
            columns=["Line", "Column", "Reason"],
        )
        st.dataframe(rows, hide_index=True, key="upload_rejects")
        out = io.StringIO()
        report.rejects.write_csv(out)
        st.download_button(
            "Download the rejected rows (CSV)",
            out.getvalue().encode("utf-8-sig"),
            file_name=f"{report.file_name}-rejects.csv",
            mime="text/csv",
            key="upload_rejects_csv",
            on_click="ignore",
        )


def history(journey_id: int, read_only: bool = False) -> None:
    """Every import of the journey, and deleting one (exactly its rows) after confirmation."""
    imports = import_table(engine=data.current_engine(), journey_id=journey_id)
    if imports.empty:
        st.caption("No imports yet.")
        return
    st.dataframe(
        imports.drop(columns=["new_personas"]).rename(columns=HISTORY_COLUMNS),
        hide_index=True,
        key="upload_history",
    )
    if read_only:
        return
    labels = {
        f"#{r.import_id} {r.file} (wave {r.wave}, {r.kept:,} responses)": int(r.import_id)
        for r in data.records(imports)
    }
    chosen = st.selectbox(
        "Delete an import",
        list(labels),
        index=None,
        key="upload_delete_choice",
        placeholder="Choose an import to delete…",
    )
    if chosen is None:
        return
    sure = st.checkbox(
        f"Yes, delete {chosen} and all its responses and outcomes", key="upload_delete_confirm"
    )
    if st.button("Delete import", type="primary", disabled=not sure, key="upload_delete"):
        responses, outcomes = delete_import(engine=data.current_engine(), import_id=labels[chosen])
        st.session_state["upload_flash"] = (
            f"Deleted {chosen}: {responses:,} responses and {outcomes:,} outcomes removed."
        )
        for key in ("upload_delete_confirm", "upload_delete_choice"):
            st.session_state.pop(key, None)
        st.rerun()
