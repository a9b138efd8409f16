"""Files people take away: charts as PNG/SVG, tables as CSV/Excel, all made offline.

Spreadsheet cells that would run as formulas are neutralised, and every file is named after
the journey, the filters and the date, so a folder of exports stays readable.
"""

import csv
import io
import math
import re
from datetime import date

import altair as alt
import pandas as pd
import vl_convert as vlc

# A cell starting with one of these is run as a formula by spreadsheet programs.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_UNSAFE_NAME = re.compile(r"[^0-9A-Za-z]+")


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
    # Quoting every text cell keeps a carriage return inside a cell from splitting the row.
    text = safe_table(table).to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC)
    return text.encode("utf-8-sig")


def table_xlsx(table: pd.DataFrame, sheet: str = "Figures") -> bytes:
    """An Excel workbook of the table, formula-safe (cells are written as text, not formulas)."""
    out = io.BytesIO()
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        safe_table(table).to_excel(writer, sheet_name=sheet[:31], index=False)
        cells = writer.sheets[sheet[:31]]
        for column in cells.columns:
            width = max(len(str(cell.value or "")) for cell in column)
            cells.column_dimensions[column[0].column_letter].width = min(60, max(10, width + 2))
    return out.getvalue()


def _json_safe(value: object) -> object:
    """The spec with NaN turned into null: Altair can emit NaN for missing text, JSON cannot."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {key: _json_safe(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_safe(item) for item in value]
    return value


def chart_spec(chart: alt.TopLevelMixin) -> dict[str, object]:
    """The chart's Vega-Lite spec, data included, as valid JSON data."""
    return _json_safe(chart.to_dict())  # type: ignore[return-value]


def chart_png(chart: alt.TopLevelMixin, scale: float = 2.0) -> bytes:
    """The chart as a PNG (twice the pixels by default, sharp on slides)."""
    return bytes(vlc.vegalite_to_png(chart_spec(chart), scale=scale))


def chart_svg(chart: alt.TopLevelMixin) -> str:
    """The chart as self-contained SVG text."""
    return str(vlc.vegalite_to_svg(chart_spec(chart)))


_SVG_SIZE = re.compile(r'^(<svg\b[^>]*?)\swidth="[^"]*"\sheight="[^"]*"')


def chart_pdf_page(chart: alt.TopLevelMixin, page: tuple[float, float]) -> bytes:
    """The chart on one PDF page of `page` (width, height) points, scaled to fit and centred.

    Vector all the way: the SVG drawing is given the page's size (its viewBox keeps the
    chart's own proportions), then converted, so a poster prints sharp at any size.
    """
    svg = chart_svg(chart)
    width, height = page
    fitted = _SVG_SIZE.sub(
        lambda m: (
            f'{m.group(1)} width="{width:g}" height="{height:g}" '
            'preserveAspectRatio="xMidYMid meet"'
        ),
        svg,
        count=1,
    )
    return bytes(vlc.svg_to_pdf(fitted))


def file_name(*parts: str, extension: str, on: date | None = None) -> str:
    """`journey-filters-what-2026-11-23.ext`: every part reduced to letters, digits and '-'."""
    cleaned = [_UNSAFE_NAME.sub("-", part).strip("-") for part in parts if part]
    stamp = (on or date.today()).isoformat()
    return "-".join([*[c for c in cleaned if c], stamp]) + f".{extension}"
