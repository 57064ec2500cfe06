"""Supervision inspections (监督检查) and system inspections (体系检查) under SAMR Order No. 49.

An inspection is one visit to one enterprise by a team of at least two inspectors, started from a risk
planning task (its obligation) or ad hoc. Its checklist is a kernel template built from the rule set
`inspection-2026` for the enterprise's products on the day; the item results, photos, signatures, case clues,
findings, the publication duty and the published result are kernel records about the inspection. This app
keeps the visit itself, its team and what was done about each failed item (`FollowUp`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shouhu.core.dates import plan_date_validator
from shouhu.core.models import RegulatedModel
from shouhu.core.states import StateMachine, Transition


class Kind(models.TextChoices):
    ROUTINE = "routine", _("监督检查")
    SYSTEM = "system", _("体系检查")


class Origin(models.TextChoices):
    PLAN = "plan", _("年度检查计划")
    AD_HOC = "ad_hoc", _("临时安排")


class State(models.TextChoices):
    PLANNED = "planned", _("待检查")
    IN_PROGRESS = "in_progress", _("检查中")
    AWAITING_SIGNATURE = "awaiting_signature", _("待签字")
    SIGNED = "signed", _("待公开")
    PUBLISHED = "published", _("已公开")


class Outcome(models.TextChoices):
    CONFORM = "conform", _("符合")
    MINOR = "minor", _("基本符合")
    NONCONFORM = "nonconform", _("不符合")


S = State
FLOW = StateMachine(
    State,
    {
        "score": Transition(_("记录检查结果"), {S.PLANNED, S.IN_PROGRESS}, S.IN_PROGRESS),
        "conclude": Transition(_("作出检查结论"), {S.IN_PROGRESS}, S.AWAITING_SIGNATURE),
        "sign": Transition(_("签字"), {S.AWAITING_SIGNATURE}),
        "signed": Transition(_("签字完成"), {S.AWAITING_SIGNATURE}, S.SIGNED),
        "publish": Transition(_("公开检查结果"), {S.SIGNED}, S.PUBLISHED),
    },
)


class Inspection(RegulatedModel):
    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    division_code = models.CharField(_("辖区代码"), max_length=6, db_index=True)
    kind = models.CharField(_("检查类型"), max_length=16, choices=Kind.choices, default=Kind.ROUTINE)
    origin = models.CharField(_("来源"), max_length=16, choices=Origin.choices)
    task = models.OneToOneField(
        "risk.InspectionTask", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    task_obligation_id = models.BigIntegerField(_("计划任务待办"), null=True, blank=True)
    planned_on = models.DateField(_("计划检查日期"), validators=[plan_date_validator])
    contract = models.BooleanField(_("含委托生产检查"), default=False)
    template = models.ForeignKey(
        "checklists.ChecklistTemplate", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    run = models.ForeignKey(
        "checklists.ChecklistRun", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    state = models.CharField(_("状态"), max_length=24, choices=State.choices, default=State.PLANNED)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    concluded_at = models.DateTimeField(_("结论时间"), null=True, blank=True)
    outcome = models.CharField(_("检查结论"), max_length=16, choices=Outcome.choices, blank=True)
    publication_obligation_id = models.BigIntegerField(_("公开期限待办"), null=True, blank=True)
    publication_id = models.BigIntegerField(_("公示"), null=True, blank=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-planned_on", "-pk"]
        verbose_name = _("监督检查")
        indexes = [models.Index(fields=["division_code", "state"], name="inspection_division_state")]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"JDJC{self.planned_on:%Y}{self.pk:05d}" if self.pk else str(_("监督检查"))


class Member(RegulatedModel):
    """An inspector on the team; `lead` is the 组长. Item owners of a system inspection are in `items`."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    lead = models.BooleanField(_("组长"), default=False)
    items = models.JSONField(_("负责的检查部分"), default=list, blank=True)  # area codes (system inspection)

    class Meta:
        ordering = ["inspection_id", "-lead", "pk"]
        constraints = [models.UniqueConstraint(fields=["inspection", "user"], name="inspection_member_once")]

    def __str__(self) -> str:
        return f"{self.inspection_id}:{self.user_id}"


class FollowUpKind(models.TextChoices):
    CLUE = "clue", _("移交案件线索")
    ON_SITE = "on_site", _("当场整改")
    RECTIFICATION = "rectification", _("限期整改")


class FollowUp(RegulatedModel):
    """What was done about one failed item: a case clue (重点), an on-site fix or a rectification (一般)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="followups")
    enterprise_id = models.BigIntegerField(db_index=True)
    item_id = models.CharField(_("检查项目"), max_length=120)
    key = models.BooleanField(_("重点项"), default=False)
    kind = models.CharField(_("处理方式"), max_length=16, choices=FollowUpKind.choices)
    note = models.TextField(_("说明"), blank=True)
    clue_id = models.BigIntegerField(null=True, blank=True)
    finding_id = models.BigIntegerField(null=True, blank=True)
    rectification_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["inspection_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "item_id"], name="inspection_followup_once")
        ]

    def __str__(self) -> str:
        return f"{self.inspection_id}:{self.item_id} {self.kind}"


class ExamLink(RegulatedModel):
    """A manager spot-check exam (training's 监督抽查考核) started on site from this inspection; the spot
    check's `context` names the inspection back."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="exams")
    enterprise_id = models.BigIntegerField(db_index=True)
    spot_check = models.OneToOneField("training.SpotCheck", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["inspection_id", "pk"]

    def __str__(self) -> str:
        return f"{self.inspection_id}:{self.spot_check_id}"
