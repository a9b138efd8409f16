"""The building blocks of a slide: its geometry (16:9, in EMU), a titled slide with speaker
notes, a chart as a picture drawn for the slide, a native table and plain text."""

import io
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from altair.typing import ChartType
from PIL import Image
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from journey.render.exports import chart_png

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)  # 16:9, as projectors and screens are
MARGIN = Inches(0.45)
DPI = 192  # pixels per inch of a chart's picture: sharp on a 1920-px screen
TITLE_ONLY, TITLE_SLIDE = 5, 0  # layouts of python-pptx's default template


@dataclass(frozen=True)
class Area:
    """A rectangle on a slide, in EMU."""

    left: int
    top: int
    width: int
    height: int


CONTENT = Area(MARGIN, Inches(1.35), WIDTH - 2 * MARGIN, HEIGHT - Inches(1.35) - MARGIN)
LEFT = Area(CONTENT.left, CONTENT.top, int(CONTENT.width * 0.6), CONTENT.height)
RIGHT = Area(
    CONTENT.left + int(CONTENT.width * 0.62),
    CONTENT.top,
    int(CONTENT.width * 0.38),
    CONTENT.height,
)
NARROW_LEFT = Area(CONTENT.left, CONTENT.top, int(CONTENT.width * 0.55), CONTENT.height)
WIDE_RIGHT = Area(
    CONTENT.left + int(CONTENT.width * 0.57),
    CONTENT.top,
    int(CONTENT.width * 0.43),
    CONTENT.height,
)


def new_slide(deck: PresentationType, title: str, notes: str) -> Slide:
    """A slide with a title across the top and its speaker notes."""
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY])
    heading = slide.shapes.title
    assert heading is not None  # the layout has a title
    heading.left, heading.top = MARGIN, Inches(0.3)
    heading.width, heading.height = WIDTH - 2 * MARGIN, Inches(0.95)
    heading.text = title
    for paragraph in heading.text_frame.paragraphs:
        paragraph.font.size = Pt(30)
        paragraph.font.bold = True
    add_notes(slide, notes)
    return slide


def add_notes(slide: Slide, text: str) -> None:
    frame = slide.notes_slide.notes_text_frame
    assert frame is not None  # the default template has a notes placeholder
    frame.text = text


def add_picture(slide: Slide, png: bytes, area: Area) -> None:
    """The picture as large as fits the area, keeping its proportions, centred."""
    with Image.open(io.BytesIO(png)) as image:
        ratio = image.width / image.height
    width, height = area.width, int(area.width / ratio)
    if height > area.height:
        width, height = int(area.height * ratio), area.height
    left = area.left + (area.width - width) // 2
    top = area.top + (area.height - height) // 2
    slide.shapes.add_picture(io.BytesIO(png), Emu(left), Emu(top), Emu(width), Emu(height))


def add_chart(slide: Slide, chart: ChartType, area: Area, *, pixels_wide: int) -> None:
    """The chart drawn at the slide's resolution for the area (`pixels_wide`: its own width)."""
    scale = area.width / 914400 * DPI / pixels_wide  # EMU per inch: 914,400
    add_picture(slide, chart_png(chart, scale=max(scale, 1.0)), area)


def add_table(
    slide: Slide,
    table: pd.DataFrame,
    area: Area,
    *,
    size: int = 14,
    numeric: Sequence[str] = (),
    widths: Sequence[float] = (),
) -> None:
    """The table as a native PowerPoint table: a header row, then one row per record.

    `widths` are the columns' relative widths (default: the first, the stage, twice the
    others).
    """
    rows, columns = len(table) + 1, len(table.columns)
    row_height = Pt(size * 2.1)
    shape = slide.shapes.add_table(
        rows, columns, Emu(area.left), Emu(area.top), Emu(area.width), Emu(row_height * rows)
    )
    grid = shape.table
    parts = list(widths) or [2.0] + [1.0] * (columns - 1)
    for column, part in enumerate(parts):
        grid.columns[column].width = Emu(int(area.width * part / sum(parts)))
    for column, name in enumerate(table.columns):
        set_cell(grid.cell(0, column), str(name), size, bold=True)
    for row, record in enumerate(table.itertuples(index=False), start=1):
        for column, value in enumerate(record):
            right = table.columns[column] in numeric
            set_cell(grid.cell(row, column), str(value), size, right=right)


def set_cell(
    cell: object, text: str, size: int, *, bold: bool = False, right: bool = False
) -> None:
    from pptx.enum.text import PP_ALIGN

    cell.text = text  # type: ignore[attr-defined]
    for paragraph in cell.text_frame.paragraphs:  # type: ignore[attr-defined]
        paragraph.font.size = Pt(size)
        paragraph.font.bold = bold
        if right:
            paragraph.alignment = PP_ALIGN.RIGHT


def add_text(slide: Slide, lines: Sequence[str], area: Area, *, size: int = 18) -> None:
    """Paragraphs of plain text (user text stays text: nothing in it is interpreted)."""
    frame = slide.shapes.add_textbox(
        Emu(area.left), Emu(area.top), Emu(area.width), Emu(area.height)
    ).text_frame
    frame.word_wrap = True
    for position, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if position == 0 else frame.add_paragraph()
        paragraph.text = line
        paragraph.font.size = Pt(size)
        paragraph.space_after = Pt(size * 0.4)
