"""Licensing reads: lists and objects scoped to the actor (enterprise staff: their own; regulators: their
jurisdiction), and the derived reads the services and pages share (the facts an applicant declared, the
trial-report coverage, the reasons a failed verdict suggests, the rules an application is judged by).

Nothing here writes. The derived reads take an application already fetched through a scoped selector.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from shouhu.core import access, hooks, ledger, workdays
from shouhu.core.access import Actor
from shouhu.core.errors import NotFound, refuse
from shouhu.core.regulation import engine as rules_engine
from shouhu.core.regulation import today
from shouhu.core.roles import Role
from shouhu.registry.models import Enterprise, Licence

from . import changes, checklist, trialreport
from . import verdict as verdict_core
from .error_codes import LicensingError
from .models import (
    Application,
    ApplicationKind,
    ApplicationStatus,
    AppliedProduct,
    ChecklistItem,
    Document,
    ItemScore,
    RecordedConditions,
    Rectification,
    Verification,
)

OPEN_STATES = frozenset(
    {
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.DOCUMENT_REVIEW,
        ApplicationStatus.RETURNED,
        ApplicationStatus.ACCEPTED,
        ApplicationStatus.VERIFICATION,
        ApplicationStatus.VERIFIED_PASS,
        ApplicationStatus.VERIFIED_FAIL,
    }
)


@dataclass(frozen=True)
class Deadline:
    due_on: date
    remaining: int  # working days left (negative: overdue by that many)

    @property
    def overdue(self) -> bool:
        return self.remaining < 0

    @property
    def overdue_by(self) -> int:
        return max(0, -self.remaining)

    def as_dict(self) -> dict[str, Any]:
        return {
            "due_on": self.due_on.isoformat(),
            "remaining_working_days": self.remaining,
            "overdue": self.overdue,
        }


def deadline(due_on: date | None, on: date | None = None) -> Deadline | None:
    if due_on is None:
        return None
    try:
        return Deadline(due_on, workdays.count_working_days(on or today(), due_on))
    except workdays.CalendarNotLoaded:
        return Deadline(due_on, (due_on - (on or today())).days)


def application_list(actor: Actor, *, status: str = "", q: str = "", kind: str = "") -> QuerySet[Application]:
    """The reviewer's (or applicant's) list: one query, products counted in SQL."""
    qs = access.scope(Application.objects.select_related("enterprise", "licence"), actor)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(Q(enterprise__name__icontains=q) | Q(site_address__icontains=q))
    # A correlated count per row of the page, not a GROUP BY over every application in the jurisdiction.
    products = (
        AppliedProduct.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return qs.annotate(product_count=Coalesce(Subquery(products), 0)).order_by("-pk")


def application_get(actor: Actor, pk: int) -> Application:
    qs = Application.objects.select_related("enterprise", "licence").prefetch_related(
        "products", "equipment", "staff", "zones", "documents", "reviews", "trial_reports", "verifications"
    )
    return access.get_scoped(qs, actor, pk=pk)


def verification_get(actor: Actor, pk: int) -> Verification:
    qs = Verification.objects.select_related("enterprise", "application", "licence").prefetch_related(
        Prefetch(
            "items",
            queryset=ChecklistItem.objects.order_by("position").prefetch_related(
                Prefetch("scores", queryset=ItemScore.objects.select_related("inspector"))
            ),
        ),
        "inspectors__inspector",
    )
    return access.get_scoped(qs, actor, pk=pk)


def application_history(app: Application) -> list[Any]:
    """The ledger entries about an application (its state changes and edits), oldest first."""
    return list(ledger.history(app)[:500])


def verification_list(actor: Actor) -> QuerySet[Verification]:
    return access.scope(Verification.objects.select_related("enterprise", "application", "licence"), actor)


def checklist_item_get(actor: Actor, verification_id: int, item_id: int) -> ChecklistItem:
    """An item of a verification inside the actor's tenancy (else 404)."""
    verification_get(actor, verification_id)
    item = ChecklistItem.objects.filter(pk=item_id, verification_id=verification_id).first()
    if item is None:
        raise refuse(LicensingError.ITEM_NOT_FOUND, _("未找到核查项目"), error=NotFound)
    return item


def document_get(actor: Actor, pk: int) -> Document:
    return access.get_scoped(Document.objects.all(), actor, enterprise_field="application__enterprise", pk=pk)


