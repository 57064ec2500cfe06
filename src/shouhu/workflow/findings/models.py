"""Findings (问题) and rectifications (整改): what was found wrong, and how it was put right.

A finding is raised by a regulator (an inspection, a verification) or by the enterprise itself (a
self-inspection, a monitoring deviation) about a subject (any app's record, by reference); it has a
severity, a citation, its evidence (each file's SHA-256 is copied into the row, so the ledger entry proves
which bytes were shown). A rectification is the order to put it right by a deadline: the enterprise answers
with evidence, the decider accepts or returns it, optionally after a re-check (a checklist run).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shouhu.core.dates import plan_date_validator
from shouhu.core.models import RegulatedModel


class Owned(RegulatedModel):
    client_id = models.UUIDField(_("客户端编号"), unique=True, default=uuid.uuid4)
    enterprise_id = models.BigIntegerField(_("企业"), null=True, blank=True, db_index=True)
    division_code = models.CharField(_("行政区划"), max_length=6, blank=True, db_index=True)

    class Meta:
        abstract = True


class Severity(models.TextChoices):
    CRITICAL = "critical", _("严重")
    MAJOR = "major", _("一般")
    MINOR = "minor", _("轻微")


class Origin(models.TextChoices):
    REGULATOR = "regulator", _("监管部门发现")
    SELF = "self", _("企业自查发现")


class FindingState(models.TextChoices):
    OPEN = "open", _("待整改")
    CLOSED = "closed", _("已闭环")


class Finding(Owned):
    subject_type = models.CharField(_("对象类型"), max_length=100)
    subject_id = models.CharField(_("对象编号"), max_length=64)
    origin = models.CharField(_("发现方"), max_length=16, choices=Origin.choices)
    severity = models.CharField(_("严重程度"), max_length=16, choices=Severity.choices)
    title = models.CharField(_("问题"), max_length=300)
    description = models.TextField(_("问题描述"), blank=True)
    citation = models.CharField(_("依据"), max_length=300, blank=True)
    rule_id = models.CharField(_("规则编号"), max_length=120, blank=True)
    evidence = models.JSONField(_("证据"), default=list, blank=True)  # [{id, sha256}]
    run = models.ForeignKey(
        "checklists.ChecklistRun", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    item_id = models.CharField(_("检查项目"), max_length=120, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_by_label = models.CharField(_("发现人"), max_length=200)
    state = models.CharField(
        _("状态"), max_length=16, choices=FindingState.choices, default=FindingState.OPEN
    )

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("问题")
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="findings_subject_idx")]

    def __str__(self) -> str:
        return f"WT{self.pk:06d}" if self.pk else str(_("问题"))


class RectificationState(models.TextChoices):
    OPEN = "open", _("待整改")
    ANSWERED = "answered", _("已提交整改")
    RECHECK = "recheck", _("待复查")
    RETURNED = "returned", _("已退回")
    ACCEPTED = "accepted", _("已验收")


class Rectification(Owned):
    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="rectifications")
    due_on = models.DateField(_("整改期限"), validators=[plan_date_validator])
    state = models.CharField(
        _("状态"), max_length=16, choices=RectificationState.choices, default=RectificationState.OPEN
    )
    ordered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answer = models.TextField(_("整改说明"), blank=True)
    answer_evidence = models.JSONField(_("整改证据"), default=list, blank=True)  # [{id, sha256}]
    answered_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rounds = models.PositiveSmallIntegerField(_("提交次数"), default=0)
    recheck_run = models.ForeignKey(
        "checklists.ChecklistRun", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_note = models.TextField(_("验收意见"), blank=True)
    decided_at = models.DateTimeField(_("验收时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("整改")

    def __str__(self) -> str:
        return f"ZG{self.pk:06d}" if self.pk else str(_("整改"))
