"""HTML → PDF with WeasyPrint, the one renderer every printed document uses (licensing's documents, the
record books, the command view's brief, inspection and enforcement papers).

It imports no Django app and nothing of the project, so `core.jobs` can run it in a capped child process
spawned fresh (target ``shouhu.core.pdf:render_pdf``). WeasyPrint is imported inside the call, so the
platform starts where pango is missing; pages that need a PDF then say so (`PdfUnavailable`).
"""

from __future__ import annotations

from html import escape
from typing import Any


class PdfUnavailable(RuntimeError):
    pass


def render_pdf(html: str | dict[str, Any]) -> bytes:
    """The PDF of `html` (or of a job payload ``{"html": …}``)."""
    if isinstance(html, dict):
        html = str(html["html"])
    try:
        from weasyprint import HTML  # lazy: needs pango at import time
    except (ImportError, OSError) as exc:
        raise PdfUnavailable(f"WeasyPrint unavailable: {exc}") from exc
    return HTML(string=html, base_url="/").write_pdf()


STYLE = """
@page { size: A4; margin: 22mm 18mm; @bottom-center { content: counter(page) " / " counter(pages);
  font-size: 9pt; color: #555; } }
body { font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif; font-size: 10.5pt;
  line-height: 1.6; }
h1 { font-size: 17pt; text-align: center; margin: 0 0 4mm; }
.sub { text-align: center; color: #333; margin-bottom: 8mm; }
h2 { font-size: 12.5pt; border-bottom: 1px solid #999; margin-top: 7mm; }
section.page { page-break-before: always; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0; }
td, th { border: 1px solid #777; padding: 1.5mm 2mm; font-size: 9.5pt; }
"""


def document_html(title: str, subtitle: str, pages: list[list[tuple[str, list[str]]]]) -> str:
    """A plain A4 document: a title, a subtitle line and `pages`, each a list of (heading, paragraphs);
    every page after the first starts on a new sheet. A paragraph holding ``|`` is a table row."""
    out = [
        f"<!doctype html><html lang='zh-Hans'><head><meta charset='utf-8'><style>{STYLE}</style></head><body>"
    ]
    out.append(f"<h1>{escape(title)}</h1><p class='sub'>{escape(subtitle)}</p>")
    for n, sections in enumerate(pages):
        if n:
            out.append("<section class='page'>")
        for heading, paragraphs in sections:
            out.append(f"<h2>{escape(heading)}</h2>")
            rows = [p for p in paragraphs if "|" in p]
            out += [f"<p>{escape(p)}</p>" for p in paragraphs if "|" not in p]
            if rows:
                cells = ("".join(f"<td>{escape(c.strip())}</td>" for c in r.split("|")) for r in rows)
                out.append("<table>" + "".join(f"<tr>{c}</tr>" for c in cells) + "</table>")
        if n:
            out.append("</section>")
    out.append("</body></html>")
    return "".join(out)
