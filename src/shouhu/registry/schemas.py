"""Registry API schemas: what enterprise systems and pages send (…In) and get back (…Out).

Fields are listed explicitly (never `__all__`), so a new model field is never exposed by accident. Input
fields are named by one Chinese msgid (`named(_("…"))`, English from the catalog), which is how a bad value's error names its
field; unknown input fields are refused rather than silently dropped. Output carries display labels
(division full name, status and role labels) so a client need not keep its own tables.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from ninja import Schema
from pydantic import ConfigDict

from shouhu.codes import divisions
from shouhu.core.api import MAX_ID, Text, named
from shouhu.core.dates import PlanDate
from shouhu.core.i18n import both
from shouhu.core.roles import ROLE_LABELS, Role

from .models import Education, LicenceStatus, PersonRole, Scale

ScaleValue = Literal["large", "medium", "small", "micro"]
LicenceStatusValue = Literal["active", "suspended", "revoked", "expired"]
PersonRoleValue = Literal[
    "principal",
    "director",
    "officer",
    "quality_manager",
    "production_manager",
    "lab",
    "sterilization_operator",
    "operator",
]
EducationValue = Literal["doctorate", "master", "bachelor", "college", "secondary", "other"]

# The literals above must list exactly the model's choices; checked here so they cannot drift.
assert set(ScaleValue.__args__) == set(Scale.values)  # type: ignore[attr-defined]
assert set(LicenceStatusValue.__args__) == set(LicenceStatus.values)  # type: ignore[attr-defined]
assert set(PersonRoleValue.__args__) == set(PersonRole.values)  # type: ignore[attr-defined]
assert set(EducationValue.__args__) == set(Education.values)  # type: ignore[attr-defined]


def division_name(code: str) -> str:
    """Full name such as 湖南省长沙市岳麓区 for 430104; the code itself if it is not (or no longer) in GB/T 2260."""
    try:
        return divisions.full_name(code)
    except (divisions.UnknownDivision, ValueError):
        return code


class In(Schema):
    """Input: unknown fields are an error naming the field, not silently ignored."""

    model_config = ConfigDict(extra="forbid")


# ---- enterprises --------------------------------------------------------------------------------------


class EnterpriseIn(In):
    name: Text = named(_("企业名称"), max_length=200)
    uscc: Text = named(pgettext_lazy("api", "统一社会信用代码"), max_length=18)
    address: Text = named(_("住所"), max_length=300)
    division_code: Text = named(pgettext_lazy("api", "所在地行政区划"), max_length=6)
    scale: ScaleValue = named(pgettext_lazy("api", "企业规模"), "small")
    legal_representative: Text = named(_("法定代表人"), "", max_length=64)
    contact_name: Text = named(_("联系人"), "", max_length=64)
    contact_phone: Text = named(_("联系电话"), "", max_length=32)
    reason: Text = named(_("登记说明"), "", max_length=1000)


class EnterpriseUpdateIn(In):
    """Only the fields sent are changed; `reason` is required (the ledger keeps the before-image)."""

    name: Text = named(_("企业名称"), None, max_length=200)
    uscc: Text = named(pgettext_lazy("api", "统一社会信用代码"), None, max_length=18)
    address: Text = named(_("住所"), None, max_length=300)
    division_code: Text = named(pgettext_lazy("api", "所在地行政区划"), None, max_length=6)
    scale: ScaleValue = named(pgettext_lazy("api", "企业规模"), None)
    legal_representative: Text = named(_("法定代表人"), None, max_length=64)
    contact_name: Text = named(_("联系人"), None, max_length=64)
    contact_phone: Text = named(_("联系电话"), None, max_length=32)
    reason: Text = named(pgettext_lazy("api", "修改原因"), max_length=1000)


class EnterpriseFilters(Schema):
    """The list's filters (the same as the enterprise list page)."""

    q: Text = named(_("搜索（名称、信用代码、住所）"), "", max_length=200)
    category: Text = named(pgettext_lazy("api", "许可类别"), "", max_length=4)
    scale: Literal["", ScaleValue] = named(pgettext_lazy("api", "企业规模"), "")
    division: str = named(_("行政区划"), "", pattern=r"^(\d{6})?$", max_length=6)
    licence_status: Literal["", LicenceStatusValue] = named(_("许可证状态"), "")


