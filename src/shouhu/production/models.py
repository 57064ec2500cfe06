"""Production records (生产记录, 细则第三十六条–第七十二条, 附件1): suppliers, material lots, batches, sales.

Every model is a regulated record (never deleted, every change in the ledger) written only through
`services`. Stock is held on the lot (`MaterialLot.on_hand`) and on the batch (`Batch.on_hand`) and moved
only by conditional UPDATEs in `services` (`… SET on_hand = on_hand - q WHERE on_hand >= q`), backed by a
CHECK constraint, so it cannot go negative even under concurrent writers; each move is also a `StockMove`
row (库房保管记录, 附件1 #27) so the balance can be recomputed and audited.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shouhu.core.dates import past_date_validator, plan_date_validator
from shouhu.core.models import RegulatedModel
from shouhu.core.states import StateMachine, Transition

QTY = {"max_digits": 14, "decimal_places": 3}


class Supplier(RegulatedModel):
    """A supplier of materials (供应商), approved by the quality organisation (第三十六条–第四十条)."""

    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="suppliers")
    name = models.CharField(_("供应商名称"), max_length=200)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    licence_number = models.CharField(_("许可证编号"), max_length=32, blank=True)
    contact = models.CharField(_("联系方式"), max_length=100, blank=True)
    imported = models.BooleanField(_("进口原辅料供应商/贸易商"), default=False)
    quality_agreement = models.BooleanField(_("已签订质量协议"), default=False)
    approved = models.BooleanField(_("审核通过"), default=False)
    approved_on = models.DateField(_("审核日期"), null=True, blank=True, validators=[past_date_validator])
    approved_by = models.CharField(_("审核人"), max_length=64, blank=True)
    audit_summary = models.TextField(_("审核内容及评价"), blank=True)
    # 暂停: no purchase from it (第三十六条) until approved again; the reason stays in the ledger
    suspended = models.BooleanField(_("已暂停"), default=False)
    suspended_on = models.DateField(_("暂停日期"), null=True, blank=True, validators=[past_date_validator])
    suspension_reason = models.TextField(_("暂停原因"), blank=True)

    class Meta:
        ordering = ["enterprise_id", "name"]
        verbose_name = _("供应商")
        constraints = [models.UniqueConstraint(fields=["enterprise", "name"], name="supplier_unique_name")]

    def __str__(self) -> str:
        return self.name


class DocumentKind(models.TextChoices):
    LICENCE = "licence", _("资质证明文件")
    QUALITY_STANDARD = "quality_standard", _("质量标准")
    INSPECTION_REPORT = "inspection_report", _("检验报告")
    ONSITE_AUDIT = "onsite_audit", _("现场质量审核报告")
    INPUT_RECORDS = "input_records", _("农业投入品使用记录")


class SupplierDocument(RegulatedModel):
    """A document on file for a supplier, with its expiry (第三十七条, 第三十九条, 第四十条)."""

    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("文件类型"), max_length=32, choices=DocumentKind.choices)
    number = models.CharField(_("文件编号"), max_length=64, blank=True)
    issued_on = models.DateField(_("签发日期"), validators=[past_date_validator])
    expires_on = models.DateField(_("有效期至"), null=True, blank=True, validators=[plan_date_validator])
    # the scanned document (workflow.evidence: stored once, its SHA-256 in the ledger)
    evidence = models.ForeignKey(
        "evidence.EvidenceFile", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["supplier_id", "kind", "-issued_on"]
        verbose_name = _("供应商文件")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class MaterialKind(models.TextChoices):
    RAW = "raw", _("食品原料")
    ADDITIVE = "additive", _("食品添加剂")
    FORTIFIER = "fortifier", _("营养强化剂")
    PACKAGING = "packaging", _("包装材料")
    NUTRIENT_PACK = "nutrient_pack", _("营养包")


class Material(RegulatedModel):
    """A material (原辅料) the enterprise buys. `tags` drive the intake rules (rice, dairy, soy, pork…)."""

    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="materials")
    code = models.CharField(_("物料编码"), max_length=64)
    name = models.CharField(_("物料名称"), max_length=200)
    spec = models.CharField(_("规格"), max_length=100, blank=True)
    kind = models.CharField(
        _("物料类别"), max_length=16, choices=MaterialKind.choices, default=MaterialKind.RAW
    )
    unit = models.CharField(_("计量单位"), max_length=16, default="kg")
    main = models.BooleanField(_("主要原辅料"), default=False)
    # vocabulary: rice, dairy, soy, nutrient_pack, pork, meat, fish, spice, honey, irradiated, hydrogenated_fat
    tags = models.JSONField(_("属性"), default=list, blank=True)

    class Meta:
        ordering = ["enterprise_id", "code"]
        verbose_name = _("物料")
        constraints = [models.UniqueConstraint(fields=["enterprise", "code"], name="material_unique_code")]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class LotStatus(models.TextChoices):
    ACCEPTED = "accepted", _("合格接收")  # passed 进货查验: may be issued to batches
    REJECTED = "rejected", _("拒收")  # refused at intake: kept (with its non-conforming record), never used


# A lot's conclusion is set at intake (进货查验); a correction of its results (第七十条) may reject an accepted
# lot, never accept a rejected one. What the table decides is what a lot may still be used for.
LOT_FLOW = StateMachine(
    LotStatus,
    {
        "consume": Transition(_("投料使用"), {LotStatus.ACCEPTED}),  # 第四十一条: only accepted lots
        "reject": Transition(_("进货查验更正为不合格"), {LotStatus.ACCEPTED}, LotStatus.REJECTED),
    },
)


class MaterialLot(RegulatedModel):
    """One incoming lot and its 进货查验 (附件1 #23, #29): supplier, quantity, dates, tests, conclusion."""

    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="lots")
    material = models.ForeignKey(Material, on_delete=models.PROTECT, related_name="lots")
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="lots")
    code = models.CharField(_("物料批号"), max_length=64)
    supplier_lot = models.CharField(_("供应商批号"), max_length=64, blank=True)
    quantity = models.DecimalField(_("进货量"), **QTY)
    on_hand = models.DecimalField(_("库存量"), **QTY)
    received_on = models.DateField(_("进货日期"), validators=[past_date_validator])
    produced_on = models.DateField(_("生产日期"), null=True, blank=True, validators=[past_date_validator])
    expires_on = models.DateField(_("保质期至"), null=True, blank=True, validators=[plan_date_validator])
    status = models.CharField(_("查验结论"), max_length=16, choices=LotStatus.choices)
    inspector = models.CharField(_("查验人"), max_length=64)
    tests = models.JSONField(_("检验结果"), default=list, blank=True)
    required = models.JSONField(_("规则要求的查验项目"), default=list, blank=True)
    entry_exit_certificate = models.CharField(_("出入境检验检疫合格证明"), max_length=64, blank=True)

    ledger_untracked_fields = frozenset({"on_hand"})  # moved by conditional UPDATE, each move a StockMove row
    slaughter_certificate = models.CharField(_("定点屠宰证明"), max_length=64, blank=True)
    location = models.CharField(_("库位"), max_length=64, blank=True)

    class Meta:
        ordering = ["enterprise_id", "received_on", "code"]
        verbose_name = _("物料批次")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "code"], name="lot_unique_code"),
            models.CheckConstraint(condition=Q(on_hand__gte=0), name="lot_on_hand_not_negative"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="lot_quantity_positive"),
        ]
        indexes = [
            models.Index(fields=["material", "status", "expires_on", "received_on"], name="lot_fefo_idx")
        ]

    def __str__(self) -> str:
        return self.code


