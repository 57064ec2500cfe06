"""Training's reads, scoped to the caller's tenancy (`core.access.scope`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.codes import divisions
from shouhu.core import access, regulation
from shouhu.core.access import Actor
from shouhu.registry.models import Person, PersonRole

from . import bank
from .models import Attempt, PostBar, Question, QuestionStatus, SpotCheck, TrainingSession


def barred_login(actor: Any) -> bool:
    """Whether a login is a person barred from the post: exactly, when the login is linked to its registry
    person (`Person.login`, issue 11.7); for a login nobody has linked yet, by enterprise, role and name."""
    if getattr(actor, "pk", None) and getattr(actor, "_meta", None):
        linked = Person.objects.filter(login_id=actor.pk).values_list("pk", flat=True)
        if linked:
            return PostBar.objects.filter(person_id__in=list(linked), active=True).exists()
    enterprise_id = getattr(actor, "enterprise_id", None)
    name = (getattr(actor, "display_name", "") or "").strip()
    if not enterprise_id or not name:
        return False
    return PostBar.objects.filter(
        enterprise_id=enterprise_id, active=True, person__name=name, role=getattr(actor, "role", "")
    ).exists()


def questions(actor: Actor, *, include_retired: bool = False) -> QuerySet[Question]:
    """The platform's bank and, for an enterprise (or its regulators), its own questions."""
    qs = Question.objects.filter(
        Q(enterprise__isnull=True)
        | Q(pk__in=access.scope(Question.objects.filter(enterprise__isnull=False), actor))
    )
    if not include_retired:
        qs = qs.filter(status=QuestionStatus.ACTIVE)
    return qs.order_by("topic", "key", "-version")


def question_history(actor: Actor, key: str) -> QuerySet[Question]:
    return questions(actor, include_retired=True).filter(key=key).order_by("-version")


def attempts(actor: Actor) -> QuerySet[Attempt]:
    return access.scope(Attempt.objects.select_related("person", "enterprise"), actor).order_by("-created_at")


def attempt(actor: Actor, pk: int) -> Attempt:
    return access.get_scoped(Attempt.objects.select_related("person", "enterprise"), actor, pk=pk)


def bars(actor: Actor, *, active_only: bool = True) -> QuerySet[PostBar]:
    qs = access.scope(PostBar.objects.select_related("person", "enterprise", "failed_attempt"), actor)
    return qs.filter(active=True) if active_only else qs


def spot_checks(actor: Actor) -> QuerySet[SpotCheck]:
    return access.scope(
        SpotCheck.objects.select_related("person", "enterprise", "attempt", "inspector"), actor
    ).order_by("-created_at")


def managers(actor: Actor) -> QuerySet[Person]:
    """The people who are examined: principal, director, officers, active, in the caller's tenancy."""
    return access.scope(
        Person.objects.select_related("enterprise").filter(role__in=bank.MANAGERS, active=True), actor
    ).order_by("enterprise__name", "role", "name")


def hours_ledger(actor: Actor, year: int, *, today: dt.date | None = None) -> list[dict[str, Any]]:
    """Training hours per manager in `year`, against `training.min-hours-per-year` for directors and
    officers; `behind` when the hours lag the year's pro-rata share, `short` once the year is over."""
    today = today or timezone.localdate()
    minimum = Decimal(str(regulation.param("training.min-hours-per-year")))
    people = list(managers(actor))
    hours = _hours([p.pk for p in people], year=year)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    elapsed = Decimal(max(0, min((today - start).days + 1, 365))) / 365
    rows = []
    for p in people:
        h = hours.get(p.pk) or Decimal(0)
        bound = p.role in ("director", "officer")
        rows.append(
            {
                "person": p,
                "hours": h,
                "minimum": minimum if bound else None,
                "short": bound and today > end and h < minimum,
                "behind": bound and today <= end and h < minimum * elapsed,
            }
        )
    return rows


def _hours(person_ids: list[int], *, year: int | None = None, since: dt.date | None = None) -> dict:
    """{person id: hours of the sessions they attended} in `year` or on or after `since`."""
    through = TrainingSession.attendees.through
    qs = through.objects.filter(person_id__in=person_ids)
    if year is not None:
        qs = qs.filter(trainingsession__held_on__year=year)
    if since is not None:
        qs = qs.filter(trainingsession__held_on__gte=since)
    rows = qs.order_by().values("person_id").annotate(h=Sum("trainingsession__hours"))
    return {r["person_id"]: r["h"] for r in rows}


def sessions(actor: Actor) -> QuerySet[TrainingSession]:
    """The training records (附件1 #8) in the caller's tenancy, newest first."""
    return access.scope(TrainingSession.objects.all(), actor).order_by("-held_on", "-pk")


def register(actor: Actor) -> QuerySet[TrainingSession]:
    """The 附件1 #8 register (人员培训考核记录): every training once, with its attendees. A session moved from
    production's generic #8 `Record` (`migrated_from` "production.Record:<pk>") is that record — the old row
    is kept where it was, marked moved and left out of production's lists, so nothing shows twice."""
    return sessions(actor).prefetch_related("attendees")


