"""Registry reads, always scoped to the acting user (core.access), with the joins done up front.

Names follow `<entity>_list` / `<entity>_get`; the scoped base querysets (`_enterprises`, `_licences` …)
stay private. `enterprises` is kept as an alias of `enterprise_list` while tests/demo still call it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from shouhu.core import access, hooks, workdays
from shouhu.core.access import Actor
from shouhu.core.models import AuditEntry
from shouhu.core.regulation import param, today

from .models import (
    ContractManufacturing,
    ContractStatus,
    Enterprise,
    Licence,
    LicenceItem,
    LicenceStatus,
    Person,
    Site,
)


def _enterprises(actor: Actor) -> QuerySet[Enterprise]:
    return access.scope(Enterprise.objects.all(), actor, enterprise_field=None)


def enterprise_list(
    actor: Actor,
    *,
    q: str = "",
    category: str = "",
    scale: str = "",
    division: str = "",
    licence_status: str = "",
) -> QuerySet[Enterprise]:
    """The enterprise list page and endpoint: search by name/USCC/address, filter, licence counts."""
    qs = _enterprises(actor)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(uscc__icontains=q) | Q(address__icontains=q))
    if scale:
        qs = qs.filter(scale=scale)
    if division:
        qs = qs.filter(division_code__startswith=access.division_prefix(division))
    if category:
        qs = qs.filter(
            Exists(LicenceItem.objects.filter(licence__enterprise=OuterRef("pk"), category=category))
        )
    if licence_status:
        qs = qs.filter(Exists(Licence.objects.filter(enterprise=OuterRef("pk"), status=licence_status)))
    return qs.annotate(
        licence_count=Count("licences", filter=Q(licences__status=LicenceStatus.ACTIVE), distinct=True)
    ).order_by("name", "pk")


def enterprise_get(actor: Actor, pk: int) -> Enterprise:
    return access.get_scoped(Enterprise.objects.all(), actor, enterprise_field=None, pk=pk)


def _licences(actor: Actor) -> QuerySet[Licence]:
    return access.scope(Licence.objects.select_related("enterprise", "site"), actor).prefetch_related("items")


def licence_get(actor: Actor, pk: int) -> Licence:
    return access.get_scoped(
        Licence.objects.select_related("enterprise", "site").prefetch_related("items"), actor, pk=pk
    )


def _people(actor: Actor, *, enterprise_id: int | None = None) -> QuerySet[Person]:
    qs = access.scope(Person.objects.select_related("enterprise", "login"), actor)
    return qs.filter(enterprise_id=enterprise_id) if enterprise_id else qs


def _contracts(actor: Actor) -> QuerySet[ContractManufacturing]:
    """Contracts where the actor's tenancy holds either party (委托方 or 受托方).

    The 受托方's side sees a contract only once it confirmed it (a pending one is a request, listed by
    `contract_request_list`); the 委托方 sees its own in every state.
    """
    qs = ContractManufacturing.objects.select_related("principal", "manufacturer")
    return qs.filter(
        access.tenancy_q(actor, enterprise_field="principal")
        | (access.tenancy_q(actor, enterprise_field="manufacturer") & Q(status=ContractStatus.CONFIRMED))
    )


def contract_request_list(actor: Actor) -> QuerySet[ContractManufacturing]:
    """Pending contracts naming an enterprise of the caller's tenancy as 受托方: its to answer."""
    qs = ContractManufacturing.objects.select_related("principal", "manufacturer")
    return qs.filter(
        access.tenancy_q(actor, enterprise_field="manufacturer"), status=ContractStatus.PENDING
    ).order_by("-created_at", "-pk")


def contract_request_get(actor: Actor, pk: int) -> ContractManufacturing:
    """A contract the caller's tenancy may answer as 受托方; any other id is the same 404."""
    qs = ContractManufacturing.objects.select_related("principal", "manufacturer")
    return access.get_scoped(qs, actor, enterprise_field="manufacturer", pk=pk)


@dataclass(frozen=True)
class RenewalDue:
    licence: Licence
    window_opens: (
        date  # the last day to apply is `expires_on` minus N working days (《食品生产许可管理办法》)
    )
    apply_by: date
    overdue: bool
    estimated: bool = (
        False  # the expiry year's holiday calendar is not published yet: apply_by is a safe guess
    )


def _renewal_horizon(on: date, n: int) -> date:
    """The latest expiry that can already be in its renewal window: N working days never span more than
    2N+20 calendar days (the longest holiday runs are 8–9 days), and the warning starts 30 days earlier."""
    return on + timedelta(days=2 * n + 20 + 30)


