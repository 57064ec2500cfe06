"""Registry (企业登记): enterprises, production sites, licences, personnel and contract manufacturing.

All are regulated records: written only through `services`, never deleted, every change in the ledger.
Identifier and division checks live in `shouhu.codes` (pure) and are wired here as field
validators so that forms, the API and services report the same field-level errors.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from shouhu.core.dates import past_date_validator, plan_date_validator
from shouhu.core.models import RegulatedModel

from . import validators


class Scale(models.TextChoices):
    LARGE = "large", _("大型")
    MEDIUM = "medium", _("中型")
    SMALL = "small", _("小型")
    MICRO = "micro", _("微型")


class Enterprise(RegulatedModel):
    """A producing enterprise (生产企业), identified by its 统一社会信用代码."""

    name = models.CharField(_("企业名称"), max_length=200)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True, validators=[validators.uscc])
    address = models.CharField(_("住所"), max_length=300)
    division_code = models.CharField(
        _("所在地行政区划"), max_length=6, db_index=True, validators=[validators.county_division]
    )
    scale = models.CharField(_("企业规模"), max_length=16, choices=Scale.choices, default=Scale.SMALL)
    legal_representative = models.CharField(_("法定代表人"), max_length=64, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=64, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=32, blank=True, validators=[validators.phone])
    last_push_at = models.DateTimeField(_("最近数据推送"), null=True, blank=True, db_index=True)
    ledger_untracked_fields = frozenset({"last_push_at"})  # operational: when data last arrived

    class Meta:
        ordering = ["name"]
        verbose_name = _("企业")

    def __str__(self) -> str:
        return self.name


class Site(RegulatedModel):
    """A production site (生产场所) of an enterprise."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="sites")
    name = models.CharField(_("场所名称"), max_length=200)
    address = models.CharField(_("生产地址"), max_length=300)
    division_code = models.CharField(
        _("所在地行政区划"), max_length=6, validators=[validators.county_division]
    )

    class Meta:
        ordering = ["enterprise_id", "name"]
        verbose_name = _("生产场所")

    def __str__(self) -> str:
        return self.name


class LicenceStatus(models.TextChoices):
    ACTIVE = "active", _("有效")
    SUSPENDED = "suspended", _("暂停")
    REVOKED = "revoked", _("吊销")
    EXPIRED = "expired", _("过期")


class Licence(RegulatedModel):
    """A food production licence (食品生产许可证), SC number, valid 5 years (《食品生产许可管理办法》)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="licences")
    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.PROTECT, related_name="licences")
    number = models.CharField(_("许可证编号"), max_length=16, unique=True, validators=[validators.sc_number])
    status = models.CharField(
        _("状态"), max_length=16, choices=LicenceStatus.choices, default=LicenceStatus.ACTIVE
    )
    issued_on = models.DateField(_("发证日期"), validators=[past_date_validator])
    expires_on = models.DateField(_("有效期至"), validators=[plan_date_validator])
    issuing_authority = models.CharField(_("发证机关"), max_length=200)

    class Meta:
        ordering = ["expires_on"]
        verbose_name = _("生产许可证")

    def __str__(self) -> str:
        return self.number


class LicenceItem(RegulatedModel):
    """One category and variety on a licence (品种明细, 细则表1)."""

    licence = models.ForeignKey(Licence, on_delete=models.PROTECT, related_name="items")
    category = models.CharField(_("类别编号"), max_length=4)
    variety = models.CharField(_("品种明细"), max_length=100)
    standard = models.CharField(_("执行标准"), max_length=64, blank=True)

    class Meta:
        ordering = ["licence_id", "category", "variety"]
        constraints = [
            models.UniqueConstraint(fields=["licence", "category", "variety"], name="licence_item_unique")
        ]
        verbose_name = _("许可品种")

    def __str__(self) -> str:
        return f"{self.category} {self.variety}"


class PersonRole(models.TextChoices):
    PRINCIPAL = "principal", _("主要负责人")
    DIRECTOR = "director", _("食品安全总监")
    OFFICER = "officer", _("食品安全员")
    QUALITY_MANAGER = "quality_manager", _("质量管理负责人")
    PRODUCTION_MANAGER = "production_manager", _("生产管理负责人")
    LAB = "lab", _("检验人员")
    STERILIZATION_OPERATOR = "sterilization_operator", _("杀菌操作人员")
    OPERATOR = "operator", _("生产操作人员")


class Education(models.TextChoices):
    DOCTORATE = "doctorate", _("博士")
    MASTER = "master", _("硕士")
    BACHELOR = "bachelor", _("本科")
    COLLEGE = "college", _("大专")
    SECONDARY = "secondary", _("中专/高中")
    OTHER = "other", _("其他")


class Person(RegulatedModel):
    """Enterprise personnel (人员), with the qualifications 细则第三十条–第三十五条 check."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="people")
    name = models.CharField(_("姓名"), max_length=64)
    role = models.CharField(_("岗位"), max_length=32, choices=PersonRole.choices)
    education = models.CharField(_("学历"), max_length=16, choices=Education.choices, default=Education.OTHER)
    major = models.CharField(_("专业"), max_length=100, blank=True)
    years_food_work = models.PositiveSmallIntegerField(_("食品相关工作年限"), default=0)
    health_cert_number = models.CharField(_("健康证明编号"), max_length=64, blank=True)
    health_cert_expires_on = models.DateField(
        _("健康证明有效期至"), null=True, blank=True, validators=[plan_date_validator]
    )
    active = models.BooleanField(_("在岗"), default=True)
    # the login this person uses (issue 11.7): their signatures, bars and roles follow them exactly; one each
    login = models.OneToOneField(
        "accounts.User",
        verbose_name=_("登录账号"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="person",
    )

    class Meta:
        ordering = ["enterprise_id", "role", "name"]
        verbose_name = _("人员")

    def __str__(self) -> str:
        return f"{self.name}（{self.get_role_display()}）"


class ContractStatus(models.TextChoices):
    PENDING = "pending", _("待受托方确认")
    CONFIRMED = "confirmed", _("已确认")
    DECLINED = "declined", _("已拒绝")


class ContractManufacturing(RegulatedModel):
    """Contract manufacturing (委托生产): the 委托方 has the 受托方 make products for a period.

    A link across two enterprises needs both: the 委托方 files it (pending) and the 受托方 confirms or
    declines it; only a confirmed contract shows on the 受托方's pages (issue 17). Rows written without
    the service (imports, the demo, rows from before consent existed) are taken as confirmed.
    """

    principal = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="contracts_given")
    manufacturer = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="contracts_taken")
    products = models.TextField(_("委托产品"))
    starts_on = models.DateField(_("开始日期"), validators=[plan_date_validator])
    ends_on = models.DateField(_("结束日期"), validators=[plan_date_validator])
    status = models.CharField(
        _("确认状态"), max_length=16, choices=ContractStatus.choices, default=ContractStatus.CONFIRMED
    )
    answered_at = models.DateTimeField(_("受托方答复时间"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("委托生产")

    def __str__(self) -> str:
        return f"{self.principal} → {self.manufacturer}"