class Product(RegulatedModel):
    """A product (产品) with the profile the rules engine reads: category, variety, standard, attributes."""

    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="products")
    name = models.CharField(_("产品名称"), max_length=200)
    spec = models.CharField(_("规格"), max_length=100)
    category = models.CharField(_("类别编号"), max_length=4)
    variety = models.CharField(_("品种明细"), max_length=100)
    standard = models.CharField(_("执行标准"), max_length=64)
    processes = models.JSONField(_("工艺"), default=list, blank=True)
    attributes = models.JSONField(_("产品属性"), default=dict, blank=True)
    shelf_life_days = models.PositiveIntegerField(_("保质期（天）"))
    unit = models.CharField(_("计量单位"), max_length=16, default="盒")
    label_text = models.TextField(_("标签内容"), blank=True)
    critical_limits = models.JSONField(_("关键控制点限值"), default=dict, blank=True)

    class Meta:
        ordering = ["enterprise_id", "name"]
        verbose_name = _("产品")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "name", "spec"], name="product_unique_name_spec")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.spec}"

    @property
    def profile(self) -> dict:
        """The product profile the rules engine evaluates (see docs/rules.md)."""
        return {
            "category": self.category,
            "variety": self.variety,
            "standard": self.standard,
            "processes": list(self.processes or []),
            "attributes": dict(self.attributes or {}),
        }


