"""The review meeting's slides as a PowerPoint deck: what present mode shows, to take away.

Charts are pictures drawn for the slide's size; the numbers are native tables (they can be
edited, restyled and copied); each slide's speaker notes say how many respondents the slide
stands on and how its figures were made.

A slide is a function `(Deck, MeetingFigures) -> None` in `SLIDES`: a new slide is one more
function there (and, if it needs them, one more field of figures).
"""

import io
from collections.abc import Callable, Sequence
from datetime import datetime

import pandas as pd
from pptx import Presentation
from pptx.presentation import Presentation as PresentationType
from pptx.util import Inches, Pt
from sqlalchemy.engine import Engine

from journey.analysis.curve import DEFAULT_MIN_N
from journey.analysis.importance import SHAPLEY
from journey.analysis.kpis import (
    moments_that_matter,
)
from journey.analysis.significance import describe_steps
from journey.formatting import MISSING, count, number, percent, plural, signed
from journey.render.curves import curve_caption, emotion_curve
from journey.render.expectation_charts import expectation_bars
from journey.render.journey_map import journey_map
from journey.render.meeting_figures import MeetingFigures, meeting_figures
from journey.render.methodology import methodology
from journey.render.slide_parts import (
    CONTENT,
    HEIGHT,
    LEFT,
    MARGIN,
    NARROW_LEFT,
    RIGHT,
    TITLE_SLIDE,
    WIDE_RIGHT,
    WIDTH,
    Area,
    add_chart,
    add_notes,
    add_table,
    add_text,
    new_slide,
)
from journey.render.themes_tables import valley_themes
from journey.store.filters import ALL_RESPONSES, Filters

MOMENTS_SHOWN = 5
THEME_ROWS = 12  # rows of top themes per slide: more go on the next slide


def _names(kpis: pd.DataFrame, shape: str) -> str:
    return ", ".join(kpis.loc[kpis["shape"] == shape, "stage"].astype(str)) or "none"


# The slides, in the order of present mode.


def title_slide(deck: PresentationType, figures: MeetingFigures) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_SLIDE])
    title, subtitle = slide.shapes.title, slide.placeholders[1]
    assert title is not None
    title.left, title.top, title.width, title.height = (
        MARGIN,
        Inches(0.6),
        WIDTH - 2 * MARGIN,
        Inches(1.3),
    )
    title.text = f"{figures.journey}: journey review"
    for paragraph in title.text_frame.paragraphs:
        paragraph.font.size, paragraph.font.bold = Pt(40), True
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = (
        MARGIN,
        Inches(1.9),
        WIDTH - 2 * MARGIN,
        Inches(1.1),
    )
    first, last = figures.dates
    subtitle.text = (
        f"{figures.header.subtitle()}\n"
        f"Responses from {first or '–'} to {last or '–'} · {figures.generated:%Y-%m-%d}"
    )
    for paragraph in subtitle.text_frame.paragraphs:
        paragraph.font.size = Pt(20)
    headline_table = pd.DataFrame(
        {
            "Respondents": [count(figures.figures.respondents)],
            "Mean emotion (−1…+1)": [signed(figures.figures.mean_emotion)],
            "Meets or exceeds": [percent(figures.figures.meets_or_exceeds)],
            "Net expectation": [signed(figures.figures.net_expectation)],
            "High point": [figures.figures.high_point or "–"],
            "Low point": [figures.figures.low_point or "–"],
            "Top moment that matters": [figures.figures.top_moment or "–"],
        }
    )
    add_table(
        slide,
        headline_table,
        Area(MARGIN, Inches(3.9), WIDTH - 2 * MARGIN, Inches(1.2)),
        size=14,
        widths=[1.0] * len(headline_table.columns),
    )
    add_notes(
        slide,
        f"{figures.who()} Mean emotion pools every rating, normalised to −1 … +1; "
        "meets-or-exceeds and net expectation pool every expectation answer. "
        f"{figures.description}".strip(),
    )


def map_slide(deck: PresentationType, figures: MeetingFigures) -> None:
    slide = new_slide(
        deck,
        "The journey map",
        f"{figures.who()} {curve_caption(figures.kpis)} Emotion: mean of the normalised "
        "ratings per stage with its Student-t 95% interval; expectation shares among the "
        "answers with an expectation; moments that matter ranked by share below × reach.",
    )
    width = 1600
    height = int(width * CONTENT.height / CONTENT.width)
    chart = journey_map(
        figures.stages,
        figures.touchpoints,
        figures.kpis,
        figures.notes,
        header=figures.header,
        themes=figures.themes,
        width=width,
        height=height,
    )
    add_chart(slide, chart, CONTENT, pixels_wide=width)


