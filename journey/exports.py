"""Files people take away: tables as CSV, safe to open in a spreadsheet."""

import pandas as pd

# A cell starting with one of these is run as a formula by spreadsheet programs.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Prefix a text cell that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def safe_table(table: pd.DataFrame) -> pd.DataFrame:
    """The table with every text cell (and header) neutralised; numbers stay numbers."""
    safe = table.copy()
    safe.columns = [str(neutralise(str(name))) for name in safe.columns]
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    return safe


def table_csv(table: pd.DataFrame) -> bytes:
    """CSV bytes (UTF-8 with BOM, so Excel reads accents right), formula-safe."""
    return safe_table(table).to_csv(index=False).encode("utf-8-sig")