class BatchStatus(models.TextChoices):
    IN_PRODUCTION = "in_production", _("生产中")  # batching and CCP records being written
    ON_HOLD = "on_hold", _("暂扣（关键限值偏离）")  # a CCP outside its critical limits: no release
    PENDING = "pending", _("待检")  # finished goods in stock, awaiting release tests (第六十一条)
    RELEASED = "released", _("已放行")  # may be shipped (第五十一条)
    REJECTED = "rejected", _("不合格")  # a release test failed: a non-conforming record is open


_B = BatchStatus
_NOT_REJECTED = {_B.IN_PRODUCTION, _B.ON_HOLD, _B.PENDING, _B.RELEASED}
# A batch's life as data; the services ask it (`BATCH_FLOW.can("release", batch.status)`). Where one step
# leads to two states (completing a held batch keeps the hold), the table has one transition per outcome.
BATCH_FLOW = StateMachine(
    BatchStatus,
    {
        "consume": Transition(_("配料投料"), {_B.IN_PRODUCTION, _B.ON_HOLD}),
        "complete": Transition(_("完成生产"), {_B.IN_PRODUCTION}, _B.PENDING),
        "complete_held": Transition(_("完成生产"), {_B.ON_HOLD}),  # stays on hold until assessed
        "hold": Transition(_("暂扣"), _NOT_REJECTED, _B.ON_HOLD),  # a CCP deviation (附件1 #19)
        "clear_hold": Transition(_("解除暂扣"), {_B.ON_HOLD}, _B.PENDING),  # finished goods
        "resume": Transition(_("解除暂扣"), {_B.ON_HOLD}, _B.IN_PRODUCTION),  # not yet finished
        "reject": Transition(_("判定不合格"), _NOT_REJECTED, _B.REJECTED),  # a failing release test
        "release": Transition(_("放行"), {_B.PENDING}, _B.RELEASED),  # 第六十一条
        "ship": Transition(_("销售出库"), {_B.RELEASED}),  # 第五十一条
    },
)


class Batch(RegulatedModel):
    """A production batch (生产批次). `trace_code` is the public code printed for consumers."""

    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="batches")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="batches")
    number = models.CharField(_("生产批号"), max_length=64)
    trace_code = models.CharField(_("追溯码"), max_length=32, unique=True)
    produced_on = models.DateField(_("生产日期"), validators=[past_date_validator])
    expires_on = models.DateField(_("保质期至"), validators=[plan_date_validator])
    quantity = models.DecimalField(_("产量"), **QTY, default=0)
    on_hand = models.DecimalField(_("成品库存"), **QTY, default=0)
    ledger_untracked_fields = frozenset({"on_hand"})  # moved by conditional UPDATE, each move a StockMove row
    status = models.CharField(
        _("状态"), max_length=16, choices=BatchStatus.choices, default=BatchStatus.IN_PRODUCTION
    )
    certificate_no = models.CharField(_("检验合格证号"), max_length=64, blank=True)
    report_no = models.CharField(_("出厂检验报告编号"), max_length=64, blank=True)
    released_on = models.DateField(_("放行日期"), null=True, blank=True, validators=[past_date_validator])
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    hold_reason = models.TextField(_("暂扣原因"), blank=True)

    class Meta:
        ordering = ["enterprise_id", "-produced_on", "number"]
        verbose_name = _("生产批次")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "number"], name="batch_unique_number"),
            models.CheckConstraint(condition=Q(on_hand__gte=0), name="batch_on_hand_not_negative"),
        ]

    def __str__(self) -> str:
        return self.number


