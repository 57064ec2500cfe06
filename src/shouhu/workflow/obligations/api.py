"""Obligation endpoints (待办接口), mounted at `/api/v1/obligations`: my to-dos and their count, the
jurisdiction's overdue list, obligations and their actions, recurring schedules, notifications, preferences.

Each endpoint parses input, calls one selector or one service, and renders. Out-of-tenancy objects are 404,
a role that may not act is 403, a state that does not allow the action 409, bad input 422 naming the field.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from ninja import Body, Query, Router
from ninja.pagination import paginate

from shouhu.core.api import ERRORS, Id, Pages, actor
from shouhu.core.errors import NotFound, refuse
from shouhu.core.i18n import both

from . import notify, schedules, selectors, services
from .error_codes import ObligationError as E
from .models import Notification, Schedule
from .schemas import (
    CountOut,
    ExtendIn,
    GenerateIn,
    NotificationOut,
    ObligationCompleteIn,
    ObligationIn,
    ObligationOut,
    PauseIn,
    PreferenceIn,
    ReadIn,
    ScheduleIn,
    ScheduleOut,
    notification_out,
    obligation_out,
)
from .subjects import in_tenancy, resolve

router = Router()


def summary(msgid: str | Promise) -> str:
    """An operation's summary in both languages from one msgid (the OpenAPI document is not per request)."""
    zh, en = both(msgid)
    return zh if zh == en else f"{zh} / {en}"


def _person(request: HttpRequest) -> Any:
    """Inbox and notifications belong to people; an API key has neither."""
    who = actor(request)
    if getattr(who, "_meta", None) is None:
        raise refuse(E.OWNER_INVALID, _("系统接入密钥没有个人待办"), field="__all__")
    return who


def _owner_user(actor_: Any, pk: int | None) -> Any:
    if pk is None:
        return None
    user = get_user_model().objects.filter(pk=pk, is_active=True).first()
    if user is None:
        raise refuse(E.OWNER_INVALID, _("义务人不属于该对象所在企业或辖区"), field="owner_user_id")
    return user


@router.get("/inbox", response={200: list[ObligationOut], **ERRORS}, summary=summary(_("我的待办")))
@paginate(Pages)
def inbox(request: HttpRequest) -> list[dict[str, Any]]:
    return [obligation_out(o) for o in selectors.inbox(_person(request))]


@router.get("/inbox/count", response={200: CountOut, **ERRORS}, summary=summary(_("待办数")))
def inbox_count(request: HttpRequest) -> dict[str, int]:
    return {"count": selectors.todo_count(_person(request))}


@router.get(
    "/overdue",
    response={200: list[ObligationOut], **ERRORS},
    summary=summary(_("辖区逾期事项")),
)
@paginate(Pages)
def overdue(request: HttpRequest) -> list[dict[str, Any]]:
    return [obligation_out(o) for o in selectors.overdue_list(actor(request))]


@router.get("/obligations", response={200: list[ObligationOut], **ERRORS}, summary=summary(_("待办事项")))
@paginate(Pages)
def obligation_list(request: HttpRequest, status: str = Query("", max_length=64)) -> list[dict[str, Any]]:
    return [obligation_out(o) for o in selectors.obligation_list(actor(request), status=status)]


@router.post("/obligations", response={201: ObligationOut, **ERRORS}, summary=summary(_("设立待办事项")))
def obligation_create(request: HttpRequest, body: ObligationIn) -> tuple[int, dict[str, Any]]:
    who = actor(request)
    data = body.dict()
    subject = resolve(data.pop("subject_type"), data.pop("subject_id"))
    owner = _owner_user(who, data.pop("owner_user_id"))
    o = services.obligation_create(actor=who, subject=subject, owner_user=owner, **data)
    return 201, obligation_out(selectors.obligation_get(who, o.pk))


@router.get(
    "/obligations/{obligation_id}", response={200: ObligationOut, **ERRORS}, summary=summary(_("待办详情"))
)
def obligation_get(request: HttpRequest, obligation_id: Id) -> dict[str, Any]:
    return obligation_out(selectors.obligation_get(actor(request), obligation_id))