def licences_due_for_renewal(actor: Actor, *, on: date | None = None, division: str = "") -> list[RenewalDue]:
    """Active licences whose renewal (延续) must be applied for now: within N working days of expiry;
    `division` narrows to the enterprises of one division inside the actor's tenancy."""
    on = on or today()
    n = int(param("licence.renewal-before-working-days", on))
    horizon = _renewal_horizon(on, n)
    candidates = _licences(actor).filter(
        status=LicenceStatus.ACTIVE, expires_on__gte=on, expires_on__lte=horizon
    )
    if division:
        candidates = candidates.filter(enterprise__division_code__startswith=access.division_prefix(division))
    due = []
    for lic in candidates.order_by("expires_on"):
        apply_by = workdays.add_working_days(lic.expires_on, -n)  # CalendarNotLoaded: pages say so
        # Start warning a month before the last day to apply, so nobody learns of it on the day.
        window_opens = apply_by - timedelta(days=30)
        if on >= window_opens:
            due.append(RenewalDue(lic, window_opens, apply_by, on > apply_by))
    return due


def health_certificates_expiring(
    actor: Actor, *, on: date | None = None, within_days: int = 30
) -> QuerySet[Person]:
    """Active staff whose health certificate (健康证明) has expired or expires within `within_days`."""
    on = on or today()
    return (
        _people(actor)
        .filter(
            active=True,
            health_cert_expires_on__isnull=False,
            health_cert_expires_on__lte=on + timedelta(days=within_days),
        )
        .order_by("health_cert_expires_on")
    )


@dataclass(frozen=True)
class ConnectionRate:
    connected: int
    total: int

    @property
    def rate(self) -> float:
        return self.connected / self.total if self.total else 0.0


def connection_rate(actor: Actor, *, window_days: int, now: Any = None) -> ConnectionRate:
    """接入率 (action-plan item 16): share of producing licensees that pushed data in the window."""
    now = now or timezone.now()
    producing = _enterprises(actor).filter(
        Exists(Licence.objects.filter(enterprise=OuterRef("pk"), status=LicenceStatus.ACTIVE))
    )
    agg = producing.aggregate(
        total=Count("pk"),
        connected=Count("pk", filter=Q(last_push_at__gte=now - timedelta(days=window_days))),
    )
    return ConnectionRate(agg["connected"], agg["total"])


# ---- Pages: counts, filter choices, detail sections and ledger history (all scoped like the rest) ----


@dataclass(frozen=True)
class JurisdictionCounts:
    enterprises: int
    active_licences: int


def jurisdiction_counts(actor: Actor) -> JurisdictionCounts:
    """How many enterprises and active licences the actor's tenancy holds (regulator home)."""
    active = access.scope(Licence.objects.all(), actor).filter(status=LicenceStatus.ACTIVE)
    return JurisdictionCounts(enterprises=_enterprises(actor).count(), active_licences=active.count())


def enterprise_divisions(actor: Actor) -> list[str]:
    """Division codes where the actor's tenancy has enterprises: the list page's location filter."""
    return sorted(set(_enterprises(actor).order_by().values_list("division_code", flat=True).distinct()))


def active_categories(actor: Actor, enterprise_ids: list[int]) -> dict[int, list[str]]:
    """Category codes (3001/3002/3003) on each enterprise's active licences, for one page of a list."""
    rows = (
        access.scope(LicenceItem.objects.all(), actor, enterprise_field="licence__enterprise")
        .filter(licence__enterprise_id__in=enterprise_ids, licence__status=LicenceStatus.ACTIVE)
        .order_by()
        .values_list("licence__enterprise_id", "category")
        .distinct()
    )
    out: dict[int, list[str]] = {}
    for enterprise_id, category in rows:
        out.setdefault(enterprise_id, []).append(category)
    return {k: sorted(v) for k, v in out.items()}


def site_list(actor: Actor, *, enterprise_id: int) -> QuerySet[Site]:
    return access.scope(Site.objects.all(), actor).filter(enterprise_id=enterprise_id).order_by("name", "pk")


