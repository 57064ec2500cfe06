"""Sales-side supervision (issue 34, plan item 13): sellers, their online shops, the platforms they sell on.

A listing swept by the label store (`labelstore.LabelCheck`) is tied to a shop here (`ListingMatch`), so its
findings accumulate on the shop and its seller; a platform is asked to take a listing down or correct it
(`PlatformRequest`, its answer period a kernel obligation); shops that look like they evade supervision are
flagged for an inspector (`EvasionSignal`), never judged automatically. An enterprise's buyer
(`production.Customer`) is matched to a seller by a person (`CustomerLink`), so a batch reaches the shelf.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shouhu.core.models import RegulatedModel


class PermitKind(models.TextChoices):
    LICENCE = "licence", _("食品经营许可证")
    FILING = "filing", _("仅销售预包装食品备案")


class Platform(RegulatedModel):
    """A third-party online trading platform (网络食品交易第三方平台) and where takedown requests go."""

    name = models.CharField(_("平台名称"), max_length=100, unique=True)
    operator = models.CharField(_("平台运营主体"), max_length=200)
    registration_no = models.CharField(_("备案或许可编号"), max_length=100)
    division_code = models.CharField(_("登记地辖区代码"), max_length=6, db_index=True)
    contact = models.CharField(_("下架联系人"), max_length=100)
    contact_channel = models.CharField(_("下架联系方式"), max_length=200)
    client_id = models.UUIDField(null=True, blank=True, unique=True, editable=False)  # an idempotent create

    class Meta:
        ordering = ["name"]
        verbose_name = _("网络交易平台")

    def __str__(self) -> str:
        return self.name


class Seller(RegulatedModel):
    """A food seller (食品经营者): shop on a street, online only, or both."""

    name = models.CharField(_("经营者名称"), max_length=200)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    permit_kind = models.CharField(_("许可类型"), max_length=16, choices=PermitKind.choices)
    permit_no = models.CharField(_("许可证或备案编号"), max_length=64)
    address = models.CharField(_("经营地址"), max_length=300)
    division_code = models.CharField(_("辖区代码"), max_length=6, db_index=True)
    client_id = models.UUIDField(null=True, blank=True, unique=True, editable=False)  # an idempotent create

    class Meta:
        ordering = ["division_code", "name"]
        verbose_name = _("食品经营者")
        constraints = [
            models.UniqueConstraint(fields=["division_code", "name"], name="sales_seller_unique_name"),
            models.UniqueConstraint(fields=["uscc"], condition=~Q(uscc=""), name="sales_seller_unique_uscc"),
        ]

    def __str__(self) -> str:
        return self.name


class Shop(RegulatedModel):
    """A shop on a platform, with the entity the platform says operates it; `seller` once a person ties it."""

    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="shops")
    shop_id = models.CharField(_("店铺编号"), max_length=100)
    name = models.CharField(_("店铺名称"), max_length=200)
    url = models.CharField(_("店铺链接"), max_length=500, blank=True)
    operator_name = models.CharField(_("平台登记的经营主体"), max_length=200, blank=True)
    operator_uscc = models.CharField(_("经营主体信用代码"), max_length=18, blank=True)
    registered_address = models.CharField(_("登记经营地址"), max_length=300, blank=True)
    seller = models.ForeignKey(Seller, null=True, blank=True, on_delete=models.PROTECT, related_name="shops")
    division_code = models.CharField(_("辖区代码"), max_length=6, db_index=True)
    client_id = models.UUIDField(null=True, blank=True, unique=True, editable=False)  # an idempotent create

    class Meta:
        ordering = ["platform_id", "shop_id"]
        verbose_name = _("网店")
        constraints = [models.UniqueConstraint(fields=["platform", "shop_id"], name="sales_shop_unique_id")]

    def __str__(self) -> str:
        return f"{self.platform} · {self.name}"


class LinkState(models.TextChoices):
    PROPOSED = "proposed", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    REJECTED = "rejected", _("已否定")


class CustomerLink(RegulatedModel):
    """An enterprise's buyer (购货者) found to be a seller: proposed by name and address, decided by a person."""

    customer = models.ForeignKey("production.Customer", on_delete=models.PROTECT, related_name="+")
    seller = models.ForeignKey(Seller, on_delete=models.PROTECT, related_name="customer_links")
    enterprise_id = models.BigIntegerField(db_index=True)  # the buyer's supplier, for tenancy and the ledger
    division_code = models.CharField(_("辖区代码"), max_length=6, db_index=True)
    score = models.FloatField(_("相似度"))
    state = models.CharField(_("状态"), max_length=16, choices=LinkState.choices, default=LinkState.PROPOSED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-score", "pk"]
        verbose_name = _("购货者与经营者对应")
        constraints = [
            models.UniqueConstraint(fields=["customer", "seller"], name="sales_link_unique_pair"),
            models.UniqueConstraint(
                fields=["customer"], condition=Q(state="confirmed"), name="sales_link_one_confirmed"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} → {self.seller_id}"


class LinkStatus(models.TextChoices):
    RUNNING = "running", _("匹配中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class SweepLink(RegulatedModel):
    """A label sweep's listings tied to shops: the column mapping used, progress and the per-seller tally."""

    sweep = models.OneToOneField("labelstore.LabelSweep", on_delete=models.PROTECT, related_name="+")
    division_code = models.CharField(_("辖区代码"), max_length=6, db_index=True)
    columns = models.JSONField(_("列对应"), default=dict)
    status = models.CharField(
        _("状态"), max_length=16, choices=LinkStatus.choices, default=LinkStatus.RUNNING
    )
    rows = models.PositiveIntegerField(_("条目数"), default=0)
    done = models.PositiveIntegerField(_("已处理"), default=0)
    matched = models.PositiveIntegerField(_("已对应网店"), default=0)
    shops_created = models.PositiveIntegerField(_("新登记网店"), default=0)
    summary = models.JSONField(_("汇总"), default=dict, blank=True)
    error = models.TextField(_("错误"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("排查条目与网店对应")

    def __str__(self) -> str:
        return f"link of sweep {self.sweep_id}"


class ListingMatch(models.Model):
    """One swept listing tied to its shop (bulk data of a `SweepLink`, written once, never edited)."""

    link = models.ForeignKey(SweepLink, on_delete=models.PROTECT, related_name="listings")
    check_id = models.BigIntegerField()  # labelstore.LabelCheck (bulk rows: no FK constraint to check)
    row = models.PositiveIntegerField()
    listing_id = models.CharField(max_length=300, blank=True)
    shop = models.ForeignKey(Shop, null=True, on_delete=models.PROTECT, related_name="listings")
    seller = models.ForeignKey(Seller, null=True, on_delete=models.PROTECT, related_name="listings")
    finding_count = models.PositiveIntegerField(default=0)
    codes = models.JSONField(default=list)
    ship_from = models.CharField(max_length=300, blank=True)
    ship_division = models.CharField(max_length=6, blank=True)

    class Meta:
        ordering = ["link_id", "row"]
        constraints = [models.UniqueConstraint(fields=["link", "row"], name="sales_listing_unique_row")]
        indexes = [
            models.Index(fields=["shop", "finding_count"], name="sales_listing_shop"),
            models.Index(fields=["seller", "finding_count"], name="sales_listing_seller"),
        ]

    def __str__(self) -> str:
        return f"{self.link_id}#{self.row}"


class RequestKind(models.TextChoices):
    TAKEDOWN = "takedown", _("下架")
    CORRECTION = "correction", _("更正")


class RequestStatus(models.TextChoices):
    SENT = "sent", _("已发出，待平台答复")
    ANSWERED = "answered", _("平台已答复")
    ESCALATED = "escalated", _("已转案件线索")


class AnswerKind(models.TextChoices):
    REMOVED = "removed", _("已下架")
    CORRECTED = "corrected", _("已更正")
    DISPUTED = "disputed", _("平台提出异议")


class PlatformRequest(RegulatedModel):
    """A regulator's takedown or correction request to a platform about one shop's listings."""

    # set from the answer-period obligation made in the same transaction (its own ledger entry names the
    # request and holds the due date): not compared by `audit verify`, as for risk's inspection tasks
    ledger_untracked_fields = frozenset({"obligation_id", "due_at"})

    number = models.CharField(_("文书编号"), max_length=40, unique=True)
    kind = models.CharField(_("要求类型"), max_length=16, choices=RequestKind.choices)
    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="requests")
    shop = models.ForeignKey(Shop, on_delete=models.PROTECT, related_name="requests")
    seller = models.ForeignKey(
        Seller, null=True, blank=True, on_delete=models.PROTECT, related_name="requests"
    )
    division_code = models.CharField(_("辖区代码"), max_length=6, db_index=True)
    findings = models.JSONField(_("问题及依据"), default=list)
    citations = models.JSONField(_("引用依据"), default=list)
    obligation_id = models.BigIntegerField(null=True, blank=True)  # the kernel's 待办 for the answer
    due_at = models.DateTimeField(_("答复期限"))
    status = models.CharField(
        _("状态"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.SENT
    )
    answer_kind = models.CharField(_("答复结果"), max_length=16, choices=AnswerKind.choices, blank=True)
    answer = models.TextField(_("平台答复"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    clue_id = models.BigIntegerField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    client_id = models.UUIDField(null=True, blank=True, unique=True, editable=False)  # an idempotent create

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("平台下架更正要求")

    def __str__(self) -> str:
        return self.number


class SignalKind(models.TextChoices):
    OPERATOR_UNKNOWN = "operator_unknown", _("经营主体不在经营者名录中")
    DIVISION_MISMATCH = "division_mismatch", _("发货地或取货地与登记地址不在同一辖区")
    SHARED_OPERATOR = "shared_operator", _("同一主体在多个平台开设多家网店")


class SignalStatus(models.TextChoices):
    OPEN = "open", _("待核查")
    CONFIRMED = "confirmed", _("核查属实")
    DISMISSED = "dismissed", _("核查排除")


class EvasionSignal(RegulatedModel):
    """A sign a shop may evade supervision (plan item 13), with its evidence, for an inspector to judge."""

    shop = models.ForeignKey(Shop, on_delete=models.PROTECT, related_name="signals")
    kind = models.CharField(_("信号类型"), max_length=24, choices=SignalKind.choices)
    division_code = models.CharField(_("辖区代码"), max_length=6, db_index=True)
    evidence = models.JSONField(_("证据"), default=dict)
    status = models.CharField(
        _("状态"), max_length=16, choices=SignalStatus.choices, default=SignalStatus.OPEN
    )
    note = models.TextField(_("核查说明"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("规避监管信号")
        constraints = [models.UniqueConstraint(fields=["shop", "kind"], name="sales_signal_unique_kind")]

    def __str__(self) -> str:
        return f"{self.shop_id}:{self.kind}"


class SellerInspection(RegulatedModel):
    """A seller inspection: the kernel checklist run on the seller, and what came of it."""

    seller = models.ForeignKey(Seller, on_delete=models.PROTECT, related_name="inspections")
    run = models.OneToOneField("checklists.ChecklistRun", on_delete=models.PROTECT, related_name="+")
    division_code = models.CharField(_("辖区代码"), max_length=6, db_index=True)
    result = models.CharField(_("检查结论"), max_length=32, blank=True)
    findings = models.PositiveIntegerField(_("问题数"), default=0)
    clue_id = models.BigIntegerField(null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("经营者监督检查")

    def __str__(self) -> str:
        return f"{self.seller} #{self.pk}"
