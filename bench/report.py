"""bench/RESULTS.md from the measured figures."""

from datetime import datetime

from bench.measure import Run

QUICK_VIEWS = ("no filter", "persona", "wave")  # target < 2 s cold
FILTERED_VIEWS = ("dates", "channel", "attribute")  # target < 5 s cold


def _size(size: int) -> str:
    return f"{size:,}"


def _header(*names: str) -> list[str]:
    return ["| " + " | ".join(names) + " |", "|" + " ---: |" * len(names)]


def _met(ok: bool) -> str:
    return "met" if ok else "**not met**"


def _slowest(render: dict[str, float], views: tuple[str, ...]) -> tuple[float, str]:
    """The slowest cold render of either page under these views, and which it was."""
    found = [
        (render[f"{page}_cold/{view}"], f"{page.replace('_', ' ')}, {view}")
        for page in ("overview", "journey_map")
        for view in views
    ]
    return max(found)


def targets(results: dict[int, dict[str, object]], startup: dict[str, Run] | None) -> list[str]:
    """The targets of issue 17 this benchmark measures, with the figures of this run."""
    lines = [*_header("", "measured", "target", "")]
    largest = max(results)
    figures = results[largest]
    if "render" in figures:
        render: dict[str, float] = figures["render"]  # type: ignore[assignment]
        for views, limit in ((QUICK_VIEWS, 2.0), (FILTERED_VIEWS, 5.0)):
            seconds, which = _slowest(render, views)
            lines.append(
                f"| Overview / Journey map cold at {_size(largest)}, "
                f"{' / '.join(views)} (slowest: {which}) | {seconds:.2f} s | < {limit:.0f} s "
                f"| {_met(seconds < limit)} |"
            )
    if "kpis" in figures:
        kpis: dict[str, Run] = figures["kpis"]  # type: ignore[assignment]
        inner, shell = kpis["ours (stage_kpis, in process)"], kpis["sqlite3 shell, raw GROUP BY"]
        ratio = inner.seconds / shell.seconds
        lines.append(
            f"| `kpis --by persona` at {_size(largest)} vs one raw GROUP BY | "
            f"{inner.seconds:.2f} s vs {shell.seconds:.2f} s = {ratio:.2f}× | ≤ 0.2× "
            f"| {_met(ratio <= 0.2)} |"
        )
    if startup:
        seconds = startup["kpis"].seconds
        lines.append(
            f"| CLI start-up (`kpis` on a two-row journey) | {seconds:.2f} s | < 1 s "
            f"| {_met(seconds < 1)} |"
        )
    sized = [size for size, f in results.items() if "import" in f]
    if sized:
        size = 1_000_000 if 1_000_000 in sized else max(sized)
        found: dict[str, Run] = results[size]["import"]  # type: ignore[assignment]
        ratio = found["ours"].seconds / found["sqlite3 .import"].seconds
        lines.append(
            f"| CLI import of {_size(size)} long rows vs `.import` (summaries included) | "
            f"{ratio:.1f}× | ≤ 3× | {_met(ratio <= 3)} |"
        )
    return lines


