"""Inspection pages: the regulator's list by state (overdue publications, planning tasks to start, the items
that fail most), arranging one, the on-site page for a phone (results, notes, photos, the enterprise's
records, conclusion, signatures, publication), the 结果记录表 (HTML / PDF), the enterprise's own results,
and the public results page. Views parse, call a service or selector, render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from shouhu.core import access, offline, pdfjobs
from shouhu.core.errors import ErrorCode, PermissionDenied, ServiceError
from shouhu.core.pages import refused
from shouhu.licensing.documents import CJK_FONTS
from shouhu.registry.models import Enterprise
from shouhu.workflow.checklists.error_codes import ChecklistError
from shouhu.workflow.subjects import subject_of

from . import roles, selectors, services
from .models import FLOW, Inspection, Kind, State
from .services.team import may_score, owners_of

ALREADY_SCORED = str(ChecklistError.ALREADY_SCORED)
BATCH_FIELDS = ("item_id", "result", "note", "photo")
RESULT_LABELS = {"pass": _("符合"), "fail": _("不符合"), "na": _("不适用"), "": _("未检查")}


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """监督检查: the jurisdiction's inspections by state, overdue publications, tasks to start."""
    user = request.user
    if not access.can(user, "inspection.supervise"):
        if access.is_enterprise_staff(user):
            return redirect("inspection:enterprise")
        return render(request, "403.html", status=403)
    state = request.GET.get("state", "")
    return render(
        request,
        "inspection/index.html",
        {
            "state": state,
            "states": [(s.value, s.label) for s in State],
            "counts": selectors.state_counts(user),
            "inspections": selectors.inspection_list(user, state=state)[:200],
            "overdue": selectors.overdue_publications(user),
            "tasks": selectors.open_tasks(user)[:100],
            "failing": selectors.failing_items(user),
            "can_arrange": access.can(user, "inspection.arrange"),
        },
    )


def _inspectors(request: HttpRequest) -> list[Any]:
    """The inspectors of the caller's jurisdiction (a platform admin arranges nothing: no list)."""
    code = getattr(request.user, "division_code", "") or ""
    if not code:
        return []
    prefix = access.division_prefix(code)
    return list(
        get_user_model()
        .objects.filter(role__in=["inspector", "jurisdiction_admin"], is_active=True)
        .filter(division_code__startswith=prefix)
        .order_by("username")[:200]
    )


@login_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    """安排检查: from a planning task (`?task=`) or ad hoc; the team of at least two inspectors."""
    user = request.user
    if not access.can(user, "inspection.arrange"):
        return render(request, "403.html", status=403)
    if request.method == "POST":
        data = request.POST
        try:
            planned = data.get("planned_on") or ""
            inspection = services.inspection_create(
                actor=user,
                task_id=int(data["task_id"]) if data.get("task_id") else None,
                enterprise_id=int(data.get("enterprise_id") or 0) or None,
                kind=data.get("kind") or Kind.ROUTINE,
                inspector_ids=data.getlist("inspector_ids") or None,
                planned_on=dt.date.fromisoformat(planned) if planned else None,
                contract=data.get("contract") == "on",
            )
            messages.success(request, _("已安排检查 %(number)s") % {"number": inspection.number})
            return redirect("inspection:detail", pk=inspection.pk)
        except ValueError:
            messages.error(request, _("日期或编号格式有误"))
        except ServiceError as exc:
            messages.error(request, str(exc.message))
    task = None
    task_id = request.GET.get("task") or request.POST.get("task_id")
    if task_id and str(task_id).isdigit():
        task = selectors.open_tasks(user).filter(pk=int(task_id)).first()
    enterprises = access.scope(Enterprise.objects.all(), user, enterprise_field=None).order_by("name")[:500]
    return render(
        request,
        "inspection/new.html",
        {
            "task": task,
            "enterprises": enterprises,
            "inspectors": _inspectors(request),
            "kinds": [(k.value, k.label) for k in Kind],
            "today": timezone.localdate(),
            "preselected": {int(i) for i in task.team} if task else {user.pk},
        },
    )


