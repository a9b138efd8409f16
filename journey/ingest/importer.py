"""Importing survey responses: all-or-nothing, duplicates reported, never stored twice."""

import gc
import hashlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from journey.errors import FileRefused
from journey.ingest.batches import ResponseBatch
from journey.ingest.columnar_long import columnar_long_batches
from journey.ingest.drafts import Draft, OutcomeDraft, UnreadDate
from journey.ingest.import_report import ImportReport
from journey.ingest.layouts import meant_as_long
from journey.ingest.long_format import long_batches
from journey.ingest.mapping import Mapping, MappingError, load_mapping
from journey.ingest.new_touchpoints import create_touchpoints
from journey.ingest.outcomes import outcome_scale
from journey.ingest.progress import ProgressCallback, ProgressMeter
from journey.ingest.reading import Table, open_table
from journey.ingest.rejects import Reject, RejectLog
from journey.ingest.response_writer import ResponseWriter
from journey.ingest.scales import DEFAULT_SCALE, Scale
from journey.ingest.wide_format import wide_drafts
from journey.store.db import bump_revision, new_id
from journey.store.lookups import find_journey, stage_index
from journey.store.models import SavedMapping, SurveyImport
from journey.store.summaries import refresh_summaries, summarise_import

BATCH_ROWS = 5_000
PROGRESS_ITEMS = 2_000  # how often (in items validated) the progress meter is asked
UNREAD_DATES_SHOWN = 5


class MappingNeeded(MappingError):
    """A wide export arrived without a mapping that says which column is what."""


def header_signature(header: list[str]) -> str:
    """Identifies a survey's export by its column names, so its mapping can be offered again."""
    return hashlib.sha256("\x1f".join(header).encode("utf-8")).hexdigest()


def import_responses(
    *,
    engine: Engine,
    stream: BinaryIO,
    file_name: str,
    journey_name: str,
    wave: str | None = None,
    scale: Scale = DEFAULT_SCALE,
    mapping: Mapping | None = None,
    dry_run: bool = False,
    progress: ProgressCallback | None = None,
) -> ImportReport:
    """Import a long file, or a wide one with its mapping, in one transaction.

    A file refused whole raises FileRefused (or MappingError); nothing is written then.
    With `dry_run`, everything is validated against the stored data and rolled back.
    `progress` is told, now and then, how many rows are done and what share of the file.
    """
    table = open_table(stream, file_name)
    wave = (wave or Path(file_name).stem).strip()
    with _collector_paused(), Session(engine) as session:
        journey = find_journey(session=session, name=journey_name)
        assert journey.id is not None
        new_touchpoints = (
            create_touchpoints(
                session=session,
                journey_id=journey.id,
                wanted=mapping.new_touchpoints,
                file_name=file_name,
            )
            if mapping is not None
            else []
        )
        stages = stage_index(session=session, journey_id=journey.id)
        if mapping is not None:
            drafts: Iterable[Item] = wide_drafts(table, stages, mapping)
        elif table.layout == "long" or meant_as_long(table.header):
            drafts = columnar_long_batches(stream, table, stages, scale) or long_batches(
                table, stages, scale
            )
        else:
            tool = "" if table.layout == "wide" else f" {table.layout}"
            raise MappingNeeded(
                f"{file_name}: a wide{tool} export (one row per respondent) needs a "
                "mapping of its columns: use the upload page, or --mapping MAP.yaml"
            )
        report = ImportReport(
            file_name,
            journey.name,
            wave,
            table.layout,
            table.facts.encoding,
            table.delimiter,
            RejectLog(table.header),
            dry_run=dry_run,
            new_touchpoints=new_touchpoints,
        )
        previous = session.scalars(
            select(SurveyImport).where(
                col(SurveyImport.journey_id) == journey.id,
                col(SurveyImport.wave) == wave,
                col(SurveyImport.content_hash) == table.facts.content_hash,
            )
        ).first()
        if previous is not None:
            report.import_id, report.already_imported = previous.id, True
            report.rows_read, report.rows_kept = previous.rows_read, previous.rows_kept
            report.rejects.count = previous.rows_rejected  # the counts of the earlier import
            return report
        batch = SurveyImport(
            journey_id=journey.id,
            file_name=file_name,
            wave=wave,
            layout=table.layout,
            content_hash=table.facts.content_hash,
            imported_at=datetime.now(UTC),
        )
        report.import_id = import_id = new_id(session, batch)
        writer = ResponseWriter(session, journey.id, import_id, wave, report)
        meter = ProgressMeter("Checking" if dry_run else "Importing", progress)
        position = table.position
        _store(drafts, writer, lambda: meter.update(position.data_rows, position.fraction()))
        contents = writer.contents
        report.new_comments = contents.comments and report.rows_kept > 0 and not dry_run
        batch.first_response = date.fromisoformat(contents.first) if contents.first else None
        batch.last_response = date.fromisoformat(contents.last) if contents.last else None
        batch.channels = sorted(contents.channels)
        batch.attribute_values = contents.attribute_values()
        batch.rows_read, batch.rows_kept = report.rows_read, report.rows_kept
        batch.rows_rejected, batch.outcomes_kept = report.rows_rejected, report.outcomes_kept
        batch.new_personas = ", ".join(report.new_personas)
        if mapping is not None and mapping.outcome is not None and report.outcomes_kept:
            declared = mapping.outcome
            answers = outcome_scale(declared.kind, declared.scale)
            batch.outcome_kind = declared.kind
            batch.outcome_scale = str(answers) if answers else None
        session.add(batch)
        if mapping is not None:
            _remember_mapping(session, journey.id, table, mapping)
        if not report.rows_read and not report.outcomes_kept and not report.rejects.other:
            raise FileRefused(file_name, "the file has a header but no data rows", 1)
        if dry_run or not (report.rows_kept or report.outcomes_kept):
            # An import that keeps nothing is not recorded, so fixing the file and
            # uploading it again is never mistaken for "already imported".
            session.rollback()
            report.import_id = None
            meter.finish(table.position.data_rows)
            return report
        if writer.cells is not None:
            summarise_import(session=session, import_id=import_id, counted=writer.cells)
        else:
            refresh_summaries(session=session, import_ids=[import_id])
        bump_revision(session)
        session.commit()
        meter.finish(table.position.data_rows)
    return report


