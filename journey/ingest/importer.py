"""Importing survey responses: all-or-nothing, duplicates reported, never stored twice."""

import gc
import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from itertools import repeat
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from journey.errors import FileRefused
from journey.formatting import plural
from journey.ingest.batches import Contents, ResponseBatch
from journey.ingest.columnar_long import columnar_long_batches
from journey.ingest.drafts import Draft, OutcomeDraft, UnreadDate
from journey.ingest.layouts import meant_as_long
from journey.ingest.long_format import long_batches
from journey.ingest.mapping import Mapping, MappingError, load_mapping
from journey.ingest.new_touchpoints import create_touchpoints
from journey.ingest.outcomes import outcome_scale
from journey.ingest.progress import ProgressCallback, ProgressMeter
from journey.ingest.reading import Table, open_table
from journey.ingest.rejects import Reject, RejectLog
from journey.ingest.scales import DEFAULT_SCALE, Scale
from journey.ingest.wide_format import wide_drafts
from journey.store.db import BulkInsert, bump_revision, new_id
from journey.store.lookups import find_journey, persona_ids, stage_index
from journey.store.models import (
    UNSPECIFIED_PERSONA,
    Outcome,
    Persona,
    Response,
    SavedMapping,
    SurveyImport,
)
from journey.store.summaries import Cell, refresh_summaries, summarise_import

BATCH_ROWS = 5_000
PROGRESS_ITEMS = 2_000  # how often (in items validated) the progress meter is asked
UNREAD_DATES_SHOWN = 5


class MappingNeeded(MappingError):
    """A wide export arrived without a mapping that says which column is what."""


@dataclass
class ImportReport:
    """What an import did: responses read / kept / rejected, and why each reject was refused."""

    file_name: str
    journey: str
    wave: str
    layout: str
    encoding: str
    delimiter: str
    rejects: RejectLog
    import_id: int | None = None
    already_imported: bool = False
    dry_run: bool = False
    rows_read: int = 0
    rows_kept: int = 0
    outcomes_kept: int = 0
    new_personas: list[str] = field(default_factory=list)
    new_touchpoints: list[str] = field(default_factory=list)
    dates_unread: int = 0  # rows kept without a date, because it could not be read
    unread_dates: list[UnreadDate] = field(default_factory=list)  # the first few, as examples

    @property
    def rows_rejected(self) -> int:
        return self.rejects.count

    def summary(self) -> str:
        """One line for people: what was kept and what was not."""
        if self.already_imported:
            return (
                f"{self.file_name}: already imported into {self.journey!r}, wave "
                f"{self.wave!r} (import #{self.import_id}); nothing changed"
            )
        kept = "would be kept" if self.dry_run else "kept"
        text = (
            f"{self.file_name} ({self.layout}) → {self.journey!r}, wave {self.wave!r}: "
            f"responses read {self.rows_read:,}, {kept} {self.rows_kept:,}, "
            f"rejected {self.rows_rejected:,}"
        )
        if self.outcomes_kept or self.rejects.other:
            text += f"; outcomes {kept} {self.outcomes_kept:,}, rejected {self.rejects.other:,}"
        if not self.dry_run and self.import_id is None:
            text += "; nothing was imported"
        if self.new_personas:
            text += f"; new personas: {', '.join(self.new_personas)}"
        if self.new_touchpoints:
            text += f"; new touchpoints: {', '.join(self.new_touchpoints)}"
        if self.dates_unread:
            text += f"; {plural(self.dates_unread, 'unreadable date')} left empty"
        return text

    def unread_dates_text(self) -> str:
        """`12 rows have a date that could not be read (line 5: 'soon', …): kept without it`."""
        examples = ", ".join(f"line {item.line}: {item.text[:40]!r}" for item in self.unread_dates)
        more = ", …" if self.dates_unread > len(self.unread_dates) else ""
        rows = "1 row has" if self.dates_unread == 1 else f"{self.dates_unread:,} rows have"
        return (
            f"{rows} a date that could not be read ({examples}{more}): "
            "their responses are kept, without a date"
        )


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
        writer = _Writer(session, journey.id, import_id, wave, report)
        meter = ProgressMeter("Checking" if dry_run else "Importing", progress)
        position = table.position
        _store(drafts, writer, lambda: meter.update(position.data_rows, position.fraction()))
        contents = writer.contents
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


def _store(drafts: Iterable[Item], writer: "_Writer", tick: Callable[[], None]) -> None:
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


RESPONSE_COLUMNS = (
    "import_id",
    "source_line",
    "journey_id",
    "stage_id",
    "touchpoint_id",
    "persona_id",
    "respondent_id",
    "wave",
    "channel",
    "emotion",
    "raw_value",
    "scale_min",
    "scale_max",
    "expectation",
    "comment",
    "responded_at",
    "attributes",
)


