"""Evidence's ledger actions (`evidence.<entity>.<verb>`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from shouhu.core.events import Action


class EvidenceAction(Action):
    FILE_CREATE = "evidence.file.create", _("上传证据文件")