def markdown(
    results: dict[int, dict[str, object]],
    startup: dict[str, Run] | None,
    repeat: int,
    machine: str,
    when: datetime,
) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Measured {when:%Y-%m-%d %H:%M} UTC by `python -m bench.run` on {machine}.",
        f"Every figure is the median of {repeat} runs in that one session; ratios compare",
        "figures from the same session. Data: 10 stages per respondent, 4 personas, comments",
        "on 5% of responses, each respondent answering on one day of the month with a region",
        "and a plan; the import file is one wave, the query database 12 monthly waves.",
        "",
        "## Targets (issue 17)",
        "",
        *targets(results, startup),
    ]
    imports = [(size, f["import"]) for size, f in results.items() if "import" in f]
    if imports:
        lines += [
            "",
            "## Import of one long CSV (CLI, fresh database, summaries included)",
            "",
            *_header(
                "responses",
                "ours",
                "rows/s",
                "peak memory",
                "sqlite3 `.import`",
                "ratio",
                "pandas.read_csv",
            ),
        ]
        for size, figures in imports:
            found: dict[str, Run] = figures  # type: ignore[assignment]
            ours, shell, read = found["ours"], found["sqlite3 .import"], found["pandas.read_csv"]
            lines.append(
                f"| {_size(size)} | {ours.seconds:.2f} s | {size / ours.seconds:,.0f} | "
                f"{ours.peak_mb:.0f} MB | {shell.seconds:.2f} s | "
                f"{ours.seconds / shell.seconds:.1f}× | {read.seconds:.2f} s |"
            )
    summaries = [(size, f["summaries"]) for size, f in results.items() if "summaries" in f]
    if summaries:
        lines += [
            "",
            "## Summaries of one import (in process; part of the import above)",
            "",
            *_header("responses", "refresh"),
        ]
        for size, figures in summaries:
            refresh: dict[str, Run] = figures  # type: ignore[assignment]
            lines.append(f"| {_size(size)} | {refresh['refresh'].seconds:.2f} s |")
    kpi_rows = [(size, f["kpis"]) for size, f in results.items() if "kpis" in f]
    if kpi_rows:
        lines += [
            "",
            "## Overview figures: `kpis --by persona` against one raw GROUP BY",
            "",
            *_header(
                "responses",
                "CLI (incl. Python start-up)",
                "`stage_kpis` in process",
                "… from the responses table",
                "sqlite3 shell",
                "ratio (in process)",
            ),
        ]
        for size, figures in kpi_rows:
            kpis: dict[str, Run] = figures  # type: ignore[assignment]
            cli, inner = kpis["ours (CLI, incl. start-up)"], kpis["ours (stage_kpis, in process)"]
            raw, shell = kpis["ours, from the responses table"], kpis["sqlite3 shell, raw GROUP BY"]
            lines.append(
                f"| {_size(size)} | {cli.seconds:.2f} s | {inner.seconds:.2f} s | "
                f"{raw.seconds:.2f} s | {shell.seconds:.2f} s "
                f"| {inner.seconds / shell.seconds:.2f}× |"
            )
    renders = [(size, f["render"]) for size, f in results.items() if "render" in f]
    if renders:
        lines += [
            "",
            "## Page renders (Streamlit AppTest, full run of the page, cold = caches cleared)",
            "",
            *_header("responses", "view", "overview cold", "journey map cold"),
        ]
        for size, figures in renders:
            render: dict[str, float] = figures  # type: ignore[assignment]
            for view in (*QUICK_VIEWS, *FILTERED_VIEWS):
                lines.append(
                    f"| {_size(size)} | {view} | {render[f'overview_cold/{view}']:.2f} s | "
                    f"{render[f'journey_map_cold/{view}']:.2f} s |"
                )
            lines.append(
                f"| {_size(size)} | no filter, warm | {render['overview_warm/no filter']:.2f} s "
                f"| {render['journey_map_warm/no filter']:.2f} s |"
            )
    pages = [(size, f["page"]) for size, f in results.items() if f.get("page")]
    if pages:
        lines += [
            "",
            "## Import through the upload page (AppTest: upload, check, import)",
            "",
            *_header("responses", "check (dry run)", "import", "peak memory of the app process"),
        ]
        for size, page in pages:
            assert isinstance(page, dict)
            check, done, peak = page["check_seconds"], page["import_seconds"], page["peak_mb"]
            lines.append(f"| {_size(size)} | {check:.2f} s | {done:.2f} s | {peak:.0f} MB |")
    if startup:
        lines += [
            "",
            "## Start-up of the command line",
            "",
            *_header("`kpis` on a two-row journey", "`python -c pass`"),
            f"| {startup['kpis'].seconds:.2f} s | {startup['python -c pass'].seconds:.2f} s |",
        ]
    return "\n".join(lines) + "\n"
