"""Readings at machine rates: every item checked, then one raw insert, one batch record, one ledger entry.

A reading names its zone (code), its 表9 parameter and unit, when it was taken and its value (an
air-change reading gives S, V and A instead: N = 3600·S·V/A, 表9 注2). Every item is checked first —
unknown parameter or unit, a zone of another enterprise (not found), a time in the future — and if any
fails nothing is written. Then the readings are inserted raw (`core.bulkinsert`: COPY on PostgreSQL) and
their batch is one regulated record whose ledger entry carries the SHA-256 of the readings' canonical
lines (`selectors.batch_digest` recomputes it), so a changed reading is detected like any changed record.
Out-of-limit readings extend the item's open deviation or open one (with its finding: CAPA); a period
whose readings are now complete discharges its recurring duty.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from typing import Annotated, Any, NamedTuple

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pydantic import AfterValidator, BaseModel, Field
from pydantic_core import PydanticCustomError

from shouhu.core import access, regulation
from shouhu.core import bulkjson as bj
from shouhu.core.access import Actor
from shouhu.core.bulkinsert import copy_escape, copy_text, insert_rows, reserve_ids
from shouhu.core.dates import EARLIEST, Span
from shouhu.core.errors import NotFound, refuse
from shouhu.core.services import create_record
from shouhu.workflow.obligations.services import obligation_complete

from .. import table9
from ..error_codes import CleanroomError as E
from ..events import CleanroomAction as A
from ..models import PlanItem, Reading, ReadingBatch, ReadingDay, Room, Source, Zone
from ._common import RECORD, enterprise_of, zone_obligations
from .deviations import out_of_limit

MAX_ITEMS = 10_000  # one push: ~0.5 s on PostgreSQL (docs/benchmarks.md); larger uploads are split
AIR_CHANGES = "air_changes_per_hour"
NULL, BOOL = "\\N", {True: "t", False: "f"}  # COPY text format
COLUMNS = [
    "id", "created_at", "updated_at", "enterprise_id", "batch_id", "zone_id", "item_id", "room_id",
    "at", "value", "inputs", "within", "period_key", "month", "by",
]  # fmt: skip


def _sane_year(value: dt.datetime) -> dt.datetime:
    """`core.dates.PastMoment`'s year check without its time-zone arithmetic (1.3 s of a 10,000-reading push:
    `timezone.localtime` per item); the exact bound against now is the service's (`FUTURE`)."""
    if not EARLIEST.year <= value.year <= dt.date.today().year + 1:
        raise PydanticCustomError("date_out_of_range", "date must be between {earliest} and {latest}",
                                  {"earliest": EARLIEST.isoformat(), "latest": "today"})  # fmt: skip
    return value


SensorMoment = Annotated[dt.datetime, AfterValidator(_sane_year), Span("past")]


class CleanroomInputs(BaseModel):
    vent_area_m2: float = Field(gt=0, le=1e4, allow_inf_nan=False)  # S
    air_speed_m_s: float = Field(gt=0, le=100, allow_inf_nan=False)  # V
    room_volume_m3: float | None = Field(default=None, gt=0, le=1e7, allow_inf_nan=False)  # A (or the room's)


class CleanroomReadingIn(BaseModel):
    """One reading of a push (the API's schema is this one)."""

    zone: str = Field(min_length=1, max_length=32)
    parameter: str = Field(min_length=1, max_length=64)
    unit: str = Field(max_length=32)
    at: SensorMoment  # impossible years refused here; the future (beyond clock skew) by the service
    value: float | None = Field(default=None, ge=-1e9, le=1e12, allow_inf_nan=False)
    room: str = Field(default="", max_length=100)
    inputs: CleanroomInputs | None = None
    by: str = Field(default="", max_length=100)


ReadingItem = CleanroomReadingIn


class Inputs(NamedTuple):
    vent_area_m2: float
    air_speed_m_s: float
    room_volume_m3: float | None


class Item(NamedTuple):
    zone: str
    parameter: str
    unit: str
    at: dt.datetime
    value: float | None
    room: str
    inputs: Inputs | None
    by: str


_NUM = (int, float)  # not bool: type(True) is bool


