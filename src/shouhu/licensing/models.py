"""Licence review (许可审查): applications, document review, on-site verification, decisions, follow-up.

An application (新办 / 变更 / 延续) carries what the applicant enters — products (category, 表1 variety,
processes, attributes), the site, equipment with capacities, personnel with qualifications, the zoning
plan and uploaded documents. It moves through the states of `ApplicationStatus`; every move is a service
call (`services/`) that writes the ledger in the same transaction. Nothing here is ever deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shouhu.core.dates import any_date_validator, past_date_validator, plan_date_validator
from shouhu.core.models import RegulatedModel
from shouhu.core.states import StateMachine, Transition
from shouhu.registry.models import Enterprise, Licence
from shouhu.registry.validators import county_division


class ApplicationKind(models.TextChoices):
    NEW = "new", _("新办")
    CHANGE = "change", _("变更")
    RENEWAL = "renewal", _("延续")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")  # the applicant is still entering data
    SUBMITTED = "submitted", _("已提交")  # waiting for a reviewer to pick it up
    DOCUMENT_REVIEW = "document_review", _("书面审查中")  # the completeness checklist is being marked
    RETURNED = "returned", _("退回补正")  # the applicant must correct and resubmit
    ACCEPTED = "accepted", _("已受理")  # documents complete; the decision clock runs from here
    VERIFICATION = "verification", _("现场核查中")  # an inspection team holds the task
    VERIFIED_PASS = "verified_pass", _("核查通过")  # verdict: every applied variety passed
    VERIFIED_FAIL = "verified_fail", _("核查不通过")  # verdict: at least one variety failed
    APPROVED = "approved", _("准予许可")  # licence issued (terminal)
    REJECTED = "rejected", _("不予许可")  # reasons with citations recorded (terminal)


_S = ApplicationStatus
_DECIDED_ON = {_S.ACCEPTED, _S.VERIFIED_PASS, _S.VERIFIED_FAIL}  # the file is complete enough to decide

# Which action each state allows, and where it leads (no target: the state stays). The services ask this
# table (`APPLICATION_FLOW.require("submit", app.status)`) inside the row lock; a test walks it.
APPLICATION_FLOW = StateMachine(
    ApplicationStatus,
    {
        "edit": Transition(_("修改申请"), {_S.DRAFT, _S.RETURNED}),
        "submit": Transition(_("提交"), {_S.DRAFT, _S.RETURNED}, _S.SUBMITTED),
        "review_start": Transition(_("开始书面审查"), {_S.SUBMITTED}, _S.DOCUMENT_REVIEW),
        "review_mark": Transition(_("标记审查项目"), {_S.DOCUMENT_REVIEW}),
        "review_return": Transition(_("退回补正"), {_S.DOCUMENT_REVIEW}, _S.RETURNED),
        "review_accept": Transition(_("受理"), {_S.DOCUMENT_REVIEW}, _S.ACCEPTED),
        "assign": Transition(_("派发现场核查"), {_S.ACCEPTED}, _S.VERIFICATION),
        "verified_pass": Transition(_("记录核查结论"), {_S.VERIFICATION}, _S.VERIFIED_PASS),
        "verified_fail": Transition(_("记录核查结论"), {_S.VERIFICATION}, _S.VERIFIED_FAIL),
        "approve": Transition(_("准予许可"), {_S.VERIFIED_PASS}, _S.APPROVED),
        "extend": Transition(_("延长决定期限"), _DECIDED_ON | {_S.VERIFICATION}),
        "reject": Transition(_("不予许可"), _DECIDED_ON | {_S.DOCUMENT_REVIEW}, _S.REJECTED),
    },
)

EDITABLE_STATES = APPLICATION_FLOW.transitions["edit"].sources


class Application(RegulatedModel):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="licence_applications")
    kind = models.CharField(_("申请类型"), max_length=16, choices=ApplicationKind.choices)
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
        db_index=True,
    )
    licence = models.ForeignKey(
        Licence,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
        help_text="the licence changed or renewed; the licence issued for a new application",
    )
    site_name = models.CharField(_("生产场所名称"), max_length=200, blank=True)
    site_address = models.CharField(_("生产地址"), max_length=300)
    site_division_code = models.CharField(_("生产地址行政区划"), max_length=6, validators=[county_division])
    zoning_plan = models.TextField(_("作业区布局说明"), blank=True)
    change_description = models.TextField(_("变更事项"), blank=True)
    submitted_on = models.DateField(_("提交日期"), null=True, blank=True, validators=[past_date_validator])
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True, validators=[past_date_validator])
    decision_due_on = models.DateField(_("决定期限"), null=True, blank=True, validators=[plan_date_validator])
    decided_on = models.DateField(_("决定日期"), null=True, blank=True, validators=[past_date_validator])
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_reasons = models.JSONField(_("决定理由"), default=list, blank=True)
    licensed_snapshot = models.JSONField(_("许可时生产条件"), null=True, blank=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("许可申请")
        indexes = [models.Index(fields=["status", "-id"], name="licensing_app_status_idx")]

    def __str__(self) -> str:
        return f"XK{self.pk:06d} {self.get_kind_display()}" if self.pk else "新申请"

    @property
    def reference(self) -> str:
        return f"XK{self.pk:06d}"

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE_STATES


class AppliedProduct(RegulatedModel):
    """One category and 表1 variety applied for, with the processes and attributes of its profile."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="products")
    category = models.CharField(_("类别编号"), max_length=4)
    variety = models.CharField(_("品种明细"), max_length=100)
    standard = models.CharField(_("执行标准"), max_length=64, blank=True)
    processes = models.JSONField(_("工艺"), default=list, blank=True)
    attributes = models.JSONField(_("产品属性"), default=dict, blank=True)

    class Meta:
        ordering = ["application_id", "category", "variety"]
        verbose_name = _("申请品种")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "category", "variety"], name="licensing_product_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.variety}"

    @property
    def key(self) -> str:
        return f"{self.category}:{self.variety}"

    def profile(self) -> dict:
        return {
            "category": self.category,
            "variety": self.variety,
            "standard": self.standard,
            "processes": list(self.processes or []),
            "attributes": dict(self.attributes or {}),
        }


