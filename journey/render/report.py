"""The stakeholder report: one self-contained HTML file (charts as inline SVG, no scripts).

It opens offline, prints well, and carries its own methodology: filters, waves, sources,
and how every figure is defined.
"""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from sqlalchemy.engine import Engine

from journey.analysis.curve import DEFAULT_MIN_N
from journey.analysis.kpis import moments_that_matter
from journey.analysis.priorities import priority_matrix
from journey.analysis.privacy import protected_kpis, stored_figures
from journey.formatting import count, percent, plural, signed
from journey.ingest.history import import_table
from journey.render import tables
from journey.render.curves import curve_caption, emotion_curve
from journey.render.driver_matrix import priority_caption, priority_chart
from journey.render.expectation_charts import expectation_bars, net_expectation_heatmap
from journey.render.exports import chart_svg
from journey.render.journey_map import journey_map
from journey.render.meeting_figures import meeting_figures
from journey.render.pdf import html_to_pdf
from journey.render.themes_tables import valley_themes, what_people_say_table
from journey.store.filters import ALL_RESPONSES, Filters

_TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html", "j2"]),
)


@dataclass(frozen=True)
class ReportChart:
    title: str
    svg: Markup
    caption: str


def _table_html(table: pd.DataFrame) -> Markup:
    """A table as escaped HTML (every cell is text: nothing a user typed can become markup)."""
    html = table.to_html(
        index=False, escape=True, na_rep="–", border=0, float_format="{:.3f}".format
    )
    return Markup(html)  # noqa: S704 - pandas escaped every cell above


def _svg(chart: object) -> Markup:
    return Markup(chart_svg(chart))  # type: ignore[arg-type]  # noqa: S704 - vl-convert escapes text


def build_report(
    *,
    engine: Engine,
    journey_id: int,
    filters: Filters = ALL_RESPONSES,
    min_n: int = DEFAULT_MIN_N,
    privacy_k: int = 5,
    privacy_k_comments: int = 10,
    now: datetime | None = None,
) -> str:
    """The report of one journey under the filters, as HTML text.

    Groups of fewer than `privacy_k` respondents are blanked, and themes of fewer than
    `privacy_k_comments` comments in a stage (and their quotes) left out, as in the app.
    """
    meeting = meeting_figures(
        engine=engine,
        journey_id=journey_id,
        filters=filters,
        min_n=min_n,
        privacy_k=privacy_k,
        privacy_k_comments=privacy_k_comments,
        now=now,
    )
    kpis, figures, notes, says = meeting.kpis, meeting.figures, meeting.notes, meeting.themes
    by_persona = protected_kpis(
        stored_figures(engine=engine, journey_id=journey_id, min_n=min_n),
        filters=filters,
        split="persona",
        k=privacy_k,
    )
    chosen_waves = list(meeting.header.waves)
    imports = import_table(engine=engine, journey_id=journey_id)
    imports = imports[imports["wave"].isin(chosen_waves)]
    caption = curve_caption(kpis)
    report_charts = [
        ReportChart(
            "Journey map",
            _svg(
                journey_map(
                    meeting.stages,
                    meeting.touchpoints,
                    kpis,
                    notes,
                    header=meeting.header,
                    themes=says,
                )
            ),
            caption,
        ),
        ReportChart("Emotion curve", _svg(emotion_curve(kpis)), caption),
        ReportChart(
            "Expectations per stage",
            _svg(expectation_bars(kpis)),
            "Below, meets and exceeds expectations as shares of the answers per stage.",
        ),
    ]
    if by_persona["n_expectation"].sum() > 0:
        report_charts.append(
            ReportChart(
                "Net expectation per stage and persona",
                _svg(net_expectation_heatmap(by_persona)),
                "Share exceeds minus share below, for every stage and persona.",
            )
        )
    drivers = meeting.drivers
    matrix = priority_matrix(drivers.table(), kpis)
    if len(matrix):
        report_charts.append(
            ReportChart(
                "Drivers: importance × performance",
                _svg(priority_chart(matrix)),
                priority_caption(matrix, drivers.summary()),
            )
        )
    generated = meeting.generated.strftime("%Y-%m-%d %H:%M UTC")
    dates = meeting.dates
    template = _TEMPLATES.get_template("report.html.j2")
    return template.render(
        journey=meeting.journey,
        description=meeting.description,
        filters=filters.describe(),
        waves_text=", ".join(chosen_waves) or "no waves yet",
        date_range=" to ".join(str(day) for day in dates) if dates[0] else "unknown dates",
        generated_at=generated,
        min_n=min_n,
        headline=[
            ("Respondents", count(figures.respondents)),
            ("Mean emotion (−1…+1)", signed(figures.mean_emotion)),
            ("Meets or exceeds", percent(figures.meets_or_exceeds)),
            ("Net expectation", signed(figures.net_expectation)),
            ("High point", figures.high_point or "–"),
            ("Low point", figures.low_point or "–"),
            ("Top moment that matters", figures.top_moment or "–"),
        ],
        charts=report_charts,
        figures_table=_table_html(tables.stage_figures(kpis)),
        moments_table=_table_html(tables.moments_table(moments_that_matter(kpis))),
        drivers_summary=drivers.summary() if drivers.drivers else None,
        drivers_table=_table_html(tables.driver_table(drivers.table(), matrix)),
        has_comments=says is not None,
        privacy_k_comments=privacy_k_comments,
        valley_themes=valley_themes(kpis, says) if says is not None else [],
        themes_table=_table_html(what_people_say_table(says))
        if says is not None and len(says)
        else None,
        notes=[
            {**note, "created_at": pd.Timestamp(note["created_at"]).strftime("%Y-%m-%d")}
            for note in notes.to_dict("records")
        ],
        sources=[
            f"{row['file']} (wave {row['wave']}, {plural(row['kept'], 'response')}, imported "
            f"{pd.Timestamp(row['imported_at']):%Y-%m-%d})"
            for row in imports.to_dict("records")
        ],
    )


def report_file(
    *,
    engine: Engine,
    journey_id: int,
    filters: Filters = ALL_RESPONSES,
    form: str = "html",
    min_n: int = DEFAULT_MIN_N,
    privacy_k: int = 5,
    privacy_k_comments: int = 10,
    now: datetime | None = None,
) -> bytes:
    """The report as a file of one of REPORT_FORMATS: HTML, PDF (Chromium) or PowerPoint."""
    if form == "pptx":
        from journey.render.deck import journey_deck  # python-pptx only when slides are asked

        return journey_deck(
            engine=engine,
            journey_id=journey_id,
            filters=filters,
            min_n=min_n,
            privacy_k=privacy_k,
            privacy_k_comments=privacy_k_comments,
            now=now,
        )
    html = build_report(
        engine=engine,
        journey_id=journey_id,
        filters=filters,
        min_n=min_n,
        privacy_k=privacy_k,
        privacy_k_comments=privacy_k_comments,
        now=now,
    )
    return html_to_pdf(html) if form == "pdf" else html.encode("utf-8")
