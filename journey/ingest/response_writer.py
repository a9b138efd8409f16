"""Storing validated responses: one bulk insert per batch, would-be duplicates reported."""

from collections import Counter
from collections.abc import Iterable
from itertools import repeat

from sqlalchemy import func, insert, select
from sqlmodel import Session, col

from journey.ingest.batches import Contents, ResponseBatch
from journey.ingest.drafts import OutcomeDraft
from journey.ingest.import_report import ImportReport
from journey.ingest.rejects import Reject
from journey.store.db import BulkInsert, new_id
from journey.store.lookups import persona_ids
from journey.store.models import UNSPECIFIED_PERSONA, Outcome, Persona, Response
from journey.store.summaries import Cell

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


class ResponseWriter:
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
