"""Checklist templates, runs, per-scorer results and signatures (检查表、检查记录、评分、签字).

A template is a list of items with stable ids, each with its citation, its 重点/一般 mark and its scoring
scheme; it is built once (from rule data as in force on a date, or from an enterprise's own list) and never
changed, so a run is always read against the items it was scored on. A run is one use of a template on one
subject (an application, a site, a zone); each scorer's result of each item is a row of its own, so an item
scored by two inspectors keeps both and the lower counts. Kernel rows carry the subject's `enterprise_id`
and `division_code` for tenancy, and a `client_id` so a replayed create writes nothing twice.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shouhu.core.dates import any_date_validator
from shouhu.core.models import RegulatedModel


class Owned(RegulatedModel):
    client_id = models.UUIDField(_("客户端编号"), unique=True, default=uuid.uuid4)
    enterprise_id = models.BigIntegerField(_("企业"), null=True, blank=True, db_index=True)
    division_code = models.CharField(_("行政区划"), max_length=6, blank=True, db_index=True)

    class Meta:
        abstract = True


class ChecklistTemplate(Owned):
    title = models.CharField(_("检查表名称"), max_length=200)
    source = models.CharField(_("来源"), max_length=64)  # a registered template source, or "list"
    source_params = models.JSONField(_("来源参数"), default=dict, blank=True)
    rules_as_of = models.DateField(_("适用规则日期"), null=True, blank=True, validators=[any_date_validator])
    verdict_rule = models.CharField(_("判定规则"), max_length=64)
    verdict_params = models.JSONField(_("判定参数"), default=dict, blank=True)
    min_scorers = models.PositiveSmallIntegerField(
        _("每项最少评分人数"), default=1, validators=[MinValueValidator(1)]
    )
    scorer_role = models.CharField(_("评分人角色"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("检查表")

    def __str__(self) -> str:
        return self.title


class Scheme(models.TextChoices):
    GRADED = "graded", _("符合/基本符合/不符合")
    PASS_FAIL = "pass_fail", _("合格/不合格")
    MEASURED = "measured", _("测量值与限值比较")


class TemplateItem(RegulatedModel):
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.PROTECT, related_name="items")
    position = models.PositiveIntegerField()
    item_id = models.CharField(_("项目编号"), max_length=120)
    group = models.CharField(_("部分"), max_length=64, blank=True)
    title = models.CharField(_("项目"), max_length=300)
    text = models.TextField(_("要求"), blank=True)
    citation = models.CharField(_("依据"), max_length=300, blank=True)
    key = models.BooleanField(_("重点项"), default=False)
    scheme = models.CharField(_("评分方式"), max_length=16, choices=Scheme.choices)
    points = models.JSONField(_("分值"), null=True, blank=True)
    limits = models.JSONField(_("限值"), null=True, blank=True)
    groups = models.JSONField(_("适用对象"), default=list, blank=True)

    class Meta:
        ordering = ["template_id", "position"]
        constraints = [models.UniqueConstraint(fields=["template", "item_id"], name="checklists_item_unique")]

    def __str__(self) -> str:
        return self.item_id


class RunState(models.TextChoices):
    OPEN = "open", _("检查中")
    CONCLUDED = "concluded", _("已结论")


class ChecklistRun(Owned):
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.PROTECT, related_name="runs")
    subject_type = models.CharField(_("对象类型"), max_length=100)
    subject_id = models.CharField(_("对象编号"), max_length=64)
    title = models.CharField(_("名称"), max_length=200, blank=True)
    state = models.CharField(_("状态"), max_length=16, choices=RunState.choices, default=RunState.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    concluded_at = models.DateTimeField(_("结论时间"), null=True, blank=True)
    verdict = models.JSONField(_("结论"), null=True, blank=True)
    passed = models.BooleanField(_("通过"), null=True, blank=True)
    flags = models.JSONField(_("提示"), default=list, blank=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("检查记录")
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="checklists_run_subject_idx")]

    def __str__(self) -> str:
        return f"JC{self.pk:06d}" if self.pk else str(_("检查记录"))


class ItemResult(Owned):
    """One scorer's result of one item in one run: scored once (a replay of the same client id is a no-op)."""

    run = models.ForeignKey(ChecklistRun, on_delete=models.PROTECT, related_name="results")
    item = models.ForeignKey(TemplateItem, on_delete=models.PROTECT, related_name="results")
    scorer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    result = models.CharField(_("评分"), max_length=16)
    measured = models.DecimalField(_("测量值"), max_digits=14, decimal_places=4, null=True, blank=True)
    note = models.TextField(_("检查记录"), blank=True)
    evidence = models.ForeignKey(
        "evidence.EvidenceFile", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    scored_at = models.DateTimeField(_("评分时间"))

    class Meta:
        ordering = ["run_id", "item_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["run", "item", "scorer"], name="checklists_result_once")
        ]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.item_id} {self.result}"


class Signature(Owned):
    """A person in a role at a moment — or that person's refusal, recorded with a witness."""

    subject_type = models.CharField(_("对象类型"), max_length=100)
    subject_id = models.CharField(_("对象编号"), max_length=64)
    role = models.CharField(_("签字角色"), max_length=64)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signer_name = models.CharField(_("签字人"), max_length=100)
    signed_at = models.DateTimeField(_("签字时间"))
    drawing = models.TextField(_("手写签名"), blank=True)  # an SVG path drawn on screen; empty = confirmed
    # the drawn signature as a PNG evidence file (its SHA-256 in the ledger), for printed records
    image = models.ForeignKey(
        "evidence.EvidenceFile", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    refused = models.BooleanField(_("拒绝签字"), default=False)
    refusal_note = models.TextField(_("拒签情况说明"), blank=True)
    witness_name = models.CharField(_("见证人"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["subject_type", "subject_id", "signed_at", "pk"]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="checklists_sig_subject_idx")]

    def __str__(self) -> str:
        return f"{self.signer_name} ({self.role})"
