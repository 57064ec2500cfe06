"""Training pages: the enterprise's exams, hours and bars; the question bank; the regulator's spot checks
and pass rates; and the exam itself, reached with a one-time code on a phone or the inspector's tablet."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from shouhu.core import access, regulation
from shouhu.core.errors import PermissionDenied, ServiceError
from shouhu.core.pages import division_param, filter_query, flash_run, refused

from . import selectors, services
from .forms import TrainingForm
from .models import Question
from .services.exams import attempt_by_code, shown_choices

SESSION_KEY = "training_exam_code"


def _deny(request: HttpRequest) -> HttpResponse:
    return render(request, "403.html", status=403)


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@login_required
@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    """培训考核 of one enterprise: assign an exam, record a training session, hours per manager, bars."""
    user = request.user
    if not access.is_enterprise_staff(user):
        return redirect("training:spotchecks") if access.can(user, "training.supervise") else _deny(request)
    manage = access.can(user, "training.enterprise.manage")
    code = None
    if request.method == "POST":
        if not manage:
            return _deny(request)
        try:
            if request.POST.get("action") == "session":
                services.session_record(
                    actor=user,
                    held_on=dt.date.fromisoformat(request.POST.get("held_on") or ""),
                    trainer=request.POST.get("trainer", ""),
                    content=request.POST.get("content", ""),
                    place=request.POST.get("place", ""),
                    hours=request.POST.get("hours"),
                    attendee_ids=[_int(i) for i in request.POST.getlist("attendees")],
                    assessment=request.POST.get("assessment", ""),
                )
                messages.success(request, _("已记录培训"))
                return redirect("training:home")
            attempt, code = services.attempt_assign(
                actor=user,
                person_id=_int(request.POST.get("person_id")),
                purpose=request.POST.get("purpose", ""),
            )
            messages.success(
                request,
                _("已为%(name)s组卷，一次性考试码：%(code)s") % {"name": attempt.person.name, "code": code},
            )
        except ValueError:
            messages.error(request, _("请填写正确的培训日期"))
        except ServiceError as exc:
            messages.error(request, str(exc.message))
    year = timezone.localdate().year
    return render(
        request,
        "training/home.html",
        {
            "manage": manage,
            "code": code,
            "people": selectors.managers(user),
            "ledger": selectors.hours_ledger(user, year),
            "year": year,
            "minimum": regulation.param("training.min-hours-per-year"),
            "attempts": selectors.attempts(user)[:50],
            "sessions": selectors.register(user)[:50],
            "bars": selectors.bars(user),
            "today": timezone.localdate().isoformat(),
        },
    )


@login_required
def bank_page(request: HttpRequest) -> HttpResponse:
    """The question bank as in use: each question with its answer and the clause it is drawn from."""
    if not access.can(request.user, "training.view"):
        return _deny(request)
    qs: list[Question] = list(selectors.questions(request.user)[:500])
    rows = [{"q": q, "answers": [q.options[a] for a in q.answer]} for q in qs]
    return render(request, "training/bank.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def spotchecks(request: HttpRequest) -> HttpResponse:
    """监督抽查考核: pick a manager, the exam code; results, pass rates, due re-tests and bars."""
    user = request.user
    try:
        access.require(user, "training.supervise")
    except PermissionDenied:
        return _deny(request)
    can_check = access.can(user, "training.spotcheck")
    code = None
    if request.method == "POST":
        if not can_check:
            return _deny(request)
        try:
            spot, code = services.spotcheck_create(
                actor=user,
                person_id=_int(request.POST.get("person_id")),
                context=request.POST.get("context", ""),
                retest_of=_int(request.POST.get("retest_of")) or None,
            )
            messages.success(
                request,
                _("已为%(name)s组卷，一次性考试码：%(code)s") % {"name": spot.person.name, "code": code},
            )
        except ServiceError as exc:
            messages.error(request, str(exc.message))
    year = request.GET.get("year", "")
    result = request.GET.get("result", "")
    filters = {
        "division": division_param(request),
        "year": int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else "",
        "result": result if result in selectors.SPOT_RESULTS else "",
    }
    found = selectors.spot_check_search(
        user, division=filters["division"], year=filters["year"] or None, result=filters["result"]
    )
    checks = Paginator(found, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "training/spotchecks.html",
        {
            "can_check": can_check,
            "code": code,
            "people": selectors.managers(user)[:300],
            "checks": checks,
            **filters,
            "query": filter_query(filters),
            "results": [("done", _("已交卷")), ("passed", _("合格")), ("failed", _("不合格"))],
            "rates": selectors.pass_rates(user),
            "due": selectors.due_retests(user),
            "bars": selectors.bars(user),
        },
    )


@require_http_methods(["GET", "POST"])
def exam_start(request: HttpRequest) -> HttpResponse:
    """Enter the one-time code (no login: the code is the examinee's key)."""
    if request.method == "POST":
        code = (request.POST.get("code") or "").strip().upper()
        try:
            services.attempt_open(code=code)
        except ServiceError as exc:
            messages.error(request, str(exc.message))
            return redirect("training:exam-start")
        request.session[SESSION_KEY] = code
        return redirect("training:exam-paper")
    return render(request, "training/exam_start.html", {})


@require_http_methods(["GET", "POST"])
def exam_paper(request: HttpRequest) -> HttpResponse:
    """The paper: answers saved as given (one question or all at once), then submitted and scored."""
    code = request.session.get(SESSION_KEY, "")
    try:
        attempt = attempt_by_code(code)
    except ServiceError:
        return redirect("training:exam-start")
    if request.method == "POST":
        try:
            given = {i["q"]: [_int(p) for p in request.POST.getlist(f"q{i['q']}")] for i in attempt.items}
            given = {q: c for q, c in given.items() if c}
            if given and attempt.submitted_at is None:
                services.answers_save(code=code, answers=given)
            if request.POST.get("action") == "submit":
                services.attempt_submit(code=code)
            else:
                messages.success(request, _("答案已保存"))
        except ServiceError as exc:
            messages.error(request, str(exc.message))
        return redirect("training:exam-paper")
    questions = Question.objects.in_bulk([i["q"] for i in attempt.items])
    saved = shown_choices(attempt)
    results = {r["q"]: r for r in attempt.result}
    items = []
    for n, item in enumerate(attempt.items, 1):
        q = questions[item["q"]]
        options = [
            {"pos": pos, "text": q.options[orig], "checked": pos in saved.get(q.pk, [])}
            for pos, orig in enumerate(item["order"])
        ]
        r = results.get(q.pk)
        items.append(
            {"n": n, "q": q, "options": options, "result": r, "answers": [q.options[a] for a in q.answer]}
        )
    return render(request, "training/exam.html", {"attempt": attempt, "items": items})


@login_required
@require_http_methods(["GET", "POST"])
def person_training(request: HttpRequest, pk: int) -> HttpResponse:
    """One person's training records (the sessions they attended) and hours this year, with the form the
    registry's home prompt ("请安排培训并登记") links to; the API's `person-training-create` is the other door."""
    actor = request.user
    try:
        person = selectors.person_get(actor, pk)
        access.require(actor, "training.session.record")
    except ServiceError as exc:
        return refused(request, exc)
    form = TrainingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if flash_run(
            request,
            lambda: services.person_training_record(
                actor=actor,
                person_id=person.pk,
                held_on=d["held_on"],
                topic=d["topic"].strip(),
                hours=d["hours"],
                provider=d["provider"].strip(),
            ),
            _("已登记培训记录"),
        ):
            return redirect("training:person", person.pk)
    year = timezone.localdate().year
    context = {
        "person": person,
        "form": form,
        "trainings": selectors.person_sessions(actor, person),
        "year": year,
        "year_hours": selectors.person_hours(person, year),
    }
    return render(request, "training/person_training.html", context)
