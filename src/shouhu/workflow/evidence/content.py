"""Content checks for evidence files: type by first bytes (never by name), size limit, image downscaling.

Pure apart from settings: a phone photo of a dirty drain is 4–12 MB at 4000 px; stored at
`SHOUHU_EVIDENCE_MAX_SIDE` (default 2048 px) it stays legible and a 150-item run's photos stay affordable.
The SHA-256 is taken of the bytes actually stored (so `evidence_verify` can recompute it from storage) and of
the bytes received (so the client can match what it sent).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from shouhu.core.errors import refuse

from .error_codes import EvidenceError as E

MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
)
ALL_TYPES = frozenset(t for _, t, _ in MAGIC)
IMAGE_TYPES = frozenset({"image/png", "image/jpeg"})
_PIL_FORMAT = {"image/png": "PNG", "image/jpeg": "JPEG"}


def max_bytes() -> int:
    """Platform limit (not a regulation): settings.SHOUHU_MAX_UPLOAD_BYTES, default 10 MiB."""
    return int(getattr(settings, "SHOUHU_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))


def max_side() -> int:
    return int(getattr(settings, "SHOUHU_EVIDENCE_MAX_SIDE", 2048))


@dataclass(frozen=True)
class Checked:
    content: bytes  # what is stored (downscaled for large images)
    content_type: str
    extension: str
    sha256: str  # of `content`
    original_sha256: str  # of the bytes received
    width: int | None = None
    height: int | None = None

    @property
    def name(self) -> str:
        return f"{self.sha256[:24]}.{self.extension}"


def sniff(content: bytes, allowed: frozenset[str] = ALL_TYPES) -> tuple[str, str]:
    for magic, ctype, ext in MAGIC:
        if content.startswith(magic) and ctype in allowed:
            return ctype, ext
    kinds = "、".join(sorted({e for _m, t, e in MAGIC if t in allowed}))
    raise refuse(
        E.TYPE, _("文件类型不允许，仅接受 %(kinds)s（按文件内容判断）"), params={"kinds": kinds}, field="file"
    )


def _downscale(content: bytes, ctype: str) -> tuple[bytes, int, int]:
    try:
        with Image.open(io.BytesIO(content)) as img:
            img.load()
            img = ImageOps.exif_transpose(img)
            limit = max_side()
            if max(img.size) <= limit:
                return content, img.width, img.height
            img.thumbnail((limit, limit))
            if ctype == "image/jpeg" and img.mode not in {"RGB", "L"}:
                img = img.convert("RGB")
            out = io.BytesIO()
            img.save(
                out, _PIL_FORMAT[ctype], **({"quality": 85} if ctype == "image/jpeg" else {"optimize": True})
            )
            return out.getvalue(), img.width, img.height
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise refuse(E.IMAGE_BROKEN, _("图片无法读取（文件已损坏或不是图片）"), field="file") from None


def check(content: bytes, *, allowed: frozenset[str] = ALL_TYPES) -> Checked:
    """The file as it will be stored, or a refusal naming the `file` field."""
    if not content:
        raise refuse(E.EMPTY, _("文件为空"), field="file")
    limit = max_bytes()
    if len(content) > limit:
        raise refuse(
            E.TOO_LARGE,
            _("文件过大（%(size)s 字节，上限 %(limit)s 字节）"),
            params={"size": len(content), "limit": limit},
            field="file",
        )
    ctype, ext = sniff(content, allowed)
    original = hashlib.sha256(content).hexdigest()
    width = height = None
    stored = content
    if ctype in IMAGE_TYPES:
        stored, width, height = _downscale(content, ctype)
    return Checked(stored, ctype, ext, hashlib.sha256(stored).hexdigest(), original, width, height)