class Consumption(RegulatedModel):
    """配料 + 投料 (附件1 #17, #18): a batch consumed `quantity` of a lot; weighed by one, checked by another."""

    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="consumptions")
    lot = models.ForeignKey(MaterialLot, on_delete=models.PROTECT, related_name="consumptions")
    quantity = models.DecimalField(_("使用数量"), **QTY)
    batcher = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("配料人")
    )
    checker = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("复核人")
    )
    feeder = models.CharField(_("投料人"), max_length=64, blank=True)
    at = models.DateTimeField(_("配料时间"))

    class Meta:
        ordering = ["batch_id", "at"]
        verbose_name = _("配料投料记录")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="consumption_quantity_positive"),
            models.CheckConstraint(
                condition=~Q(batcher=models.F("checker")), name="consumption_checker_differs"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.batch} ← {self.lot} {self.quantity}"


class CCPRecord(RegulatedModel):
    """关键控制点的控制记录 (附件1 #19): a measurement against the enterprise's critical limits."""

    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="ccp_records")
    point = models.CharField(_("关键控制点"), max_length=64)
    parameter = models.CharField(_("关键控制项目"), max_length=64)
    value = models.DecimalField(_("测定值"), max_digits=12, decimal_places=3)
    limit_min = models.DecimalField(_("下限"), max_digits=12, decimal_places=3, null=True, blank=True)
    limit_max = models.DecimalField(_("上限"), max_digits=12, decimal_places=3, null=True, blank=True)
    deviation = models.BooleanField(_("偏离"), default=False)
    at = models.DateTimeField(_("时间"))
    operator = models.CharField(_("记录人"), max_length=64)

    class Meta:
        ordering = ["batch_id", "at"]
        verbose_name = _("关键控制点记录")

    def __str__(self) -> str:
        return f"{self.point} {self.parameter}={self.value}"


class Clearance(RegulatedModel):
    """清场记录 (附件1 #21, 第五十五条): signed by the responsible person and a reviewer."""

    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="clearances")
    area = models.CharField(_("清场区域"), max_length=100)
    at = models.DateTimeField(_("清场时间"))
    items = models.TextField(_("检查项目及结果"))
    responsible = models.CharField(_("清场负责人"), max_length=64)
    reviewer = models.CharField(_("复查人"), max_length=64)

    class Meta:
        ordering = ["batch_id", "at"]
        verbose_name = _("清场记录")

    def __str__(self) -> str:
        return f"{self.area} {self.at:%Y-%m-%d}"


class ReleaseTest(RegulatedModel):
    """出厂检验记录 (附件1 #30): one item's result; `rule_id` is the engine's test item it answers."""

    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="tests")
    rule_id = models.CharField(_("规则编号"), max_length=100, blank=True)
    item = models.CharField(_("检验项目"), max_length=100)
    method = models.CharField(_("检验方法"), max_length=200, blank=True)
    result = models.CharField(_("检验结果"), max_length=100)
    passed = models.BooleanField(_("合格"))
    tester = models.CharField(_("检验人员"), max_length=64)
    tested_on = models.DateField(_("检验日期"), validators=[past_date_validator])
    report_no = models.CharField(_("检验报告编号"), max_length=64)
    sample_quantity = models.DecimalField(_("抽样数量"), **QTY, null=True, blank=True)

    class Meta:
        ordering = ["batch_id", "item", "tested_on"]
        verbose_name = _("出厂检验记录")

    def __str__(self) -> str:
        return f"{self.item}: {self.result}"