class EnterpriseListOut(Schema):
    id: int
    name: str
    uscc: str
    division_code: str
    division_name: str
    scale: str
    scale_label: str
    licence_count: int
    last_push_at: datetime | None

    @staticmethod
    def resolve_division_name(obj: Any) -> str:
        return division_name(obj.division_code)

    @staticmethod
    def resolve_scale_label(obj: Any) -> str:
        return str(obj.get_scale_display())

    @staticmethod
    def resolve_licence_count(obj: Any) -> int:
        return int(getattr(obj, "licence_count", 0) or 0)


class EnterpriseOut(EnterpriseListOut):
    address: str
    legal_representative: str
    contact_name: str
    contact_phone: str
    created_at: datetime
    updated_at: datetime


# ---- sites -------------------------------------------------------------------------------------------


class SiteIn(In):
    name: Text = named(_("场所名称"), max_length=200)
    address: Text = named(_("生产地址"), max_length=300)
    division_code: Text = named(pgettext_lazy("api", "所在地行政区划"), max_length=6)


class SiteOut(Schema):
    id: int
    enterprise_id: int
    name: str
    address: str
    division_code: str
    division_name: str
    created_at: datetime

    @staticmethod
    def resolve_division_name(obj: Any) -> str:
        return division_name(obj.division_code)


# ---- licences ----------------------------------------------------------------------------------------


class LicenceItemIn(In):
    category: Text = named(pgettext_lazy("api", "类别编号"), max_length=4)
    variety: Text = named(_("品种明细"), max_length=100)
    standard: Text = named(_("执行标准"), "", max_length=64)


class LicenceIn(In):
    number: Text = named(pgettext_lazy("api", "许可证编号"), max_length=16)
    issued_on: PlanDate = named(_("发证日期"))  # a future one: the service's `date.future`
    expires_on: PlanDate = named(pgettext_lazy("api", "有效期至"))
    issuing_authority: Text = named(_("发证机关"), max_length=200)
    site_id: int | None = named(pgettext_lazy("api", "生产场所"), None, ge=1, le=MAX_ID)
    items: list[LicenceItemIn] = named(pgettext_lazy("api", "许可品种"), max_length=100)
    reason: Text = named(_("登记说明"), "", max_length=1000)


class LicenceStatusIn(In):
    status: LicenceStatusValue = named(_("状态"))
    reason: Text = named(_("变更原因"), max_length=1000)


class LicenceFilters(Schema):
    enterprise_id: int | None = named(_("企业"), None, ge=1, le=MAX_ID)
    status: Literal["", LicenceStatusValue] = named(_("状态"), "")
    category: Text = named(_("许可类别"), "", max_length=4)


class LicenceItemOut(Schema):
    id: int
    category: str
    variety: str
    standard: str


class LicenceOut(Schema):
    id: int
    enterprise_id: int
    enterprise_name: str
    site_id: int | None
    number: str
    status: str
    status_label: str
    issued_on: date
    expires_on: date
    issuing_authority: str
    items: list[LicenceItemOut]
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_enterprise_name(obj: Any) -> str:
        return obj.enterprise.name

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_items(obj: Any) -> list[Any]:
        return list(obj.items.all())


class RenewalDueOut(Schema):
    """A licence whose renewal (延续) must be applied for: the last day is `apply_by`."""

    licence: LicenceOut
    window_opens: date
    apply_by: date
    overdue: bool


# ---- people and training -----------------------------------------------------------------------------


class PersonIn(In):
    name: Text = named(_("姓名"), max_length=64)
    role: PersonRoleValue = named(pgettext_lazy("api", "岗位"))
    education: EducationValue = named(_("学历"), "other")
    major: Text = named(_("专业"), "", max_length=100)
    years_food_work: int = named(pgettext_lazy("api", "食品相关工作年限"), 0, ge=0, le=80)
    health_cert_number: Text = named(_("健康证明编号"), "", max_length=64)
    health_cert_expires_on: PlanDate | None = named(_("健康证明有效期至"), None)
    active: bool = named(pgettext_lazy("api", "在岗"), True)


