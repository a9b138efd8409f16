"""The report as PDF, printed by headless Chromium where it is installed."""

import shutil
import subprocess
import tempfile
from pathlib import Path

from journey.errors import JourneyError

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
)


class PdfUnavailable(JourneyError):
    """No headless browser to print with; the message says what to install."""


def browser() -> str | None:
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def html_to_pdf(html: str, *, timeout: float = 120) -> bytes:
    """Print the HTML page to PDF with headless Chromium (offline: the page needs no network)."""
    executable = browser()
    if executable is None:
        raise PdfUnavailable(
            "PDF needs headless Chromium, which is not installed here: install it "
            "(Debian: apt-get install chromium), or use --format html and print from a browser"
        )
    with tempfile.TemporaryDirectory() as folder:
        page, pdf = Path(folder) / "report.html", Path(folder) / "report.pdf"
        page.write_text(html, encoding="utf-8")
        subprocess.run(
            [
                executable,
                *_FLAGS,
                f"--user-data-dir={folder}/profile",
                f"--print-to-pdf={pdf}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )
        if not pdf.exists():
            raise PdfUnavailable(f"{executable} did not write a PDF")
        return pdf.read_bytes()