class RetentionSample(RegulatedModel):
    """产品检验留样记录 (附件1 #31, 第六十一条): kept until the end of shelf life."""

    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="retention_samples")
    quantity = models.DecimalField(_("留样数量"), **QTY)
    retained_on = models.DateField(_("留样日期"), validators=[past_date_validator])
    location = models.CharField(_("留样位置"), max_length=100, blank=True)

    class Meta:
        ordering = ["batch_id"]
        verbose_name = _("留样记录")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="retention_quantity_positive")
        ]

    def __str__(self) -> str:
        return f"{self.batch} {self.quantity}"


# The disposition a non-conforming record opens with when its batch was already released (a record corrected
# to failing afterwards, services.corrections): the batch page flags it until a disposition is recorded.
RELEASED_PENDING = "已放行，待评估"


class NonConforming(RegulatedModel):
    """不合格品处理记录 (附件1 #2, 第六十四条): a failing lot or batch and what was done with it."""

    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    batch = models.ForeignKey(
        Batch, null=True, blank=True, on_delete=models.PROTECT, related_name="nonconforming"
    )
    lot = models.ForeignKey(
        MaterialLot, null=True, blank=True, on_delete=models.PROTECT, related_name="nonconforming"
    )
    name = models.CharField(_("名称"), max_length=200)
    spec = models.CharField(_("规格"), max_length=100, blank=True)
    produced_on = models.DateField(_("生产日期"), null=True, blank=True, validators=[past_date_validator])
    quantity = models.DecimalField(_("数量"), **QTY)
    problem = models.TextField(_("不合格情况"))
    disposition = models.TextField(_("处理情况"), blank=True)
    found_on = models.DateField(_("发现日期"), validators=[past_date_validator])

    class Meta:
        ordering = ["-found_on"]
        verbose_name = _("不合格品处理记录")

    def __str__(self) -> str:
        return f"{self.name} {self.problem[:40]}"


class CustomerKind(models.TextChoices):
    DISTRIBUTOR = "distributor", _("经销商")
    RETAILER = "retailer", _("零售商")
    ONLINE = "online", _("网店")


class Customer(RegulatedModel):
    """A buyer (购货者): distributor, retailer or online shop."""

    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="customers")
    name = models.CharField(_("购货者名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=16, choices=CustomerKind.choices)
    contact = models.CharField(_("联系方式"), max_length=100)
    address = models.CharField(_("地址"), max_length=300, blank=True)

    class Meta:
        ordering = ["enterprise_id", "name"]
        verbose_name = _("客户")
        constraints = [models.UniqueConstraint(fields=["enterprise", "name"], name="customer_unique_name")]

    def __str__(self) -> str:
        return self.name


class Shipment(RegulatedModel):
    """销售记录 (附件1 #3): a quantity of a released batch sold to a customer."""

    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="shipments")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="shipments")
    quantity = models.DecimalField(_("数量"), **QTY)
    shipped_on = models.DateField(_("销售日期"), validators=[past_date_validator])
    document_no = models.CharField(_("单据号"), max_length=64, blank=True)

    class Meta:
        ordering = ["-shipped_on"]
        verbose_name = _("销售记录")
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="shipment_quantity_positive")]

    def __str__(self) -> str:
        return f"{self.batch} → {self.customer} {self.quantity}"


class Return(RegulatedModel):
    """退货处置记录 (附件1 #6): goods coming back from a shipment, never more than was shipped."""

    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    shipment = models.ForeignKey(Shipment, on_delete=models.PROTECT, related_name="returns")
    quantity = models.DecimalField(_("退货数量"), **QTY)
    returned_on = models.DateField(_("退货日期"), validators=[past_date_validator])
    reason = models.TextField(_("退货原因"))
    disposition = models.TextField(_("处理情况"), blank=True)
    restock = models.BooleanField(_("退回库存"), default=False)

    class Meta:
        ordering = ["-returned_on"]
        verbose_name = _("退货处置记录")
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="return_quantity_positive")]

    def __str__(self) -> str:
        return f"{self.shipment} −{self.quantity}"


