"""One base for every refusal the product explains to its user: what, and where.

Every error a user can cause (a broken file, a bad mapping, an unknown journey, a refused edit)
derives from `JourneyError`, which carries the file, line and column where they are known. The
command line catches the base once and prints one line; the pages show it in an error box. A
traceback means a bug of ours, never a mistake of the user's.
"""


class JourneyError(Exception):
    """A refusal with its reason, and the file, line and column where they are known."""

    def __init__(
        self,
        reason: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: str | int | None = None,
    ) -> None:
        self.reason, self.file, self.line, self.column = reason, file, line, column
        super().__init__(self.message)

    @property
    def where(self) -> str:
        """`file, line N, column 'C'` (a named CSV column) or `column 4` (a text position)."""
        parts = [self.file or ""]
        if self.line is not None:
            parts.append(f"line {self.line}")
        if isinstance(self.column, int):
            parts.append(f"column {self.column}")
        elif self.column:
            parts.append(f"column {self.column!r}")
        return ", ".join(part for part in parts if part)

    @property
    def message(self) -> str:
        return f"{self.where}: {self.reason}" if self.where else self.reason

    def __str__(self) -> str:
        return self.message


class FileRefused(JourneyError):
    """The file cannot be read as a table at all; nothing of it may be imported."""

    def __init__(
        self, file_name: str, reason: str, line: int | None = None, column: str | None = None
    ) -> None:
        super().__init__(reason, file=file_name, line=line, column=column)

    @property
    def file_name(self) -> str:
        return self.file or ""
