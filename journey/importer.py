"""Importing survey responses: all-or-nothing, duplicates reported, never stored twice."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import insert
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from journey.catalog import find_journey, persona_ids, stage_index
from journey.db import bump_revision
from journey.long_format import Draft, long_drafts
from journey.models import UNSPECIFIED_PERSONA, Persona, Response, SurveyImport
from journey.rejects import Reject, RejectLog
from journey.scales import DEFAULT_SCALE, Scale
from journey.tabular import open_table

BATCH_ROWS = 5_000


@dataclass
class ImportReport:
    """What an import did: rows read / kept / rejected, and why each reject was refused."""

    file_name: str
    journey: str
    wave: str
    encoding: str
    delimiter: str
    rejects: RejectLog
    import_id: int | None = None
    already_imported: bool = False
    rows_read: int = 0
    rows_kept: int = 0
    new_personas: list[str] = field(default_factory=list)

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
        text = (
            f"{self.file_name} → {self.journey!r}, wave {self.wave!r}: read {self.rows_read:,}, "
            f"kept {self.rows_kept:,}, rejected {self.rows_rejected:,}"
        )
        if self.new_personas:
            text += f"; new personas: {', '.join(self.new_personas)}"
        return text


def import_responses(
    engine: Engine,
    stream: BinaryIO,
    *,
    file_name: str,
    journey_name: str,
    wave: str | None = None,
    scale: Scale = DEFAULT_SCALE,
) -> ImportReport:
    """Import a long CSV in one transaction; a file refused whole raises FileRefused."""
    table = open_table(stream, file_name)
    wave = (wave or Path(file_name).stem).strip()
    with Session(engine) as session:
        journey = find_journey(session=session, name=journey_name)
        assert journey.id is not None
        drafts = long_drafts(table, stage_index(session=session, journey_id=journey.id), scale)
        report = ImportReport(
            file_name,
            journey.name,
            wave,
            table.facts.encoding,
            table.delimiter,
            RejectLog(table.header),
        )
        previous = session.exec(
            select(SurveyImport).where(
                SurveyImport.journey_id == journey.id,
                SurveyImport.wave == wave,
                SurveyImport.content_hash == table.facts.content_hash,
            )
        ).first()
        if previous is not None:
            report.import_id, report.already_imported = previous.id, True
            report.rows_read, report.rows_kept = previous.rows_read, previous.rows_kept
            return report
        batch = SurveyImport(
            journey_id=journey.id,
            file_name=file_name,
            wave=wave,
            content_hash=table.facts.content_hash,
            imported_at=datetime.now(UTC),
        )
        session.add(batch)
        session.flush()
        assert batch.id is not None
        report.import_id = batch.id
        writer = _ResponseWriter(session, journey.id, batch.id, wave, report)
        pending: list[Draft] = []
        for item in drafts:
            report.rows_read += 1
            if isinstance(item, Reject):
                report.rejects.add(item)
                continue
            pending.append(item)
            if len(pending) >= BATCH_ROWS:
                writer.write(pending)
                pending = []
        writer.write(pending)
        batch.rows_read, batch.rows_kept = report.rows_read, report.rows_kept
        batch.rows_rejected, batch.new_personas = (
            report.rows_rejected,
            ", ".join(report.new_personas),
        )
        session.add(batch)
        bump_revision(session)
        session.commit()
    return report


class _ResponseWriter:
    """Stores drafts batch by batch, turning would-be duplicates into rejects."""

    def __init__(
        self, session: Session, journey_id: int, import_id: int, wave: str, report: ImportReport
    ) -> None:
        self.session, self.journey_id, self.import_id = session, journey_id, import_id
        self.wave, self.report = wave, report
        self.personas = persona_ids(session=session)

    def write(self, drafts: list[Draft]) -> None:
        if not drafts:
            return
        fresh = self._without_duplicates(drafts)
        rows = [self._row(draft) for draft in fresh]
        if rows:
            self.session.connection().execute(insert(Response.__table__), rows)  # type: ignore[arg-type]
        self.report.rows_kept += len(rows)

    def _without_duplicates(self, drafts: list[Draft]) -> list[Draft]:
        stored = self._stored_keys({d.respondent_id for d in drafts})
        first_line: dict[tuple[str, int, int], int] = {}
        fresh = []
        for draft in drafts:
            key = (draft.respondent_id, draft.stage_id, draft.touchpoint_id or 0)
            if key in stored:
                import_id, line = stored[key]
                reason = (
                    f"duplicate of line {line} in this file"
                    if import_id == self.import_id
                    else f"duplicate of a stored response (import #{import_id}, line {line})"
                )
            elif key in first_line:
                reason = f"duplicate of line {first_line[key]} in this file"
            else:
                first_line[key] = draft.line
                fresh.append(draft)
                continue
            self.report.rejects.add(Reject(draft.line, draft.column, reason, draft.fields))
        return fresh

    def _stored_keys(
        self, respondents: Iterable[str]
    ) -> dict[tuple[str, int, int], tuple[int, int]]:
        touchpoint = func.coalesce(Response.touchpoint_id, 0)
        query = select(
            Response.respondent_id,
            Response.stage_id,
            touchpoint,
            Response.import_id,
            Response.source_line,
        ).where(
            Response.journey_id == self.journey_id,
            Response.wave == self.wave,
            col(Response.respondent_id).in_(list(respondents)),
        )
        return {(r, s, t): (i, line) for r, s, t, i, line in self.session.exec(query).all()}

    def _persona_id(self, name: str) -> int:
        name = name or UNSPECIFIED_PERSONA
        found = self.personas.get(name.lower())
        if found is None:
            persona = Persona(name=name)
            self.session.add(persona)
            self.session.flush()
            assert persona.id is not None
            found = self.personas[name.lower()] = persona.id
            self.report.new_personas.append(name)
        return found

    def _row(self, draft: Draft) -> dict[str, object]:
        return {
            "import_id": self.import_id,
            "source_line": draft.line,
            "journey_id": self.journey_id,
            "stage_id": draft.stage_id,
            "touchpoint_id": draft.touchpoint_id,
            "persona_id": self._persona_id(draft.persona),
            "respondent_id": draft.respondent_id,
            "wave": self.wave,
            "channel": draft.channel,
            "emotion": draft.emotion,
            "raw_value": draft.raw_value,
            "scale_min": draft.scale.min,
            "scale_max": draft.scale.max,
            "expectation": draft.expectation,
            "comment": draft.comment,
            "responded_at": draft.responded_at,
            "attributes": draft.attributes,
        }