class MoveKind(models.TextChoices):
    RECEIVE = "receive", _("入库")
    ISSUE = "issue", _("领用出库")
    PRODUCE = "produce", _("成品入库")
    SHIP = "ship", _("销售出库")
    RETURN = "return", _("退货入库")
    SAMPLE = "sample", _("留样/抽样")


class StockMove(models.Model):
    """库房保管记录 (附件1 #27): every change of a lot's or batch's stock, with the balance after it.

    Written only inside the service that moves the stock; append-only like the ledger.
    """

    enterprise_id = models.BigIntegerField(db_index=True)
    lot = models.ForeignKey(
        MaterialLot, null=True, blank=True, on_delete=models.PROTECT, related_name="moves"
    )
    batch = models.ForeignKey(Batch, null=True, blank=True, on_delete=models.PROTECT, related_name="moves")
    kind = models.CharField(_("类型"), max_length=16, choices=MoveKind.choices)
    quantity = models.DecimalField(_("数量（入库为正）"), **QTY)
    balance = models.DecimalField(_("结存"), **QTY)
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    ref = models.CharField(_("关联记录"), max_length=64, blank=True)
    actor_label = models.CharField(_("负责人"), max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("库存变动")
        constraints = [models.CheckConstraint(condition=Q(balance__gte=0), name="move_balance_not_negative")]

    def __str__(self) -> str:
        return f"{self.kind} {self.quantity} → {self.balance}"

    def delete(self, *args, **kwargs):
        from shouhu.core.errors import DeletionRefused

        raise DeletionRefused(_("库房记录不得删除"))


class Record(RegulatedModel):
    """Any other 附件1 record (#1, #5, #7–#16, #20, #22, #24–#26, #28): typed by the rules engine.

    `number` is the 附件1 序号; `data` holds the fields, and the fields the rule set lists for that record
    are required (services.record_create checks them against `eng.rule('xize2017.annex1.recordNN')`).
    """

    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField(_("附件1序号"))
    rule_id = models.CharField(_("规则编号"), max_length=64)
    occurred_on = models.DateField(_("记录日期"), validators=[past_date_validator])
    data = models.JSONField(_("记录内容"))
    external_id = models.CharField(_("企业系统编号"), max_length=64, blank=True)

    class Meta:
        ordering = ["enterprise_id", "number", "-occurred_on"]
        verbose_name = _("附件1记录")
        indexes = [models.Index(fields=["enterprise", "number", "occurred_on"], name="record_kind_idx")]

    def __str__(self) -> str:
        return f"#{self.number} {self.occurred_on}"


class Gate(models.TextChoices):
    RELEASE = "release", _("出厂放行")
    SHIPMENT = "shipment", _("销售出库")


class GateRefusal(models.Model):
    """An attempt the release or shipment gate refused (第五十一条, 第六十一条), kept so patterns show.

    Written after the refused transaction has rolled back (`services.refusals`), so it survives the
    rollback; append-only, outside the hash chains like the security log: it records an attempt, not a
    regulated record. Anomaly detection reads it (repeated refusals before a release).
    """

    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    batch = models.ForeignKey(Batch, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    gate = models.CharField(_("关口"), max_length=16, choices=Gate.choices)
    reason = models.CharField(_("拒绝原因代码"), max_length=64)
    message = models.CharField(_("拒绝原因"), max_length=500)
    cite = models.CharField(_("依据"), max_length=200, blank=True)
    actor_label = models.CharField(_("操作人"), max_length=200, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("放行/出库拒绝记录")

    def __str__(self) -> str:
        return f"{self.gate} {self.reason}"

    def delete(self, *args, **kwargs):
        from shouhu.core.errors import DeletionRefused

        raise DeletionRefused(_("拒绝记录不得删除"))
