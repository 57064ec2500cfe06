"""Pages: the public portal and status page (no login, rate-limited), the county's inbox, one submission
with its timeline and actions (and, for the enterprise it was forwarded to, its answer)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from shouhu.core import access, pdfjobs
from shouhu.core.errors import ServiceError
from shouhu.core.pages import division_param
from shouhu.workflow.obligations.models import PauseKind

from . import documents, exports, public, selectors, services
from .models import ArticleKind, Cause, Kind, Outcome, Status
from .services.intake import max_photo_bytes, max_photos

PAGE = 25
FIELDS = (
    "kind",
    "cause",
    "description",
    "trace_code",
    "enterprise_name",
    "licence",
    "product_name",
    "division_code",
    "place",
    "contact_name",
    "contact_phone",
)


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _limited(response: HttpResponse, exc: ServiceError) -> HttpResponse:
    if isinstance(exc, public.RateLimited):
        response["Retry-After"] = str(exc.retry_after)
    return response


@require_http_methods(["GET", "POST"])
def portal(request: HttpRequest) -> HttpResponse:
    """投诉举报: file a complaint (one's own dispute) or a report (a violation), no login, photos optional."""
    form: dict[str, Any] = {k: request.POST.get(k, "").strip() for k in FIELDS}
    form["kind"] = form["kind"] or request.GET.get("kind", "complaint")
    form["trace_code"] = form["trace_code"] or request.GET.get("code", "")[:64]
    context: dict[str, Any] = {
        "form": form,
        "counties": selectors.counties(),
        "causes": Cause.choices,
        "max_photos": max_photos(),
        "max_mb": max_photo_bytes() // (1024 * 1024),
        "error": "",
        "candidates": [],
    }
    if request.method == "POST":
        data = {
            **form,
            "occurred_on": _date(request.POST.get("occurred_on", "")),
            "anonymous": request.POST.get("anonymous") == "on",
            "consent_forward": request.POST.get("consent_forward") == "on",
        }
        try:
            challenge = public.challenge_check(
                request.POST.get("challenge_token", ""), request.POST.get("challenge_answer", "")
            )
        except ServiceError as exc:
            context.update(error=exc.message, challenge=public.challenge_new())
            return render(request, "complaints/portal.html", context, status=exc.status)
        limit = max_photo_bytes() + 1
        photos = [(f.name or "", f.read(limit)) for f in request.FILES.getlist("photos")[: max_photos() + 1]]
        try:
            filed = services.submission_file(
                data=data, photos=photos, client=public.client_ip(request), challenge=challenge
            )
        except ServiceError as exc:
            context["error"] = exc.message
            context["candidates"] = (exc.details or {}).get("candidates", [])
            context["form"].update(anonymous=data["anonymous"], consent_forward=data["consent_forward"])
            context["form"]["occurred_on"] = request.POST.get("occurred_on", "")
            context["challenge"] = public.challenge_new()
            return _limited(render(request, "complaints/portal.html", context, status=exc.status), exc)
        return render(
            request, "complaints/filed.html", {"s": filed.submission, "token": filed.token}, status=201
        )
    context["challenge"] = public.challenge_new()
    return render(request, "complaints/portal.html", context)


@require_http_methods(["GET", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    """办理进度: by tracking number and private token (posted, so the token stays out of addresses and logs)."""
    context: dict[str, Any] = {"s": None, "steps": [], "error": "", "no": request.GET.get("no", "")[:20]}
    if request.method == "POST":
        context["no"] = request.POST.get("tracking_no", "")[:20]
        try:
            public.check_status(public.client_ip(request))
            s = selectors.public_status(context["no"], request.POST.get("token", ""))
        except ServiceError as exc:
            context["error"] = exc.message
            return _limited(render(request, "complaints/status.html", context, status=exc.status), exc)
        context.update(s=s, steps=selectors.timeline(s, public_only=True))
    return render(request, "complaints/status.html", context)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """投诉举报处理: the county's submissions by state, overdue ones flagged (an enterprise: those forwarded to it)."""
    state = request.GET.get("status", "")
    state = state if state in Status.values else ""
    kind = request.GET.get("kind", "")
    kind = kind if kind in Kind.values else ""
    overdue = request.GET.get("overdue") == "1"
    division = division_param(request)
    try:
        qs = selectors.submission_list(
            request.user, status=state, kind=kind, overdue=overdue, division=division
        )
        tabs = selectors.counts(request.user)
        late = [] if access.is_enterprise_staff(request.user) else selectors.overdue_by_step(request.user)
    except ServiceError as exc:
        return render(request, "complaints/inbox.html", {"error": exc.message}, status=exc.status)
    if request.GET.get("format") == "xlsx" and not access.is_enterprise_staff(request.user):
        rows_all = list(qs[:5000])
        due_all = selectors.deadlines(rows_all)
        return exports.submissions_xlsx([(s, due_all.get(s.pk)) for s in rows_all])
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    due = selectors.deadlines(list(page.object_list))
    rows = [(s, due.get(s.pk)) for s in page.object_list]
    return render(
        request,
        "complaints/inbox.html",
        {
            "page": page,
            "rows": rows,
            "state": state,
            "kind": kind,
            "overdue": overdue,
            "states": [(v, lbl, tabs.get(v, 0)) for v, lbl in Status.choices],
            "kinds": Kind.choices,
            "staff": access.is_enterprise_staff(request.user),
            "can_publish": access.can(request.user, "complaints.articles.manage"),
            "late": late,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def articles(request: HttpRequest) -> HttpResponse:
    """消费提示与科普: the jurisdiction's alerts and articles, written, published and withdrawn here."""

    status_code, error = 200, ""
    if request.method == "POST":
        p = request.POST
        try:
            if p.get("action") == "create":
                services.article_create(
                    actor=request.user,
                    kind=p.get("kind", ""),
                    title_zh=p.get("title_zh", ""),
                    body_zh=p.get("body_zh", ""),
                    title_en=p.get("title_en", ""),
                    body_en=p.get("body_en", ""),
                )
            else:
                row = selectors.article_list(request.user).filter(pk=_int(p.get("id"))).first()
                if row is None:
                    raise ServiceError(_("未找到该对象或无权查看"))
                services.article_act(
                    actor=request.user, article=row, action=p.get("action", ""), reason=p.get("reason", "")
                )
        except ServiceError as exc:
            status_code, error = exc.status, exc.message
        else:
            messages.success(request, _("已保存"))
            return redirect("complaints:articles")
    try:
        qs = selectors.article_list(request.user)
    except ServiceError as exc:
        return render(
            request, "complaints/articles.html", {"error": exc.message, "denied": True}, status=exc.status
        )
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "kinds": ArticleKind.choices, "error": error}
    return render(request, "complaints/articles.html", context, status=status_code)


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@login_required
def document(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """受理决定书 / 不予受理决定书 / 举报处理结果告知书 of one submission (HTML; `?format=pdf` for the PDF)."""
    try:
        s = selectors.submission_get(request.user, pk)  # outside the tenancy: 404 before any 403
        access.require(request.user, "complaints.handle")
    except ServiceError as exc:
        return render(request, "complaints/detail.html", {"error": exc.message}, status=exc.status)
    if kind not in documents.available(s):
        return render(request, "complaints/detail.html", {"error": _("该投诉举报当前没有此文书")}, status=404)
    html = documents.document_html(s, kind)
    if request.GET.get("format") == "pdf":
        return pdfjobs.respond(request, html, f"{s.tracking_no}-{kind}.pdf", html_url=request.path)
    return HttpResponse(html)


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    """统计: the jurisdiction's submissions by enterprise, product and cause, for a period; Excel export."""
    first, last = _date(request.GET.get("first", "")), _date(request.GET.get("last", ""))
    try:
        stats = selectors.statistics(request.user, first=first, last=last)
    except ServiceError as exc:
        return render(request, "complaints/statistics.html", {"error": exc.message}, status=exc.status)
    if request.GET.get("format") == "xlsx":
        return exports.statistics_xlsx(stats)
    return render(request, "complaints/statistics.html", {"stats": stats, "first": first, "last": last})


def _post(request: HttpRequest, s: Any) -> None:
    action, user, p = request.POST.get("action", ""), request.user, request.POST
    if action == "answer":
        services.submission_answer(actor=user, submission=s, answer=p.get("answer", ""))
    elif action in {"pause", "resume", "extend"}:
        services.submission_clock(
            actor=user,
            submission=s,
            action=action,
            reason=p.get("note", ""),
            kind=p.get("pause_kind", "testing"),
            amount=p.get("amount") or None,
        )
    elif action == "reward":
        services.reward_propose(
            actor=user,
            submission=s,
            level=p.get("level"),
            fines=p.get("fines"),
            penalty_ref=p.get("penalty_ref", ""),
        )
    elif action in {"approve", "pay"} and hasattr(s, "reward"):
        services.reward_act(actor=user, reward=s.reward, action=action, payment_ref=p.get("payment_ref", ""))
    else:
        case = {"yes": True, "no": False}.get(p.get("case_opened", ""))
        services.submission_act(
            actor=user,
            submission=s,
            action=action,
            note=p.get("note", ""),
            outcome=p.get("outcome", ""),
            case_opened=case,
        )


@login_required
@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One submission: what was filed, its deadlines and timeline, and the actions its state allows."""
    try:
        s = selectors.submission_get(request.user, pk)
    except ServiceError as exc:
        return render(request, "complaints/detail.html", {"error": exc.message}, status=exc.status)
    status_code, error = 200, ""
    if request.method == "POST":
        try:
            _post(request, s)
        except ServiceError as exc:
            status_code, error = exc.status, exc.message
        else:
            messages.success(request, _("已保存"))
            return redirect("complaints:detail", pk=pk)
    staff = access.is_enterprise_staff(request.user)
    obligations = list(selectors.obligations_of(s))
    running = [o for o in obligations if o.is_running]
    reward = getattr(s, "reward", None) if hasattr(s, "reward") else None
    context = {
        "s": s,
        "staff": staff,
        "error": error,
        "steps": selectors.timeline(s, public_only=staff),
        "obligations": [] if staff else obligations,
        "running": None if staff else (running[0] if running else None),
        "actions": [] if staff else s.actions(),
        "outcomes": Outcome.choices,
        "pause_kinds": PauseKind.choices,
        "photos": [] if staff else list(s.photos.select_related("evidence")),
        "reward": None if staff else reward,
        "can_handle": access.can(request.user, "complaints.handle"),
        "can_approve": access.can(request.user, "complaints.reward.approve"),
        "can_answer": staff and s.forwarded_at is not None and s.status == Status.ACCEPTED,
        "documents": [] if staff else [(k, documents.DOCUMENTS[k]) for k in documents.available(s)],
    }
    return render(request, "complaints/detail.html", context, status=status_code)
