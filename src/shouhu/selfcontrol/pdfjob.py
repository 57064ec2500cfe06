"""The core.jobs target that renders the record books' PDF: run in a capped child process with no Django
set up, so it imports nothing of the project — WeasyPrint only, as `licensing.documents.render_pdf` does."""

from __future__ import annotations


def render_pdf(payload: dict) -> bytes:
    from weasyprint import HTML  # lazy: needs pango at import time

    return HTML(string=payload["html"], base_url="/").write_pdf()
