"""Contract manufacturing oversight (委托生产, 2026 plan item 9: 资质审核、过程管控、标签标识、按时报告).

The registry holds the two-sided contract (`registry.ContractManufacturing`: filed by the 委托方, confirmed by
the 受托方). This app holds what the rules add on top of it, all owned by the 委托方 (the entrusting party
answers for the product and controls the manufacturer; its ledger chain holds these records):

* `Agreement` — the contract's scope (categories and varieties, products), quality responsibilities and
  term; its state says whether production may start (qualification passed).
* `Qualification` — the 委托方's review of the 受托方 before production: licence coverage checked against the
  registry, documents (evidence files), and an on-site audit on a checklist generated from the 细则.
* `Audit` — an on-site audit (the qualification's or a routine one): a kernel checklist run; its findings are
  kernel findings about the audit, put right through the kernel's rectification loop (the 受托方 answers).
* `Run` — one batch the 受托方 made under the contract: the 受托方's release record (its batch's release in
  production) and the 委托方's own release decision, both required.
* `LabelReview` — a label check (labelstore) of a contract product with both parties named.

Reports to the regulator are kernel obligations of the 委托方 about the agreement (kinds `contract.report.*`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shouhu.core.dates import past_date_validator, plan_date_validator
from shouhu.core.models import RegulatedModel


class AgreementState(models.TextChoices):
    QUALIFYING = "qualifying", _("资质审核中")  # no production under the contract yet
    APPROVED = "approved", _("审核通过，可委托生产")
    REFUSED = "refused", _("审核未通过")
    ENDED = "ended", _("已终止")


class Agreement(RegulatedModel):
    contract = models.OneToOneField(
        "registry.ContractManufacturing", on_delete=models.PROTECT, related_name="oversight"
    )
    principal = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    manufacturer = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    scope = models.JSONField(_("委托范围"), default=list)  # [{category, variety}] as the 细则 names them
    products = models.TextField(_("委托产品"))
    quality_terms = models.TextField(_("质量安全责任约定"))
    starts_on = models.DateField(_("委托期限起"), validators=[plan_date_validator])
    ends_on = models.DateField(_("委托期限止"), validators=[plan_date_validator])
    state = models.CharField(
        _("状态"), max_length=16, choices=AgreementState.choices, default=AgreementState.QUALIFYING
    )
    ended_on = models.DateField(_("终止日期"), null=True, blank=True, validators=[past_date_validator])

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("委托生产管理")

    def __str__(self) -> str:
        return f"{self.principal} → {self.manufacturer}"


class QualificationState(models.TextChoices):
    OPEN = "open", _("审核中")
    PASSED = "passed", _("通过")
    FAILED = "failed", _("不通过")


class Qualification(RegulatedModel):
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="qualifications")
    licence = models.ForeignKey(
        "registry.Licence", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    licence_ok = models.BooleanField(_("许可范围覆盖委托范围"), default=False)
    gaps = models.JSONField(_("许可核对问题"), default=list, blank=True)  # [{code, message, citation}]
    documents = models.JSONField(_("资质文件"), default=list, blank=True)  # [{kind, id, sha256}]
    audit = models.OneToOneField(
        "contract.Audit", null=True, blank=True, on_delete=models.PROTECT, related_name="qualification"
    )
    state = models.CharField(
        _("结论"), max_length=8, choices=QualificationState.choices, default=QualificationState.OPEN
    )
    note = models.TextField(_("审核意见"), blank=True)
    decided_at = models.DateTimeField(_("结论时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("受托方资质审核")


class AuditKind(models.TextChoices):
    QUALIFICATION = "qualification", _("资质审核现场审核")
    ROUTINE = "routine", _("日常现场审核")


class Audit(RegulatedModel):
    """An on-site audit of the 受托方 by the 委托方 (kernel checklist run; findings about this audit)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="audits")
    kind = models.CharField(_("审核类型"), max_length=16, choices=AuditKind.choices)
    held_on = models.DateField(_("审核日期"), validators=[past_date_validator])
    run = models.OneToOneField("checklists.ChecklistRun", on_delete=models.PROTECT, related_name="+")
    auditors = models.CharField(_("审核人员"), max_length=200)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("委托方现场审核")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"


class Decision(models.TextChoices):
    PENDING = "pending", _("待委托方决定")
    RELEASED = "released", _("委托方放行")
    REJECTED = "rejected", _("委托方不予放行")


class Run(RegulatedModel):
    """One batch made under the contract (the 受托方's batch) and the 委托方's release decision on it."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="runs")
    batch = models.OneToOneField("production.Batch", on_delete=models.PROTECT, related_name="contract_run")
    decision = models.CharField(
        _("委托方放行决定"), max_length=16, choices=Decision.choices, default=Decision.PENDING
    )
    note = models.TextField(_("决定说明"), blank=True)
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("委托生产批次")


class LabelReview(RegulatedModel):
    """A label check of a contract product, checked with both parties named (`contract.parties`)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="label_reviews")
    label_check = models.OneToOneField("labelstore.LabelCheck", on_delete=models.PROTECT, related_name="+")
    passed = models.BooleanField(_("双方标示合格"))

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("委托生产标签核对")