class _Writer:
    """Stores batches with one bulk insert each; would-be duplicates become rejects.

    The insert skips rows that clash with the unique key; only when some were skipped does
    it look up who holds each key, to say which line or import the duplicate repeats.
    """

    def __init__(
        self, session: Session, journey_id: int, import_id: int, wave: str, report: ImportReport
    ) -> None:
        self.session, self.journey_id, self.import_id = session, journey_id, import_id
        self.wave, self.report = wave, report
        self.personas = persona_ids(session=session)
        self.insert = BulkInsert(session, "response", RESPONSE_COLUMNS)
        self.contents = Contents()
        # The responses counted by summary cell as they are stored, while every row of every
        # batch is stored; None once a duplicate was skipped (then the summaries are counted
        # from the stored responses).
        self.cells: Counter[Cell] | None = Counter()

    def write(self, batch: ResponseBatch) -> None:
        if not len(batch):
            return
        self.contents.add(batch)
        # In file order, so a new persona is created with the spelling it first appears in.
        known = {name: self._persona_id(name) for name in dict.fromkeys(batch.persona)}
        persona_ids = [known[name] for name in batch.persona]
        count = len(batch)
        rows = list(
            zip(
                repeat(self.import_id, count),
                batch.lines,
                repeat(self.journey_id, count),
                batch.stage_id,
                batch.touchpoint_id,
                persona_ids,
                batch.respondent_id,
                repeat(self.wave, count),
                batch.channel,
                batch.emotion,
                batch.raw_value,
                batch.scale_min,
                batch.scale_max,
                batch.expectation,
                batch.comment,
                batch.responded_at,
                batch.attributes,
                strict=True,
            )
        )
        inserted = self.insert(rows)
        if inserted != count:
            inserted = count - self._report_duplicates(batch)
            self.cells = None
        elif self.cells is not None:
            self.cells.update(
                zip(
                    batch.stage_id,
                    persona_ids,
                    batch.emotion,
                    batch.channel,
                    batch.responded_at,
                    batch.attributes,
                    batch.expectation,
                    strict=True,
                )
            )
        self.report.rows_kept += inserted

    def _report_duplicates(self, batch: ResponseBatch) -> int:
        """Reject the rows of the batch that the database already held; returns how many."""
        stored = self._stored_keys(set(batch.respondent_id))
        duplicates = 0
        for index, line in enumerate(batch.lines):
            key = (
                batch.respondent_id[index],
                batch.stage_id[index],
                batch.touchpoint_id[index] or 0,
            )
            holder = stored.get(key)
            if holder is None or holder == (self.import_id, line):
                continue
            import_id, held_line = holder
            reason = (
                f"duplicate of line {held_line} in this file"
                if import_id == self.import_id
                else f"duplicate of a stored response (import #{import_id}, line {held_line})"
            )
            fields = tuple(batch.fields[index])
            self.report.rejects.add(Reject(line, batch.columns[index], reason, fields))
            duplicates += 1
        return duplicates

    def write_outcomes(self, drafts: list[OutcomeDraft]) -> None:
        if not drafts:
            return
        stored = set(
            self.session.scalars(
                select(col(Outcome.respondent_id)).where(
                    col(Outcome.journey_id) == self.journey_id,
                    col(Outcome.wave) == self.wave,
                    col(Outcome.respondent_id).in_({d.respondent_id for d in drafts}),
                )
            ).all()
        )
        rows = []
        for draft in drafts:
            if draft.respondent_id in stored:
                reason = f"duplicate outcome: {draft.respondent_id!r} has one in this wave already"
                self.report.rejects.add(
                    Reject(draft.line, draft.column, reason, draft.fields, False)
                )
                continue
            stored.add(draft.respondent_id)
            rows.append(
                {
                    "import_id": self.import_id,
                    "journey_id": self.journey_id,
                    "respondent_id": draft.respondent_id,
                    "wave": self.wave,
                    "measure": draft.column,
                    "value": draft.value,
                }
            )
        if rows:
            self.session.connection().execute(insert(Outcome), rows)
        self.report.outcomes_kept += len(rows)

    def _stored_keys(
        self, respondents: Iterable[str]
    ) -> dict[tuple[str, int, int], tuple[int, int]]:
        touchpoint = func.coalesce(col(Response.touchpoint_id), 0)
        query = select(
            col(Response.respondent_id),
            col(Response.stage_id),
            touchpoint,
            col(Response.import_id),
            col(Response.source_line),
        ).where(
            col(Response.journey_id) == self.journey_id,
            col(Response.wave) == self.wave,
            col(Response.respondent_id).in_(list(respondents)),
        )
        return {(r, s, t): (i, line) for r, s, t, i, line in self.session.execute(query).all()}

    def _persona_id(self, name: str) -> int:
        name = name or UNSPECIFIED_PERSONA
        found = self.personas.get(name.lower())
        if found is None:
            persona = Persona(name=name)
            found = self.personas[name.lower()] = new_id(self.session, persona)
            self.report.new_personas.append(name)
        return found