def rectification_list(actor: Actor, *, state: str = "") -> QuerySet[Rectification]:
    qs = access.scope(Rectification.objects.select_related("enterprise", "verification", "item"), actor)
    return qs.filter(state=state) if state else qs


def licence_list(actor: Actor) -> QuerySet[Licence]:
    return access.scope(Licence.objects.select_related("enterprise").prefetch_related("items"), actor)


def change_list(actor: Actor) -> list[dict[str, Any]]:
    """Licensees whose recorded conditions differ from their licence with no change application pending."""
    out = []
    latest: dict[int, RecordedConditions] = {}
    for rc in access.scope(
        RecordedConditions.objects.select_related("licence", "enterprise"), actor
    ).order_by("pk"):
        latest[rc.licence_id] = rc
    if not latest:
        return out
    granted = {
        a.licence_id: a
        for a in Application.objects.filter(
            licence_id__in=latest, status=ApplicationStatus.APPROVED
        ).order_by("pk")
    }
    pending = set(
        Application.objects.filter(licence_id__in=latest, kind="change", status__in=OPEN_STATES).values_list(
            "licence_id", flat=True
        )
    )
    for lid, rc in latest.items():
        app = granted.get(lid)
        if app is None or not app.licensed_snapshot or lid in pending:
            continue
        diffs = changes.diff(
            app.licensed_snapshot,
            {"site_address": rc.site_address, "processes": rc.processes, "equipment": rc.equipment},
        )
        if diffs:
            out.append(
                {"licence": rc.licence, "enterprise": rc.enterprise, "recorded": rc, "differences": diffs}
            )
    return out


def inspector_list(actor: Actor, *, enterprise: Enterprise | None = None) -> list[Any]:
    """Inspectors who can verify `enterprise` (their jurisdiction covers it); without one, inspectors whose
    jurisdiction overlaps the actor's (either contains the other)."""
    users = get_user_model().objects.filter(role=Role.INSPECTOR).order_by("username")
    if enterprise is not None:
        target = Enterprise.objects.filter(pk=enterprise.pk)
        return [u for u in users if access.scope(target, u, enterprise_field=None).exists()]
    code = getattr(actor, "division_code", "") or ""
    if not code:
        return list(users)
    mine = access.division_prefix(code)
    return [
        u
        for u in users
        if u.division_code
        and (u.division_code.startswith(mine) or mine.startswith(access.division_prefix(u.division_code)))
    ]


# ---- the rules an application is judged by --------------------------------------------------------


def rules_date(app: Application) -> date:
    """Applications are reviewed under the rules in force when they were submitted."""
    return app.submitted_on or today()


def rule_param(param_id: str, as_of: date) -> Any:
    return rules_engine(as_of).parameter(param_id).value


def verdict_rules(as_of: date) -> verdict_core.VerdictRules:
    return verdict_core.VerdictRules.from_parameters(lambda pid: rule_param(pid, as_of))


def rule_cite(rule_id: str, as_of: date) -> str:
    return rules_engine(as_of).rule(rule_id).source.cite()


def profiles_of(app: Application) -> list[dict[str, Any]]:
    return [p.profile() for p in app.products.all()]


def _clean_profile(p: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in p.items() if not (k == "standard" and not v)}


def checklist_items(eng: Any, profiles: list[dict[str, Any]]) -> list[checklist.Item]:
    """The on-site checklist the rules generate for these product profiles."""
    return checklist.generate(eng, [_clean_profile(p) for p in profiles])


def checklist_preview(app: Application) -> list[checklist.Item]:
    return checklist_items(rules_engine(rules_date(app)), profiles_of(app))


def product_release_items(app: Application, product: AppliedProduct) -> list[Any]:
    """The release test items a trial report for `product` must cover (optional ones left out)."""
    eng = rules_engine(rules_date(app))
    return [i for i in eng.release_items(_clean_profile(product.profile())) if not i.optional]


def release_items(app: Application) -> dict[str, list[Any]]:
    """Per product that needs a trial report: the release test items it must cover."""
    return {p.key: product_release_items(app, p) for p in trial_required_products(app)}


# ---- derived reads ----------------------------------------------------------------------------------


