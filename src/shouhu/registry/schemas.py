"""Registry API schemas: what enterprise systems and pages send (…In) and get back (…Out).

Fields are listed explicitly (never `__all__`), so a new model field is never exposed by accident. Input
fields name themselves in Chinese and English (`labelled`), which is how a bad value's error names its
field; unknown input fields are refused rather than silently dropped. Output carries display labels
(division full name, status and role labels) so a client need not keep its own tables.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from ninja import Schema
from pydantic import ConfigDict

from shouhu.core import divisions
from shouhu.core.api import MAX_ID, Text, labelled
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
    name: Text = labelled("企业名称", "Enterprise name", max_length=200)
    uscc: Text = labelled("统一社会信用代码", "Unified social credit code (USCC)", max_length=18)
    address: Text = labelled("住所", "Registered address", max_length=300)
    division_code: Text = labelled("所在地行政区划", "Division code (GB/T 2260)", max_length=6)
    scale: ScaleValue = labelled("企业规模", "Scale", "small")
    legal_representative: Text = labelled("法定代表人", "Legal representative", "", max_length=64)
    contact_name: Text = labelled("联系人", "Contact person", "", max_length=64)
    contact_phone: Text = labelled("联系电话", "Contact phone", "", max_length=32)
    reason: Text = labelled("登记说明", "Reason / note", "", max_length=1000)


class EnterpriseUpdateIn(In):
    """Only the fields sent are changed; `reason` is required (the ledger keeps the before-image)."""

    name: Text = labelled("企业名称", "Enterprise name", None, max_length=200)
    uscc: Text = labelled("统一社会信用代码", "Unified social credit code (USCC)", None, max_length=18)
    address: Text = labelled("住所", "Registered address", None, max_length=300)
    division_code: Text = labelled("所在地行政区划", "Division code (GB/T 2260)", None, max_length=6)
    scale: ScaleValue = labelled("企业规模", "Scale", None)
    legal_representative: Text = labelled("法定代表人", "Legal representative", None, max_length=64)
    contact_name: Text = labelled("联系人", "Contact person", None, max_length=64)
    contact_phone: Text = labelled("联系电话", "Contact phone", None, max_length=32)
    reason: Text = labelled("修改原因", "Reason for the change", max_length=1000)


class EnterpriseFilters(Schema):
    """The list's filters (the same as the enterprise list page)."""

    q: Text = labelled("搜索（名称、信用代码、住所）", "Search name, USCC or address", "", max_length=200)
    category: Text = labelled("许可类别", "Licensed category (e.g. 3001)", "", max_length=4)
    scale: Literal["", ScaleValue] = labelled("企业规模", "Scale", "")
    division: str = labelled(
        "行政区划", "Division (6 digits; province/city include their counties)", "", pattern=r"^(\d{6})?$"
    )
    licence_status: Literal["", LicenceStatusValue] = labelled(
        "许可证状态", "Has a licence in this status", ""
    )


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
    name: Text = labelled("场所名称", "Site name", max_length=200)
    address: Text = labelled("生产地址", "Production address", max_length=300)
    division_code: Text = labelled("所在地行政区划", "Division code (GB/T 2260)", max_length=6)


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
    category: Text = labelled("类别编号", "Category (e.g. 3001)", max_length=4)
    variety: Text = labelled("品种明细", "Variety", max_length=100)
    standard: Text = labelled("执行标准", "Standard", "", max_length=64)


class LicenceIn(In):
    number: Text = labelled("许可证编号", "Licence number (SC…)", max_length=16)
    issued_on: date = labelled("发证日期", "Issue date")
    expires_on: date = labelled("有效期至", "Expiry date")
    issuing_authority: Text = labelled("发证机关", "Issuing authority", max_length=200)
    site_id: int | None = labelled("生产场所", "Production site", None, ge=1, le=MAX_ID)
    items: list[LicenceItemIn] = labelled("许可品种", "Licensed categories and varieties", max_length=100)
    reason: Text = labelled("登记说明", "Reason / note", "", max_length=1000)


class LicenceStatusIn(In):
    status: LicenceStatusValue = labelled("状态", "Status")
    reason: Text = labelled("变更原因", "Reason for the change", max_length=1000)


class LicenceFilters(Schema):
    enterprise_id: int | None = labelled("企业", "Enterprise", None, ge=1, le=MAX_ID)
    status: Literal["", LicenceStatusValue] = labelled("状态", "Status", "")
    category: Text = labelled("许可类别", "Licensed category", "", max_length=4)


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
    name: Text = labelled("姓名", "Name", max_length=64)
    role: PersonRoleValue = labelled("岗位", "Post")
    education: EducationValue = labelled("学历", "Education", "other")
    major: Text = labelled("专业", "Major", "", max_length=100)
    years_food_work: int = labelled("食品相关工作年限", "Years in food work", 0, ge=0, le=80)
    health_cert_number: Text = labelled("健康证明编号", "Health certificate number", "", max_length=64)
    health_cert_expires_on: date | None = labelled("健康证明有效期至", "Health certificate valid until", None)
    active: bool = labelled("在岗", "Active", True)


class PersonUpdateIn(In):
    """Only the fields sent are changed; `reason` is required."""

    name: Text = labelled("姓名", "Name", None, max_length=64)
    role: PersonRoleValue = labelled("岗位", "Post", None)
    education: EducationValue = labelled("学历", "Education", None)
    major: Text = labelled("专业", "Major", None, max_length=100)
    years_food_work: int = labelled("食品相关工作年限", "Years in food work", None, ge=0, le=80)
    health_cert_number: Text = labelled("健康证明编号", "Health certificate number", None, max_length=64)
    health_cert_expires_on: date | None = labelled("健康证明有效期至", "Health certificate valid until", None)
    active: bool = labelled("在岗", "Active", None)
    reason: Text = labelled("修改原因", "Reason for the change", max_length=1000)


class PersonFilters(Schema):
    enterprise_id: int | None = labelled("企业", "Enterprise", None, ge=1, le=MAX_ID)
    role: Literal["", PersonRoleValue] = labelled("岗位", "Post", "")
    active: bool | None = labelled("在岗", "Active", None)


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


class TrainingIn(In):
    held_on: date = labelled("培训日期", "Training date")
    topic: Text = labelled("培训内容", "Topic", max_length=200)
    hours: Decimal = labelled("学时", "Hours", ge=0, le=9999, allow_inf_nan=False)
    provider: Text = labelled("培训机构", "Provider", "", max_length=200)


class TrainingOut(Schema):
    id: int
    person_id: int
    held_on: date
    topic: str
    hours: Decimal
    provider: str
    created_at: datetime


# ---- contract manufacturing --------------------------------------------------------------------------


class ContractIn(In):
    """Filed by the 委托方 (the enterprise in the path); the 受托方 is named by id."""

    manufacturer_id: int = labelled("受托方", "Manufacturer (受托方) enterprise id", ge=1, le=MAX_ID)
    products: Text = labelled("委托产品", "Products", max_length=2000)
    starts_on: date = labelled("开始日期", "Start date")
    ends_on: date = labelled("结束日期", "End date")


class ContractFilters(Schema):
    enterprise_id: int | None = labelled("企业（任一方）", "Enterprise (either party)", None, ge=1, le=MAX_ID)


class ContractOut(Schema):
    id: int
    principal_id: int
    principal_name: str
    manufacturer_id: int
    manufacturer_name: str
    products: str
    starts_on: date
    ends_on: date
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
    try:
        return ROLE_LABELS[Role(role)]
    except ValueError:
        return role, role
