"""The weekly brief for leaders (每周简报): the board of one jurisdiction as a printable HTML, rendered to
PDF in a capped child process (`core.jobs`) by `core.pdf.render_pdf`, which needs WeasyPrint, not Django."""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone

from shouhu.core.access import Actor

from . import board as boards
from .models import Snapshot

CJK_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)


def _font_face() -> str:
    for path in CJK_FONTS:
        if Path(path).exists():
            return f"@font-face {{ font-family: 'ShouhuCJK'; src: url('file://{path}'); }}"
    return ""


def brief_html(actor: Actor, code: str, snap: Snapshot) -> str:
    b = boards.board(actor, code)
    return render_to_string(
        "command/brief.html",
        {"b": b, "snap": snap, "font_face": _font_face(), "printed_at": timezone.localtime()},
    )