def _act(request: HttpRequest, pk: int, fn: Any, **kw: Any) -> dict[str, Any]:
    who = actor(request)
    o = fn(actor=who, obligation=selectors.obligation_get(who, pk), **kw)
    return obligation_out(selectors.obligation_get(who, o.pk))


@router.post(
    "/obligations/{obligation_id}/complete",
    response={200: ObligationOut, **ERRORS},
    summary=summary(_("完成")),
)
def obligation_complete(
    request: HttpRequest, obligation_id: Id, body: ObligationCompleteIn
) -> dict[str, Any]:
    return _act(request, obligation_id, services.obligation_complete, note=body.note)


@router.post(
    "/obligations/{obligation_id}/pause",
    response={200: ObligationOut, **ERRORS},
    summary=summary(_("中止计时")),
)
def obligation_pause(request: HttpRequest, obligation_id: Id, body: PauseIn) -> dict[str, Any]:
    return _act(request, obligation_id, services.obligation_pause, kind=body.kind, reason=body.reason)


@router.post(
    "/obligations/{obligation_id}/resume",
    response={200: ObligationOut, **ERRORS},
    summary=summary(_("恢复计时")),
)
def obligation_resume(request: HttpRequest, obligation_id: Id) -> dict[str, Any]:
    return _act(request, obligation_id, services.obligation_resume)


@router.post(
    "/obligations/{obligation_id}/extend",
    response={200: ObligationOut, **ERRORS},
    summary=summary(_("延长期限")),
)
def obligation_extend(request: HttpRequest, obligation_id: Id, body: ExtendIn) -> dict[str, Any]:
    return _act(request, obligation_id, services.obligation_extend, amount=body.amount, reason=body.reason)


@router.post("/schedules", response={201: ScheduleOut, **ERRORS}, summary=summary(_("设立周期性义务")))
def schedule_create(request: HttpRequest, body: ScheduleIn) -> tuple[int, Schedule]:
    who = actor(request)
    data = body.dict()
    subject = resolve(data.pop("subject_type"), data.pop("subject_id"))
    owner = _owner_user(who, data.pop("owner_user_id"))
    return 201, schedules.schedule_create(actor=who, subject=subject, owner_user=owner, **data)


@router.post(
    "/schedules/{schedule_id}/generate",
    response={200: list[ObligationOut], **ERRORS},
    summary=summary(_("按周期生成待办（幂等）")),
)
def schedule_generate(request: HttpRequest, schedule_id: Id, body: GenerateIn) -> list[dict[str, Any]]:
    who = actor(request)
    schedule = Schedule.objects.filter(pk=schedule_id).first()
    if schedule is None or not in_tenancy(who, schedule.enterprise_id, schedule.division_code):
        raise NotFound(_("未找到该对象或无权查看"))
    made = schedules.schedule_generate(actor=who, schedule=schedule, first=body.first, last=body.last)
    return [obligation_out(o) for o in made]


@router.get("/notifications", response={200: list[NotificationOut], **ERRORS}, summary=summary(_("我的通知")))
@paginate(Pages)
def notification_list(request: HttpRequest, unread: bool = False) -> list[dict[str, Any]]:
    qs = Notification.objects.filter(user=_person(request))
    if unread:
        qs = qs.filter(read_at__isnull=True)
    return [notification_out(n) for n in qs]


@router.post("/notifications/read", response={200: CountOut, **ERRORS}, summary=summary(_("标为已读")))
def notification_read(request: HttpRequest, body: ReadIn) -> dict[str, int]:
    return {"count": notify.mark_read(user=_person(request), ids=body.ids)}


@router.get(
    "/preferences",
    response={200: list[PreferenceIn], **ERRORS},
    summary=summary(_("通知偏好")),
)
def preference_list(request: HttpRequest) -> list[dict[str, Any]]:
    prefs = notify.preferences(_person(request))
    return [{"kind": k, "in_app": p.in_app, "email": p.email} for k, p in prefs.items()]


@router.put("/preferences", response={200: list[PreferenceIn], **ERRORS}, summary=summary(_("设置通知偏好")))
def preference_set(
    request: HttpRequest, body: Annotated[list[PreferenceIn], Body(max_length=20)]
) -> list[dict[str, Any]]:
    user = _person(request)
    notify.preferences_set(user=user, choices={p.kind: (p.in_app, p.email) for p in body})
    return preference_list(request)
