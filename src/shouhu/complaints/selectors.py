"""Complaint reads: the county's inbox (by state, overdue first), one submission with its timeline and
deadlines, an enterprise's forwarded complaints, and the public status by tracking number and token."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core.access import Actor, division_prefix, is_enterprise_staff, owner_q, require
from shouhu.core.errors import NotFound
from shouhu.workflow.obligations.models import RUNNING, Obligation
from shouhu.workflow.obligations.subjects import content_type

from .error_codes import ComplaintError as E
from .models import Reward, Step, Submission
from .services.common import PORTAL


def _tenancy(actor: Actor) -> Q:
    if is_enterprise_staff(actor):  # an enterprise sees what the regulator forwarded to it, nothing else
        return Q(enterprise_id=getattr(actor, "enterprise_id", None) or 0, forwarded_at__isnull=False)
    return owner_q(actor, enterprise_id_field="enterprise_id", division_field="division_code")


def submission_list(
    actor: Actor, *, status: str = "", kind: str = "", overdue: bool = False, division: str = ""
) -> QuerySet[Submission]:
    require(actor, "complaints.view")
    qs = Submission.objects.filter(_tenancy(actor)).select_related("enterprise")
    if division:  # a 6-digit code inside the tenancy (the command view's links)
        qs = qs.filter(division_code__startswith=division_prefix(division))
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if overdue:
        qs = qs.filter(pk__in=_overdue_ids())
    return qs


def _overdue_ids() -> list[int]:
    return [
        int(pk)
        for pk in Obligation.objects.filter(
            subject_type=content_type(Submission),
            status__in=RUNNING,
            paused_since__isnull=True,
            due_at__lt=timezone.now(),
        ).values_list("subject_id", flat=True)
    ]


def submission_get(actor: Actor, pk: int) -> Submission:
    require(actor, "complaints.view")
    found = Submission.objects.filter(_tenancy(actor), pk=pk).select_related("enterprise", "batch").first()
    if found is None:
        raise NotFound(_("未找到该对象或无权查看"), details={"lookup": {"pk": str(pk)}})
    return found


def deadlines(submissions: list[Submission]) -> dict[int, Obligation]:
    """The running deadline of each submission (the earliest), for lists and pages."""
    rows = Obligation.objects.filter(
        subject_type=content_type(Submission),
        subject_id__in=[str(s.pk) for s in submissions],
        status__in=RUNNING,
    ).order_by("-due_at")
    return {int(o.subject_id): o for o in rows}


def obligations_of(submission: Submission) -> QuerySet[Obligation]:
    return Obligation.objects.filter(
        subject_type=content_type(submission), subject_id=str(submission.pk)
    ).prefetch_related("pauses", "extensions")


def timeline(submission: Submission, *, public_only: bool = False) -> list[Any]:
    """The steps, oldest first; a filing still queued for routing shows its 提交 step, at its filing time,
    before the routing stores it (`services.intake.intake_drain`)."""
    steps = submission.steps.all()
    stored = list(steps.filter(public=True) if public_only else steps)
    if submission.routed_at is None:
        first = Step(
            submission=submission,
            action="file",
            label=str(_("提交")),
            actor_label=str(PORTAL),
            at=submission.submitted_at,
        )
        return [first, *stored]
    return stored


def reward_get(actor: Actor, pk: int) -> Reward:
    require(actor, "complaints.reward.propose")
    found = (
        Reward.objects.filter(
            owner_q(actor, enterprise_id_field="enterprise_id", division_field="division_code")
        )
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFound(_("未找到该对象或无权查看"), details={"lookup": {"pk": str(pk)}})
    return found


def public_status(tracking_no: str, token: str) -> Submission:
    """The submission its tracking number and private token name; one refusal whichever of them is wrong."""
    s = Submission.objects.filter(tracking_no=(tracking_no or "").strip().upper()[:20]).first()
    given = hashlib.sha256((token or "").strip().encode("utf-8")).hexdigest()
    if s is None or not secrets.compare_digest(s.token_hash, given):
        raise NotFound(_("受理查询编号或查询码不正确"), details={"reason": str(E.TOKEN_INVALID)})
    return s


def counties() -> list[tuple[str, str]]:
    """The counties the platform knows enterprises in, for the portal's place question (code, full name)."""
    from shouhu.codes import divisions
    from shouhu.registry.models import Enterprise

    codes = sorted(set(Enterprise.objects.values_list("division_code", flat=True)))
    return [(c, divisions.full_name(c)) for c in codes if c and divisions.exists(c)]


