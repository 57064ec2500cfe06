"""HTML → PDF, run in the capped child process of `core.jobs` (spawned fresh: it must import no Django app,
so it lives apart from `brief`, which renders the HTML with the board)."""

from __future__ import annotations


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML  # lazy: needs pango at import time

    return HTML(string=html, base_url="/").write_pdf()