def application_facts(app: Application) -> dict[str, Any]:
    """What the applicant declared, as plain data for the pre-checks and the licence snapshot."""
    return {
        "site_address": app.site_address,
        "processes": sorted({p for prod in app.products.all() for p in prod.processes or []}),
        "equipment": [
            {
                "kind": e.kind,
                "name": e.name,
                "quantity": e.quantity,
                "capacity_kg_h": str(e.capacity_kg_h) if e.capacity_kg_h is not None else None,
                "detects_sphere_mm": str(e.detects_sphere_mm) if e.detects_sphere_mm is not None else None,
            }
            for e in app.equipment.all()
        ],
        "staff": [{"name": s.name, **s.as_person()} for s in app.staff.all()],
        "zones": [
            {"name": z.name, "grade": z.grade, "cleanliness_class": z.cleanliness_class}
            for z in app.zones.all()
        ],
    }


def licence_facts(licence: Licence) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Profiles and declared facts of a licensee: from the application that granted it, else the items."""
    app = (
        Application.objects.filter(licence=licence, status=ApplicationStatus.APPROVED)
        .prefetch_related("products", "equipment", "staff", "zones")
        .order_by("-pk")
        .first()
    )
    if app is not None:
        return profiles_of(app), application_facts(app)
    profiles = [
        {"category": i.category, "variety": i.variety, "processes": [], "attributes": {}}
        for i in licence.items.all()
    ]
    return profiles, {}


def trial_required_products(app: Application) -> list[AppliedProduct]:
    """First applications and new categories need a trial-product test report (DOMAIN.md §1)."""
    products = list(app.products.all())
    if app.kind == ApplicationKind.NEW:
        return products
    if app.kind == ApplicationKind.CHANGE and app.licence_id:
        held = set(app.licence.items.values_list("category", flat=True))
        return [p for p in products if p.category not in held]
    return []


def trial_coverage(app: Application) -> dict[str, dict[str, Any]]:
    """Per product that needs one: the report's coverage of the applicable release test items."""
    eng = rules_engine(rules_date(app))
    out = {}
    reports = {r.product_key: r for r in app.trial_reports.order_by("pk")}
    for p in trial_required_products(app):
        items = eng.release_items(_clean_profile(p.profile()))
        report = reports.get(p.key)
        cov = trialreport.coverage(items, report.results if report else [])
        out[p.key] = {
            **cov.as_dict(),
            "report": report.report_number if report else None,
            "citation": rule_cite("xize2017.art73", rules_date(app)),
        }
    return out


def scored_items(ver: Verification) -> list[verdict_core.ScoredItem]:
    items = ver.items.prefetch_related("scores").order_by("position")
    return [
        verdict_core.ScoredItem(
            rule_id=i.rule_id,
            part=i.part,
            products=tuple(i.products),
            results=tuple(s.result for s in i.scores.all()),
            not_applicable=i.not_applicable,
            citation=i.citation,
        )
        for i in items
    ]


def verdict_reasons(app: Application) -> list[dict[str, str]]:
    """Suggested refusal reasons from a failed verdict: each 0-score item and each rate below the line.

    The texts become the decision's recorded reasons (an official document), so they are written in
    Chinese, the language of the record, whatever the reviewer's interface language.
    """
    ver = app.verifications.filter(state=Verification.State.CONCLUDED).order_by("-pk").first()
    if ver is None or not ver.verdict:
        return []
    items = {i.rule_id: i for i in ver.items.all()}
    out = []
    for key, v in ver.verdict["products"].items():
        for rid in v["zero_items"]:
            it = items.get(rid)
            out.append({"rule_id": rid, "text": f"{key}：{it.title if it else rid} 评为不符合（0分）"})
        if v["rate"] is not None and v["rate"] < ver.verdict["pass_rate"]:
            out.append(
                {
                    "rule_id": "verdict.pass-score-rate",
                    "text": f"{key}：得分率 {v['rate_percent']}% 低于 {ver.verdict['pass_rate'] * 100:g}%",
                }
            )
    return out


def provincial_bureau(code: str) -> str:
    """婴幼儿辅助食品 licences are issued by the provincial bureau (action plan item 2); the authority's
    official name, as printed on the licence."""
    from shouhu.codes import divisions

    try:
        return f"{divisions.full_name(code[:2] + '0000')}市场监督管理局"
    except (LookupError, ValueError):
        return "省级市场监督管理局"


def decision_blockers(app: Application) -> list[dict[str, Any]]:
    """What must be settled before a renewal or change is approved (2026 plan item 2): an open 核查处置 of
    a failed sample, named by the apps that register with `core.hooks` (licensing imports none of them)."""
    if app.kind == ApplicationKind.NEW:
        return []
    return hooks.licence_blockers(app.enterprise_id)