def counts(actor: Actor) -> dict[str, int]:
    """Submissions per state in the actor's tenancy (the inbox's tabs)."""
    from django.db.models import Count

    rows = submission_list(actor).values("status").annotate(n=Count("pk"))
    return {r["status"]: r["n"] for r in rows}


def statistics(actor: Actor, *, first: Any = None, last: Any = None) -> dict[str, list[dict[str, Any]]]:
    """Counts in the actor's tenancy by enterprise, product and cause (repeats counted with the original),
    each row with how many were complaints, reports, and reports found true (a case opened)."""
    from django.db.models import Count

    require(actor, "complaints.handle")
    qs = submission_list(actor).filter(merged_into__isnull=True)
    if first:
        qs = qs.filter(submitted_at__date__gte=first)
    if last:
        qs = qs.filter(submitted_at__date__lte=last)
    counts = {
        "n": Count("pk"),
        "complaints": Count("pk", filter=Q(kind="complaint")),
        "reports": Count("pk", filter=Q(kind="report")),
        "upheld": Count("pk", filter=Q(case_opened=True)),
    }
    from .models import Cause

    causes = dict(Cause.choices)
    by_enterprise = [
        {
            **r,
            "label": r["enterprise__name"] or r["enterprise_name"] or "—",
            "known": bool(r["enterprise_id"]),
        }
        for r in qs.values("enterprise_id", "enterprise__name", "enterprise_name")
        .annotate(**counts)
        .order_by("-n")
    ]
    by_product = [
        {**r, "label": r["product_name"] or "—"}
        for r in qs.values("product_name").annotate(**counts).order_by("-n")
    ]
    by_cause = [
        {**r, "label": str(causes.get(r["cause"], r["cause"]))}
        for r in qs.values("cause").annotate(**counts).order_by("-n")
    ]
    return {"enterprise": by_enterprise, "product": by_product, "cause": by_cause}


def public_articles(*, kind: str = "", limit: int = 10) -> list[Any]:
    """Published consumer alerts and 科普 (no login): newest first."""
    from .models import Article, ArticleStatus

    qs = Article.objects.filter(status=ArticleStatus.PUBLISHED)
    return list((qs.filter(kind=kind) if kind else qs).order_by("-published_at", "-pk")[:limit])


def article_list(actor: Actor) -> QuerySet[Any]:
    from .models import Article

    require(actor, "complaints.articles.manage")
    return Article.objects.filter(
        owner_q(actor, enterprise_id_field="enterprise_id", division_field="division_code")
    )


STEP_LABELS = {
    "complaints.acceptance": _("受理决定"),
    "complaints.mediation": _("投诉调解"),
    "complaints.notice": _("告知举报人"),
}


def overdue_by_step(actor: Actor) -> list[tuple[str, Any, int]]:
    """How many running deadlines of the tenancy's submissions are overdue, per step (kind, label, count)."""
    from django.db.models import Count

    ids = [str(pk) for pk in submission_list(actor).values_list("pk", flat=True)]
    rows = (
        Obligation.objects.filter(
            subject_type=content_type(Submission),
            subject_id__in=ids,
            status__in=RUNNING,
            paused_since__isnull=True,
            due_at__lt=timezone.now(),
        )
        .values("kind")
        .annotate(n=Count("pk"))
    )
    found = {r["kind"]: r["n"] for r in rows}
    return [(k, label, found.get(k, 0)) for k, label in STEP_LABELS.items()]
