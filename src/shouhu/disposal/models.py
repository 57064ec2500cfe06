"""核查处置 of a failed supervision sample (《食品安全抽样检验管理办法》; DOMAIN.md §8, §12; issue 28).

A case opens when sampling judges a sample failed (`core.hooks.sample_failed`). The regulator serves the
result on the producer; serving starts the producer's clocks: its duties (seal stock, stop production and
sale, notify buyers, recall when the batch reached the market, find the cause, rectify and report) and its
rights (复检 within 7 working days at another lab, none for microbiological failures; 异议). Every duty
and deadline is a workflow obligation about the case (subject = the case), so the inbox, the overdue list
and escalation are the kernel's. A pending 复检 or 异议 stops the clocks of the cause/rectification report
and of the 90-day closing (testing is not counted); the re-test lab's result is final.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shouhu.core.models import RegulatedModel
from shouhu.core.states import StateMachine, Transition


class CaseStatus(models.TextChoices):
    OPEN = "open", _("处置中")  # result not yet served, or duties running
    CONTESTED = "contested", _("复检或异议中")  # a 复检 or 异议 is pending
    CLOSED = "closed", _("已办结")  # the regulator verified the duties and closed it
    ENDED = "ended", _("已终止")  # 复检 passed or an objection was upheld: the failure no longer stands


OPEN_STATUSES = (CaseStatus.OPEN, CaseStatus.CONTESTED)

_C = CaseStatus
CASE_FLOW = StateMachine(
    CaseStatus,
    {
        "serve": Transition(_("送达检验结论"), {_C.OPEN}),
        "answer": Transition(_("履行处置义务"), {_C.OPEN, _C.CONTESTED}),
        "recall": Transition(_("启动召回"), {_C.OPEN, _C.CONTESTED}),
        "request": Transition(_("申请复检或提出异议"), {_C.OPEN}, _C.CONTESTED),
        "continue": Transition(_("复检或异议不成立，继续处置"), {_C.CONTESTED}, _C.OPEN),
        "end": Transition(_("终止核查处置"), {_C.CONTESTED}, _C.ENDED),
        "close": Transition(_("核查处置办结"), {_C.OPEN}, _C.CLOSED),
        "extend": Transition(_("延长办结期限"), {_C.OPEN, _C.CONTESTED}),
    },
)


class Duty(models.TextChoices):
    """Each duty is one obligation about the case, its kind `disposal.<code>`."""

    SERVE = "serve", _("送达不合格检验结论")
    SEAL = "seal", _("封存库存")
    STOP = "stop", _("停止生产销售")
    NOTIFY = "notify", _("通知相关经营者和消费者")
    RECALL = "recall", _("召回已上市产品")
    CAUSE = "cause", _("查明原因、整改并报告")
    CLOSE = "close", _("核查处置办结")
    RETEST = "retest", _("复检机构出具复检结论")
    OBJECTION = "objection", _("作出异议处理决定")


ENTERPRISE_DUTIES = (Duty.SEAL, Duty.STOP, Duty.NOTIFY, Duty.RECALL, Duty.CAUSE)
# the clocks a pending 复检 / 异议 stops (sealing, stopping and notifying go on: the product stays unsafe)
PAUSED_BY_REQUEST = (Duty.CAUSE, Duty.CLOSE)


class Case(RegulatedModel):
    number = models.CharField(_("核查处置编号"), max_length=40, unique=True)
    sample = models.OneToOneField("sampling.Sample", on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    batch = models.ForeignKey("production.Batch", on_delete=models.PROTECT, related_name="+")
    division_code = models.CharField(_("辖区代码"), max_length=6, db_index=True)
    status = models.CharField(_("状态"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    failed_items = models.JSONField(_("不合格项目"), default=list)
    microbiological = models.BooleanField(_("微生物项目不合格"), default=False)
    on_market = models.BooleanField(_("产品已上市销售"), default=False)
    reported_at = models.DateTimeField(_("检验机构报告时间"))
    served_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    served_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recall = models.ForeignKey(
        "trace.Recall", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cause = models.TextField(_("不合格原因"), blank=True)
    rectification = models.TextField(_("整改措施"), blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    closing_note = models.TextField(_("核查意见"), blank=True)
    ended_reason = models.CharField(_("终止原因"), max_length=300, blank=True)

    class Meta:
        ordering = ["-reported_at", "-pk"]
        verbose_name = _("核查处置")
        indexes = [models.Index(fields=["enterprise", "status"])]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class RequestKind(models.TextChoices):
    RETEST = "retest", _("复检")
    OBJECTION = "objection", _("异议")


class RequestOutcome(models.TextChoices):
    PENDING = "pending", _("待结论")
    RETEST_PASS = "retest_pass", _("复检合格")
    RETEST_FAIL = "retest_fail", _("复检不合格")
    UPHELD = "upheld", _("异议成立")
    REJECTED = "rejected", _("异议不成立")


class Request(RegulatedModel):
    """A 复检 application or an 异议, and its final answer."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="requests")
    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类别"), max_length=16, choices=RequestKind.choices)
    filed_at = models.DateTimeField(_("申请时间"))
    window_ends_at = models.DateTimeField(_("申请期限"))
    lab_name = models.CharField(_("复检机构"), max_length=200, blank=True)
    reason = models.TextField(_("申请理由"))
    outcome = models.CharField(
        _("结论"), max_length=16, choices=RequestOutcome.choices, default=RequestOutcome.PENDING
    )
    report_no = models.CharField(_("复检报告编号"), max_length=64, blank=True)
    decided_at = models.DateTimeField(_("结论时间"), null=True, blank=True)
    decision_note = models.TextField(_("处理意见"), blank=True)
    obligation_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["filed_at", "pk"]
        verbose_name = _("复检或异议")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_id}"
