"""The report's sections for the benchmarks with scales of their own.

A real browser on the Overview, the wide export against its long twin, and the import on
PostgreSQL against `psql \\copy` (bench/browser.py, bench/wide.py, bench/postgres_import.py).
"""

from bench.measure import Run
from bench.wide import STAGES


def _met(ok: bool) -> str:
    return "met" if ok else "**not met**"


def _header(*names: str) -> list[str]:
    return ["| " + " | ".join(names) + " |", "|" + " ---: |" * len(names)]


def more_markdown(more: dict[str, object], repeat: int) -> str:
    """The issue-17 targets these benchmarks measure, then their figures in detail."""
    if not more:
        return ""
    respondents = int(more["wide_respondents"])  # type: ignore[call-overload]
    responses = respondents * len(STAGES)
    scale = f"{respondents:,} respondents × {len(STAGES)} ratings ({responses:,} responses)"
    targets = [*_header("", "measured", "target", "")]
    details: list[str] = []
    if "browser" in more:
        seen: dict[str, float] = more["browser"]  # type: ignore[assignment]
        tiny: dict[str, float] = more["browser_tiny"]  # type: ignore[assignment]
        cold, warm = seen["cold"], seen["warm"]
        targets += [
            f"| Overview in a real browser, {scale}, cold (server just started) "
            f"| {cold:.2f} s | < 2 s | {_met(cold < 2)} |",
            f"| … warm (the page reloaded) | {warm:.2f} s | < 1 s | {_met(warm < 1)} |",
        ]
        details += [
            "",
            "## The Overview in a real browser (headless Chromium, `streamlit run app.py`)",
            "",
            f"From the navigation to every chart of the page drawn ({seen['charts']:.0f} Vega "
            "chart(s), each with its canvas or SVG) and Streamlit's running indicator gone.",
            "Cold: a server just started on the database (caches empty) and a new browser",
            "context; warm: the same page reloaded. The database is the wide import below;",
            "the same page over 100 respondents shows what does not depend on the data.",
            "*Page loaded* is the browser's DOMContentLoaded (Streamlit's frontend in place,",
            "before the app's script has sent anything): the rest is the script's run on the",
            "server and the drawing.",
            "",
            *_header("respondents × ratings", "cold", "… page loaded", "warm", "… page loaded"),
            *(
                f"| {name} | {figures['cold']:.2f} s | {figures['cold_loaded']:.2f} s "
                f"| {figures['warm']:.2f} s | {figures['warm_loaded']:.2f} s |"
                for name, figures in ((scale, seen), ("100 respondents × 14 ratings", tiny))
            ),
        ]
    if "wide" in more:
        wide: dict[str, Run] = more["wide"]  # type: ignore[assignment]
        ours, long = wide["wide, with its mapping"], wide["long, same responses"]
        ratio = ours.seconds / long.seconds
        targets.append(
            f"| Wide export, {scale}, vs the long import of the same responses "
            f"| {ours.seconds:.2f} s vs {long.seconds:.2f} s = {ratio:.2f}× | ≤ 1.5× "
            f"| {_met(ratio <= 1.5)} |"
        )
        details += [
            "",
            "## Wide export against the long import of the same responses (CLI, fresh database)",
            "",
            "One row per respondent (id, persona, date, a 1–5 rating column per stage) imported",
            "with its mapping (`import FILE --journey NAME --wave W --mapping M.yaml`), against",
            "the same responses as a long file (one row per rating).",
            "",
            *_header("respondents × ratings", "wide", "peak", "long", "peak", "ratio"),
            f"| {scale} | {ours.seconds:.2f} s | {ours.peak_mb:.0f} MB | {long.seconds:.2f} s "
            f"| {long.peak_mb:.0f} MB | {ratio:.2f}× |",
        ]
    if "postgres" in more:
        size = int(more["postgres_responses"])  # type: ignore[call-overload]
        pg: dict[str, Run] = more["postgres"]  # type: ignore[assignment]
        ours, floor = pg["ours"], pg["psql \\copy"]
        ratio = ours.seconds / floor.seconds
        targets.append(
            f"| PostgreSQL import of {size:,} long rows vs `psql \\copy` into a bare table "
            f"| {ours.seconds:.2f} s vs {floor.seconds:.2f} s = {ratio:.1f}× | ≤ 3× "
            f"| {_met(ratio <= 3)} |"
        )
        details += [
            "",
            "## Import on PostgreSQL (CLI, fresh schema, throwaway server with fsync off)",
            "",
            "The product validates as on SQLite and stores each batch with COPY into a",
            "staging table and one INSERT … SELECT that skips duplicates;",
            "the floor is `psql \\copy` of the same file into a bare table of the same columns.",
            "",
            *_header("responses", "ours", "rows/s", "peak memory", "psql `\\copy`", "ratio"),
            f"| {size:,} | {ours.seconds:.2f} s | {size / ours.seconds:,.0f} "
            f"| {ours.peak_mb:.0f} MB | {floor.seconds:.2f} s | {ratio:.1f}× |",
        ]
    lines = [
        "",
        "## Targets (issue 17): a real browser, the wide export, PostgreSQL",
        "",
        f"Medians of {repeat} runs, ratios from the same session.",
        "",
        *targets,
        *details,
    ]
    return "\n".join(lines) + "\n"
