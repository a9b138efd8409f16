"""The rejected rows of an import: counted, previewed, and kept whole in a spooled file."""

import csv
import re
import tempfile
from collections import Counter
from dataclasses import dataclass
from typing import TextIO

PREVIEW_ROWS = 1_000
_SPOOL_BYTES = 8 << 20


@dataclass(frozen=True)
class Reject:
    line: int
    column: str
    reason: str
    fields: tuple[str, ...]
    is_response: bool = True  # False for an outcome value: listed, but not a response


class RejectLog:
    """Every reject of one import, without holding a million of them in memory."""

    def __init__(self, header: list[str]) -> None:
        self.header = header
        self.count = 0  # rejected responses
        self.other = 0  # rejected values that are not responses (outcomes)
        self.reasons: Counter[str] = Counter()
        self._preview: list[Reject] = []
        self._spool = tempfile.SpooledTemporaryFile(  # noqa: SIM115 - lives as long as the log
            max_size=_SPOOL_BYTES, mode="w+", newline="", encoding="utf-8"
        )
        self._writer = csv.writer(self._spool)

    def add(self, reject: Reject) -> None:
        if reject.is_response:
            self.count += 1
        else:
            self.other += 1
        self.reasons[_reason_kind(reject.reason)] += 1
        if len(self._preview) < PREVIEW_ROWS:
            self._preview.append(reject)
        self._writer.writerow([reject.line, reject.column, reject.reason, *reject.fields])

    @property
    def preview(self) -> list[Reject]:
        """The first rejects, in line order (duplicates are found a batch later than others)."""
        return sorted(self._preview, key=lambda reject: reject.line)

    def write_csv(self, out: TextIO) -> None:
        """Write `line, column, reason`, then the rejected row's fields, in line order."""
        writer = csv.writer(out)
        writer.writerow(["line", "column", "reason", *self.header])
        self._spool.seek(0)
        rows = sorted(csv.reader(self._spool), key=lambda row: int(row[0]))
        self._spool.seek(0, 2)
        writer.writerows(rows)


_SCALE = re.compile(r"-?\d+(?:\.\d+)?:-?\d+(?:\.\d+)?")


def _reason_kind(reason: str) -> str:
    """A reason with its particulars left out, so alike rejects count together.

    A scale is not a particular: "value 0 outside the scale 1:5" and "value 7 outside the
    scale 1:5" are one kind, "value outside the scale 1:5", and other scales another.
    """
    kind = re.sub(r"\s*\(.*\)$", "", reason)  # the explanation in parentheses
    kind = re.sub(r"'[^']*'", "…", kind)  # the quoted value
    kind = re.sub(r"^value \S+ outside", "value outside", kind)
    scales = _SCALE.findall(kind)
    parts = _SCALE.split(kind)
    parts = [re.sub(r"\d+(\.\d+)?", "N", part) for part in parts]  # numbers
    return "".join(part + (scales[i] if i < len(scales) else "") for i, part in enumerate(parts))
