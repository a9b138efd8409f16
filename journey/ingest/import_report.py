"""What an import did, for people: responses read, kept and rejected, and why."""

from dataclasses import dataclass, field

from journey.formatting import plural
from journey.ingest.drafts import UnreadDate
from journey.ingest.rejects import RejectLog


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
    # A stored (not checked) response carries a comment: the journey's need theming again.
    new_comments: bool = False
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
