"""Upload checks: the type is decided by the file's first bytes (magic numbers), never by its name."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from shouhu.core.errors import ServiceError, refuse
from shouhu.core.i18n import both

from .error_codes import LicensingError

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


def _refuse(code: LicensingError, message: Promise, field: str, **params: Any) -> ServiceError:
    exc = refuse(code, message, params=params, field=field)
    label_zh, label_en = both(_("文件"))
    exc.details["fields"][0].update(label_zh=label_zh, label_en=label_en)
    return exc


def check(content: bytes, *, allowed: frozenset[str] = DOCUMENT_TYPES, field: str = "file") -> Checked:
    if not content:
        raise _refuse(LicensingError.FILE_EMPTY, _("文件为空"), field)
    limit = max_bytes()
    if len(content) > limit:
        raise _refuse(
            LicensingError.FILE_TOO_LARGE,
            _("文件过大（%(size)s 字节，上限 %(limit)s 字节）"),
            field,
            size=len(content),
            limit=limit,
        )
    for magic, ctype, ext in MAGIC:
        if content.startswith(magic) and ctype in allowed:
            return Checked(content, ctype, ext, hashlib.sha256(content).hexdigest())
    kinds = "、".join(sorted({e for _, t, e in MAGIC if t in allowed}))
    raise _refuse(
        LicensingError.FILE_TYPE, _("文件类型不允许，仅接受 %(kinds)s（按文件内容判断）"), field, kinds=kinds
    )
