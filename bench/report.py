"""bench/RESULTS.md from the measured figures."""

from datetime import datetime

from bench.measure import Run


def _size(size: int) -> str:
    return f"{size:,}"


def _header(*names: str) -> list[str]:
    return ["| " + " | ".join(names) + " |", "|" + " ---: |" * len(names)]


def markdown(
    results: dict[int, dict[str, object]], repeat: int, machine: str, when: datetime
) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Measured {when:%Y-%m-%d %H:%M} UTC by `python -m bench.run` on {machine}.",
        f"Every figure is the median of {repeat} runs in that one session; ratios compare",
        "figures from the same session. Data: 10 stages per respondent, 4 personas, comments",
        "on 5% of responses; the import file is one wave, the query database 12 monthly waves.",
        "",
        "## Import of one long CSV (CLI, fresh database)",
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
    for size, figures in results.items():
        found: dict[str, Run] = figures["import"]  # type: ignore[assignment]
        ours, shell, read = found["ours"], found["sqlite3 .import"], found["pandas.read_csv"]
        lines.append(
            f"| {_size(size)} | {ours.seconds:.2f} s | {size / ours.seconds:,.0f} | "
            f"{ours.peak_mb:.0f} MB | {shell.seconds:.2f} s | "
            f"{ours.seconds / shell.seconds:.1f}× | {read.seconds:.2f} s |"
        )
    lines += [
        "",
        "## Overview figures: `kpis --by persona` against one raw GROUP BY",
        "",
        *_header(
            "responses",
            "CLI (incl. Python start-up)",
            "`stage_kpis` in process",
            "sqlite3 shell",
            "ratio (in process)",
        ),
    ]
    for size, figures in results.items():
        kpis: dict[str, Run] = figures["kpis"]  # type: ignore[assignment]
        cli, inner = kpis["ours (CLI, incl. start-up)"], kpis["ours (stage_kpis, in process)"]
        shell = kpis["sqlite3 shell, raw GROUP BY"]
        lines.append(
            f"| {_size(size)} | {cli.seconds:.2f} s | {inner.seconds:.2f} s | "
            f"{shell.seconds:.2f} s "
            f"| {inner.seconds / shell.seconds:.1f}× |"
        )
    lines += [
        "",
        "## Page renders (Streamlit AppTest, full run of the page)",
        "",
        *_header(
            "responses", "overview cold", "overview warm", "journey map cold", "journey map warm"
        ),
    ]
    for size, figures in results.items():
        render: dict[str, float] = figures["render"]  # type: ignore[assignment]
        lines.append(
            f"| {_size(size)} | {render['overview_cold']:.2f} s | "
            f"{render['overview_warm']:.2f} s | {render['journey_map_cold']:.2f} s | "
            f"{render['journey_map_warm']:.2f} s |"
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
    return "\n".join(lines) + "\n"
