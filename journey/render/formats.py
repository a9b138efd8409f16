"""The files a report comes as, with their media types (for downloads and e-mail)."""

REPORT_FORMATS = {
    "html": "text/html",
    "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
