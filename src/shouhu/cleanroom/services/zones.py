"""Premises: zones with their grade, rooms and lines; zones made from a granted licence's application zones;
and where a batch was made."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from shouhu.core import access
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, refuse
from shouhu.core.services import create_record

from .. import table9
from ..error_codes import CleanroomError as E
from ..events import CleanroomAction as A
from ..models import BatchZone, Grade, Line, Room, Zone
from ._common import MANAGE, MonitorActor, zone_for
from .plan import plan_create


def zone_create(
    *,
    actor: Actor,
    enterprise_id: int,
    code: str,
    name: str,
    grade: str,
    site_id: int | None = None,
    raw_cereal: bool = False,
    area_m2: Any = None,
    shifts_per_day: int = 2,
    source_zone_id: int | None = None,
) -> Zone:
    """A zone of the enterprise; a clean zone gets its 表9 plan in the same transaction."""
    if not isinstance(actor, MonitorActor):
        access.require(actor, MANAGE)
    if getattr(actor, "enterprise_id", None) not in (None, enterprise_id):
        raise refuse(E.BATCH_OTHER, _("只能登记本企业的作业区"), field="enterprise")
    if Zone.objects.filter(enterprise_id=enterprise_id, code=code.strip()).exists():
        raise refuse(
            E.ZONE_EXISTS, _("区域编号 %(code)s 已存在"), params={"code": code}, field="code", error=Conflict
        )
    if shifts_per_day < 1 or 24 % shifts_per_day:
        raise refuse(E.ZONE_EXISTS, _("每日班次须能整除 24 小时"), field="shifts_per_day")
    with transaction.atomic():
        zone = create_record(
            actor=actor,
            instance=Zone(
                enterprise_id=enterprise_id,
                site_id=site_id,
                code=code.strip(),
                name=name.strip(),
                grade=grade,
                raw_cereal=raw_cereal,
                area_m2=None if area_m2 in (None, "") else Decimal(str(area_m2)),
                shifts_per_day=shifts_per_day,
                source_zone_id=source_zone_id,
            ),
            enterprise_id=enterprise_id,
            action=A.ZONE_CREATE,
        )
        if zone.grade == Grade.CLEAN:
            plan_create(actor=actor, zone=zone)
    return zone


def room_create(
    *, actor: Actor, zone: Zone | int, name: str, volume_m3: Any, vent_area_m2: Any = None
) -> Room:
    z = zone_for(actor, zone, MANAGE)
    return create_record(
        actor=actor,
        instance=Room(
            zone=z,
            name=name.strip(),
            volume_m3=Decimal(str(volume_m3)),
            vent_area_m2=None if vent_area_m2 in (None, "") else Decimal(str(vent_area_m2)),
        ),
        enterprise_id=z.enterprise_id,
        action=A.ROOM_CREATE,
    )


def line_create(*, actor: Actor, zone: Zone | int, name: str) -> Line:
    z = zone_for(actor, zone, MANAGE)
    return create_record(
        actor=actor,
        instance=Line(zone=z, name=name.strip()),
        enterprise_id=z.enterprise_id,
        action=A.LINE_CREATE,
    )


def zones_from_application(*, application_id: int) -> list[Zone]:
    """The premises of a granted licence: one zone per application zone (表2–4) not yet made, with the
    (A) variant where the application lists 婴幼儿生制类谷物辅助食品. Idempotent (source zone unique)."""
    from shouhu.licensing.models import Application
    from shouhu.registry.models import Site

    app = Application.objects.get(pk=application_id)
    actor = MonitorActor(app.enterprise_id, "系统任务（许可准予后建立作业区）")
    raw = app.products.filter(variety=table9.RAW_CEREAL).exists()
    site = Site.objects.filter(enterprise_id=app.enterprise_id, address=app.site_address).first()
    have = set(Zone.objects.filter(enterprise_id=app.enterprise_id).values_list("name", flat=True))
    made = []
    n = Zone.objects.filter(enterprise_id=app.enterprise_id).count()
    for z in app.zones.all().order_by("pk"):
        if z.name in have or Zone.objects.filter(source_zone_id=z.pk).exists():
            continue
        n += 1
        made.append(
            zone_create(
                actor=actor,
                enterprise_id=app.enterprise_id,
                code=f"ZN{n:02d}",
                name=z.name,
                grade=z.grade,
                site_id=site.pk if site else None,
                raw_cereal=raw,
                area_m2=z.area_m2,
                source_zone_id=z.pk,
            )
        )
    return made


def batch_zone_record(*, actor: Actor, batch_number: str, zone: Zone | int, line: str = "") -> BatchZone:
    """The zone (and line) a batch was made in: both must be the actor's enterprise's."""
    from shouhu.production import selectors as production

    z = zone_for(actor, zone, "cleanroom.record")
    batch = production.batch_get(actor, number=batch_number, enterprise_id=z.enterprise_id)
    line_obj = None
    if line.strip():
        line_obj = z.lines.filter(name=line.strip()).first()
        if line_obj is None:
            raise refuse(E.BATCH_OTHER, _("该区域没有生产线 %(line)s"), params={"line": line}, field="line")
    if BatchZone.objects.filter(batch=batch).exists():
        raise refuse(
            E.ZONE_EXISTS, _("批次 %(batch)s 已记录生产区域"), params={"batch": batch.number}, error=Conflict
        )
    return create_record(
        actor=actor,
        instance=BatchZone(
            enterprise_id=z.enterprise_id,
            batch=batch,
            zone=z,
            line=line_obj,
            recorded_by=actor if getattr(actor, "_meta", None) else None,
        ),
        enterprise_id=z.enterprise_id,
        action=A.BATCH_ZONE,
    )
