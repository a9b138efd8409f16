"""The CLI's output on the demo data, byte for byte, as the release before the re-layout printed it.

The files in golden/ were written by the flat-layout release; any change to a figure or to the
output format shows here. When a change is intended, rewrite them with
`JOURNEY_UPDATE_GOLDEN=1 pytest tests/cli/test_golden_output.py` and review the diff.
"""

import os
from pathlib import Path

import pytest

from journey.cli import main

GOLDEN = Path(__file__).parent / "golden"
JOURNEYS = {"first-purchase": "First purchase", "support-case": "Support case",
            "contract-renewal": "Contract renewal"}  # fmt: skip
COMMANDS = {
    **{f"kpis-{key}.json": ["kpis", "--journey", name, "--format", "json"]
       for key, name in JOURNEYS.items()},
    **{f"kpis-by-persona-{key}.json": ["kpis", "--journey", name, "--by", "persona", "--format",
                                       "json"] for key, name in JOURNEYS.items()},
    **{f"drivers-{key}.json": ["drivers", "--journey", name, "--format", "json"]
       for key, name in JOURNEYS.items()},
    "kpis-filtered.csv": ["kpis", "--journey", "First purchase", "--persona", "Tech enthusiast",
                          "--wave", "2026-Q2", "--format", "csv"],
    "definitions.yaml": ["definitions", "export"],
}  # fmt: skip


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('golden') / 'demo.db'}"
    assert main(["--db", url, "demo"]) == 0
    return url


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_output_is_byte_identical(
    name: str, demo_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["--db", demo_url, *COMMANDS[name]]) == 0
    printed = capsys.readouterr().out
    if os.environ.get("JOURNEY_UPDATE_GOLDEN"):
        (GOLDEN / name).write_text(printed, encoding="utf-8")
    assert printed == (GOLDEN / name).read_text(encoding="utf-8")
