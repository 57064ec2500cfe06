"""Contract oversight reads, scoped to the caller: each party sees what the contract shares, each party's
regulator sees the contracts of its jurisdiction.

What each side sees (tests/contract/test_tenancy.py says it line by line):

* the 委托方 (principal) — everything of its agreements: scope and terms, qualification reviews, audits and
  their findings, runs with the 受托方's release record of *those* batches only, label reviews, and its
  reports to the regulator (due, overdue, done);
* the 受托方 (manufacturer) — the agreement once it confirmed the registry contract, the review's verdict and
  licence gaps about itself, the audits and findings it must put right, the runs it made and the 委托方's
  decisions on them, the label reviews of the products it prints; not the 委托方's reports to its regulator;
* a regulator — every agreement where either party lies in its jurisdiction, with runs and reports due and
  overdue; any other enterprise — nothing (404 on any id).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access, regulation
from shouhu.core.access import Actor
from shouhu.core.errors import NotFound
from shouhu.workflow.findings.models import Finding
from shouhu.workflow.obligations.models import RUNNING, Obligation

from .models import Agreement, Audit, Decision, LabelReview, Qualification, Run

REPORT_KINDS = ("contract.report.start", "contract.report.end")
DUTY_PREFIX = "contract."


def _scoped(actor: Actor) -> QuerySet[Agreement]:
    qs = Agreement.objects.select_related("contract", "principal", "manufacturer")
    return qs.filter(
        access.tenancy_q(actor, enterprise_field="principal")
        | access.tenancy_q(actor, enterprise_field="manufacturer")
    )


def agreement_list(actor: Actor, *, side: str = "") -> QuerySet[Agreement]:
    """Agreements where the caller's tenancy holds either party (`side`: principal / manufacturer only)."""
    access.require(actor, "contract.view")
    qs = _scoped(actor)
    if side == "principal":
        qs = qs.filter(access.tenancy_q(actor, enterprise_field="principal"))
    elif side == "manufacturer":
        qs = qs.filter(access.tenancy_q(actor, enterprise_field="manufacturer"))
    return qs.annotate(
        run_count=Count("runs", distinct=True),
        pending_count=Count("runs", filter=Q(runs__decision=Decision.PENDING), distinct=True),
    ).order_by("-starts_on", "-pk")


def agreement_get(actor: Actor, pk: int) -> Agreement:
    access.require(actor, "contract.view")
    found = _scoped(actor).filter(pk=pk).first()
    if found is None:  # another tenant's agreement or none at all: the same answer
        raise NotFound(_("未找到该对象或无权查看"), details={"lookup": {"pk": str(pk)}})
    return found


def side_of(actor: Actor, agreement: Agreement) -> str:
    """principal / manufacturer (enterprise staff of that party), else regulator (or platform admin)."""
    ent = getattr(actor, "enterprise_id", None)
    if ent and ent == agreement.principal_id:
        return "principal"
    if ent and ent == agreement.manufacturer_id:
        return "manufacturer"
    return "regulator"


def _agreement_type() -> ContentType:
    return ContentType.objects.get_for_model(Agreement)


def duties(agreement_ids: list[int]) -> QuerySet[Obligation]:
    return Obligation.objects.filter(
        subject_type=_agreement_type(),
        subject_id__in=[str(i) for i in agreement_ids],
        kind__startswith=DUTY_PREFIX,
    ).order_by("due_at", "pk")


def findings_of(agreement: Agreement) -> QuerySet[Finding]:
    return (
        Finding.objects.filter(subject_type="contract.agreement", subject_id=str(agreement.pk))
        .prefetch_related("rectifications")
        .order_by("-pk")
    )