def person_get(actor: Actor, pk: int) -> Person:
    return access.get_scoped(Person.objects.select_related("enterprise"), actor, pk=pk)


def person_sessions(actor: Actor, person: Person, *, limit: int = 20) -> list[TrainingSession]:
    """The sessions one person attended (their training records), newest first."""
    return list(sessions(actor).filter(attendees=person)[:limit])


def person_hours(person: Person, year: int) -> Decimal:
    return _hours([person.pk], year=year).get(person.pk) or Decimal(0)


def person_training(person_ids: list[int], since: dt.date) -> dict[int, dict[str, Any]]:
    """For the registry's pages (`core.hooks.person_training`): hours since `since`, the latest training
    date and the page that records one — a system read for ids the registry already scoped."""
    from django.db.models import Max
    from django.urls import reverse

    through = TrainingSession.attendees.through
    last = dict(
        through.objects.filter(person_id__in=person_ids)
        .order_by()
        .values("person_id")
        .annotate(d=Max("trainingsession__held_on"))
        .values_list("person_id", "d")
    )
    hours = _hours(person_ids, since=since)
    return {
        pk: {
            "hours": hours.get(pk) or Decimal(0),
            "last": last.get(pk),
            "url": reverse("training:person", args=[pk]),
        }
        for pk in person_ids
    }


def pass_rates(actor: Actor, *, year: int | None = None) -> dict[str, list[dict[str, Any]]]:
    """Spot-check pass rates by jurisdiction (division), enterprise and role."""
    qs = spot_checks(actor).filter(passed__isnull=False)
    if year:
        qs = qs.filter(created_at__year=year)
    groups: dict[str, dict[Any, list[int]]] = {
        "division": defaultdict(lambda: [0, 0]),
        "enterprise": defaultdict(lambda: [0, 0]),
        "role": defaultdict(lambda: [0, 0]),
    }
    names: dict[Any, str] = {}
    for s in qs.values("division_code", "enterprise_id", "enterprise__name", "attempt__role", "passed"):
        for group, key in (
            ("division", s["division_code"]),
            ("enterprise", s["enterprise_id"]),
            ("role", s["attempt__role"]),
        ):
            groups[group][key][0] += 1
            groups[group][key][1] += int(bool(s["passed"]))
        names[s["enterprise_id"]] = s["enterprise__name"]
    out: dict[str, list[dict[str, Any]]] = {}
    roles = dict(PersonRole.choices)
    for group, rows in groups.items():
        out[group] = []
        for k, (n, p) in sorted(rows.items(), key=lambda kv: str(kv[0])):
            if group == "enterprise":
                label = names.get(k, str(k))
            elif group == "role":
                label = str(roles.get(k, k))
            else:
                label = _division_name(str(k))
            out[group].append(
                {
                    "key": str(k),
                    "label": label,
                    "checked": n,
                    "passed": p,
                    "rate": round(100 * p / n, 1) if n else None,
                }
            )
    return out


def _division_name(code: str) -> str:
    try:
        return divisions.full_name(code)
    except (KeyError, ValueError, LookupError):
        return code


def due_retests(actor: Actor) -> QuerySet[SpotCheck]:
    """Failed spot checks whose person has not passed since (the bar is still active)."""
    active = PostBar.objects.filter(active=True).values("person_id")
    return spot_checks(actor).filter(passed=False, person_id__in=active, retest_of__isnull=True)


def failed_enterprise_ids(enterprise_ids: Any, since: dt.date) -> dict[int, int]:
    """{enterprise id: failed spot checks since `since`} — for risk grading (no tenancy: a system read)."""
    rows = SpotCheck.objects.filter(
        enterprise_id__in=list(enterprise_ids), passed=False, created_at__date__gte=since
    ).values_list("enterprise_id", flat=True)
    out: dict[int, int] = defaultdict(int)
    for e in rows:
        out[e] += 1
    return dict(out)


SPOT_RESULTS = ("done", "passed", "failed")  # handed in; passed; failed


def spot_check_search(
    actor: Actor, *, division: str = "", year: int | None = None, result: str = ""
) -> QuerySet[SpotCheck]:
    """Spot checks narrowed to a division, a year and a result — the command view's figures' list."""
    qs = spot_checks(actor)
    if division:
        qs = qs.filter(division_code__startswith=access.division_prefix(division))
    if year:
        qs = qs.filter(created_at__year=year)
    if result == "done":
        qs = qs.filter(passed__isnull=False)
    elif result in ("passed", "failed"):
        qs = qs.filter(passed=result == "passed")
    return qs


def person_bar_notes(person_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """For the registry's pages (`core.hooks.person_notes`): who is barred from the post right now."""
    out: dict[int, list[dict[str, Any]]] = {}
    for pk, citation in PostBar.objects.filter(person_id__in=person_ids, active=True).values_list(
        "person_id", "citation"
    ):
        out.setdefault(pk, []).append({"title": _("考核不合格，补考合格前不得上岗"), "reason": citation})
    return out
