"""Traceability (追溯, 第五十条) and recall (召回, 第六十三条).

`TraceEdge` is the graph every trace walks: material lot → batch (consumption), batch → batch (a
semi-finished batch used in another), batch → shipment (sale). Production announces each flow
(`production.flows`) in the transaction of the record it mirrors and `graph.record_flow` writes the edge
there; production imports nothing of trace. Edges carry only integers so that a recursive CTE over
the two covering indexes touches the trace, never the rest of the graph.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from shouhu.core.dates import past_date_validator, plan_date_validator
from shouhu.core.models import RegulatedModel
from shouhu.core.states import StateMachine, Transition


class Node(models.IntegerChoices):
    LOT = 1, _("物料批次")
    BATCH = 2, _("生产批次")
    SHIPMENT = 3, _("销售记录")


class TraceEdge(models.Model):
    """src → dst with the quantity that flowed along it (kg of a lot, units of a batch)."""

    enterprise_id = models.BigIntegerField()
    src_type = models.PositiveSmallIntegerField(choices=Node.choices)
    src_id = models.BigIntegerField()
    dst_type = models.PositiveSmallIntegerField(choices=Node.choices)
    dst_id = models.BigIntegerField()
    quantity = models.DecimalField(max_digits=14, decimal_places=3)
    at = models.DateField(validators=[past_date_validator])

    class Meta:
        indexes = [
            # covering indexes: each recursive step is one index range scan
            models.Index(fields=["src_type", "src_id", "dst_type", "dst_id"], name="trace_edge_fwd"),
            models.Index(fields=["dst_type", "dst_id", "src_type", "src_id"], name="trace_edge_back"),
        ]

    def __str__(self) -> str:
        return f"{self.src_type}:{self.src_id}→{self.dst_type}:{self.dst_id}"

    def delete(self, *args, **kwargs):
        from shouhu.core.errors import DeletionRefused

        raise DeletionRefused(_("追溯记录不得删除"))


class RecallLevel(models.IntegerChoices):
    ONE = 1, _("一级召回")
    TWO = 2, _("二级召回")
    THREE = 3, _("三级召回")


class RecallStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("召回中")  # customers being notified, units recovered
    COMPLETED = "completed", _("已完成")  # disposal and rectification recorded; closed to changes


_R = RecallStatus
# A recall as data; the services ask it. Only supervision (the regulator's note) is open after completion.
RECALL_FLOW = StateMachine(
    RecallStatus,
    {
        "notify": Transition(_("通知购货者"), {_R.IN_PROGRESS}),
        "recover": Transition(_("登记召回数量"), {_R.IN_PROGRESS}),
        "report": Transition(_("向监管部门报告"), {_R.IN_PROGRESS}),
        "supervise": Transition(_("监督处理"), {_R.IN_PROGRESS, _R.COMPLETED}),
        "complete": Transition(_("完成召回"), {_R.IN_PROGRESS}, _R.COMPLETED),
        # the regulator's answer to the closing report: correct it (the recall is open again) or accept it
        "require_correction": Transition(_("责令改正"), {_R.IN_PROGRESS, _R.COMPLETED}, _R.IN_PROGRESS),
        "accept_closing": Transition(_("验收召回总结报告"), {_R.COMPLETED}),
    },
)


class Recall(RegulatedModel):
    """产品召回及处理记录 (附件1 #4): scope from the trace, deadlines from the rule data."""

    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="recalls")
    number = models.CharField(_("召回编号"), max_length=32, unique=True)
    level = models.PositiveSmallIntegerField(_("召回级别"), choices=RecallLevel.choices)
    reason = models.TextField(_("召回原因"))
    origin_batch = models.ForeignKey(
        "production.Batch", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    origin_lot = models.ForeignKey(
        "production.MaterialLot", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("启动时间"))
    plan_due_at = models.DateTimeField(_("启动并报告召回计划期限"))
    finish_due_on = models.DateField(_("完成期限"), validators=[plan_date_validator])
    deadline_source = models.CharField(_("期限依据"), max_length=200)
    status = models.CharField(
        _("状态"), max_length=16, choices=RecallStatus.choices, default=RecallStatus.IN_PROGRESS
    )
    scope = models.JSONField(_("召回范围"), default=dict)
    reported_at = models.DateTimeField(_("向监管部门报告时间"), null=True, blank=True)
    disposal = models.TextField(_("召回产品处理情况"), blank=True)
    disposal_place = models.CharField(_("处理地点"), max_length=200, blank=True)
    rectification = models.TextField(_("后续整改方案"), blank=True)
    regulator_note = models.TextField(_("主管行政部门监督处理情况"), blank=True)
    completed_on = models.DateField(_("完成日期"), null=True, blank=True, validators=[past_date_validator])
    correction_note = models.TextField(_("责令改正意见"), blank=True)
    correction_required_at = models.DateTimeField(_("责令改正时间"), null=True, blank=True)
    closing_accepted_at = models.DateTimeField(_("总结报告验收时间"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("产品召回")

    def __str__(self) -> str:
        return self.number


class RecallItem(RegulatedModel):
    """One shipment (or the stock still held) in a recall: notified when, how much recovered."""

    recall = models.ForeignKey(Recall, on_delete=models.PROTECT, related_name="items")
    batch = models.ForeignKey("production.Batch", on_delete=models.PROTECT, related_name="+")
    shipment = models.ForeignKey(
        "production.Shipment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    customer_name = models.CharField(_("购货者"), max_length=200, blank=True)
    quantity = models.DecimalField(_("涉及数量"), max_digits=14, decimal_places=3)
    notified_at = models.DateTimeField(_("通知时间"), null=True, blank=True)
    recovered = models.DecimalField(_("已召回数量"), max_digits=14, decimal_places=3, default=0)

    class Meta:
        ordering = ["recall_id", "batch_id", "id"]
        verbose_name = _("召回明细")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recovered__gte=0) & models.Q(recovered__lte=models.F("quantity")),
                name="recall_item_recovered_in_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.recall_id}/{self.batch_id} {self.recovered}/{self.quantity}"
