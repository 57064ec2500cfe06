"""Enforcement cases (行政处罚案件) and each enterprise's credit file (issue 30; DOMAIN.md §13).

A case starts from a kernel clue (`workflow.publication.Clue`: raised by inspections, sampling's 核查处置,
complaints …). Every time limit is a workflow obligation about the case (`enforcement.<limit>`): the
立案 decision within 15 working days of the clue (+15 with approval), the decision within 90 days of
opening (+30 with approval; hearings, notices and testing paused), the party's hearing request, payment,
publication within 20 working days, withdrawal within 3 working days of an annulment. The case row keeps a
copy of its nearest running deadline (`deadline_at`, `paused`) so the province's list is one indexed query.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shouhu.core.dates import past_date_validator, plan_date_validator
from shouhu.core.models import RegulatedModel
from shouhu.core.states import StateMachine, Transition


class CaseStatus(models.TextChoices):
    REVIEW = "review", _("立案审查中")
    REFUSED = "refused", _("不予立案")
    INVESTIGATING = "investigating", _("调查中")
    NOTIFIED = "notified", _("已告知待决定")  # 行政处罚告知书 served, hearing right running
    DECIDED = "decided", _("已决定待执行")
    EXECUTED = "executed", _("已执行")
    CLOSED = "closed", _("已结案")
    REFERRED = "referred", _("已移送公安机关")
    ANNULLED = "annulled", _("决定已撤销")


OPEN_STATUSES = (CaseStatus.REVIEW, CaseStatus.INVESTIGATING, CaseStatus.NOTIFIED, CaseStatus.DECIDED)
_C = CaseStatus
CASE_FLOW = StateMachine(
    CaseStatus,
    {
        "file": Transition(_("立案"), {_C.REVIEW}, _C.INVESTIGATING),
        "refuse": Transition(_("不予立案"), {_C.REVIEW}, _C.REFUSED),
        "evidence": Transition(_("收集证据"), {_C.INVESTIGATING, _C.NOTIFIED}),
        "notice": Transition(_("送达行政处罚告知书"), {_C.INVESTIGATING}, _C.NOTIFIED),
        "clock": Transition(_("中止或恢复计时"), {_C.INVESTIGATING, _C.NOTIFIED}),
        "review": Transition(_("法制审核"), {_C.INVESTIGATING, _C.NOTIFIED}),
        "extend": Transition(_("延长期限"), {_C.REVIEW, _C.INVESTIGATING, _C.NOTIFIED}),
        "decide": Transition(_("作出处罚决定"), {_C.INVESTIGATING, _C.NOTIFIED}, _C.DECIDED),
        "execute": Transition(_("执行完毕"), {_C.DECIDED}, _C.EXECUTED),
        "close": Transition(_("结案"), {_C.EXECUTED}, _C.CLOSED),
        "refer": Transition(_("移送公安机关"), {_C.REVIEW, _C.INVESTIGATING, _C.NOTIFIED}, _C.REFERRED),
        "annul": Transition(_("撤销处罚决定"), {_C.DECIDED, _C.EXECUTED, _C.CLOSED}, _C.ANNULLED),
        "publish": Transition(_("公示"), {_C.DECIDED, _C.EXECUTED, _C.CLOSED}),
    },
)


class Limit(models.TextChoices):
    """Each time limit is one obligation about the case, its kind `enforcement.<code>`."""

    FILING = "filing", _("核查线索并决定是否立案")
    DECISION = "decision", _("作出处理决定")
    HEARING = "hearing", _("当事人陈述申辩、申请听证")
    REVIEW = "review", _("法制审核")
    PAYMENT = "payment", _("当事人履行处罚决定")
    PUBLISH = "publish", _("公示行政处罚信息")
    WITHDRAW = "withdraw", _("撤回公示信息")


LIMIT_RULES = {
    Limit.FILING: ("enforcement.filing-working-days", "enforcement.filing-extension-working-days"),
    Limit.DECISION: ("enforcement.decision-days", "enforcement.decision-extension-days"),
    Limit.HEARING: ("enforcement.hearing-request-working-days", ""),
    Limit.REVIEW: ("enforcement.legal-review-working-days", ""),
    Limit.PAYMENT: ("enforcement.payment-days", ""),
    Limit.PUBLISH: ("enforcement.publish-working-days", ""),
    Limit.WITHDRAW: ("enforcement.withdraw-working-days", ""),
}


class Violation(models.TextChoices):
    """The violations plan item 15 names, and the rest."""

    INCOMING = "incoming", _("未按规定进货查验、出厂检验")
    CONDITIONS = "conditions", _("生产条件变化未报告")
    UNLICENSED = "unlicensed", _("无证生产")
    LABEL = "label", _("违法标签标识、声称")
    PASSING_OFF = "passing_off", _("以其他食品冒充婴幼儿辅助食品")
    ADDITIVES = "additives", _("违法使用食品添加剂")
    SUBSTANDARD = "substandard", _("生产不符合食品安全标准的食品")
    OTHER = "other", _("其他违法行为")


class Procedure(models.TextChoices):
    GENERAL = "general", _("普通程序")
    SUMMARY = "summary", _("简易程序")


class Penalty(models.TextChoices):
    WARNING = "warning", _("警告")
    CRITICISM = "criticism", _("通报批评")
    FINE = "fine", _("罚款")
    CONFISCATION = "confiscation", _("没收违法所得、非法财物")
    SUSPENSION = "suspension", _("责令停产停业")
    REVOCATION = "revocation", _("吊销许可证")
    BAN = "ban", _("限制从业")


# heavier penalties that put the firm on the 严重违法失信名单 (Order 44, [firm]); a severe-end fine is judged
SEVERE_PENALTIES = frozenset({Penalty.SUSPENSION, Penalty.REVOCATION, Penalty.BAN})


# where a kernel clue came from (its `source` code), in words
SOURCE_LABELS = {
    "inspection.key_item": _("监督检查重点项不符合"),
    "inspection.safety_item": _("监督检查发现食品安全问题"),
    "complaints.report": _("举报查实"),
    "disposal.key_item_failure": _("监督抽检关键项目不合格"),
    "anomaly.alert": _("穿透式监管异常线索经研判确认"),
}


def source_label(code: str) -> str:
    return str(SOURCE_LABELS.get(code, _("其他来源")))


NO_DEADLINE = dt.datetime(9999, 1, 1, tzinfo=dt.UTC)


class Case(RegulatedModel):
    number = models.CharField(_("案件编号"), max_length=40, unique=True)
    clue = models.OneToOneField(
        "publication.Clue", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    division_code = models.CharField(_("辖区代码"), max_length=6)
    source = models.CharField(_("线索来源"), max_length=64)
    summary = models.CharField(_("案情摘要"), max_length=300)
    violation = models.CharField(_("违法行为类型"), max_length=16, choices=Violation.choices)
    status = models.CharField(_("状态"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.REVIEW)
    found_at = models.DateTimeField(_("发现线索时间"))
    filed_at = models.DateTimeField(_("立案时间"), null=True, blank=True)
    filing_note = models.TextField(_("立案审批意见"), blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notice_at = models.DateTimeField(_("告知时间"), null=True, blank=True)
    facts = models.TextField(_("违法事实"), blank=True)
    procedure = models.CharField(_("程序"), max_length=8, choices=Procedure.choices, blank=True)
    penalties = models.JSONField(_("处罚种类"), default=list, blank=True)
    fine_yuan = models.DecimalField(_("罚没款金额（元）"), max_digits=14, decimal_places=2, default=0)
    severe = models.BooleanField(_("从重处罚（列入严重违法失信名单）"), default=False)
    decision_no = models.CharField(_("处罚决定书文号"), max_length=64, blank=True)
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    executed_at = models.DateTimeField(_("执行完毕时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结案时间"), null=True, blank=True)
    referred_at = models.DateTimeField(_("移送时间"), null=True, blank=True)
    referred_to = models.CharField(_("移送机关"), max_length=200, blank=True)
    annulled_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    end_note = models.TextField(_("说明"), blank=True)
    publication_id = models.BigIntegerField(null=True, blank=True)  # workflow.publication.Publication
    # copy of the nearest running time limit (the list sorts and filters on it without a join)
    deadline_at = models.DateTimeField(_("当前期限"), null=True, blank=True)
    deadline_kind = models.CharField(max_length=16, blank=True, choices=Limit.choices)
    paused = models.BooleanField(_("中止计时中"), default=False)
    # the list's sort key: the deadline, or the far future when none runs (ascending, index-ordered, the same
    # on SQLite and PostgreSQL, which place NULLs at opposite ends)
    rank_at = models.DateTimeField(default=NO_DEADLINE, editable=False)

    # the copy of the obligations' nearest due date: their own ledger entries carry every change
    ledger_untracked_fields = frozenset({"deadline_at", "deadline_kind", "paused", "rank_at"})

    class Meta:
        ordering = ["rank_at", "pk"]
        verbose_name = _("行政处罚案件")
        indexes = [
            models.Index(fields=["rank_at", "id"], name="enf_case_rank_idx"),
            models.Index(fields=["division_code", "status", "rank_at"], name="enf_case_list_idx"),
            models.Index(fields=["division_code", "violation"], name="enf_case_violation_idx"),
            models.Index(fields=["enterprise", "status"], name="enf_case_enterprise_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def source_label(self) -> str:
        return source_label(self.source)

    @property
    def penalty_labels(self) -> str:
        return "、".join(str(Penalty(p).label) for p in self.penalties if p in Penalty.values)


class CaseEvidence(models.Model):
    """A file collected in the investigation (the kernel's evidence file), with what it shows."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="evidence")
    evidence = models.ForeignKey("evidence.EvidenceFile", on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("证明事项"), max_length=300)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return self.note


class ListStatus(models.TextChoices):
    LISTED = "listed", _("列入名单")
    REMOVED = "removed", _("期满移出")
    REMOVED_EARLY = "removed_early", _("提前移出")


class CreditListEntry(RegulatedModel):
    """An entry on the 严重违法失信名单 (Order 44) from a severe decision."""

    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    division_code = models.CharField(_("辖区代码"), max_length=6, db_index=True)
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="list_entry")
    listed_on = models.DateField(_("列入日期"), validators=[past_date_validator])
    early_from = models.DateField(_("可申请提前移出日期"), validators=[plan_date_validator])
    removal_on = models.DateField(_("期满移出日期"), validators=[plan_date_validator])
    status = models.CharField(_("状态"), max_length=16, choices=ListStatus.choices, default=ListStatus.LISTED)
    removed_on = models.DateField(_("移出日期"), null=True, blank=True, validators=[past_date_validator])
    removal_reason = models.CharField(_("移出理由"), max_length=300, blank=True)

    class Meta:
        ordering = ["-listed_on", "-pk"]
        verbose_name = _("严重违法失信名单")


class RepairStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已修复")
    REFUSED = "refused", _("不予修复")


class CreditRepair(RegulatedModel):
    """信用修复 of one published penalty (国市监信规〔2021〕3号): after the waiting period, on conditions."""

    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    division_code = models.CharField(_("辖区代码"), max_length=6, db_index=True)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="repairs")
    applied_at = models.DateTimeField(_("申请时间"))
    harm_removed = models.TextField(_("消除危害后果的情况"))
    commitment = models.TextField(_("信用承诺"))
    status = models.CharField(
        _("状态"), max_length=16, choices=RepairStatus.choices, default=RepairStatus.PENDING
    )
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    decision_note = models.TextField(_("审核意见"), blank=True)

    class Meta:
        ordering = ["-applied_at", "-pk"]
        verbose_name = _("信用修复")


class TypicalCase(RegulatedModel):
    """曝光典型案例: a closed case told to the public, personal data removed."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="typical")
    division_code = models.CharField(_("辖区代码"), max_length=6, db_index=True)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("案情（已去除个人信息）"))
    published_at = models.DateTimeField(_("发布时间"))

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("典型案例")

    def __str__(self) -> str:
        return self.title
