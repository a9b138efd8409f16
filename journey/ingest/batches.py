"""Validated responses in columns, ready to be stored with one bulk insert."""

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, fields

from journey.ingest.drafts import Draft
from journey.store.models import MAX_ATTRIBUTE_VALUES


@dataclass
class ResponseBatch:
    """Responses as parallel lists (one entry per response), as the database wants them.

    Dates are ISO text and attributes JSON text already, so the insert needs no conversion.
    """

    lines: list[int] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # where a duplicate is reported
    fields: Sequence[Sequence[str]] = field(default_factory=list)  # the source rows, for rejects
    respondent_id: list[str] = field(default_factory=list)
    persona: list[str] = field(default_factory=list)
    stage_id: list[int] = field(default_factory=list)
    touchpoint_id: list[int | None] = field(default_factory=list)
    channel: list[str | None] = field(default_factory=list)
    emotion: list[float | None] = field(default_factory=list)
    raw_value: list[float | None] = field(default_factory=list)
    scale_min: list[float | None] = field(default_factory=list)
    scale_max: list[float | None] = field(default_factory=list)
    expectation: list[str | None] = field(default_factory=list)
    comment: list[str | None] = field(default_factory=list)
    responded_at: list[str | None] = field(default_factory=list)
    attributes: list[str | None] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.lines)

    @classmethod
    def from_drafts(cls, drafts: list[Draft]) -> "ResponseBatch":
        batch = cls(fields=[draft.fields for draft in drafts])
        for draft in drafts:
            batch.lines.append(draft.line)
            batch.columns.append(draft.column)
            batch.respondent_id.append(draft.respondent_id)
            batch.persona.append(draft.persona)
            batch.stage_id.append(draft.stage_id)
            batch.touchpoint_id.append(draft.touchpoint_id)
            batch.channel.append(draft.channel)
            batch.emotion.append(draft.emotion)
            batch.raw_value.append(draft.raw_value)
            batch.scale_min.append(draft.scale.min if draft.scale else None)
            batch.scale_max.append(draft.scale.max if draft.scale else None)
            batch.expectation.append(draft.expectation)
            batch.comment.append(draft.comment)
            batch.responded_at.append(
                draft.responded_at.isoformat() if draft.responded_at else None
            )
            batch.attributes.append(attributes_json(draft.attributes))
        return batch

    def select(self, keep: list[int]) -> "ResponseBatch":
        """The batch restricted to the given positions."""
        return ResponseBatch(
            **{f.name: [getattr(self, f.name)[i] for i in keep] for f in fields(self)}
        )


def attributes_json(attributes: dict[str, str] | None) -> str | None:
    """Respondent attributes as stored: JSON text, or None when there are none."""
    return json.dumps(attributes, ensure_ascii=False, sort_keys=True) if attributes else None


@dataclass
class Contents:
    """What an import holds, gathered batch by batch: dates, channels, attribute values, and
    whether any response carries a comment.

    Kept with the import so the filters can list their choices without reading responses.
    """

    comments: bool = False
    first: str | None = None
    last: str | None = None
    channels: set[str] = field(default_factory=set)
    attributes: dict[str, set[str]] = field(default_factory=dict)

    def add(self, batch: ResponseBatch) -> None:
        self.comments = self.comments or any(batch.comment)
        dates = {day for day in batch.responded_at if day}
        if dates:
            self.first = min(dates | ({self.first} if self.first else set()))
            self.last = max(dates | ({self.last} if self.last else set()))
        self.channels |= {channel for channel in batch.channel if channel}
        for text in {text for text in batch.attributes if text}:
            for name, value in json.loads(text).items():
                values = self.attributes.setdefault(name, set())
                if len(values) <= MAX_ATTRIBUTE_VALUES:  # one more says "too many"
                    values.add(str(value))

    def attribute_values(self) -> dict[str, list[str]]:
        return {name: sorted(values) for name, values in sorted(self.attributes.items())}
