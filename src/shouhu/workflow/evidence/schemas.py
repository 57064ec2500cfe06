"""Evidence API schemas: explicit fields, named by one msgid each."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from django.utils.translation import gettext_lazy as _
from ninja import Schema

from shouhu.core.api import named


class EvidenceOut(Schema):
    id: int
    client_id: UUID
    enterprise_id: int | None
    original_name: str
    content_type: str = named(_("文件类型"))
    size: int = named(_("大小（字节）"))
    sha256: str = named(_("SHA-256"))
    original_sha256: str
    width: int | None
    height: int | None
    note: str
    created_at: datetime