def _fixes(post: Any) -> dict[str, dict[str, str]]:
    out = {}
    for key, value in post.items():
        if key.startswith("fix:") and value:
            item_id = key[4:]
            out[item_id] = {"action": value, "note": post.get(f"fixnote:{item_id}", "")}
    return out


def _post(request: HttpRequest, inspection: Inspection) -> None:
    user, data = request.user, request.POST
    action = data.get("action")
    if action == "result":
        photo = request.FILES.get("photo")
        services.result_record(
            actor=user,
            inspection=inspection.pk,
            item_id=data.get("item_id", ""),
            result=data.get("result", ""),
            note=data.get("note", ""),
            photo=photo.read() if photo else None,
            photo_name=photo.name if photo else "",
            client_id=data.get("client_id") or None,
        )
        messages.success(request, _("已记录检查结果"))
    elif action == "conclude":
        due = data.get("due_on") or ""
        services.inspection_conclude(
            actor=user,
            inspection=inspection.pk,
            fixes=_fixes(data),
            due_on=dt.date.fromisoformat(due) if due else None,
        )
        messages.success(request, _("已作出检查结论"))
    elif action == "sign":
        services.inspection_sign(
            actor=user,
            inspection=inspection.pk,
            drawing=data.get("drawing", ""),
            image=data.get("drawing_png", ""),
            client_id=data.get("client_id") or None,
        )
        messages.success(request, _("已签字"))
    elif action == "refuse":
        services.inspection_refusal(
            actor=user,
            inspection=inspection.pk,
            person_name=data.get("person_name", ""),
            note=data.get("note", ""),
            witness_name=data.get("witness_name", ""),
        )
        messages.success(request, _("已记录拒签"))
    elif action == "exam":
        link, code = services.exam_start(
            actor=user, inspection=inspection.pk, person_id=data.get("person_id", "")
        )
        messages.success(
            request,
            _("已为%(name)s组卷，一次性考试码：%(code)s（只显示这一次）")
            % {"name": link.spot_check.person.name, "code": code},
        )
    elif action == "publish":
        services.inspection_publish(actor=user, inspection=inspection.pk)
        messages.success(request, _("检查结果已公开"))
    else:
        messages.error(request, _("不是允许的操作"))


def _sync(request: HttpRequest, inspection: Inspection) -> HttpResponse:
    """One write replayed from the phone's outbox (issue 26), answered in words the inspector reads:
    stored (also when it was stored by an earlier send), or what changed meanwhile and kept it out."""
    user, item_id = request.user, request.POST.get("item_id", "")
    try:
        _post(request, inspection)
    except ValueError:
        return offline.answer(offline.REFUSED, _("日期格式有误"))
    except ServiceError as exc:
        reason = str(exc.details.get("reason", "")) if isinstance(exc.details, dict) else ""
        if reason == ALREADY_SCORED:
            mine = next(
                (r for r in selectors.item_results(inspection, item_id) if r.scorer_id == user.pk), None
            )
            words = RESULT_LABELS.get(mine.result if mine else "", "")
            return offline.answer(
                offline.CONFLICT,
                _(
                    "您已为此项目记录过结果（服务器上为「%(result)s」），本机的结果未保存；检查结论作出前可告知组长"
                )
                % {"result": words},
                code=reason,
            )
        if reason == str(ErrorCode.CONFLICT):  # the state table refused: the inspection moved on
            return offline.answer(
                offline.CONFLICT,
                _("您离线期间本次检查已变为「%(state)s」，本机的记录未保存：%(why)s")
                % {
                    "state": selectors.inspection_get(user, inspection.pk).get_state_display(),
                    "why": exc.message,
                },
                code=reason or str(exc.code),
            )
        return offline.refusal(exc)
    finally:
        offline.drop_flash(request)
    notice = ""
    if request.POST.get("action") == "result" and item_id:
        rows = selectors.item_results(inspection, item_id)
        mine = next((r for r in rows if r.scorer_id == user.pk), None)
        other = next((r for r in rows if mine and r.scorer_id != user.pk and r.result != mine.result), None)
        if other is not None:
            notice = _(
                "组员%(name)s对「%(item)s」记为「%(other)s」，您记为「%(mine)s」：两条结果都已保存，按较差的结果计"
            ) % {
                "name": other.scorer.display_name or other.scorer.username,
                "item": other.item.title,
                "other": RESULT_LABELS[other.result],
                "mine": RESULT_LABELS[mine.result],
            }
    return offline.answer(offline.STORED, _("已同步"), notice=notice)


