"""Obligations (待办), their pauses and extensions, recurring schedules, and each user's notifications.

An obligation is owed by a person, a role at an enterprise, a jurisdiction's office, or an outside party
without an account (a lab, a platform) tracked by the office that waits for it. Its due date comes from a
cited rule in a unit (`due.DueUnit`); *overdue* is derived when read (`state`), never stored, so the
embedded default needs no scheduler. Only escalation, done in production by a beat task, is stored.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core.dates import plan_date_validator
from shouhu.core.models import RegulatedModel
from shouhu.core.states import StateMachine, Transition

from .due import DueUnit


class ObligationStatus(models.TextChoices):
    OPEN = "open", _("进行中")  # owed and not done (overdue is derived from the due date, not stored)
    ESCALATED = "escalated", _("已升级")  # overdue and raised to the owner's superior, then the regulator
    DONE = "done", _("已完成")  # discharged; the due date no longer runs


class ObligationState(models.TextChoices):
    """What a reader sees: the stored status plus the derived *overdue*."""

    OPEN = "open", _("进行中")
    OVERDUE = "overdue", _("已逾期")
    ESCALATED = "escalated", _("已升级")
    DONE = "done", _("已完成")


S = ObligationStatus
RUNNING = {S.OPEN, S.ESCALATED}
OBLIGATION_FLOW = StateMachine(
    ObligationStatus,
    {
        "complete": Transition(_("完成"), RUNNING, S.DONE),
        "escalate": Transition(_("升级"), RUNNING, S.ESCALATED),
        "pause": Transition(_("中止计时"), RUNNING),
        "resume": Transition(_("恢复计时"), RUNNING),
        "extend": Transition(_("延长期限"), RUNNING),
        "recompute": Transition(_("重算期限"), RUNNING),
    },
)


class OwnerKind(models.TextChoices):
    USER = "user", _("个人")
    ROLE = "role", _("企业岗位")
    OFFICE = "office", _("监管部门")
    OUTSIDE = "outside", _("外部机构")  # a lab, a platform: no account, tracked by `owner_division`


class Owner(models.Model):
    """Who owes it: the fields shared by an obligation and the schedule that generates obligations."""

    owner_kind = models.CharField(_("义务人类型"), max_length=16, choices=OwnerKind.choices)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("义务人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner_role = models.CharField(_("岗位"), max_length=32, blank=True)
    owner_division = models.CharField(_("负责/跟踪部门辖区"), max_length=6, blank=True)
    owner_party = models.CharField(_("外部机构名称"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        k = self.owner_kind
        need = {
            OwnerKind.USER: ("owner_user_id",),
            OwnerKind.ROLE: ("owner_role",),
            OwnerKind.OFFICE: ("owner_division",),
            OwnerKind.OUTSIDE: ("owner_party", "owner_division"),
        }.get(k, ())
        missing = [f.removesuffix("_id") for f in need if not getattr(self, f)]
        if missing:
            raise ValidationError({f: _("此类义务人须填写") for f in missing})
        if k == OwnerKind.ROLE and not self.enterprise_id:  # type: ignore[attr-defined]
            raise ValidationError({"owner_role": _("企业岗位义务须针对某一企业的对象")})


class Subject(models.Model):
    """What it is about (generic) and whose tenancy it falls in (copied from the subject)."""

    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.CharField(max_length=64)
    enterprise_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    division_code = models.CharField(_("辖区代码"), max_length=6, db_index=True)

    class Meta:
        abstract = True


class Schedule(Owner, Subject, RegulatedModel):
    """A recurring duty (每个生产日、每班、每周、每月、每季度) from which obligations are generated per period."""

    class Frequency(models.TextChoices):
        PRODUCTION_DAY = "production_day", _("每个生产日")
        SHIFT = "shift", _("每班")
        WEEKLY = "weekly", _("每周")
        MONTHLY = "monthly", _("每月")
        QUARTERLY = "quarterly", _("每季度")

    client_id = models.UUIDField(null=True, blank=True, unique=True)
    title = models.CharField(_("事项"), max_length=200)
    kind = models.CharField(_("类别"), max_length=64)
    frequency = models.CharField(_("频次"), max_length=16, choices=Frequency.choices)
    shifts_per_day = models.PositiveSmallIntegerField(_("每日班次"), default=1)
    rule_id = models.CharField(_("规则编号"), max_length=120)
    citation = models.CharField(_("依据"), max_length=300)
    active_from = models.DateField(_("起始日期"), validators=[plan_date_validator])
    active_until = models.DateField(_("终止日期"), validators=[plan_date_validator], null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.title} ({self.get_frequency_display()})"


class SchedulePause(models.Model):
    """A stop (停产, 停业整改) during which no recurring obligation is generated."""

    schedule = models.ForeignKey(Schedule, on_delete=models.PROTECT, related_name="pauses")
    starts_on = models.DateField(_("起始日期"), validators=[plan_date_validator])
    ends_on = models.DateField(_("结束日期"), validators=[plan_date_validator])
    reason = models.CharField(_("原因"), max_length=300)

    def __str__(self) -> str:
        return f"{self.starts_on}–{self.ends_on} {self.reason}"


class Obligation(Owner, Subject, RegulatedModel):
    client_id = models.UUIDField(null=True, blank=True, unique=True)
    title = models.CharField(_("事项"), max_length=200)
    kind = models.CharField(_("类别"), max_length=64)  # e.g. "licensing.renewal", the raising app's code
    rule_id = models.CharField(_("规则编号"), max_length=120)
    citation = models.CharField(_("依据"), max_length=300)
    unit = models.CharField(_("期限单位"), max_length=16, choices=DueUnit.choices)
    amount = models.PositiveIntegerField(_("期限"))
    starts_at = models.DateTimeField(_("起算时间"))
    due_at = models.DateTimeField(_("到期时间"), db_index=True)
    provisional = models.BooleanField(_("期限待定"), default=False)  # calendar not loaded: counted in days
    status = models.CharField(_("状态"), max_length=16, choices=ObligationStatus.choices, default=S.OPEN)
    paused_since = models.DateTimeField(_("中止计时自"), null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(default=0)  # 1: owner's superior, 2: regulator
    escalated_role = models.CharField(max_length=32, blank=True)
    escalated_division = models.CharField(max_length=6, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    done_note = models.TextField(_("完成说明"), blank=True)
    schedule = models.ForeignKey(
        Schedule, null=True, blank=True, on_delete=models.PROTECT, related_name="obligations"
    )
    period_key = models.CharField(max_length=32, blank=True)  # "2026-12-01", "2026-12-01#2", "2026-W49"
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "period_key"],
                condition=models.Q(schedule__isnull=False),
                name="obligation_schedule_period_unique",
            )
        ]
        indexes = [
            models.Index(fields=["owner_user", "status"], name="obligation_owner_user_idx"),
            models.Index(fields=["enterprise_id", "owner_role", "status"], name="obligation_owner_role_idx"),
            models.Index(fields=["division_code", "status", "due_at"], name="obligation_division_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING

    @property
    def is_overdue(self) -> bool:
        """Derived when read: running, its clock not stopped, and past due."""
        return self.is_running and self.paused_since is None and self.due_at < timezone.now()

    @property
    def state(self) -> str:
        if self.status == S.DONE:
            return ObligationState.DONE
        if self.status == S.ESCALATED:
            return ObligationState.ESCALATED
        return ObligationState.OVERDUE if self.is_overdue else ObligationState.OPEN

    @property
    def state_label(self) -> str:
        return str(ObligationState(self.state).label)

    @property
    def day_based(self) -> bool:
        return self.unit != DueUnit.HOURS


class PauseKind(models.TextChoices):
    HEARING = "hearing", _("听证")
    TESTING = "testing", _("检验检测")
    PRODUCTION_STOP = "production_stop", _("停产")
    OTHER = "other", _("其他")


class ObligationPause(models.Model):
    """The clock stood still (听证、检验检测、停产…不计入期限); a closed pause moves the due date."""

    obligation = models.ForeignKey(Obligation, on_delete=models.PROTECT, related_name="pauses")
    kind = models.CharField(_("中止原因类别"), max_length=16, choices=PauseKind.choices)
    reason = models.CharField(_("原因"), max_length=300)
    started_at = models.DateTimeField(_("中止时间"))
    ended_at = models.DateTimeField(_("恢复时间"), null=True, blank=True)

    class Meta:
        ordering = ["started_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_at:%Y-%m-%d}"


class ObligationExtension(models.Model):
    """An extension (延期): how much, why, and who approved it."""

    obligation = models.ForeignKey(Obligation, on_delete=models.PROTECT, related_name="extensions")
    amount = models.PositiveIntegerField(_("延长"))
    reason = models.CharField(_("延期原因"), max_length=300)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approver_label = models.CharField(_("批准人"), max_length=200)
    old_due_at = models.DateTimeField()
    new_due_at = models.DateTimeField()
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"+{self.amount} ({self.reason})"


class NotificationKind(models.TextChoices):
    OBLIGATION_ASSIGNED = "obligation_assigned", _("新的待办事项")
    OBLIGATION_ESCALATED = "obligation_escalated", _("待办事项逾期升级")
    OBLIGATION_EXTENDED = "obligation_extended", _("待办期限变更")
    CLUE_RAISED = "clue_raised", _("新的案件线索")
    PUBLICATION_DUE = "publication_due", _("信息公示到期")


class Notification(models.Model):
    """One message in a user's inbox; its text is a msgid + params, shown in the reader's language."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("通知类型"), max_length=32, choices=NotificationKind.choices)
    msgid = models.CharField(max_length=300)
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    obligation = models.ForeignKey(
        Obligation, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread_idx")]

    def __str__(self) -> str:
        return f"{self.kind} → {self.user_id}"


class NotificationPreference(models.Model):
    """Which kinds a user wants, in the inbox and by e-mail (absent row: both on)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32, choices=NotificationKind.choices)
    in_app = models.BooleanField(_("站内通知"), default=True)
    email = models.BooleanField(_("电子邮件"), default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_pref_unique")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.kind}"