class EquipmentKind(models.TextChoices):
    DRUM_DRYER = "drum_dryer", _("滚筒干燥设备")
    EXTRUDER = "extruder", _("挤压膨化设备")
    SPRAY_DRYER = "spray_dryer", _("喷雾干燥设备")
    OVEN = "oven", _("烘烤设备")
    MIXER = "mixer", _("混合设备")
    PREMIXER = "premixer", _("预混设备")
    METAL_DETECTOR = "metal_detector", _("金属检测设备")
    XRAY = "xray", _("X光异物监控设备")
    STERILIZER = "sterilizer", _("杀菌设备")
    FILLER = "filler", _("灌装设备")
    ASEPTIC_FILLER = "aseptic_filler", _("无菌灌装设备")
    PACKER = "packer", _("全自动包装设备")
    CIP = "cip", _("CIP清洗设备")
    WATER_TREATMENT = "water_treatment", _("水处理设备")
    LAB = "lab", _("检验设备")
    OTHER = "other", _("其他设备")


class Equipment(RegulatedModel):
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="equipment")
    kind = models.CharField(_("设备类型"), max_length=32, choices=EquipmentKind.choices)
    name = models.CharField(_("设备名称"), max_length=200)
    model_number = models.CharField(_("规格型号"), max_length=100, blank=True)
    quantity = models.PositiveSmallIntegerField(_("数量"), default=1)
    capacity_kg_h = models.DecimalField(
        _("单台设计能力（kg/h）"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    detects_sphere_mm = models.DecimalField(
        _("可检出金属球径（mm）"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["application_id", "kind", "pk"]
        verbose_name = _("设备")

    def __str__(self) -> str:
        return self.name


class StaffRole(models.TextChoices):
    """The personnel roles of 细则第三十条—第三十五条 (the rule set's vocabulary)."""

    PRINCIPAL = "principal", _("企业负责人")
    FOOD_SAFETY_MANAGER = "food_safety_manager", _("食品安全管理人员")
    PRODUCTION_MANAGER = "production_manager", _("生产管理人员")
    TECHNICIAN = "technician", _("技术人员")
    OPERATOR = "operator", _("生产操作人员")
    STERILIZATION_OPERATOR = "sterilization_operator", _("杀菌操作人员")
    RD_STAFF = "rd_staff", _("研发人员")
    LAB_TESTER = "lab_tester", _("检验人员")
    LAB_HEAD = "lab_head", _("实验室负责人")
    FOOD_HANDLER = "food_handler", _("食品加工人员")


class StaffEducation(models.TextChoices):
    NONE = "none", _("无")
    SECONDARY = "secondary", _("中专/高中")
    JUNIOR_COLLEGE = "junior_college", _("大专")
    BACHELOR = "bachelor", _("本科")
    MASTER = "master", _("硕士")
    DOCTORATE = "doctorate", _("博士")


class StaffMajor(models.TextChoices):
    FOOD = "food", _("食品")
    CHEMISTRY = "chemistry", _("化学")
    RELATED = "related", _("相关专业")
    OTHER = "other", _("其他")


class Staff(RegulatedModel):
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="staff")
    name = models.CharField(_("姓名"), max_length=64)
    role = models.CharField(_("岗位"), max_length=32, choices=StaffRole.choices)
    education = models.CharField(
        _("学历"), max_length=16, choices=StaffEducation.choices, default=StaffEducation.NONE
    )
    major = models.CharField(_("专业"), max_length=16, choices=StaffMajor.choices, default=StaffMajor.OTHER)
    years_food_work = models.PositiveSmallIntegerField(_("食品工作经历（年）"), default=0)
    years_related_work = models.PositiveSmallIntegerField(_("相关工作经历（年）"), default=0)
    years_food_testing = models.PositiveSmallIntegerField(_("食品检测工作经历（年）"), default=0)
    trained = models.BooleanField(_("经培训合格"), default=False)
    assessed = models.BooleanField(_("经考核合格"), default=False)
    certified = models.BooleanField(_("持证上岗"), default=False)
    health_certificate = models.BooleanField(_("取得健康证明（当年）"), default=False)

    class Meta:
        ordering = ["application_id", "role", "pk"]
        verbose_name = _("人员")

    def __str__(self) -> str:
        return f"{self.name}（{self.get_role_display()}）"

    def as_person(self) -> dict:
        return {
            "role": self.role,
            "education": self.education,
            "major": self.major,
            "years_food_work": self.years_food_work,
            "years_related_work": self.years_related_work,
            "years_food_testing": self.years_food_testing,
            "trained": self.trained,
            "assessed": self.assessed,
            "certified": self.certified,
            "health_certificate": self.health_certificate,
        }


class ZoneGrade(models.TextChoices):
    CLEAN = "clean", _("清洁作业区")
    QUASI_CLEAN = "quasi_clean", _("准清洁作业区")
    GENERAL = "general", _("一般作业区")


class Zone(RegulatedModel):
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="zones")
    name = models.CharField(_("车间/区域名称"), max_length=100)
    grade = models.CharField(_("作业区级别"), max_length=16, choices=ZoneGrade.choices)
    area_m2 = models.DecimalField(_("面积（m²）"), max_digits=10, decimal_places=2, null=True, blank=True)
    cleanliness_class = models.PositiveIntegerField(_("洁净级别"), null=True, blank=True)

    class Meta:
        ordering = ["application_id", "grade", "pk"]
        verbose_name = _("作业区")

    def __str__(self) -> str:
        return f"{self.name}（{self.get_grade_display()}）"


class DocumentKind(models.TextChoices):
    SITE_PLAN = "site_plan", _("厂区平面图")
    ZONING_PLAN = "zoning_plan", _("车间布局及作业区划分图")
    PROCESS_FLOW = "process_flow", _("工艺流程图")
    EQUIPMENT_LIST = "equipment_list", _("主要设备设施清单")
    MANAGEMENT_SYSTEM = "management_system", _("食品安全管理制度")
    PERSONNEL = "personnel", _("人员资质证明")
    TRIAL_REPORT = "trial_report", _("试制食品检验合格报告")
    LICENCE_COPY = "licence_copy", _("原许可证")
    OTHER = "other", _("其他")


def _upload_to(instance: models.Model, filename: str) -> str:
    return f"licensing/{instance._meta.model_name}/{filename}"


class Document(RegulatedModel):
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("材料类型"), max_length=32, choices=DocumentKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    file = models.FileField(_("文件"), upload_to=_upload_to, max_length=300)
    content_type = models.CharField(_("文件类型"), max_length=32)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    superseded = models.BooleanField(_("已被替换"), default=False)
    evidence_file = models.ForeignKey(
        "evidence.EvidenceFile",
        verbose_name=_("证据文件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="the kernel record of the same stored bytes (issue 11.1); the file column names the same file",
    )

    class Meta:
        ordering = ["application_id", "kind", "pk"]
        verbose_name = _("申请材料")

    def __str__(self) -> str:
        return self.title


class DocumentReview(RegulatedModel):
    """One round of 书面审查: the completeness checklist with each item marked by the reviewer."""

    class Outcome(models.TextChoices):
        OPEN = "open", _("审查中")
        RETURNED = "returned", _("退回补正")
        ACCEPTED = "accepted", _("材料齐全，受理")

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="reviews")
    round = models.PositiveSmallIntegerField(_("轮次"))
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    items = models.JSONField(_("审查项目"), default=list)
    outcome = models.CharField(_("结论"), max_length=16, choices=Outcome.choices, default=Outcome.OPEN)
    reasons = models.TextField(_("退回理由"), blank=True)

    class Meta:
        ordering = ["application_id", "round"]
        verbose_name = _("书面审查")
        constraints = [
            models.UniqueConstraint(fields=["application", "round"], name="licensing_review_round_unique")
        ]

    def __str__(self) -> str:
        return f"{self.application} 第{self.round}轮"


class Verification(RegulatedModel):
    """An on-site verification (现场核查): for an application, or a re-verification of a licensee."""

    class Purpose(models.TextChoices):
        LICENSING = "licensing", _("许可核查")
        REVERIFICATION = "reverification", _("持续合规核查")

    class State(models.TextChoices):
        OPEN = "open", _("核查中")
        CONCLUDED = "concluded", _("已结论")

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="verifications")
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.PROTECT, related_name="verifications"
    )
    licence = models.ForeignKey(
        Licence, null=True, blank=True, on_delete=models.PROTECT, related_name="verifications"
    )
    purpose = models.CharField(_("核查目的"), max_length=16, choices=Purpose.choices)
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=State.OPEN)
    rules_as_of = models.DateField(_("适用规则日期"), validators=[any_date_validator])
    task_received_on = models.DateField(_("受领任务日期"), validators=[past_date_validator])
    due_on = models.DateField(_("核查期限"), validators=[plan_date_validator])
    concluded_on = models.DateField(_("结论日期"), null=True, blank=True, validators=[past_date_validator])
    profiles = models.JSONField(_("核查品种"), default=list)
    prechecks = models.JSONField(_("自动预检"), default=list, blank=True)
    verdict = models.JSONField(_("结论"), null=True, blank=True)
    passed = models.BooleanField(_("通过"), null=True, blank=True)
    applicant_signer = models.CharField(_("申请人签字"), max_length=64, blank=True)
    applicant_signed_at = models.DateTimeField(null=True, blank=True)
    applicant_refused = models.BooleanField(_("申请人拒绝签字"), default=False)
    applicant_refusal_note = models.TextField(_("拒签情况说明"), blank=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("现场核查")

    def __str__(self) -> str:
        return f"HC{self.pk:06d}" if self.pk else "现场核查"


class VerificationInspector(RegulatedModel):
    verification = models.ForeignKey(Verification, on_delete=models.PROTECT, related_name="inspectors")
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(_("签字时间"), null=True, blank=True)

    class Meta:
        ordering = ["verification_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["verification", "inspector"], name="licensing_inspector_unique")
        ]

    def __str__(self) -> str:
        return f"{self.verification} {self.inspector_id}"


class ChecklistItem(RegulatedModel):
    verification = models.ForeignKey(Verification, on_delete=models.PROTECT, related_name="items")
    position = models.PositiveIntegerField()
    rule_id = models.CharField(_("规则编号"), max_length=120)
    part = models.CharField(_("评分表部分"), max_length=32)
    title = models.CharField(_("项目"), max_length=300)
    text = models.TextField(_("要求"))
    citation = models.CharField(_("依据"), max_length=300)
    products = models.JSONField(_("适用品种"), default=list)
    not_applicable = models.BooleanField(_("不适用"), default=False)
    na_reason = models.TextField(_("不适用理由"), blank=True)

    class Meta:
        ordering = ["verification_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["verification", "rule_id"], name="licensing_item_unique")
        ]

    def __str__(self) -> str:
        return f"{self.rule_id}"


class ScoreResult(models.TextChoices):
    CONFORM = "符合", _("符合")
    MINOR = "基本符合", _("基本符合")
    NONCONFORM = "不符合", _("不符合")


class ItemScore(RegulatedModel):
    """One inspector's score of one item. Scored once: a second score by the same inspector is refused."""

    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="scores")
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    result = models.CharField(_("评分"), max_length=8, choices=ScoreResult.choices)
    note = models.TextField(_("核查记录"), blank=True)
    photo = models.FileField(_("照片"), upload_to=_upload_to, max_length=300, blank=True)
    evidence_file = models.ForeignKey(
        "evidence.EvidenceFile",
        verbose_name=_("证据文件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="the kernel record of the same stored bytes (issue 11.1); the file column names the same file",
    )

    class Meta:
        ordering = ["item_id", "pk"]
        constraints = [models.UniqueConstraint(fields=["item", "inspector"], name="licensing_score_once")]

    def __str__(self) -> str:
        return f"{self.item_id} {self.result}"


class TrialReport(RegulatedModel):
    """A third-party test report on trial products (第七十三条), structured per test item."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="trial_reports")
    product_key = models.CharField(_("品种"), max_length=120)
    laboratory = models.CharField(_("检验机构"), max_length=200)
    report_number = models.CharField(_("报告编号"), max_length=100)
    issued_on = models.DateField(_("报告日期"), validators=[past_date_validator])
    results = models.JSONField(_("检验项目结果"), default=list, blank=True)
    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["application_id", "product_key", "pk"]

    def __str__(self) -> str:
        return self.report_number


class ScSequence(models.Model):
    """The last SC sequence used per food-category code and county; locked while allocating."""

    category_code = models.CharField(max_length=3)
    division_code = models.CharField(max_length=6)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["category_code", "division_code"], name="licensing_sc_seq_unique")
        ]

    def __str__(self) -> str:
        return f"{self.category_code}{self.division_code}@{self.last}"


class Rectification(RegulatedModel):
    """整改: a finding of a verification, with a deadline, the enterprise's evidence and the closure."""

    class State(models.TextChoices):
        OPEN = "open", _("待整改")
        SUBMITTED = "submitted", _("已提交整改")
        CLOSED = "closed", _("已闭环")

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="rectifications")
    verification = models.ForeignKey(Verification, on_delete=models.PROTECT, related_name="rectifications")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="rectifications")
    finding = models.TextField(_("问题"))
    citation = models.CharField(_("依据"), max_length=300)
    due_on = models.DateField(_("整改期限"), validators=[plan_date_validator])
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=State.OPEN)
    evidence_note = models.TextField(_("整改说明"), blank=True)
    evidence = models.FileField(_("整改证据"), upload_to=_upload_to, max_length=300, blank=True)
    evidence_file = models.ForeignKey(
        "evidence.EvidenceFile",
        verbose_name=_("证据文件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="the kernel record of the same stored bytes (issue 11.1); the file column names the same file",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closure_note = models.TextField(_("验收意见"), blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("整改任务")

    def __str__(self) -> str:
        return f"ZG{self.pk:06d}" if self.pk else "整改"


class RecordedConditions(RegulatedModel):
    """The enterprise's current record of its production conditions (site, processes, equipment).

    Compared with the conditions recorded when its licence was granted (`Application.licensed_snapshot`)
    to show regulators changes made without a change application (action plan item 15).
    """

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="recorded_conditions")
    licence = models.ForeignKey(Licence, on_delete=models.PROTECT, related_name="recorded_conditions")
    site_address = models.CharField(_("生产地址"), max_length=300)
    processes = models.JSONField(_("工艺"), default=list, blank=True)
    equipment = models.JSONField(_("设备"), default=list, blank=True)

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.licence_id}@{self.pk}"
