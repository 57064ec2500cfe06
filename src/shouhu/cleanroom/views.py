"""Clean-room pages: the enterprise's zones (flags, open deviations, a new zone), a zone (plan from 表9,
trends as server-drawn SVG with the limits, readings, deviations with their CAPA, reports, changes,
rooms, lines, batches), the phone page for a reading (360 px), and the regulator's frequency compliance
per zone and month. Forms post to the services the API calls; a refusal re-renders with the reason (422)
and writes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from shouhu.core import access
from shouhu.core.errors import NotFound, ServiceError, refuse
from shouhu.core.htmx import render_page

from . import selectors, services
from .error_codes import CleanroomError as E
from .models import Grade, ReportKind


def _status(request: HttpRequest, template: str, status: int) -> HttpResponse:
    return render_page(request, template, {}, status=status)


def _message(exc: ServiceError) -> str:
    """The refusal's own words; for a push of one reading, the item's."""
    items = (exc.details or {}).get("items") or []
    return str(items[0].get("message") if items and items[0].get("message") else exc.message)


def _day(value: str, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise refuse(E.REPORT_INVALID, _("日期格式应为 YYYY-MM-DD"), field=field) from None


def _float(value: str, field: str) -> float | None:
    if not (value or "").strip():
        return None
    try:
        return float(value)
    except ValueError:
        raise refuse(E.INPUTS_REQUIRED, _("须填写数字"), field=field) from None


@login_required
@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    user, error, status = request.user, None, 200
    if not getattr(user, "enterprise_id", None):
        if request.method == "GET" and access.can(user, "cleanroom.supervise"):
            return redirect("cleanroom:compliance")
        return _status(request, "403.html", 403)
    if not access.can(user, "cleanroom.view"):
        return _status(request, "403.html", 403)
    if request.method == "POST":
        if not access.can(user, "cleanroom.manage"):
            return _status(request, "403.html", 403)
        p = request.POST
        try:
            zone = services.zone_create(
                actor=user,
                enterprise_id=user.enterprise_id,
                code=p.get("code", ""),
                name=p.get("name", ""),
                grade=p.get("grade", ""),
                raw_cereal=bool(p.get("raw_cereal")),
                area_m2=_float(p.get("area_m2", ""), "area_m2"),
            )
            messages.success(request, _("已登记作业区"))
            return redirect("cleanroom:zone", zone.pk)
        except ServiceError as exc:
            error, status = _message(exc), 422
    zones = list(selectors.zone_list(user))
    rows = [{"zone": z, "flags": selectors.zone_flags(z)} for z in zones]
    context = {
        "rows": rows,
        "grades": Grade.choices,
        "can_manage": access.can(user, "cleanroom.manage"),
        "deviations": selectors.deviation_list(user, open_only=True)[:50],
        "error": error,
    }
    return render_page(request, "cleanroom/home.html", context, status=status)


def _zone_post(user: Any, zone: Any, p: Any, files: Any) -> str:
    action = p.get("action", "")
    if action == "sweep":
        n = services.missing_sweep(zone=services.zone_for(user, zone, "cleanroom.record"))
        return str(_("漏测检查完成，新增偏离 %(n)s 项") % {"n": n})
    if action == "batch":
        services.batch_zone_record(
            actor=user, batch_number=p.get("batch", ""), zone=zone, line=p.get("line", "")
        )
        return str(_("已记录批次生产区域"))
    if action == "room":
        services.room_create(
            actor=user, zone=zone, name=p.get("name", ""), volume_m3=_float(p.get("volume_m3", ""), "volume_m3") or 0,
            vent_area_m2=_float(p.get("vent_area_m2", ""), "vent_area_m2"),
        )  # fmt: skip
        return str(_("已登记房间"))
    if action == "line":
        services.line_create(actor=user, zone=zone, name=p.get("name", ""))
        return str(_("已登记生产线"))
    if action == "limit":
        services.limit_set(
            actor=user, item=int(p.get("item") or 0), value=_float(p.get("value", ""), "value") or 0,
            value_max=_float(p.get("value_max", ""), "value_max"), reason=p.get("reason", ""),
        )  # fmt: skip
        return str(_("已设定内控限值"))
    if action == "change":
        services.change_record(
            actor=user, zone=zone, description=p.get("description", ""),
            changed_on=_day(p.get("changed_on", ""), "changed_on"), restart_on=_day(p.get("restart_on", ""), "restart_on"),
        )  # fmt: skip
        return str(_("已记录重大改造，恢复生产前须完成验证"))
    if action == "report":
        f = files.get("file")
        services.report_record(
            actor=user, zone=zone, kind=p.get("kind", ""), lab=p.get("lab", ""), number=p.get("number", ""),
            tested_on=_day(p.get("tested_on", ""), "tested_on"), passed=p.get("passed") == "1",
            content=f.read() if f else b"", filename=f.name if f else "",
        )  # fmt: skip
        return str(_("已记录检测报告"))
    raise refuse(E.REPORT_INVALID, _("未知操作"), field="action")


@login_required
@require_http_methods(["GET", "POST"])
def zone_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user, error, status = request.user, None, 200
    try:
        zone = selectors.zone_get(user, pk)
    except NotFound:
        return _status(request, "404.html", 404)
    except ServiceError:
        return _status(request, "403.html", 403)
    if request.method == "POST":
        if not access.can(user, "cleanroom.record"):
            return _status(request, "403.html", 403)
        try:
            messages.success(request, _zone_post(user, zone, request.POST, request.FILES))
            return redirect("cleanroom:zone", zone.pk)
        except NotFound:
            return _status(request, "404.html", 404)
        except ServiceError as exc:
            error, status = _message(exc), (403 if exc.status == 403 else 422)
    plan = selectors.plan_of(zone)
    chosen = next((i for i in plan if i.quantity == request.GET.get("p")), None) or next(
        (i for i in plan if i.per == "shift"), plan[0] if plan else None
    )
    today = timezone.localdate()
    context = {
        "zone": zone,
        "plan": plan,
        "chosen": chosen,
        "chart": selectors.trend(chosen, today - dt.timedelta(days=364), today) if chosen else None,
        "series": selectors.trend_series(chosen, today - dt.timedelta(days=364), today) if chosen else None,
        "flags": selectors.zone_flags(zone),
        "report": selectors.valid_report(zone),
        "reports": zone.reports.select_related("evidence")[:10],
        "rooms": zone.rooms.all(),
        "lines": zone.lines.all(),
        "batches": zone.batches.select_related("batch", "line")[:20],
        "readings": selectors.recent_readings(zone),
        "deviations": selectors.deviation_list(user, zone=zone)[:30],
        "can_manage": access.can(user, "cleanroom.manage"),
        "can_record": access.can(user, "cleanroom.record"),
        "report_kinds": ReportKind.choices,
        "today": today,
        "error": error,
    }
    return render_page(request, "cleanroom/zone.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def reading_new(request: HttpRequest, pk: int) -> HttpResponse:
    """The phone page: one reading of one 表9 parameter (S and V for air changes), the unit preset."""
    user, error, status = request.user, None, 200
    try:
        zone = selectors.zone_get(user, pk)
    except NotFound:
        return _status(request, "404.html", 404)
    except ServiceError:
        return _status(request, "403.html", 403)
    if not access.can(user, "cleanroom.record"):
        return _status(request, "403.html", 403)
    plan = selectors.plan_of(zone)
    if request.method == "POST":
        p = request.POST
        item = {
            "zone": zone.code,
            "parameter": p.get("parameter", ""),
            "unit": p.get("unit", ""),
            "at": p.get("at") or timezone.now().isoformat(),
            "room": p.get("room", ""),
            "by": str(getattr(user, "display_name", "") or user)[:100],
        }
        try:
            if p.get("parameter") == "air_changes_per_hour":
                item["inputs"] = {
                    "vent_area_m2": _float(p.get("vent_area_m2", ""), "vent_area_m2") or 0,
                    "air_speed_m_s": _float(p.get("air_speed_m_s", ""), "air_speed_m_s") or 0,
                    "room_volume_m3": _float(p.get("room_volume_m3", ""), "room_volume_m3"),
                }
            else:
                item["value"] = _float(p.get("value", ""), "value")
            from pydantic import ValidationError

            try:
                parsed = services.ReadingItem.model_validate(item)
            except ValidationError:
                raise refuse(E.INPUTS_REQUIRED, _("输入有误，请检查测得值和时间"), field="value") from None
            batch = services.readings_record(actor=user, items=[parsed], source="page")
            if batch.out_of_limit:
                messages.warning(request, _("读数超出限值，已记为偏离，请制定纠正预防措施"))
            else:
                messages.success(request, _("已记录读数"))
            return redirect("cleanroom:read", zone.pk)
        except ServiceError as exc:
            error, status = _message(exc), 422
    context = {"zone": zone, "plan": plan, "rooms": zone.rooms.all(), "error": error, "posted": request.POST}
    return render_page(request, "cleanroom/reading.html", context, status=status)


@login_required
@require_GET
def compliance(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not access.can(user, "cleanroom.supervise"):
        return _status(request, "403.html", 403)
    today = timezone.localdate()
    first = (today.replace(day=1) - dt.timedelta(days=335)).replace(day=1)
    data = selectors.compliance(user, first=first, last=today)
    flagged = [r["zone"] for r in data["rows"] if selectors.zone_flags(r["zone"])]
    return render_page(
        request,
        "cleanroom/compliance.html",
        {"data": data, "flagged": flagged, "deviations": selectors.deviation_list(user, open_only=True)[:50]},
    )