class PersonUpdateIn(In):
    """Only the fields sent are changed; `reason` is required."""

    name: Text = named(_("姓名"), None, max_length=64)
    role: PersonRoleValue = named(pgettext_lazy("api", "岗位"), None)
    education: EducationValue = named(_("学历"), None)
    major: Text = named(_("专业"), None, max_length=100)
    years_food_work: int = named(pgettext_lazy("api", "食品相关工作年限"), None, ge=0, le=80)
    health_cert_number: Text = named(_("健康证明编号"), None, max_length=64)
    health_cert_expires_on: PlanDate | None = named(_("健康证明有效期至"), None)
    active: bool = named(pgettext_lazy("api", "在岗"), None)
    reason: Text = named(pgettext_lazy("api", "修改原因"), max_length=1000)


class PersonFilters(Schema):
    enterprise_id: int | None = named(_("企业"), None, ge=1, le=MAX_ID)
    role: Literal["", PersonRoleValue] = named(pgettext_lazy("api", "岗位"), "")
    active: bool | None = named(pgettext_lazy("api", "在岗"), None)


class PersonOut(Schema):
    id: int
    enterprise_id: int
    name: str
    role: str
    role_label: str
    education: str
    education_label: str
    major: str
    years_food_work: int
    health_cert_number: str
    health_cert_expires_on: date | None
    active: bool
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_role_label(obj: Any) -> str:
        return str(obj.get_role_display())

    @staticmethod
    def resolve_education_label(obj: Any) -> str:
        return str(obj.get_education_display())


# ---- contract manufacturing --------------------------------------------------------------------------


class ContractIn(In):
    """Filed by the 委托方 (the enterprise in the path); the 受托方 is named by id."""

    manufacturer_id: int = named(pgettext_lazy("api", "受托方"), ge=1, le=MAX_ID)
    manufacturer_uscc: str = named(
        _("受托方统一社会信用代码"), min_length=18, max_length=18, pattern=r"^[0-9A-Za-z]{18}$"
    )
    products: Text = named(pgettext_lazy("api", "委托产品"), max_length=2000)
    starts_on: PlanDate = named(_("开始日期"))
    ends_on: PlanDate = named(_("结束日期"))


class ContractAnswerIn(In):
    """The 受托方's answer to a pending contract."""

    reason: Text = named(_("说明"), "", max_length=500)


class ContractFilters(Schema):
    enterprise_id: int | None = named(_("企业（任一方）"), None, ge=1, le=MAX_ID)


class ContractOut(Schema):
    id: int
    principal_id: int
    principal_name: str
    manufacturer_id: int
    manufacturer_name: str
    products: str
    starts_on: date
    ends_on: date
    status: str = named(_("确认状态"), description="pending | confirmed | declined")
    answered_at: datetime | None = None
    created_at: datetime

    @staticmethod
    def resolve_principal_name(obj: Any) -> str:
        return obj.principal.name

    @staticmethod
    def resolve_manufacturer_name(obj: Any) -> str:
        return obj.manufacturer.name


# ---- ledger history and "who am I" -------------------------------------------------------------------


class ChangedFieldOut(Schema):
    field: str
    before: Any
    after: Any


class HistoryEntryOut(Schema):
    """One ledger entry: who, when, what, before, after, why — and its place in the hash chain."""

    seq: int
    at: datetime
    actor: str
    actor_id: int | None
    action: str
    object_type: str
    object_id: str
    object_repr: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    changed_fields: list[ChangedFieldOut]
    reason: str
    hash: str

    @staticmethod
    def resolve_actor(obj: Any) -> str:
        return obj.actor_label

    @staticmethod
    def resolve_changed_fields(obj: Any) -> list[dict[str, Any]]:
        return [{"field": f, "before": b, "after": a} for f, b, a in obj.changed_fields]


class EnterpriseRefOut(Schema):
    id: int
    name: str
    uscc: str


class JurisdictionOut(Schema):
    code: str
    full_name: str


class MeOut(Schema):
    """The caller: a user (session) or an enterprise system (API key)."""

    kind: Literal["user", "api_key"]
    name: str
    role: str
    role_label_zh: str
    role_label_en: str
    enterprise: EnterpriseRefOut | None
    jurisdiction: JurisdictionOut | None


def role_labels(role: str) -> tuple[str, str]:
    """The role's name in Chinese and English (the API's `role_label_zh` / `role_label_en`)."""
    try:
        return both(ROLE_LABELS[Role(role)])
    except ValueError:
        return role, role