def people_without_recent_training(
    actor: Actor, *, enterprise_id: int | None = None, on: date | None = None, days: int = 365
) -> list[Person]:
    """Active staff with no training in the last `days` days (a reminder, not a rule verdict), each with
    `.training_url`: the page that records one (training owns the records: `core.hooks.person_training`)."""
    since = (on or today()) - timedelta(days=days)
    people = list(_people(actor, enterprise_id=enterprise_id).filter(active=True))
    trained = hooks.person_training([p.pk for p in people], since)
    out = []
    for p in people:
        t = trained.get(p.pk) or {}
        if not (t.get("last") and t["last"] >= since):
            p.training_url = t.get("url", "")  # type: ignore[attr-defined]
            out.append(p)
    return out


def _visible_chains(actor: Actor) -> Q:
    """Ledger entries on the chains of enterprises inside the actor's tenancy."""
    return Q(chain__enterprise_id__in=_enterprises(actor).order_by().values("pk"))


def recent_changes(actor: Actor, *, limit: int = 10) -> list[AuditEntry]:
    """The latest ledger entries in the tenancy, each with `enterprise_pk` and `enterprise_name`.

    Latest = last appended: ordering by id walks the primary-key index backwards and stops after `limit`
    matches, where ordering by `at` would sort the whole ledger.
    """
    name = Enterprise.objects.filter(pk=OuterRef("chain__enterprise_id")).values("name")[:1]
    return list(
        AuditEntry.objects.filter(_visible_chains(actor))
        .annotate(enterprise_pk=F("chain__enterprise_id"), enterprise_name=Subquery(name))
        .order_by("-pk")[:limit]
    )


def enterprise_history(actor: Actor, *, enterprise_id: int, limit: int = 100) -> list[AuditEntry]:
    """The enterprise's own ledger chain, newest first (empty outside the actor's tenancy)."""
    return list(enterprise_history_all(actor, enterprise_id=enterprise_id)[:limit])


def enterprise_history_all(actor: Actor, *, enterprise_id: int) -> QuerySet[AuditEntry]:
    """The whole chain, newest first, for a page to paginate."""
    entries = AuditEntry.objects.filter(_visible_chains(actor), chain__enterprise_id=enterprise_id)
    return entries.order_by("-seq")


def licence_history(actor: Actor, licence: Licence) -> list[AuditEntry]:
    """Every ledger entry about a licence and its items, oldest first: the original stays visible."""
    item_ids = [str(item.pk) for item in licence.items.all()]
    about = Q(object_type=Licence._meta.label, object_id=str(licence.pk)) | Q(
        object_type=LicenceItem._meta.label, object_id__in=item_ids
    )
    return list(
        AuditEntry.objects.filter(about, _visible_chains(actor), chain__enterprise_id=licence.enterprise_id)
        .select_related("actor")
        .order_by("at", "seq")
    )


# ---- API reads: filtered lists, one site, ledger history with its permission ---------------------------


def licence_list(
    actor: Actor, *, enterprise_id: int | None = None, status: str = "", category: str = ""
) -> QuerySet[Licence]:
    """The licence list endpoint: scoped, optionally one enterprise, status or licensed category."""
    qs = _licences(actor)
    if enterprise_id:
        qs = qs.filter(enterprise_id=enterprise_id)
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(Exists(LicenceItem.objects.filter(licence=OuterRef("pk"), category=category)))
    return qs.order_by("expires_on", "pk")


def person_get(actor: Actor, pk: int) -> Person:
    """One person inside the actor's tenancy (NotFound otherwise)."""
    return access.get_scoped(Person.objects.select_related("enterprise"), actor, pk=pk)


def login_choices(person: Person) -> list[Any]:
    """The enterprise's active logins a person may be linked to: unlinked ones, and the person's own."""
    from shouhu.accounts.models import User

    taken = Person.objects.filter(login__isnull=False).exclude(pk=person.pk).values("login_id")
    return list(
        User.objects.filter(enterprise_id=person.enterprise_id, is_active=True)
        .exclude(pk__in=taken)
        .order_by("username")
    )


def person_list(
    actor: Actor, *, enterprise_id: int | None = None, role: str = "", active: bool | None = None
) -> QuerySet[Person]:
    qs = _people(actor, enterprise_id=enterprise_id)
    if role:
        qs = qs.filter(role=role)
    if active is not None:
        qs = qs.filter(active=active)
    return qs.order_by("enterprise_id", "role", "name", "pk")


def people_with_notes(people: QuerySet[Person]) -> list[Person]:
    """The people, each with `.notes`: what apps above say must show beside them (`core.hooks.person_notes`,
    e.g. a bar from the post after a failed assessment)."""
    rows = list(people)
    notes = hooks.person_notes([p.pk for p in rows])
    for p in rows:
        p.notes = notes.get(p.pk, [])  # type: ignore[attr-defined]
    return rows


