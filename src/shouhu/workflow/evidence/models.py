"""An evidence file (证据): bytes in Django's storage, their SHA-256 in the row and in the ledger.

The file lives wherever `STORAGES["default"]` points (local files by default, an S3-compatible store by
setting); the row keeps what the ledger needs to prove it later: the SHA-256 of the stored bytes (a swapped
file no longer matches), the type decided by content, the size. Never deleted.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shouhu.core.models import RegulatedModel


def _upload_to(instance: EvidenceFile, filename: str) -> str:
    return f"evidence/{instance.enterprise_id or 'platform'}/{filename}"


class EvidenceFile(RegulatedModel):
    client_id = models.UUIDField(_("客户端编号"), unique=True, default=uuid.uuid4)
    enterprise_id = models.BigIntegerField(_("企业"), null=True, blank=True, db_index=True)
    division_code = models.CharField(_("行政区划"), max_length=6, blank=True, db_index=True)
    file = models.FileField(_("文件"), upload_to=_upload_to, max_length=300)
    original_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    content_type = models.CharField(_("文件类型"), max_length=32)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    original_sha256 = models.CharField(_("原始文件 SHA-256"), max_length=64)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("证据文件")

    def __str__(self) -> str:
        return f"{self.original_name or self.file.name} ({self.sha256[:12]})"
