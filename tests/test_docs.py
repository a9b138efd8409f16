"""The documentation points at what exists: every link of the README and of docs/ resolves,
and the formats it promises are described inside the project (issue 13, item 11)."""

import re
from pathlib import Path

import pytest

from journey.catalog.codebooks import codebook_from_yaml
from journey.config.settings import load_settings
from journey.ingest.mapping import load_mapping
from tests.paths import ROOT

LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.name)
def test_every_relative_link_resolves(document: Path) -> None:
    text = document.read_text(encoding="utf-8")
    links = [link for link in LINK.findall(text) if not link.startswith(("http", "mailto:"))]
    missing = [link for link in links if not (document.parent / link).exists()]
    assert missing == []


def test_the_readme_sends_readers_to_the_formats_in_the_project() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "DESIGN.md" not in readme  # not shipped with the project
    assert "[docs/formats.md](docs/formats.md)" in readme


def test_the_formats_document_has_each_format_and_a_mapping_that_loads() -> None:
    text = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")
    for heading in ("## The long format", "## Wide exports and the mapping file",
                    "## The definitions file", "### Dates"):  # fmt: skip
        assert heading in text
    mapping_yaml = text.split("```yaml\nformat: wide\n", 1)[1].split("```", 1)[0]
    mapping = load_mapping("format: wide\n" + mapping_yaml)
    assert [t.name for t in mapping.new_touchpoints] == ["Seat comfort", "Inflight wifi service"]
    assert mapping.day_first


def test_the_codebook_in_the_formats_document_loads() -> None:
    text = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")
    example = text.split("## The codebook file", 1)[1].split("```yaml\n", 1)[1].split("```")[0]
    codebook = codebook_from_yaml(example, "formats.md")
    assert [theme.name for theme in codebook.themes] == ["Late delivery", "Billing"]
    assert "still waiting" in codebook.themes[0].keywords


def test_the_settings_in_the_readme_load(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("The settings file (TOML", 1)[1].split("```toml\n", 1)[1].split("```")[0]
    path = tmp_path / "journey.toml"
    path.write_text(example, encoding="utf-8")
    settings = load_settings({"JOURNEY_SETTINGS": str(path)})
    assert (settings.privacy_k, settings.privacy_k_comments) == (5, 10)
    assert settings.smtp is not None and settings.smtp.port == 587