def people_with_training(people: list[Person], *, on: date | None = None) -> list[Person]:
    """The people, each with `.training_hours` (hours trained this calendar year, up to `on`) and
    `.training_url` (the page of their training records): training owns the records, the registry asks
    `core.hooks.person_training` (two queries for the whole list, none per person)."""
    year_start = (on or today()).replace(month=1, day=1)
    trained = hooks.person_training([p.pk for p in people], year_start)
    for p in people:
        t = trained.get(p.pk) or {}
        p.training_hours = t.get("hours")  # type: ignore[attr-defined]  # None: no training app installed
        p.training_url = t.get("url", "")  # type: ignore[attr-defined]
    return people


def contract_list(actor: Actor, *, enterprise_id: int | None = None) -> QuerySet[ContractManufacturing]:
    """Contracts where the tenancy holds either party; optionally those of one enterprise (either side)."""
    qs = _contracts(actor)
    if enterprise_id:
        qs = qs.filter(Q(principal_id=enterprise_id) | Q(manufacturer_id=enterprise_id))
    return qs.order_by("-starts_on", "-pk")


def site_get(actor: Actor, pk: int) -> Site:
    return access.get_scoped(Site.objects.select_related("enterprise"), actor, pk=pk)


def enterprise_ledger(actor: Actor, *, enterprise_id: int) -> QuerySet[AuditEntry]:
    """The enterprise's whole ledger chain, newest first: 404 outside the tenancy, 403 without audit.view."""
    ent = enterprise_get(actor, enterprise_id)
    access.require(actor, "audit.view")
    return AuditEntry.objects.filter(chain__enterprise_id=ent.pk).select_related("actor").order_by("-seq")


def licence_ledger(actor: Actor, pk: int) -> list[AuditEntry]:
    """Ledger entries about one licence and its items (see `licence_history`), with the permission check."""
    lic = licence_get(actor, pk)
    access.require(actor, "audit.view")
    return licence_history(actor, lic)


@dataclass(frozen=True)
class RenewalSummary:
    """The first `limit` licences due for renewal (as `licences_due_for_renewal` lists them) and counts."""

    first: list[RenewalDue]
    total: int
    overdue: int


def _last_expiry(on: date, horizon: date, n: int, *, due: Any) -> date | None:
    """The latest expiry date in [on, horizon] for which `due(apply_by)` holds, by bisection.

    `apply_by` = expiry minus N working days never decreases as the expiry moves later, and `due` only
    turns false as `apply_by` grows, so the due expiries form a prefix of the range.
    """
    lo, hi, found = 0, (horizon - on).days, None
    while lo <= hi:
        mid = (lo + hi) // 2
        expiry = on + timedelta(days=mid)
        if due(workdays.add_working_days(expiry, -n)):
            found, lo = expiry, mid + 1
        else:
            hi = mid - 1
    return found


def renewal_summary(actor: Actor, *, limit: int = 10, on: date | None = None) -> RenewalSummary:
    """`licences_due_for_renewal` for a dashboard at any scale: the same licences and order, but only the
    first `limit` are loaded; totals are counted in the database (the windows are expiry-date ranges)."""
    on = on or today()
    n = int(param("licence.renewal-before-working-days", on))
    horizon = _renewal_horizon(on, n)
    due_until = _last_expiry(on, horizon, n, due=lambda apply_by: on >= apply_by - timedelta(days=30))
    if due_until is None:
        return RenewalSummary([], 0, 0)
    overdue_until = _last_expiry(on, due_until, n, due=lambda apply_by: on > apply_by)
    due = access.scope(Licence.objects.all(), actor).filter(
        status=LicenceStatus.ACTIVE, expires_on__gte=on, expires_on__lte=due_until
    )
    overdue = Q(expires_on__lte=overdue_until) if overdue_until else Q(pk__in=[])
    counts = due.aggregate(total=Count("pk"), overdue=Count("pk", filter=overdue))
    first = []
    for lic in due.select_related("enterprise").order_by("expires_on", "pk")[:limit]:
        apply_by = workdays.add_working_days(lic.expires_on, -n)
        first.append(RenewalDue(lic, apply_by - timedelta(days=30), apply_by, on > apply_by))
    return RenewalSummary(first, counts["total"], counts["overdue"] or 0)


# Old name, still called by tests/demo/test_generate.py (outside this app's area): remove with that call.
enterprises = enterprise_list