def detail(actor: Actor, pk: int) -> dict[str, Any]:
    """One agreement as the caller's side may see it (a fixed number of queries)."""
    a = agreement_get(actor, pk)
    side = side_of(actor, a)
    obligations = list(duties([a.pk]))
    if side == "manufacturer":  # the 委托方's reports to its regulator are not the 受托方's business
        obligations = [o for o in obligations if o.kind not in REPORT_KINDS]
    return {
        "agreement": a,
        "side": side,
        "qualifications": list(
            Qualification.objects.filter(agreement=a).select_related("licence", "audit__run")
        ),
        "audits": list(Audit.objects.filter(agreement=a).select_related("run")),
        "findings": list(findings_of(a)),
        "runs": list(Run.objects.filter(agreement=a).select_related("batch__product")),
        "labels": list(LabelReview.objects.filter(agreement=a).select_related("label_check")),
        "duties": obligations,
        "now": timezone.now(),
    }


def supervision(actor: Actor) -> list[dict[str, Any]]:
    """The regulator's table: each agreement of its jurisdiction (either party) with runs and duties due and
    overdue (three queries, whatever the number of agreements)."""
    access.require(actor, "contract.supervise")
    rows = list(agreement_list(actor))
    now = timezone.now()
    due: dict[int, int] = defaultdict(int)
    overdue: dict[int, int] = defaultdict(int)
    for o in duties([a.pk for a in rows]).filter(status__in=list(RUNNING)).only("subject_id", "due_at"):
        due[int(o.subject_id)] += 1
        if o.due_at < now:
            overdue[int(o.subject_id)] += 1
    return [{"agreement": a, "due": due[a.pk], "overdue": overdue[a.pk]} for a in rows]


def run_signal(*, enterprise_ids: list[int], as_of: dt.date | None = None) -> dict[int, dict[str, Any]]:
    """Volume and frequency of contract runs in the 12 months to `as_of`, per enterprise on either side — the
    risk grading's signal (2026 plan item 11: 频繁委托生产). A system read: the grading scopes its own callers.

    {enterprise_id: {"runs": n, "contracts": k, "per_month": n/12, "frequent": n ≥ threshold, "citation"}}
    """
    as_of = as_of or regulation.today()
    since = as_of - dt.timedelta(days=365)
    threshold = int(regulation.param("contract.frequent-runs", as_of))
    citation = regulation.cite("contract.frequent-runs", as_of)
    out: dict[int, dict[str, Any]] = {}
    ids = [int(i) for i in enterprise_ids]
    base = Run.objects.filter(batch__produced_on__gt=since, batch__produced_on__lte=as_of)
    for field in ("agreement__principal_id", "agreement__manufacturer_id"):
        rows = (
            base.filter(**{f"{field}__in": ids})
            .values(field)
            .annotate(n=Count("pk"), k=Count("agreement_id", distinct=True))
        )
        for r in rows:
            e = out.setdefault(r[field], {"runs": 0, "contracts": 0})
            e["runs"] += r["n"]
            e["contracts"] += r["k"]
    for e in out.values():
        e["per_month"] = round(e["runs"] / 12, 2)
        e["frequent"] = e["runs"] >= threshold
        e["citation"] = citation
    return out


def duty_rows(actor: Actor, pk: int, *, open_only: bool = False) -> list[dict[str, Any]]:
    """The duties of one agreement as the caller's side may see them (the 受托方 not the 委托方's reports to
    its regulator), each with whether it is overdue now; `open_only`: those still due."""
    a = agreement_get(actor, pk)
    qs = duties([a.pk])
    if side_of(actor, a) == "manufacturer":
        qs = qs.exclude(kind__in=REPORT_KINDS)
    if open_only:
        qs = qs.filter(status__in=list(RUNNING))
    now = timezone.now()
    return [
        {
            "id": o.pk,
            "kind": o.kind,
            "title": o.title,
            "citation": o.citation,
            "status": o.status,
            "due_at": o.due_at,
            "overdue": o.status in RUNNING and o.due_at < now,
            "done_at": o.done_at,
        }
        for o in qs
    ]