def _sync_batch(request: HttpRequest, inspection: Inspection) -> HttpResponse:
    """Results from the phone's outbox in one request (issue 26 speed): all read and checked first (a
    malformed batch writes nothing), then each answered as `_sync` answers it alone, in one transaction."""
    try:
        entries = offline.batch_entries(request, fields=BATCH_FIELDS, actions={"result"})
    except offline.BadBatch as exc:
        return offline.batch_refused(exc)
    with transaction.atomic():
        return offline.batch_answer(
            [
                (cid, _sync(offline.entry_request(request, data, files), inspection))
                for cid, data, files in entries
            ]
        )


@login_required
@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """现场检查 on a phone: the enterprise's records, items with results and photos, the conclusion, the
    signatures of the 结果记录表 and its publication."""
    user = request.user
    try:
        inspection = selectors.inspection_get(user, pk)
    except ServiceError as exc:
        return refused(request, exc)
    if request.method == "POST" and offline.is_batch(request):
        return _sync_batch(request, inspection)
    if request.method == "POST" and offline.is_sync(request):
        return _sync(request, inspection)
    if request.method == "POST":
        try:
            _post(request, inspection)
        except ValueError:
            messages.error(request, _("日期格式有误"))
        except ServiceError as exc:
            messages.error(request, str(exc.message))
        anchor = request.POST.get("item_id", "")
        return redirect(f"{request.path}#{anchor}" if anchor else request.path)
    subject = subject_of(inspection)
    member = roles.holds_inspector(user, subject)
    rows = selectors.item_rows(inspection)
    areas = selectors.area_labels()
    members = list(inspection.members.select_related("user"))
    only_mine = request.GET.get("mine") == "1"
    groups: list[tuple[str, list[Any]]] = []
    for row in rows:
        row.label = RESULT_LABELS[row.result]
        row.mine = next((r for r in row.results if r.scorer_id == user.pk), None)
        row.owners = owners_of(inspection, row.item, members)
        row.may_score = may_score(inspection, row.item, user.pk, members)
        if only_mine and not row.may_score:
            continue
        if not groups or groups[-1][0] != row.item.group:
            groups.append((row.item.group, []))
        groups[-1][1].append(row)
    failed_general = [r for r in rows if r.result == "fail" and not r.item.key]
    signatures = services.signature_state(inspection)
    return render(
        request,
        "inspection/detail.html",
        {
            "i": inspection,
            "groups": [(areas.get(code, code), items) for code, items in groups],
            "scored": sum(1 for r in rows if r.results),
            "total": len(rows),
            "failed_key": [r for r in rows if r.result == "fail" and r.item.key],
            "failed_general": failed_general,
            "panel": selectors.enterprise_panel(inspection.enterprise)
            if member or access.is_regulator(user)
            else None,
            "followups": selectors.followups(inspection),
            "signatures": signatures,
            "members": members,
            "member": member,
            "only_mine": only_mine,
            "lead": any(m.lead and m.user_id == user.pk for m in members),
            "exams": selectors.exam_links(inspection),
            "exam_people": selectors.exam_candidates(inspection)
            if member and inspection.state in services.exam.DURING_VISIT
            else [],
            "can_score": member and FLOW.can("score", inspection.state),
            "can_conclude": member and FLOW.can("conclude", inspection.state),
            "can_sign": FLOW.can("sign", inspection.state)
            and (
                (member and user.pk not in signatures.inspectors_signed)
                or (roles.holds_enterprise(user, subject) and signatures.enterprise is None)
            ),
            "can_refuse": member and FLOW.can("sign", inspection.state) and signatures.enterprise is None,
            "can_publish": access.can(user, "inspection.publish") and inspection.state == State.SIGNED,
            "due_default": timezone.localdate() + dt.timedelta(days=30),
        },
    )


