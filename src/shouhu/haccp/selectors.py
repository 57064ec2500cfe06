"""HACCP reads, scoped to the caller's tenancy: plans and their versions (diff), the CCP in force for a
product, internal standards, deviations, a reading batch's digest, the regulator's view."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q

from shouhu.core import access
from shouhu.core.access import Actor
from shouhu.workflow.obligations.models import RUNNING, Obligation

from . import limits
from .models import (
    CCP,
    Deviation,
    DeviationKind,
    InternalStandard,
    Plan,
    PlanVersion,
    Reading,
    ReadingBatch,
    VersionStatus,
)
from .services.readings import reading_line


def plan_list(actor: Actor) -> Any:
    return access.scope(Plan.objects.select_related("enterprise", "product"), actor).annotate(
        open_deviations=Count(
            "versions__ccps__deviations", filter=Q(versions__ccps__deviations__closed_at__isnull=True)
        )
    )


def plan_get(actor: Actor, pk: int) -> Plan:
    plan = access.get_scoped(Plan.objects.select_related("enterprise", "product"), actor, pk=pk)
    access.require(actor, "haccp.view")
    return plan


def versions_of(plan: Plan) -> list[PlanVersion]:
    return list(plan.versions.select_related("signed_by").order_by("-number"))


def in_force(plan: Plan) -> PlanVersion | None:
    return plan.versions.filter(status=VersionStatus.SIGNED).order_by("-number").first()


def draft(plan: Plan) -> PlanVersion | None:
    return plan.versions.filter(status=VersionStatus.DRAFT).first()


def ccp_in_force(product_id: int, point: str, parameter: str) -> CCP | None:
    """The CCP of the product's plan in force at step `point` for `parameter` (production's CCP record)."""
    from .services._common import covering_plan

    plan_id = covering_plan(product_id)  # its own plan or its family's
    if plan_id is None:
        return None
    return (
        CCP.objects.select_related("step", "version__plan")
        .filter(version__plan_id=plan_id, version__status=VersionStatus.SIGNED, parameter=parameter)
        .filter(Q(step__name=point) | Q(code=point))
        .first()
    )


def internal_limit(
    kind: str, enterprise_id: int, product_id: int | None, item: str, rule_limit: dict[str, Any] | None
) -> dict[str, Any] | None:
    """The limit to judge a release item or monitoring parameter by: the stricter of the rule's and the
    enterprise's internal standard (the product's, else the enterprise-wide one), both shown."""
    std = (
        InternalStandard.objects.filter(enterprise_id=enterprise_id, kind=kind, item=item)
        .filter(Q(product_id=product_id) | Q(product__isnull=True))
        .order_by("product_id")
        .first()
    )
    if std is None and rule_limit is None:
        return None
    own = None if std is None else {"min": std.limit_min, "max": std.limit_max}
    try:
        eff = limits.effective(rule_limit, own)
    except limits.LimitLooser:  # the rule tightened after the standard was set: the rule's limit holds
        eff = limits.effective(rule_limit, None)
    return eff.as_dict() | {"document": std.document if std else ""}


def diff(a: dict[str, Any], b: dict[str, Any]) -> list[dict[str, Any]]:
    """What changed from content `a` to `b`: steps, hazards (by step and hazard) and CCPs (by code)."""
    out: list[dict[str, Any]] = []
    sa, sb = a.get("steps", []), b.get("steps", [])
    out += [{"part": "step", "key": s, "change": "added"} for s in sb if s not in sa]
    out += [{"part": "step", "key": s, "change": "removed"} for s in sa if s not in sb]
    if [s for s in sa if s in sb] != [s for s in sb if s in sa]:
        out.append({"part": "step", "key": " → ".join(sb), "change": "reordered"})
    for part, key in (("hazards", lambda h: f"{h['step']}·{h['hazard']}"), ("ccps", lambda c: c["code"])):
        da, db = {key(x): x for x in a.get(part, [])}, {key(x): x for x in b.get(part, [])}
        for k in db.keys() - da.keys():
            out.append({"part": part[:-1], "key": k, "change": "added"})
        for k in da.keys() - db.keys():
            out.append({"part": part[:-1], "key": k, "change": "removed"})
        for k in sorted(da.keys() & db.keys()):
            fields = [f for f in db[k] if da[k].get(f) != db[k].get(f)]
            for f in fields:
                out.append(
                    {
                        "part": part[:-1],
                        "key": k,
                        "change": "changed",
                        "field": f,
                        "before": da[k].get(f),
                        "after": db[k].get(f),
                    }
                )
    return out


def plan_obligations(plan: Plan, kinds: tuple[str, ...]) -> Any:
    return Obligation.objects.filter(
        subject_type=ContentType.objects.get_for_model(Plan),
        subject_id=str(plan.pk),
        kind__in=kinds,
        status__in=list(RUNNING),
    )


def deviation_list(actor: Actor, *, open_only: bool = False) -> Any:
    qs = access.scope(
        Deviation.objects.select_related(
            "enterprise", "ccp", "ccp__step", "ccp__version__plan", "production_batch"
        ),
        actor,
    )
    return qs.filter(closed_at__isnull=True) if open_only else qs


def deviation_get(actor: Actor, pk: int) -> Deviation:
    return access.get_scoped(
        Deviation.objects.select_related("ccp", "ccp__step", "ccp__version__plan", "production_batch"),
        actor,
        pk=pk,
    )


def recent_readings(ccp: CCP, n: int = 20) -> list[Reading]:
    return list(Reading.objects.filter(ccp=ccp).order_by("-at")[:n])


def batch_digest(batch: ReadingBatch) -> str:
    """The SHA-256 of the batch's readings as stored now (equal to `batch.sha256` unless one was changed)."""
    digest = hashlib.sha256()
    rows = Reading.objects.filter(batch=batch).order_by("pk")
    for pk, ccp_id, pb, at, value, within in rows.values_list(
        "pk", "ccp_id", "production_batch_id", "at", "value", "within"
    ):
        digest.update(reading_line(pk, ccp_id, pb, at, value, within).encode() + b"\n")
    return digest.hexdigest()


