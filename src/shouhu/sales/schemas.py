"""Sales supervision's API schemas (typed In/Out, every input bounded: issue 17)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from django.utils.translation import gettext_lazy as _
from ninja import Schema
from pydantic import Field

from shouhu.core.api import RefId, Text, named
from shouhu.core.dates import AnyDate

from .matching import FIELDS

PUSH_ROWS_MAX = 5000  # a JSON body stays under DATA_UPLOAD_MAX_MEMORY_SIZE; larger sweeps upload a file
Cell = Annotated[str, Field(max_length=2000)]
Column = Annotated[str, Field(max_length=100)]
Row = Annotated[dict[Column, Cell], Field(max_length=50)]
ColumnMap = Annotated[dict[Literal[tuple(FIELDS)], Column], Field(max_length=len(FIELDS))]  # type: ignore[misc]


class PlatformIn(Schema):
    client_id: UUID | None = None
    name: Text = named(_("平台名称"), min_length=1, max_length=100)
    operator: Text = named(_("平台运营主体"), min_length=1, max_length=200)
    registration_no: Text = named(_("备案或许可编号"), min_length=1, max_length=100)
    division_code: Text = named(_("登记地辖区代码"), min_length=6, max_length=6)
    contact: Text = named(_("下架联系人"), min_length=1, max_length=100)
    contact_channel: Text = named(_("下架联系方式"), min_length=1, max_length=200)


class PlatformOut(Schema):
    id: int
    name: str
    operator: str
    registration_no: str
    division_code: str
    contact: str
    contact_channel: str
    open_requests: int = 0


class SellerIn(Schema):
    client_id: UUID | None = None
    name: Text = named(_("经营者名称"), min_length=1, max_length=200)
    uscc: Text = named(_("统一社会信用代码"), "", max_length=18)
    permit_kind: Literal["licence", "filing"] = named(_("许可类型"))
    permit_no: Text = named(_("许可证或备案编号"), min_length=1, max_length=64)
    address: Text = named(_("经营地址"), min_length=1, max_length=300)
    division_code: Text = named(_("辖区代码"), min_length=6, max_length=6)


class SellerOut(Schema):
    id: int
    name: str
    uscc: str
    permit_kind: str
    permit_no: str
    address: str
    division_code: str
    shop_count: int = 0
    flagged: int = 0  # listings with findings over all sweeps
    sweeps_flagged: int = 0
    request_count: int = 0


class ShopIn(Schema):
    client_id: UUID | None = None
    platform_id: RefId = named(_("网络交易平台"))
    shop_id: Text = named(_("店铺编号"), min_length=1, max_length=100)
    name: Text = named(_("店铺名称"), min_length=1, max_length=200)
    division_code: Text = named(_("辖区代码"), min_length=6, max_length=6)
    url: Text = named(_("店铺链接"), "", max_length=500)
    operator_name: Text = named(_("平台登记的经营主体"), "", max_length=200)
    operator_uscc: Text = named(_("经营主体信用代码"), "", max_length=18)
    registered_address: Text = named(_("登记经营地址"), "", max_length=300)
    seller_id: RefId | None = named(_("食品经营者"), None)


class ShopOut(Schema):
    id: int
    platform_id: int
    platform: str
    shop_id: str
    name: str
    url: str
    operator_name: str
    operator_uscc: str
    registered_address: str
    seller_id: int | None
    division_code: str
    listings: int = 0
    flagged: int = 0
    findings: int = 0
    open_signals: int = 0


class ShopClaimIn(Schema):
    seller_id: RefId = named(_("食品经营者"))
    reason: Text = named(_("说明"), "", max_length=300)


class SweepPushIn(Schema):
    name: Text = named(_("排查名称"), "", max_length=200)
    as_of: AnyDate | None = named(_("检查日期"), None)
    columns: ColumnMap = named(_("列对应"), {})  # field → column of the rows, where the names differ
    rows: list[Row] = named(_("商品条目"), min_length=1, max_length=PUSH_ROWS_MAX)


class SweepPushOut(Schema):
    id: int
    name: str
    status: str
    rows: int
    status_url: str
    link_url: str


class LinkIn(Schema):
    columns: ColumnMap = named(_("列对应"), {})


class LinkOut(Schema):
    id: int
    sweep_id: int
    status: str
    rows: int
    done: int
    matched: int
    shops_created: int
    columns: dict[str, str]
    summary: dict[str, Any]
    error: str
    status_url: str


class RequestIn(Schema):
    client_id: UUID | None = None
    kind: Literal["takedown", "correction"] = named(_("要求类型"), "takedown")
    listing_ids: list[RefId] = named(_("排查条目"), [], max_length=200)  # none: every listing with findings


class RequestAnswerIn(Schema):
    answer_kind: Literal["removed", "corrected", "disputed"] = named(_("答复结果"))
    answer: Text = named(_("平台答复"), min_length=1, max_length=4000)


class RequestOut(Schema):
    id: int
    number: str
    kind: str
    platform_id: int
    shop_id: int
    seller_id: int | None
    division_code: str
    findings: list[dict[str, Any]]
    citations: list[dict[str, Any]]
    obligation_id: int | None
    due_at: datetime
    status: str
    answer_kind: str
    answer: str
    answered_at: datetime | None
    clue_id: int | None


class SalesInspectionOut(Schema):
    id: int
    seller_id: int
    seller: str
    run_id: int  # score its items through /api/v1/checklists/runs/{run_id}/results
    division_code: str
    result: str
    findings: int
    clue_id: int | None
    opened_on: date