def curve_slide(deck: PresentationType, figures: MeetingFigures) -> None:
    kpis = figures.kpis
    slide = new_slide(
        deck,
        f"Peaks: {_names(kpis, 'peak')}. Valleys: {_names(kpis, 'valley')}.",
        f"{figures.who()} {curve_caption(kpis)} Peaks and valleys use the stages with "
        f"n ≥ {figures.min_n}. {describe_steps(figures.steps)}",
    )
    curve = emotion_curve(kpis, height=480, steps=figures.steps)
    valleys = valley_themes(kpis, figures.themes) if figures.themes is not None else []
    if valleys:  # what people say in each valley, under the curve
        chart_height = int(LEFT.height * 0.68)
        add_chart(
            slide, curve, Area(LEFT.left, LEFT.top, LEFT.width, chart_height), pixels_wide=1000
        )
        below = Area(LEFT.left, LEFT.top + chart_height, LEFT.width, LEFT.height - chart_height)
        add_text(slide, valleys, below, size=13)
    else:
        add_chart(slide, curve, LEFT, pixels_wide=1000)
    measured = kpis[kpis["n"] > 0]
    table = pd.DataFrame(
        {
            "Stage": measured["stage"],
            "Mean": measured["mean_emotion"].map(signed),
            "n": measured["n"].map(count),
            "": measured["shape"].map({"peak": "▲ peak", "valley": "▼ valley"}).fillna(""),
        }
    )
    add_table(slide, table, RIGHT, size=13, numeric=("Mean", "n"), widths=(3, 1.1, 1.2, 1.5))


def expectations_slide(deck: PresentationType, figures: MeetingFigures) -> None:
    kpis = figures.kpis
    answered = kpis[kpis["n_expectation"] > 0]
    slide = new_slide(
        deck,
        f"Expectations: {percent(figures.figures.meets_or_exceeds)} meet or exceed",
        f"{figures.who()} Shares among the answers with an expectation (below, meets, "
        "exceeds add up to 100%); net expectation = exceeds − below. "
        f"{plural(int(kpis['n_expectation'].sum()), 'expectation answer')} in all.",
    )
    add_chart(slide, expectation_bars(kpis, height=440), NARROW_LEFT, pixels_wide=800)
    table = pd.DataFrame(
        {
            "Stage": answered["stage"],
            "Below": answered["share_below"].map(percent),
            "Meets": answered["share_meets"].map(percent),
            "Exceeds": answered["share_exceeds"].map(percent),
            "n": answered["n_expectation"].map(count),
        }
    )
    add_table(
        slide,
        table,
        WIDE_RIGHT,
        size=12,
        numeric=("Below", "Meets", "Exceeds", "n"),
        widths=(2.4, 1, 1, 1.15, 1.05),
    )


def moments_slide(deck: PresentationType, figures: MeetingFigures) -> None:
    moments = moments_that_matter(figures.kpis).head(MOMENTS_SHOWN)
    slide = new_slide(
        deck,
        "Moments that matter",
        f"{figures.who()} Impact = share of answers below expectations × reach, where reach "
        "is the stage's respondents over the journey's respondents with any rating; ties go "
        "to the larger n.",
    )
    if moments.empty:
        add_text(slide, ["No stage has expectation answers yet, so none can be ranked."], CONTENT)
        return
    table = pd.DataFrame(
        {
            "Rank": range(1, len(moments) + 1),
            "Stage": moments["stage"],
            "Below expectations": moments["share_below"].map(percent),
            "Reach": moments["reach"].map(percent),
            "Impact": moments["impact"].map(lambda value: f"{value:.3f}"),
            "n": moments["n"].map(count),
        }
    )
    add_table(
        slide,
        table,
        CONTENT,
        size=18,
        numeric=("Rank", "Below expectations", "Reach", "Impact", "n"),
    )


def drivers_slide(deck: PresentationType, figures: MeetingFigures) -> None:
    analysis = figures.drivers
    method = "Shapley value of R² (LMG)" if analysis.method == SHAPLEY else str(analysis.method)
    notes = (
        f"{figures.who()} The unit is a respondent in a wave with an outcome; a stage's "
        "emotion is the mean of the unit's ratings in it. Importance: how much of the "
        f"outcome's variance each stage explains after the others ({method}, over the "
        f"{plural(analysis.n, 'complete unit')}), with a 95% percentile bootstrap interval; "
        "r: Pearson correlation over the units rating the stage."
    )
    if analysis.r2 is None:
        slide = new_slide(deck, "What drives the overall outcome", notes)
        add_text(slide, [analysis.reason or "No outcome answers under these filters."], CONTENT)
        return
    slide = new_slide(
        deck,
        f"What drives the overall outcome: the stages explain {percent(analysis.r2)} of it",
        f"{notes} R² = {analysis.r2:.3f}.",
    )
    table = analysis.table()
    shown = pd.DataFrame(
        {
            "Stage": table[analysis.level],
            "Share of what is explained": table["share"].map(percent),
            "Importance (R²)": table["importance"].map(_three),
            "95% interval": [
                f"{_three(low)} – {_three(high)}"
                for low, high in zip(table["importance_low"], table["importance_high"], strict=True)
            ],
            "r": table["r"].map(_three),
            "n": table["n"].map(count),
        }
    )
    add_table(
        slide,
        shown,
        CONTENT,
        size=16,
        numeric=("Share of what is explained", "Importance (R²)", "95% interval", "r", "n"),
    )


