"""CCP readings at machine rates: every item checked against the plan in force, then one raw insert (COPY on
PostgreSQL), one batch record, one ledger entry holding the SHA-256 of the rows.

A reading names its plan (or the production batch, whose product's plan is then used), the CCP's code, the
unit, when and the value. Its limits are the plan's (the stricter of the rule's and the enterprise's, as the
CCP was set): a reading that carries other limits is refused (a limit is not edited on a record). Unknown
CCP or unit, another enterprise's batch, a time in the future: the whole push is refused and nothing is
written. Out-of-limit readings open (or extend) a deviation per CCP and batch, and hold that batch.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from typing import Annotated, Any, NamedTuple

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pydantic import AfterValidator, BaseModel, Field
from pydantic_core import PydanticCustomError

from shouhu.core import access
from shouhu.core import bulkjson as bj
from shouhu.core.access import Actor
from shouhu.core.bulkinsert import copy_escape, copy_text, insert_rows, reserve_ids
from shouhu.core.dates import EARLIEST, Span
from shouhu.core.errors import NotFound, refuse
from shouhu.core.services import create_record
from shouhu.production.models import Batch

from ..error_codes import HaccpError as E
from ..events import HaccpAction as A
from ..models import CCP, Plan, PlanVersion, Reading, ReadingBatch, Source, VersionStatus
from ._common import RECORD, enterprise_of, plans_by_product
from .deviations import out_of_limit

MAX_ITEMS = 10_000  # one push; larger uploads are split by the sender
NULL, BOOL = "\\N", {True: "t", False: "f"}
COLUMNS = [
    "id",
    "created_at",
    "updated_at",
    "enterprise_id",
    "batch_id",
    "ccp_id",
    "production_batch_id",
    "at",
    "value",
    "limit_min",
    "limit_max",
    "within",
    "period_key",
    "by",
]


def _sane_year(value: dt.datetime) -> dt.datetime:
    """The year check of `core.dates.PastMoment` without its per-item time-zone arithmetic (the bound against
    now is the service's, `FUTURE`)."""
    if not EARLIEST.year <= value.year <= dt.date.today().year + 1:
        raise PydanticCustomError(
            "date_out_of_range",
            "date must be between {earliest} and {latest}",
            {"earliest": EARLIEST.isoformat(), "latest": "today"},
        )
    return value


Moment = Annotated[dt.datetime, AfterValidator(_sane_year), Span("past")]


class HaccpReadingIn(BaseModel):
    """One CCP reading of a push (the API's schema is this one)."""

    plan: int | None = Field(default=None, ge=1, le=9_223_372_036_854_775_807)
    batch: str = Field(default="", max_length=64)  # the production batch's number
    ccp: str = Field(min_length=1, max_length=16)
    unit: str = Field(max_length=32)
    at: Moment
    value: float = Field(ge=-1e9, le=1e12, allow_inf_nan=False)
    by: str = Field(default="", max_length=100)
    limit_min: float | None = Field(default=None, ge=-1e9, le=1e12, allow_inf_nan=False)  # = the plan's
    limit_max: float | None = Field(default=None, ge=-1e9, le=1e12, allow_inf_nan=False)


def reading_line(
    pk: int, ccp_id: int, batch_id: int | None, at: dt.datetime, value: float, within: bool
) -> str:
    """One reading's canonical line in its batch's digest (`at` in UTC)."""
    return f"{pk}|{ccp_id}|{batch_id or ''}|{at.astimezone(dt.UTC).isoformat()}|{value!r}|{int(within)}"


def period_key(per: str, local: dt.datetime, batch_id: int | None) -> str:
    if per == "hour":
        return local.strftime("%Y-%m-%dT%H")
    if per == "shift":
        return f"{local:%Y-%m-%d}S{1 + local.hour // 12}"
    if per == "batch":
        return f"B{batch_id or 0}"
    return local.strftime("%Y-%m-%d")


def _error(index: int, code: E, message: Any, params: dict[str, Any], field: str) -> dict[str, Any]:
    return {"index": index, **refuse(code, message, params=params, field=f"items[{index}].{field}").as_dict()}


class Item(NamedTuple):
    plan: int | None
    batch: str
    ccp: str
    unit: str
    at: dt.datetime
    value: float
    by: str
    limit_min: float | None
    limit_max: float | None


_NUM = (int, float)  # not bool: type(True) is bool


def _fast(raw: dict[str, Any], tz: Any) -> Item | None:
    """The usual item in one pass of inline checks; None sends it to the field-by-field checks below, which
    name the wrong field (both apply `HaccpReadingIn`'s bounds)."""
    g = raw.get
    ccp, unit, at, value, batch, by, plan = (
        g("ccp"), g("unit"), g("at"), g("value"), g("batch", ""), g("by", ""), g("plan"),
    )  # fmt: skip
    if not (
        type(ccp) is str and 0 < len(ccp) <= 16 and type(unit) is str and len(unit) <= 32
        and type(at) is str and len(at) <= 40 and type(value) in _NUM and -1e9 <= value <= 1e12
        and type(batch) is str and len(batch) <= 64 and type(by) is str and len(by) <= 100
        and (plan is None or (type(plan) is int and 1 <= plan <= bj.MAX_ID))
        and g("limit_min") is None and g("limit_max") is None
    ):  # fmt: skip
        return None
    try:
        moment = dt.datetime.fromisoformat(at)
    except ValueError:
        return None
    if not bj.YEARS[0] <= moment.year <= bj.YEARS[1]:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return Item(plan, batch, ccp, unit, moment, float(value), by, None, None)


def parse_item(raw: Any, tz: Any) -> Item:
    """One pushed reading checked by plain code against `HaccpReadingIn`'s bounds (the API's documented
    schema): `core.bulkjson.Bad` names the first wrong field."""
    if type(raw) is dict:
        fast = _fast(raw, tz)
        if fast is not None:
            return fast
    if isinstance(raw, HaccpReadingIn):
        raw = raw.model_dump()
        raw["at"] = raw["at"].isoformat()
    if not isinstance(raw, dict):
        raise bj.Bad("", _("读数须为 JSON 对象"))
    return Item(
        bj.ident(raw, "plan"),
        bj.text(raw, "batch", 64),
        bj.text(raw, "ccp", 16, min_length=1, required=True),
        bj.text(raw, "unit", 32, required=True),
        bj.moment(raw, "at", tz),
        bj.number(raw, "value", -1e9, 1e12),
        bj.text(raw, "by", 100),
        bj.number(raw, "limit_min", -1e9, 1e12, required=False),
        bj.number(raw, "limit_max", -1e9, 1e12, required=False),
    )


def _same(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and abs(a - b) < 1e-9)


def readings_record(*, actor: Actor, items: list[Any], source: str = Source.API) -> ReadingBatch:
    """Check every item, then write them all (or nothing) as one batch."""
    access.require(actor, RECORD)
    ent = enterprise_of(actor)
    if not items:
        raise refuse(E.ITEMS_INVALID, _("没有读数"), field="items")
    if len(items) > MAX_ITEMS:
        raise refuse(E.TOO_MANY, _("单次最多 %(max)s 条"), params={"max": MAX_ITEMS}, field="items")
    with bj.gc_paused():
        return _record(actor, ent, items, source)


def _record(actor: Actor, ent: int, items: list[Any], source: str) -> ReadingBatch:
    tz = timezone.get_current_timezone()
    parsed, errors = [], []
    for index, raw in enumerate(items):
        try:
            parsed.append(parse_item(raw, tz))
        except bj.Bad as bad:
            errors.append(_error(index, E.FIELD_INVALID, bad.message, bad.params, bad.field))
    if errors:
        raise refuse(
            E.ITEMS_INVALID,
            _("%(count)s 条读数有误，全部未写入"),
            params={"count": len(errors)},
            items=errors[:200],
            count=len(items),
        )
    numbers = {i.batch for i in parsed if i.batch}
    batches = {
        b.number: b
        for b in Batch.objects.filter(enterprise_id=ent, number__in=numbers).only(
            "id", "number", "product_id", "status"
        )
    }
    plans = plans_by_product(ent)  # product -> the plan covering it (its own or its family's)
    plan_ids = set(Plan.objects.filter(enterprise_id=ent).values_list("pk", flat=True))
    versions = {
        v.plan_id: v.pk
        for v in PlanVersion.objects.filter(plan__enterprise_id=ent, status=VersionStatus.SIGNED).only(
            "id", "plan_id"
        )
    }
    foreign = sorted({i.plan for i in parsed if i.plan} - plan_ids)
    if foreign:  # another enterprise's plan, or none: not found (nothing about it is revealed)
        raise NotFound(_("未找到该对象或无权查看"), details={"field": "plan", "plans": foreign[:20]})
    ccps = {(c.version_id, c.code): c for c in CCP.objects.filter(version_id__in=versions.values())}
    now = timezone.now() + dt.timedelta(minutes=5)  # a logger's clock may run a little ahead
    rows = []
    for index, it in enumerate(parsed):
        batch = batches.get(it.batch) if it.batch else None
        if it.batch and batch is None:
            errors.append(_error(index, E.BATCH_UNKNOWN, _("未找到批次 %(b)s"), {"b": it.batch}, "batch"))
            continue
        plan_id = it.plan or (plans.get(batch.product_id) if batch else None)
        ccp = ccps.get((versions.get(plan_id), it.ccp)) if plan_id else None
        if ccp is None:
            errors.append(
                _error(index, E.CCP_UNKNOWN, _("现行HACCP计划中没有关键控制点 %(c)s"), {"c": it.ccp}, "ccp")
            )
            continue
        if it.unit != ccp.unit:
            errors.append(
                _error(
                    index,
                    E.UNIT_UNKNOWN,
                    _("单位 %(u)s 不是 %(c)s 的单位（%(unit)s）"),
                    {"u": it.unit, "c": ccp.code, "unit": ccp.unit},
                    "unit",
                )
            )
            continue
        edited = (it.limit_min is not None or it.limit_max is not None) and not (
            _same(it.limit_min, ccp.limit_min) and _same(it.limit_max, ccp.limit_max)
        )
        if edited:
            errors.append(
                _error(
                    index,
                    E.LIMIT_EDITED,
                    _("记录不能修改关键限值：%(c)s 的限值以现行计划为准"),
                    {"c": ccp.code},
                    "limit_min",
                )
            )
            continue
        at = it.at
        if at > now:
            errors.append(_error(index, E.FUTURE, _("监控时间不能晚于现在"), {}, "at"))
            continue
        rows.append((ccp, batch.pk if batch else None, at, float(it.value), it.by))
    if errors:
        raise refuse(
            E.ITEMS_INVALID,
            _("%(count)s 条读数有误，全部未写入"),
            params={"count": len(errors)},
            items=errors[:200],
            count=len(items),
        )
    return write(actor, ent, rows, source)


def write(actor: Actor, ent: int, rows: list[tuple], source: str) -> ReadingBatch:
    """One pass builds the digest and the rows (COPY text lines on PostgreSQL, adapted tuples elsewhere)."""
    ops = connection.ops
    pg = connection.vendor == "postgresql"
    now = timezone.now()
    now_db = now.isoformat() if pg else ops.adapt_datetimefield_value(now)
    tz = timezone.get_current_timezone()
    adapt_at = ops.adapt_datetimefield_value
    with transaction.atomic():
        ids = reserve_ids(Reading, len(rows))
        batch_id = reserve_ids(ReadingBatch, 1)[0]
        digest, db_rows, bad_count = hashlib.sha256(), [], 0
        bad: dict[tuple[int, int | None], list[tuple[dt.datetime, float]]] = defaultdict(list)
        for pk, (ccp, pb, at, value, by) in zip(ids, rows, strict=True):
            lo, hi = ccp.limit_min, ccp.limit_max
            ok = (lo is None or value >= lo) and (hi is None or value <= hi)
            key = period_key(ccp.per, at.astimezone(tz), pb)
            if not ok:
                bad[(ccp.pk, pb)].append((at, value))
                bad_count += 1
            digest.update(reading_line(pk, ccp.pk, pb, at, value, ok).encode() + b"\n")
            if pg:
                db_rows.append(
                    f"{pk}\t{now_db}\t{now_db}\t{ent}\t{batch_id}\t{ccp.pk}\t{NULL if pb is None else pb}\t"
                    f"{at.isoformat()}\t{value!r}\t{NULL if lo is None else repr(lo)}\t"
                    f"{NULL if hi is None else repr(hi)}\t{BOOL[ok]}\t{key}\t{copy_escape(by)}\n"
                )
            else:
                db_rows.append(
                    (pk, now_db, now_db, ent, batch_id, ccp.pk, pb, adapt_at(at), value, lo, hi, ok, key, by)
                )
        batch = create_record(
            actor=actor,
            instance=ReadingBatch(
                pk=batch_id,
                enterprise_id=ent,
                source=source,
                count=len(rows),
                first_id=ids[0],
                last_id=ids[-1],
                sha256=digest.hexdigest(),
                out_of_limit=bad_count,
            ),
            enterprise_id=ent,
            action=A.READINGS_RECORD,
        )
        if pg:
            copy_text(Reading, COLUMNS, db_rows)
        else:
            insert_rows(Reading, COLUMNS, db_rows)
        by_ccp = {ccp.pk: ccp for ccp, *_rest in rows}
        for (ccp_pk, pb), values in bad.items():
            out_of_limit(actor=actor, ccp=by_ccp[ccp_pk], batch_id=pb, values=values)
    return batch