def _fast(raw: dict[str, Any], tz: Any) -> Item | None:
    """The usual item (a value, no S/V/A inputs) in one pass of inline checks; None sends it to the
    field-by-field checks below, which name the wrong field (both apply `CleanroomReadingIn`'s bounds)."""
    g = raw.get
    zone, parameter, unit, at, value, room, by = (
        g("zone"), g("parameter"), g("unit"), g("at"), g("value"), g("room", ""), g("by", ""),
    )  # fmt: skip
    if not (
        type(zone) is str and 0 < len(zone) <= 32 and type(parameter) is str and 0 < len(parameter) <= 64
        and type(unit) is str and len(unit) <= 32 and type(at) is str and len(at) <= 40
        and type(value) in _NUM and -1e9 <= value <= 1e12 and type(room) is str and len(room) <= 100
        and type(by) is str and len(by) <= 100 and g("inputs") is None
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
    return Item(zone, parameter, unit, moment, float(value), room, None, by)


def parse_item(raw: Any, tz: Any) -> Item:
    """One pushed reading checked by plain code against `CleanroomReadingIn`'s bounds (the API's documented
    schema): `core.bulkjson.Bad` names the first wrong field."""
    if type(raw) is dict:
        fast = _fast(raw, tz)
        if fast is not None:
            return fast
    if isinstance(raw, CleanroomReadingIn):
        raw = raw.model_dump()
        raw["at"] = raw["at"].isoformat()
    if not isinstance(raw, dict):
        raise bj.Bad("", _("读数须为 JSON 对象"))
    inputs = raw.get("inputs")
    if inputs is not None:
        if not isinstance(inputs, dict):
            raise bj.Bad("inputs", _("%(f)s 须为 JSON 对象"), f="inputs")
        try:
            inputs = Inputs(
                bj.number(inputs, "vent_area_m2", 0, 1e4, gt=True),
                bj.number(inputs, "air_speed_m_s", 0, 100, gt=True),
                bj.number(inputs, "room_volume_m3", 0, 1e7, gt=True, required=False),
            )
        except bj.Bad as bad:
            raise bj.Bad(f"inputs.{bad.field}", bad.message, **bad.params) from None
    return Item(
        bj.text(raw, "zone", 32, min_length=1, required=True),
        bj.text(raw, "parameter", 64, min_length=1, required=True),
        bj.text(raw, "unit", 32, required=True),
        bj.moment(raw, "at", tz),
        bj.number(raw, "value", -1e9, 1e12, required=False),
        bj.text(raw, "room", 100),
        inputs,
        bj.text(raw, "by", 100),
    )


def _error(index: int, code: E, message: Any, params: dict[str, Any], field: str) -> dict[str, Any]:
    exc = refuse(code, message, params=params, field=f"items[{index}].{field}")
    return {"index": index, **exc.as_dict()}


def readings_record(
    *, actor: Actor, items: list[Any], source: str = Source.API, sensor: str = ""
) -> ReadingBatch:
    """Check every item, then write them all (or nothing) as one batch."""
    access.require(actor, RECORD)
    ent = enterprise_of(actor)
    if not items:
        raise refuse(E.ITEMS_INVALID, _("没有读数"), field="items")
    if len(items) > MAX_ITEMS:
        raise refuse(E.TOO_MANY, _("单次最多 %(max)s 条"), params={"max": MAX_ITEMS}, field="items")
    with bj.gc_paused():
        return _record(actor, ent, items, source, sensor)


def _record(actor: Actor, ent: int, items: list[Any], source: str, sensor: str) -> ReadingBatch:
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
    codes = {i.zone for i in parsed}
    zones = {z.code: z for z in Zone.objects.filter(enterprise_id=ent, code__in=codes)}
    unknown = sorted(codes - set(zones))
    if unknown:  # another enterprise's zone, or none: not found (nothing about it is revealed)
        raise NotFound(_("未找到该对象或无权查看"), details={"field": "zone", "zones": unknown[:20]})
    plan: dict[tuple[int, str], PlanItem] = {
        (p.zone_id, p.quantity): p for p in PlanItem.objects.filter(zone__in=zones.values())
    }
    rooms = {(r.zone_id, r.name): r for r in Room.objects.filter(zone__in=zones.values())}
    eng = regulation.engine()
    now = timezone.now() + dt.timedelta(minutes=5)  # a sensor's clock may run a little ahead
    rows = []
    for index, it in enumerate(parsed):
        zone = zones[it.zone]
        item = plan.get((zone.pk, it.parameter))
        if item is None:
            if not any(z == zone.pk for z, _q in plan):
                errors.append(
                    _error(
                        index,
                        E.ZONE_NO_PLAN,
                        _("区域 %(zone)s 不是清洁作业区，没有表9监测计划"),
                        {"zone": zone.name},
                        "zone",
                    )
                )
            else:
                known = sorted(q for z, q in plan if z == zone.pk)
                errors.append(
                    _error(
                        index,
                        E.PARAMETER_UNKNOWN,
                        _("未知监测参数 %(p)s（表9 参数：%(known)s）"),
                        {"p": it.parameter, "known": "、".join(known)},
                        "parameter",
                    )
                )
            continue
        if table9.unit_of(it.unit) != item.unit:
            errors.append(
                _error(
                    index,
                    E.UNIT_UNKNOWN,
                    _("单位 %(u)s 不是 %(p)s 的单位（表9：%(unit)s）"),
                    {"u": it.unit, "p": item.title, "unit": item.unit},
                    "unit",
                )
            )
            continue
        at = it.at
        if at > now:
            errors.append(_error(index, E.FUTURE, _("监测时间不能晚于现在"), {}, "at"))
            continue
        room = rooms.get((zone.pk, it.room)) if it.room else None
        if it.room and room is None:
            errors.append(
                _error(index, E.PARAMETER_UNKNOWN, _("该区域没有房间 %(room)s"), {"room": it.room}, "room")
            )
            continue
        inputs: dict[str, float] = {}
        value = it.value
        if it.parameter == AIR_CHANGES:
            volume = it.inputs and (it.inputs.room_volume_m3 or (float(room.volume_m3) if room else None))
            if not it.inputs or not volume:
                errors.append(
                    _error(
                        index,
                        E.INPUTS_REQUIRED,
                        _("换气次数须给出风口面积 S、平均风速 V 及房间容积 A（N=3600SV/A）"),
                        {},
                        "inputs",
                    )
                )
                continue
            inputs = {"S": it.inputs.vent_area_m2, "V": it.inputs.air_speed_m_s, "A": volume}
            value = round(
                table9.air_changes(
                    eng, vent_area_m2=inputs["S"], air_speed_m_s=inputs["V"], room_volume_m3=volume
                ),
                3,
            )
        elif value is None:
            errors.append(_error(index, E.INPUTS_REQUIRED, _("须填写测得值"), {}, "value"))
            continue
        rows.append((zone, item, room, at, float(value), inputs, it.by))
    if errors:
        raise refuse(
            E.ITEMS_INVALID,
            _("%(count)s 条读数有误，全部未写入"),
            params={"count": len(errors)},
            items=errors[:200],
            count=len(items),
        )
    return _write(actor, ent, rows, source, sensor)


def _write(actor: Actor, ent: int, rows: list[tuple], source: str, sensor: str) -> ReadingBatch:
    """One pass builds the digest and the rows (COPY text lines on PostgreSQL, adapted tuples elsewhere)."""
    ops = connection.ops
    pg = connection.vendor == "postgresql"
    json_field = Reading._meta.get_field("inputs")
    now = timezone.now()
    now_db = now.isoformat() if pg else ops.adapt_datetimefield_value(now)
    tz = timezone.get_current_timezone()
    empty = "{}" if pg else json_field.get_db_prep_save({}, connection)
    adapt_at = ops.adapt_datetimefield_value
    months: dict[tuple[str, str], str] = {}
    with transaction.atomic():
        ids = reserve_ids(Reading, len(rows))
        batch_id = reserve_ids(ReadingBatch, 1)[0]
        digest, out, db_rows = hashlib.sha256(), [], []
        touched: dict[int, set[str]] = defaultdict(set)
        bad: dict[int, list[tuple[dt.datetime, float]]] = defaultdict(list)
        days: dict[tuple[int, str], list[float]] = {}  # (item, local day) -> [n, sum, min, max]
        for pk, (zone, item, room, at, value, inputs, by) in zip(ids, rows, strict=True):
            item_id, zone_id = item.pk, zone.pk
            ok = table9.within(item.operator, value, item.value, item.value_max)
            key = table9.period_key(item.per, at.astimezone(tz), zone.shifts_per_day)
            touched[item_id].add(key)
            dkey = (item_id, key[:10] if item.per == "shift" else local_day(at, tz))
            d = days.get(dkey)
            if d is None:
                days[dkey] = [1, value, value, value]
            else:
                d[0] += 1
                d[1] += value
                d[2] = min(d[2], value)
                d[3] = max(d[3], value)
            if not ok:
                bad[item_id].append((at, value))
            digest.update(table9.reading_line(pk, zone_id, item_id, at, value, ok).encode() + b"\n")
            month = months.get((item.per, key)) or months.setdefault(
                (item.per, key), table9.period_month(item.per, key)
            )
            room_id = room.pk if room else None
            if pg:
                room_text = NULL if room_id is None else room_id
                inputs_text = copy_escape(json.dumps(inputs)) if inputs else empty
                db_rows.append(
                    f"{pk}\t{now_db}\t{now_db}\t{ent}\t{batch_id}\t{zone_id}\t{item_id}\t{room_text}\t"
                    f"{at.isoformat()}\t{value!r}\t{inputs_text}\t{BOOL[ok]}\t{key}\t{month}\t{copy_escape(by)}\n"
                )
            else:
                db_rows.append(
                    (
                        pk, now_db, now_db, ent, batch_id, zone_id, item_id, room_id, adapt_at(at), value,
                        json_field.get_db_prep_save(inputs, connection) if inputs else empty, ok, key, month, by,
                    )
                )  # fmt: skip
            out.append(ok)
        batch = create_record(
            actor=actor,
            instance=ReadingBatch(
                pk=batch_id,
                enterprise_id=ent,
                source=source,
                sensor=sensor[:64],
                count=len(rows),
                first_id=ids[0],
                last_id=ids[-1],
                sha256=digest.hexdigest(),
                out_of_limit=out.count(False),
            ),
            enterprise_id=ent,
            action=A.READINGS_RECORD,
        )
        if pg:
            copy_text(Reading, COLUMNS, db_rows)
        else:
            insert_rows(Reading, COLUMNS, db_rows)
        _days(days)
        items = {item.pk: item for _z, item, *_rest in rows}
        for item_pk, values in bad.items():
            out_of_limit(actor=actor, item=items[item_pk], values=values)
        _discharge(actor, items, touched)
    return batch


def local_day(at: dt.datetime, tz: Any) -> str:
    return at.astimezone(tz).date().isoformat()


def _days(days: dict[tuple[int, str], list[float]]) -> None:
    """Fold this batch's per-day figures into `ReadingDay` (one upsert statement, both databases)."""
    if not days:
        return
    table = connection.ops.quote_name(ReadingDay._meta.db_table)
    rows = [(item, day, int(n), total, lo, hi) for (item, day), (n, total, lo, hi) in days.items()]
    least, greatest = ("LEAST", "GREATEST") if connection.vendor == "postgresql" else ("MIN", "MAX")
    sql = (
        f"INSERT INTO {table} (item_id, day, n, total, lo, hi) VALUES (%s, %s, %s, %s, %s, %s) "
        f"ON CONFLICT (item_id, day) DO UPDATE SET n = {table}.n + excluded.n, "
        f"total = {table}.total + excluded.total, lo = {least}({table}.lo, excluded.lo), "
        f"hi = {greatest}({table}.hi, excluded.hi)"
    )
    with connection.cursor() as cur:
        cur.executemany(sql, rows)


def _discharge(actor: Actor, items: dict[int, PlanItem], touched: dict[int, set[str]]) -> int:
    """Complete the duties of the periods these readings made whole (every item of the group counted)."""
    done = 0
    by_group: dict[tuple[int, str], set[str]] = defaultdict(set)
    for pk, keys in touched.items():
        by_group[(items[pk].zone_id, items[pk].per)] |= keys
    for (zone_id, per), keys in by_group.items():
        group = list(PlanItem.objects.filter(zone_id=zone_id, per=per))
        counts = {
            (r["item_id"], r["period_key"]): r["n"]
            for r in Reading.objects.filter(item__in=group, period_key__in=keys)
            .values("item_id", "period_key")
            .annotate(n=Count("id"))
        }
        whole = [k for k in keys if all(counts.get((i.pk, k), 0) >= i.times for i in group)]
        if not whole:
            continue
        zone = group[0].zone
        for obligation in zone_obligations(zone, f"cleanroom.monitor.{per}", whole):
            obligation_complete(actor=actor, obligation=obligation, note=str(_("监测读数已齐")))
            done += 1
    return done
