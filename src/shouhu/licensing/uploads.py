"""Upload checks: the type is decided by the file's first bytes (magic numbers), never by its name."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings

from shouhu.core.errors import ValidationFailed

MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
)
DOCUMENT_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg"})
IMAGE_TYPES = frozenset({"image/png", "image/jpeg"})


def max_bytes() -> int:
    """Platform limit (not a regulation): settings.SHOUHU_MAX_UPLOAD_BYTES, default 10 MiB."""
    return int(getattr(settings, "SHOUHU_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))


@dataclass(frozen=True)
class Checked:
    content: bytes
    content_type: str
    extension: str
    sha256: str

    @property
    def name(self) -> str:
        return f"{self.sha256[:24]}.{self.extension}"


def _refuse(code: str, zh: str, en: str, field: str = "file") -> ValidationFailed:
    return ValidationFailed(
        f"{zh} / {en}",
        details={
            "fields": [
                {
                    "field": field,
                    "label_zh": "文件",
                    "label_en": "File",
                    "code": code,
                    "message": zh,
                    "message_zh": zh,
                    "message_en": en,
                }
            ]
        },
    )


def check(content: bytes, *, allowed: frozenset[str] = DOCUMENT_TYPES, field: str = "file") -> Checked:
    if not content:
        raise _refuse("file.empty", "文件为空", "the file is empty", field)
    limit = max_bytes()
    if len(content) > limit:
        raise _refuse(
            "file.too_large",
            f"文件过大（{len(content)} 字节，上限 {limit} 字节）",
            f"file too large ({len(content)} bytes, limit {limit})",
            field,
        )
    for magic, ctype, ext in MAGIC:
        if content.startswith(magic) and ctype in allowed:
            return Checked(content, ctype, ext, hashlib.sha256(content).hexdigest())
    kinds = "、".join(sorted({e for _, t, e in MAGIC if t in allowed}))
    raise _refuse(
        "file.type",
        f"文件类型不允许，仅接受 {kinds}（按文件内容判断）",
        f"file type not allowed; accepted: {kinds}",
        field,
    )
