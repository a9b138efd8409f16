"""`pip install .` gives the domain package with everything it reads at run time."""

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from tests.paths import ROOT

pytestmark = pytest.mark.slow


def test_the_wheel_holds_the_package_templates_and_migrations(tmp_path: Path) -> None:
    source = tmp_path / "source"  # a copy: building writes build/ and *.egg-info beside it
    shutil.copytree(
        ROOT / "journey", source / "journey", ignore=shutil.ignore_patterns("__pycache__")
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(source)],
        check=True, capture_output=True, cwd=tmp_path,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("journey_lens-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "journey/cli/main.py" in names and "journey/render/templates/report.html.j2" in names
    assert any(n.startswith("journey/store/migrations/versions/") for n in names)
    assert not any(n.startswith(("tests/", "dashboard/", "pages/")) for n in names)


def test_every_pinned_requirement_is_a_declared_dependency() -> None:
    declared = {
        dep.split("[")[0].split(">")[0].split("<")[0].split("=")[0].strip().lower()
        for dep in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    }
    pinned = set()
    for file in ("requirements.txt", "requirements-models.txt"):
        for line in (ROOT / file).read_text().splitlines():
            line = line.split("#")[0].strip()
            if line:
                pinned.add(line.split("[")[0].split("==")[0].lower())
    assert pinned <= declared, pinned - declared