def _record_html(inspection: Inspection) -> str:
    from pathlib import Path

    font = next((p for p in CJK_FONTS if Path(p).exists()), "")
    signatures = services.signature_state(inspection)
    members = list(inspection.members.select_related("user"))
    signers = [
        {
            "name": m.user.display_name or m.user.username,
            "signed": m.user_id in signatures.inspectors_signed,
            "image": selectors.signature_image_uri(signatures.inspectors.get(m.user_id)),
        }
        for m in members
    ]
    return render_to_string(
        "inspection/record_print.html",
        {
            "i": inspection,
            "rows": selectors.item_rows(inspection),
            "labels": RESULT_LABELS,
            "areas": selectors.area_labels(),
            "followups": selectors.followups(inspection),
            "signatures": signatures,
            "signers": signers,
            "enterprise_image": selectors.signature_image_uri(signatures.enterprise),
            "members": members,
            "font_face": f"@font-face {{ font-family: 'ShouhuCJK'; src: url('file://{font}'); }}"
            if font
            else "",
            "printed_at": timezone.localtime(),
        },
    )


@login_required
@require_GET
def record_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """监督检查结果记录表 as PDF (`?format=html` prints the same page in the browser)."""
    try:
        inspection = selectors.inspection_get(request.user, pk)
    except ServiceError as exc:
        return refused(request, exc)
    if inspection.state in (State.PLANNED, State.IN_PROGRESS):
        messages.error(request, _("检查结论作出后方可打印结果记录表"))
        return redirect("inspection:detail", pk=inspection.pk)
    html = _record_html(inspection)
    if request.GET.get("format") == "html":
        return HttpResponse(html)
    return pdfjobs.respond(
        request, html, f"监督检查结果记录表-{inspection.number}.pdf", html_url=f"{request.path}?format=html"
    )


@login_required
@require_GET
def enterprise(request: HttpRequest) -> HttpResponse:
    """本企业的监督检查: results, rectifications to do, and the duty to display the 结果记录表."""
    user = request.user
    if not access.is_enterprise_staff(user):
        return redirect("inspection:index")
    try:
        inspections = list(selectors.enterprise_inspections(user)[:50])
    except PermissionDenied as exc:
        return refused(request, exc)
    rects = selectors.enterprise_rectifications(inspections)
    return render(
        request,
        "inspection/enterprise.html",
        {
            "inspections": [(i, rects.get(i.pk, [])) for i in inspections],
            "latest": next((i for i in inspections if i.concluded_at), None),
        },
    )


@require_GET
def public(request: HttpRequest) -> HttpResponse:
    """监督检查结果公开 (no login): the published results."""
    return render(request, "inspection/public.html", {"rows": selectors.published_results()})


@login_required
@require_http_methods(["GET", "POST"])
def team(request: HttpRequest, pk: int) -> HttpResponse:
    """检查分工: the lead assigns each section (or item) of the checklist to a team member; every member
    sees who owns what and opens the on-site page on their own items."""
    user = request.user
    try:
        inspection = selectors.inspection_get(user, pk)
    except ServiceError as exc:
        return refused(request, exc)
    members = list(inspection.members.select_related("user"))
    if not (roles.holds_inspector(user, subject_of(inspection)) or access.is_regulator(user)):
        return render(request, "403.html", status=403)
    if request.method == "POST":
        owners = {k[6:]: v for k, v in request.POST.items() if k.startswith("owner:")}
        try:
            services.owners_assign(actor=user, inspection=inspection.pk, owners=owners)
            messages.success(request, _("已保存检查分工"))
            return redirect("inspection:team", pk=inspection.pk)
        except ServiceError as exc:
            messages.error(request, str(exc.message))
    areas = selectors.area_labels()
    sections: list[dict[str, Any]] = []
    for row in selectors.item_rows(inspection):
        code = row.item.group
        if not sections or sections[-1]["code"] != code:
            owner = next((m.user_id for m in members if code in (m.items or ())), None)
            sections.append({"code": code, "label": areas.get(code, code), "owner": owner, "items": []})
        sections[-1]["items"].append(row.item)
    return render(
        request,
        "inspection/team.html",
        {
            "i": inspection,
            "members": members,
            "sections": sections,
            "lead": any(m.lead and m.user_id == user.pk for m in members),
            "can_assign": FLOW.can("score", inspection.state),
            "mine": next((m for m in members if m.user_id == user.pk), None),
        },
    )