def _three(value: float | None) -> str:
    return MISSING if number(value) is None else f"{value:.3f}"


def themes_slides(deck: PresentationType, figures: MeetingFigures) -> None:
    """What people say: each stage's top themes with n, share and a quote, as many slides as
    the rows need (a stage never split between two)."""
    title = "What people say: top themes per stage"
    notes = (
        f"{figures.who()} Every comment has at most one theme: the team's codebook (keywords, "
        "then resemblance in meaning), else a theme discovered by clustering the rest. Share: "
        "of the stage's comments; the quote is one of the theme's comments at that stage. Themes "
        f"of fewer than {figures.privacy_k_comments} comments in a stage are left out, and so "
        "are the comments that fit no theme."
    )
    top = figures.themes
    if top is None or top.empty:
        slide = new_slide(deck, title, notes)
        reason = (
            "This journey has no comments."
            if top is None
            else f"No theme has {figures.privacy_k_comments} or more comments in a stage."
        )
        add_text(slide, [reason], CONTENT)
        return
    pages = _pages(top, THEME_ROWS)
    for page, rows in enumerate(pages, start=1):
        where = f" ({page} of {len(pages)})" if len(pages) > 1 else ""
        slide = new_slide(deck, title + where, notes)
        table = pd.DataFrame(
            {
                "Stage": rows["stage"],
                "Theme": rows["theme"],
                "Comments": rows["n"].map(count),
                "Share": rows["share"].map(percent),
                "A representative quote": rows["quote"],
            }
        )
        add_table(
            slide,
            table,
            CONTENT,
            size=13,
            numeric=("Comments", "Share"),
            widths=(2, 2.2, 1.2, 0.9, 4.7),
        )


def _pages(top: pd.DataFrame, rows: int) -> list[pd.DataFrame]:
    """The rows in pages of at most `rows`, whole stages on each (a longer stage alone)."""
    pages: list[pd.DataFrame] = []
    for _, stage in top.groupby("stage", sort=False):
        if pages and len(pages[-1]) + len(stage) <= rows:
            pages[-1] = pd.concat([pages[-1], stage])
        else:
            pages.append(stage)
    return pages


def opportunities_slide(deck: PresentationType, figures: MeetingFigures) -> None:
    chosen = figures.notes[figures.notes["kind"] == "opportunity"]
    slide = new_slide(
        deck,
        "Opportunities",
        f"{figures.who()} The opportunities noted on the journey's stages (Notes page), "
        f"{plural(len(chosen), 'note')}.",
    )
    if chosen.empty:
        add_text(slide, ["No opportunities have been noted yet."], CONTENT)
        return
    lines = [
        f"{stage or 'Whole journey'}: {text} ({author})"
        for stage, text, author in zip(
            chosen["stage"].fillna("Whole journey"), chosen["text"], chosen["author"], strict=True
        )
    ]
    add_text(slide, lines, CONTENT, size=20)


def methodology_slide(deck: PresentationType, figures: MeetingFigures) -> None:
    slide = new_slide(deck, "How the figures were made", figures.who())
    lines = methodology(
        min_n=figures.min_n,
        privacy_k=figures.privacy_k,
        filters=figures.filters,
        waves=figures.header.waves,
        made=figures.generated,
        privacy_k_comments=figures.privacy_k_comments,
    )
    add_text(slide, lines, CONTENT, size=17)


SlideMaker = Callable[[PresentationType, MeetingFigures], None]
SLIDES: tuple[SlideMaker, ...] = (
    title_slide,
    map_slide,
    curve_slide,
    expectations_slide,
    moments_slide,
    drivers_slide,
    themes_slides,
    opportunities_slide,
    methodology_slide,
)


def build_deck(figures: MeetingFigures, slides: Sequence[SlideMaker] = SLIDES) -> bytes:
    """The slides as a .pptx file's bytes."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    deck.core_properties.title = f"{figures.journey}: journey review"
    deck.core_properties.author = "Journey Lens"
    deck.core_properties.created = figures.generated.replace(tzinfo=None)
    deck.core_properties.modified = figures.generated.replace(tzinfo=None)
    for make in slides:
        make(deck, figures)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def journey_deck(
    *,
    engine: Engine,
    journey_id: int,
    filters: Filters = ALL_RESPONSES,
    min_n: int = DEFAULT_MIN_N,
    privacy_k: int = 5,
    privacy_k_comments: int = 10,
    now: datetime | None = None,
) -> bytes:
    """The deck of one journey under the filters (groups under `privacy_k` blanked, themes
    of fewer than `privacy_k_comments` comments in a stage left out)."""
    figures = meeting_figures(
        engine=engine,
        journey_id=journey_id,
        filters=filters,
        min_n=min_n,
        privacy_k=privacy_k,
        privacy_k_comments=privacy_k_comments,
        now=now,
    )
    return build_deck(figures)