Item = ResponseBatch | Draft | OutcomeDraft | Reject | UnreadDate


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector for the import, and resume it after.

    An import keeps chunks of rows alive (hundreds of thousands of objects); the collector,
    triggered by every few hundred new objects, would walk them again and again: a fifth of
    the import's time, measured. Rows, strings and tuples hold no cycles, so reference
    counting frees them all the same; collection resumes when the import ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _store(drafts: Iterable[Item], writer: ResponseWriter, tick: Callable[[], None]) -> None:
    """Feed validated items to the writer in batches; count and log rejects.

    `tick` is called for every batch and every PROGRESS_ITEMS items, for the progress meter.
    """
    report = writer.report
    pending: list[Draft] = []
    outcomes: list[OutcomeDraft] = []
    for count, item in enumerate(drafts, start=1):
        if not count % PROGRESS_ITEMS or isinstance(item, ResponseBatch):
            tick()
        if isinstance(item, ResponseBatch):
            report.rows_read += len(item)
            writer.write(item)
        elif isinstance(item, Draft):
            report.rows_read += 1
            pending.append(item)
            if len(pending) >= BATCH_ROWS:
                writer.write(ResponseBatch.from_drafts(pending))
                pending = []
        elif isinstance(item, OutcomeDraft):
            outcomes.append(item)
            if len(outcomes) >= BATCH_ROWS:
                writer.write_outcomes(outcomes)
                outcomes = []
        elif isinstance(item, UnreadDate):
            report.dates_unread += 1
            if len(report.unread_dates) < UNREAD_DATES_SHOWN:
                report.unread_dates.append(item)
        else:
            report.rows_read += item.is_response
            report.rejects.add(item)
    writer.write(ResponseBatch.from_drafts(pending))
    writer.write_outcomes(outcomes)


def _remember_mapping(session: Session, journey_id: int, table: Table, mapping: Mapping) -> None:
    signature = header_signature(table.header)
    saved = session.scalars(
        select(SavedMapping).where(
            col(SavedMapping.journey_id) == journey_id, col(SavedMapping.signature) == signature
        )
    ).first()
    saved = saved or SavedMapping(
        journey_id=journey_id, signature=signature, mapping_yaml="", updated_at=datetime.now(UTC)
    )
    # The touchpoints it asked for exist now: the next wave needs only their names.
    saved.mapping_yaml, saved.layout, saved.updated_at = (
        replace(mapping, new_touchpoints=()).to_yaml(),
        table.layout,
        datetime.now(UTC),
    )
    session.add(saved)


def saved_mapping(*, engine: Engine, journey_name: str, header: list[str]) -> Mapping | None:
    """The mapping last used for an export with these columns into this journey, if any."""
    with Session(engine) as session:
        journey = find_journey(session=session, name=journey_name)
        saved = session.scalars(
            select(SavedMapping).where(
                col(SavedMapping.journey_id) == journey.id,
                col(SavedMapping.signature) == header_signature(header),
            )
        ).first()
    return load_mapping(saved.mapping_yaml, "saved mapping") if saved else None
