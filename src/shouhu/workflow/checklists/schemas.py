"""Checklist API schemas: explicit fields (never `__all__`), named by one msgid each."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from django.utils.translation import gettext_lazy as _
from ninja import Schema
from pydantic import Field

from shouhu.core.api import Real, RefId, Text, named
from shouhu.core.dates import AnyDate

# ItemResult.measured is DecimalField(max_digits=14, decimal_places=4): the schema says so, so a `1e30`
# is a 422 naming the field, not a decimal.InvalidOperation when the row is saved.
MEASURED_MAX = Decimal("9999999999.9999")
Measured = Annotated[
    Decimal, Field(ge=-MEASURED_MAX, le=MEASURED_MAX, max_digits=14, decimal_places=4, allow_inf_nan=False)
]
Group = Annotated[Text, Field(max_length=64)]


class SubjectIn(Schema):
    subject_type: Text = named(_("对象类型"), max_length=100, examples=["registry.enterprise"])
    subject_id: Text = named(_("对象编号"), max_length=64)


class ItemIn(Schema):
    item_id: Text = named(_("项目编号"), min_length=1, max_length=120)
    title: Text = named(_("项目"), min_length=1, max_length=300)
    text: Text = Field("", max_length=10_000)
    citation: Text = Field("", max_length=300)
    group: Text = Field("", max_length=64)
    key: bool = named(_("重点项"), False)
    scheme: str = named(_("评分方式"), "graded", max_length=16, pattern="^(graded|pass_fail|measured)$")
    points: dict[str, Real] | None = Field(None, max_length=20)
    limits: dict[str, Any] | None = Field(None, max_length=20)
    groups: list[Group] = Field(default_factory=list, max_length=50)


class TemplateFromSourceIn(Schema):
    client_id: UUID | None = None
    title: Text = named(_("检查表名称"), min_length=1, max_length=200)
    source: Text = named(_("来源"), "rules", max_length=64)
    params: dict[str, Any] = Field(default_factory=dict, max_length=50)
    as_of: AnyDate = named(_("适用规则日期"))
    subject: SubjectIn | None = None
    scorer_role: Text = Field("", max_length=64)
    verdict_params: dict[str, Any] | None = Field(None, max_length=50)


class TemplateFromListIn(Schema):
    client_id: UUID | None = None
    title: Text = named(_("检查表名称"), min_length=1, max_length=200)
    items: list[ItemIn] = Field(min_length=1, max_length=1000)
    subject: SubjectIn | None = None
    verdict_rule: Text = Field("key_items", max_length=64)
    verdict_params: dict[str, Any] = Field(default_factory=dict, max_length=50)
    min_scorers: int = Field(1, ge=1, le=10)
    scorer_role: Text = Field("", max_length=64)


class ItemOut(Schema):
    item_id: str
    position: int
    group: str
    title: str
    text: str
    citation: str
    key: bool
    scheme: str
    points: dict[str, Any] | None
    limits: dict[str, Any] | None
    groups: list[str]


class TemplateOut(Schema):
    id: int
    client_id: UUID
    title: str
    source: str
    rules_as_of: date | None
    verdict_rule: str
    verdict_params: dict[str, Any]
    min_scorers: int
    scorer_role: str
    enterprise_id: int | None
    items: list[ItemOut]

    @staticmethod
    def resolve_items(obj: Any) -> list[Any]:
        return list(obj.items.all())


class RunIn(SubjectIn):
    client_id: UUID | None = None
    template_id: RefId
    title: Text = Field("", max_length=200)


class ResultIn(Schema):
    client_id: UUID | None = None
    item_id: Text = named(_("项目编号"), min_length=1, max_length=120)
    result: Text = named(_("评分"), "", max_length=16)
    measured: Measured | None = named(_("测量值"), None)
    note: Text = Field("", max_length=5000)
    evidence_id: RefId | None = None


class ResultsIn(Schema):
    results: list[ResultIn] = Field(min_length=1, max_length=500)


class ResultOut(Schema):
    id: int
    client_id: UUID
    item_id: str
    scorer_id: int
    result: str
    measured: Decimal | None
    note: str
    evidence_id: int | None
    scored_at: datetime

    @staticmethod
    def resolve_item_id(obj: Any) -> str:
        return obj.item.item_id


class RunOut(Schema):
    id: int
    client_id: UUID
    template_id: int
    subject_type: str
    subject_id: str
    enterprise_id: int | None
    title: str
    state: str
    verdict: dict[str, Any] | None
    passed: bool | None
    flags: list[dict[str, Any]]
    concluded_at: datetime | None


class SignIn(SubjectIn):
    client_id: UUID | None = None
    role: Text = named(_("签字角色"), max_length=64)
    drawing: Text = Field("", max_length=200_000)


class RefusalIn(SubjectIn):
    client_id: UUID | None = None
    role: Text = named(_("签字角色"), max_length=64)
    recorder_role: Text = Field(max_length=64)
    person_name: Text = named(_("签字人"), min_length=1, max_length=100)
    note: Text = named(_("拒签情况说明"), min_length=1, max_length=5000)
    witness_name: Text = named(_("见证人"), "", max_length=100)


class SignatureOut(Schema):
    id: int
    client_id: UUID
    subject_type: str
    subject_id: str
    role: str
    signer_id: int | None
    signer_name: str
    signed_at: datetime
    refused: bool
    refusal_note: str
    witness_name: str
