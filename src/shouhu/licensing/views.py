"""Licensing pages: the application list, an application's page (applicant, reviewer and decision
sections), the verification page (checklist by scoring part, pre-checks, scores, signatures, verdict),
printable documents (HTML / PDF) and the Excel checklist, rectifications and undeclared changes.

Views parse the form, call one service or selector, and redirect with a message; a refusal
(`ServiceError`) is shown to the user with its message and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from shouhu.core import access, dates, pdfjobs
from shouhu.core.errors import NotFound, ServiceError, refuse
from shouhu.core.regulation import engine

from . import checklist, documents, selectors, services
from .models import (
    ApplicationKind,
    ApplicationStatus,
    DocumentKind,
    EquipmentKind,
    ScoreResult,
    StaffEducation,
    StaffMajor,
    StaffRole,
    Verification,
    ZoneGrade,
)

# The six parts of the 核查表 (checklist.PART_ZH) in the reader's language; the printed record keeps Chinese.
PART_LABELS = {
    "premises": pgettext_lazy("checklist part", "生产场所"),
    "equipment": pgettext_lazy("checklist part", "设备设施"),
    "layout_process": pgettext_lazy("checklist part", "设备布局和工艺流程"),
    "personnel": pgettext_lazy("checklist part", "人员管理"),
    "management": pgettext_lazy("checklist part", "管理制度"),
    "trial_report": pgettext_lazy("checklist part", "试制食品检验合格报告"),
}

MAX_NOTE = 2000  # characters of a note, reason or signer typed on a page (stated on the form)


def _date(value: str | None, field: str, kind: dates.Kind, *, required: bool = False) -> date | None:
    """A date typed on a page: ISO, inside the span `core.dates` allows for its kind, else a visible refusal."""
    value = (value or "").strip()
    if not value:
        if required:
            raise refuse("date.required", gettext_lazy("请填写日期"), field=field)
        return None
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise refuse(
            "date.invalid", gettext_lazy("日期无效：%(value)s"), params={"value": value[:20]}, field=field
        ) from None
    return dates.check_date(parsed, field=field, kind=kind)


def _or_404(fn: Callable[..., Any], *args: Any) -> Any:
    try:
        return fn(*args)
    except NotFound:
        raise Http404 from None


def _run(request: HttpRequest, fn: Callable[[], Any], ok: str) -> Any:
    """Call one service; flash `ok` (already translated), or the refusal in the active language."""
    try:
        result = fn()
    except ServiceError as exc:
        fields = exc.details.get("fields") if isinstance(exc.details, dict) else None
        extra = ""
        if fields:  # the field messages the refusal's own message does not already say
            said = exc.message  # the summary names each field's message already: say each once
            extra = _("；").join(
                dict.fromkeys(
                    m for m in (str(f.get("message") or f.get("code")) for f in fields) if m not in said
                )
            )
        items = exc.details.get("items") if isinstance(exc.details, dict) else None
        if items:
            extra += _("（%(n)s 项）") % {"n": len(items)}
        messages.error(request, f"{exc.message} {extra}".strip())
        return None
    messages.success(request, ok)
    return result


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    actor = request.user
    status = request.GET.get("status", "")
    qs = selectors.application_list(actor, status=status, q=request.GET.get("q", ""))
    page = Paginator(qs, settings.SHOUHU_PAGE_SIZE).get_page(request.GET.get("page"))
    for app in page:
        app.deadline = (
            selectors.deadline(app.decision_due_on) if app.status in selectors.OPEN_STATES else None
        )
    context = {
        "page": page,
        "status": status,
        "statuses": ApplicationStatus.choices,
        "can_apply": access.can(actor, "licensing.application.submit"),
        "licences": list(selectors.licence_list(actor)[:50]) if access.is_enterprise_staff(actor) else [],
        "open_rectifications": selectors.rectification_list(actor).exclude(state="closed").count(),
    }
    return render(request, "licensing/application_list.html", context)


@login_required
def application_new(request: HttpRequest) -> HttpResponse:
    actor = request.user
    if request.method == "POST":
        app = _run(
            request,
            lambda: services.application_create(
                actor=actor,
                enterprise=actor.enterprise_id,
                kind=request.POST.get("kind", ""),
                licence=int(request.POST["licence"]) if request.POST.get("licence") else None,
                site_name=request.POST.get("site_name", ""),
                site_address=request.POST.get("site_address", ""),
                site_division_code=request.POST.get("site_division_code", ""),
                zoning_plan=request.POST.get("zoning_plan", ""),
                change_description=request.POST.get("change_description", ""),
            ),
            _("申请已创建，请继续填写申请内容"),
        )
        if app is not None:
            return redirect("licensing:application", app.pk)
    context = {
        "kinds": ApplicationKind.choices,
        "licences": list(selectors.licence_list(actor)),
        "default_division": getattr(actor.enterprise, "division_code", "") if actor.enterprise_id else "",
    }
    return render(request, "licensing/application_new.html", context)


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request.user
    app = _or_404(selectors.application_get, actor, pk)
    eng = engine(selectors.rules_date(app))
    review = next((r for r in reversed(list(app.reviews.all())) if r.outcome == "open"), None)
    last_review = next(iter(reversed(list(app.reviews.all()))), None)
    verifications = list(app.verifications.all())
    can_assign = access.can(actor, "licensing.assign")
    context = {
        "app": app,
        "review": review,
        "last_review": last_review,
        "verifications": verifications,
        "deadline": selectors.deadline(app.decision_due_on) if app.status in selectors.OPEN_STATES else None,
        "can_edit": app.editable and access.can(actor, "licensing.application.submit"),
        "can_review": access.can(actor, "licensing.review"),
        "can_assign": can_assign,
        "can_decide": access.can(actor, "licensing.decide"),
        "inspectors": selectors.inspector_list(actor, enterprise=app.enterprise) if can_assign else [],
        "categories": {c: eng.varieties[c] for c in sorted(eng.varieties)},
        "processes": eng.vocabulary.processes,
        "attributes": {k: v for k, v in eng.vocabulary.attributes.items() if v.type == "bool"},
        "equipment_kinds": EquipmentKind.choices,
        "staff_roles": StaffRole.choices,
        "educations": StaffEducation.choices,
        "majors": StaffMajor.choices,
        "grades": ZoneGrade.choices,
        "document_kinds": DocumentKind.choices,
        "trial": selectors.trial_coverage(app) if app.products.exists() else {},
        "release_items": selectors.release_items(app) if app.editable else {},
        "suggested_reasons": selectors.verdict_reasons(app) if app.status == "verified_fail" else [],
        "S": ApplicationStatus,
        "default_authority": selectors.provincial_bureau(app.site_division_code),
        "history": selectors.application_history(app),
        "blockers": selectors.decision_blockers(app) if app.status in selectors.OPEN_STATES else [],
    }
    return render(request, "licensing/application_detail.html", context)


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


def _num(value: str) -> Any:
    value = (value or "").strip()
    return value or None


@login_required
@require_POST
def application_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    actor, post = request.user, request.POST
    _or_404(selectors.application_get, actor, pk)
    kw: dict[str, Any] = {"actor": actor, "application": pk}
    bools = lambda *names: {n: n in post for n in names}  # noqa: E731
    actions: dict[str, tuple[Callable[[], Any], str]] = {
        "product": (
            lambda: services.product_add(
                **kw,
                category=post.get("category", ""),
                variety=post.get("variety", ""),
                processes=post.getlist("processes"),
                attributes={a: True for a in post.getlist("attributes")},
            ),
            _("已添加申请品种"),
        ),
        "equipment": (
            lambda: services.equipment_add(
                **kw,
                kind=post.get("kind", ""),
                name=post.get("name", ""),
                quantity=_int(post.get("quantity") or 1),
                capacity_kg_h=_num(post.get("capacity_kg_h", "")),
                detects_sphere_mm=_num(post.get("detects_sphere_mm", "")),
            ),
            _("已添加设备"),
        ),
        "staff": (
            lambda: services.staff_add(
                **kw,
                name=post.get("name", ""),
                role=post.get("role", ""),
                education=post.get("education", "none"),
                major=post.get("major", "other"),
                years_food_work=_int(post.get("years_food_work") or 0),
                years_related_work=_int(post.get("years_related_work") or 0),
                **bools("trained", "assessed", "certified", "health_certificate"),
            ),
            _("已添加人员"),
        ),
        "zone": (
            lambda: services.zone_add(**kw, name=post.get("name", ""), grade=post.get("grade", "")),
            _("已添加作业区"),
        ),
        "document": (
            lambda: services.document_upload(
                **kw,
                kind=post.get("kind", ""),
                title=post.get("title", "") or post.get("kind", ""),
                content=request.FILES["file"].read() if "file" in request.FILES else b"",
            ),
            _("材料已上传"),
        ),
        "trial": (
            lambda: services.trial_report_add(
                **kw,
                product_key=post.get("product_key", ""),
                laboratory=post.get("laboratory", ""),
                report_number=post.get("report_number", ""),
                issued_on=_date(post.get("issued_on", ""), "issued_on", "past", required=True),
                results=[
                    {"item_id": item_id, "conclusion": post.get(f"c_{item_id}", "合格")}
                    for item_id in post.getlist("tested")
                ],
            ),
            _("试制产品检验报告已录入"),
        ),
        "submit": (lambda: services.application_submit(**kw), _("申请已提交")),
        "review_start": (lambda: services.review_start(**kw), _("已开始书面审查")),
        "review_mark": (
            lambda: services.review_mark(
                **kw, item_id=post.get("item_id", ""), ok=post.get("ok") == "1", note=post.get("note", "")
            ),
            _("已标记"),
        ),
        "review_all_ok": (lambda: services.review_mark_all(**kw), _("已逐项标记为符合")),
        "review_return": (
            lambda: services.review_return(**kw, reasons=post.get("reasons", "")),
            _("已退回补正"),
        ),
        "review_accept": (lambda: services.review_accept(**kw), _("已受理")),
        "assign": (
            lambda: services.verification_assign(
                **kw, inspectors=[_int(x) for x in post.getlist("inspectors")]
            ),
            _("已派发现场核查"),
        ),
        "approve": (
            lambda: services.application_approve(
                **kw,
                issuing_authority=post.get("issuing_authority", ""),
                override_reason=post.get("override_reason", ""),
            ),
            _("已准予许可并发证"),
        ),
        "extend": (
            lambda: services.decision_extend(**kw, reason=post.get("reason", "")),
            _("决定期限已延长"),
        ),
        "reject": (
            lambda: services.application_reject(
                **kw,
                reasons=[
                    {"rule_id": r, "text": t}
                    for r, t in zip(post.getlist("rule_id"), post.getlist("text"), strict=False)
                    if r.strip() or t.strip()
                ],
            ),
            _("已作出不予许可决定"),
        ),
    }
    if action not in actions:
        raise Http404
    fn, ok = actions[action]
    if action == "document" and "file" not in request.FILES:
        messages.error(request, _("请选择文件"))
        return redirect("licensing:application", pk)
    try:
        result = _run(request, fn, ok)
    except (ValueError, KeyError) as exc:
        messages.error(request, _("输入有误：%(error)s") % {"error": exc})
        result = None
    if action == "assign" and result is not None:
        return redirect("licensing:verification", result.pk)
    return redirect("licensing:application", pk)


@login_required
def verification_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request.user
    ver = _or_404(selectors.verification_get, actor, pk)
    items = list(ver.items.all())
    me = getattr(actor, "pk", None)
    for it in items:
        it.my_score = next((s for s in it.scores.all() if s.inspector_id == me), None)
    groups = {p: [] for p in checklist.PARTS}
    for it in items:
        groups[it.part].append(it)
    prechecks_by_rule: dict[str, list[dict[str, Any]]] = {}
    for f in ver.prechecks:
        prechecks_by_rule.setdefault(f["rule_id"], []).append(f)
    for it in items:
        it.prechecks = prechecks_by_rule.get(it.rule_id, [])
    links = list(ver.inspectors.all())
    context = {
        "ver": ver,
        "groups": [
            (p, PART_LABELS.get(p, checklist.PART_ZH[p]), groups[p]) for p in checklist.PARTS if groups[p]
        ],
        "failed_prechecks": [f for f in ver.prechecks if not f["passed"]],
        "inspector_links": links,
        "is_inspector": any(link.inspector_id == me for link in links),
        "my_link": next((link for link in links if link.inspector_id == me), None),
        "can_sign_applicant": access.can(actor, "licensing.application.sign"),
        "deadline": selectors.deadline(ver.due_on) if ver.state == Verification.State.OPEN else None,
        "results": ScoreResult.choices,
        "unscored_by_me": sum(1 for it in items if not it.not_applicable and it.my_score is None),
    }
    return render(request, "licensing/verification_detail.html", context)


@login_required
@require_POST
def verification_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    actor, post = request.user, request.POST
    ver = _or_404(selectors.verification_get, actor, pk)
    if action == "score":
        scores = {}
        for it in ver.items.all():
            result = post.get(f"r_{it.pk}", "")
            if len(post.get(f"n_{it.pk}", "")) > MAX_NOTE:  # refused whole: nothing of this submission saved
                messages.error(
                    request,
                    _("第 %(pos)s 项的核查记录超过 %(n)s 字，未保存任何评分")
                    % {"pos": it.position, "n": MAX_NOTE},
                )
                return redirect("licensing:verification", pk)
            if result:
                scores[it.pk] = (result, post.get(f"n_{it.pk}", ""))
        photo_item = _int(post.get("photo_item"))
        if "photo" in request.FILES and photo_item > 0:
            res, note = scores.pop(photo_item, ("", ""))
            _run(
                request,
                lambda: services.item_score(
                    actor=actor, item=photo_item, result=res, note=note, photo=request.FILES["photo"].read()
                ),
                _("已评分（含照片）"),
            )
        if scores:
            _run(
                request,
                lambda: services.items_score(actor=actor, verification=pk, scores=scores),
                _("已评分 %(n)s 项") % {"n": len(scores)},
            )
    elif any(len(post.get(k, "")) > MAX_NOTE for k in ("reason", "note", "signer")):
        messages.error(request, _("填写内容超过 %(n)s 字，未保存") % {"n": MAX_NOTE})
    elif action == "na":
        _run(
            request,
            lambda: services.item_not_applicable(
                actor=actor, item=_int(post.get("item")), reason=post.get("reason", "")
            ),
            _("已标记为不适用"),
        )
    elif action == "sign":
        _run(request, lambda: services.verification_sign(actor=actor, verification=pk), _("已签字"))
    elif action == "applicant_sign":
        _run(
            request,
            lambda: services.verification_applicant_sign(
                actor=actor, verification=pk, signer=post.get("signer", ""), refused=False
            ),
            _("申请人已签字"),
        )
    elif action == "applicant_refused":
        _run(
            request,
            lambda: services.verification_applicant_sign(
                actor=actor, verification=pk, refused=True, note=post.get("note", "")
            ),
            _("已记录申请人拒绝签字"),
        )
    elif action == "conclude":
        due = post.get("rectification_due_on")
        _run(
            request,
            lambda: services.verification_conclude(
                actor=actor, verification=pk, rectification_due_on=_date(due, "rectification_due_on", "plan")
            ),
            _("已作出核查结论"),
        )
    else:
        raise Http404
    return redirect("licensing:verification", pk)


# ---- documents -----------------------------------------------------------------------------------


@login_required
def verification_record(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in {"html", "pdf", "xlsx"}:
        raise Http404
    ver = _or_404(selectors.verification_get, request.user, pk)
    if fmt == "xlsx":
        return documents.checklist_xlsx_response(ver)
    html = documents.verification_record_html(ver)
    if fmt == "pdf":
        return pdfjobs.respond(  # the document's official name
            request, html, f"现场核查记录-{ver}.pdf", html_url=request.path.removesuffix(".pdf") + ".html"
        )
    return HttpResponse(html)


@login_required
def review_report(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in {"html", "pdf"}:
        raise Http404
    app = _or_404(selectors.application_get, request.user, pk)
    html = documents.review_report_html(app)
    if fmt == "pdf":
        return pdfjobs.respond(
            request,
            html,
            f"审查报告-{app.reference}.pdf",
            html_url=request.path.removesuffix(".pdf") + ".html",
        )
    return HttpResponse(html)


# ---- continuing compliance -----------------------------------------------------------------------


@login_required
def rectification_list(request: HttpRequest) -> HttpResponse:
    actor = request.user
    if request.method == "POST":
        post = request.POST
        rid = _int(post.get("rectification"))
        if post.get("action") == "submit":
            ev = request.FILES["evidence"].read() if "evidence" in request.FILES else None
            _run(
                request,
                lambda: services.rectification_submit(
                    actor=actor, rectification=rid, note=post.get("note", ""), evidence=ev
                ),
                _("整改已提交"),
            )
        else:
            _run(
                request,
                lambda: services.rectification_close(
                    actor=actor,
                    rectification=rid,
                    accepted=post.get("accepted") == "1",
                    note=post.get("note", ""),
                ),
                _("已验收"),
            )
        return redirect("licensing:rectifications")
    context = {
        "rectifications": list(selectors.rectification_list(actor).order_by("state", "due_on")[:200]),
        "can_rectify": access.can(actor, "licensing.rectify"),
        "can_close": access.can(actor, "licensing.verify") or access.can(actor, "licensing.assign"),
    }
    return render(request, "licensing/rectifications.html", context)


@login_required
def change_list(request: HttpRequest) -> HttpResponse:
    actor = request.user
    can_assign = access.can(actor, "licensing.assign")
    context = {
        "changes": selectors.change_list(actor),
        "can_assign": can_assign,
        "licences": list(selectors.licence_list(actor).filter(status="active")[:100]) if can_assign else [],
        "inspectors": selectors.inspector_list(actor) if can_assign else [],
    }
    return render(request, "licensing/changes.html", context)


@login_required
@require_POST
def reverify(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request.user
    ver = _run(
        request,
        lambda: services.reverification_start(
            actor=actor, licence=pk, inspectors=[_int(x) for x in request.POST.getlist("inspectors")]
        ),
        _("已派发持续合规核查"),
    )
    if ver is not None:
        return redirect("licensing:verification", ver.pk)
    return redirect("licensing:changes")


@login_required
def document_file(request: HttpRequest, pk: int) -> HttpResponse:
    """An uploaded document, served only inside the caller's tenancy, with the type its bytes were checked as."""
    from urllib.parse import quote

    doc = _or_404(selectors.document_get, request.user, pk)
    with doc.file.open("rb") as fh:
        data = fh.read()
    response = HttpResponse(data, content_type=doc.content_type)
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(doc.file.name.rsplit('/', 1)[-1])}"
    response["X-Content-Type-Options"] = "nosniff"
    return response