def compliance(actor: Actor) -> list[dict[str, Any]]:
    """Per plan in force in the actor's tenancy: its CCPs, readings, missed periods and open deviations
    (frequency compliance = periods read in full / periods read or missed)."""
    plans = list(
        access.scope(Plan.objects.select_related("enterprise", "product"), actor).order_by(
            "enterprise_id", "pk"
        )
    )
    versions = {
        v.plan_id: v
        for v in PlanVersion.objects.filter(plan__in=plans, status=VersionStatus.SIGNED).select_related(
            "signed_by"
        )
    }
    ccp_ids = CCP.objects.filter(version__in=versions.values()).values_list("pk", "version__plan_id")
    by_plan: dict[int, list[int]] = {}
    for pk, plan_id in ccp_ids:
        by_plan.setdefault(plan_id, []).append(pk)
    periods = dict(
        Reading.objects.filter(ccp_id__in=[c for v in by_plan.values() for c in v])
        .values("ccp__version__plan_id")
        .annotate(n=Count("period_key", distinct=True))
        .values_list("ccp__version__plan_id", "n")
    )
    devs: dict[tuple[int, str, bool], int] = {}
    for plan_id, kind, closed_at in Deviation.objects.filter(ccp__version__plan__in=plans).values_list(
        "ccp__version__plan_id", "kind", "closed_at"
    ):
        k = (plan_id, kind, closed_at is None)
        devs[k] = devs.get(k, 0) + 1
    rows = []
    for p in plans:
        read = periods.get(p.pk, 0)
        missed = devs.get((p.pk, DeviationKind.MISSING, True), 0) + devs.get(
            (p.pk, DeviationKind.MISSING, False), 0
        )
        rows.append(
            {
                "plan": p,
                "version": versions.get(p.pk),
                "ccps": len(by_plan.get(p.pk, [])),
                "periods": read,
                "missed": missed,
                "rate": None if read + missed == 0 else round(100 * read / (read + missed), 1),
                "open": devs.get((p.pk, DeviationKind.OUT_OF_LIMIT, True), 0)
                + devs.get((p.pk, DeviationKind.MISSING, True), 0),
            }
        )
    return rows


def covered_products(enterprise_id: int) -> list[int]:
    """The enterprise's products a plan covers (its own or a family's)."""
    from .services._common import plans_by_product

    return list(plans_by_product(enterprise_id))


def family_of(plan: Plan) -> list[Any]:
    """The further products a family plan covers."""
    return [m.product for m in plan.members.select_related("product")]


def family_candidates(plan: Plan) -> list[Any]:
    """The enterprise's products of the plan's category no plan covers yet (the family form offers them;
    the service checks the process)."""
    from shouhu.production.models import Product

    if plan.product_id is None:
        return []
    taken = set(covered_products(plan.enterprise_id))
    return list(
        Product.objects.filter(enterprise_id=plan.enterprise_id, category=plan.product.category).exclude(
            pk__in=taken
        )[:100]
    )
