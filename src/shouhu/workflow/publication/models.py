"""Case clues (案件线索) and publications (信息公示).

A clue is raised by any app (a failed 重点 item under Order 49, a sampling failure, a complaint) and waits
for the enforcement capability to take it up; it names its source, its subject (generic), the evidence and
the citation. A publication is a result the rules require to be made public — what, where, by when it must
be published, until when it is shown, and if it was withdrawn, when and why.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core.dates import plan_date_validator
from shouhu.core.models import RegulatedModel
from shouhu.core.states import StateMachine, Transition
from shouhu.workflow.obligations.models import Subject


class ClueStatus(models.TextChoices):
    OPEN = "open", _("待处理")  # raised, not yet taken up by enforcement
    TAKEN = "taken", _("已立案审查")  # taken up (the enforcement app will consume it)
    DISMISSED = "dismissed", _("不予立案")


CLUE_FLOW = StateMachine(
    ClueStatus,
    {
        "take": Transition(_("受理"), {ClueStatus.OPEN}, ClueStatus.TAKEN),
        "dismiss": Transition(_("不予立案"), {ClueStatus.OPEN}, ClueStatus.DISMISSED),
    },
)


class Clue(Subject, RegulatedModel):
    client_id = models.UUIDField(null=True, blank=True, unique=True)
    source = models.CharField(_("线索来源"), max_length=64)  # the raising app's code, e.g. "licensing.verify"
    summary = models.CharField(_("线索摘要"), max_length=300)
    evidence = models.JSONField(_("证据"), default=list, blank=True)  # references: file hashes, record ids
    rule_id = models.CharField(_("规则编号"), max_length=120, blank=True)
    citation = models.CharField(_("依据"), max_length=300)
    status = models.CharField(_("状态"), max_length=16, choices=ClueStatus.choices, default=ClueStatus.OPEN)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    raised_by_label = models.CharField(_("提出人"), max_length=200)
    raised_at = models.DateTimeField(_("提出时间"), default=timezone.now)

    class Meta:
        ordering = ["-raised_at", "-pk"]
        indexes = [models.Index(fields=["division_code", "status"], name="clue_division_status_idx")]

    def __str__(self) -> str:
        return self.summary


class PublicationKind(models.TextChoices):
    INSPECTION = "inspection", _("监督检查结果")
    SAMPLING = "sampling", _("抽检结果")
    PENALTY = "penalty", _("行政处罚")
    EXAM = "exam", _("考核结果")
    LICENSING = "licensing", _("许可信息")


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("待公示")
    PUBLISHED = "published", _("已公示")
    WITHDRAWN = "withdrawn", _("已撤回")


PUBLICATION_FLOW = StateMachine(
    PublicationStatus,
    {
        "publish": Transition(_("公示"), {PublicationStatus.DRAFT}, PublicationStatus.PUBLISHED),
        "withdraw": Transition(_("撤回"), {PublicationStatus.PUBLISHED}, PublicationStatus.WITHDRAWN),
    },
)


class Publication(Subject, RegulatedModel):
    client_id = models.UUIDField(null=True, blank=True, unique=True)
    kind = models.CharField(_("公示类别"), max_length=16, choices=PublicationKind.choices)
    title = models.CharField(_("公示内容"), max_length=200)
    body = models.TextField(_("正文"), blank=True)
    channel = models.CharField(_("公示渠道"), max_length=200)  # where: this platform's public list, a website
    rule_id = models.CharField(_("规则编号"), max_length=120)
    citation = models.CharField(_("依据"), max_length=300)
    due_by = models.DateField(_("应公示期限"), validators=[plan_date_validator])
    shown_until = models.DateField(_("公示截止日期"), validators=[plan_date_validator], null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=PublicationStatus.choices, default=PublicationStatus.DRAFT
    )
    published_at = models.DateTimeField(_("公示时间"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("撤回原因"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-published_at", "due_by", "pk"]
        indexes = [models.Index(fields=["status", "shown_until"], name="publication_shown_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_late(self) -> bool:
        """Derived: not yet published and past the date the rules allow."""
        return self.status == PublicationStatus.DRAFT and self.due_by < timezone.localdate()
