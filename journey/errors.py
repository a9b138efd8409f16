"""Why an input is refused whole: the file, the line and the column where it went wrong."""


class FileRefused(Exception):
    """The file cannot be read as a table at all; nothing of it may be imported."""

    def __init__(
        self, file_name: str, reason: str, line: int | None = None, column: str | None = None
    ) -> None:
        self.file_name, self.reason, self.line, self.column = file_name, reason, line, column
        where = "".join(
            [f", line {line}" if line is not None else "", f", column {column!r}" if column else ""]
        )
        super().__init__(f"{file_name}{where}: {reason}")
