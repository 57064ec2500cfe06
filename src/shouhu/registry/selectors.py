"""Registry reads, always scoped to the acting user (core.access), with the joins done up front."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from shouhu.core import access, workdays
from shouhu.core.regulation import param, today

from .models import ContractManufacturing, Enterprise, Licence, LicenceItem, LicenceStatus, Person


def enterprises(actor: Any) -> QuerySet[Enterprise]:
    return access.scope(Enterprise.objects.all(), actor, enterprise_field=None)


def enterprise_list(
    actor: Any,
    *,
    q: str = "",
    category: str = "",
    scale: str = "",
    division: str = "",
    licence_status: str = "",
) -> QuerySet[Enterprise]:
    """The enterprise list page and endpoint: search by name/USCC/address, filter, licence counts."""
    qs = enterprises(actor)
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


def enterprise_get(actor: Any, pk: int) -> Enterprise:
    return access.get_scoped(Enterprise.objects.all(), actor, enterprise_field=None, pk=pk)


def licences(actor: Any) -> QuerySet[Licence]:
    return access.scope(Licence.objects.select_related("enterprise", "site"), actor).prefetch_related("items")


def licence_get(actor: Any, pk: int) -> Licence:
    return access.get_scoped(
        Licence.objects.select_related("enterprise", "site").prefetch_related("items"), actor, pk=pk
    )


def people(actor: Any, *, enterprise_id: int | None = None) -> QuerySet[Person]:
    qs = access.scope(Person.objects.select_related("enterprise"), actor)
    return qs.filter(enterprise_id=enterprise_id) if enterprise_id else qs


def contracts(actor: Any) -> QuerySet[ContractManufacturing]:
    """Contracts where the actor's tenancy holds either party (委托方 or 受托方)."""
    qs = ContractManufacturing.objects.select_related("principal", "manufacturer")
    return qs.filter(
        access.tenancy_q(actor, enterprise_field="principal")
        | access.tenancy_q(actor, enterprise_field="manufacturer")
    )


@dataclass(frozen=True)
class RenewalDue:
    licence: Licence
    window_opens: (
        date  # the last day to apply is `expires_on` minus N working days (《食品生产许可管理办法》)
    )
    apply_by: date
    overdue: bool


def licences_due_for_renewal(actor: Any, *, on: date | None = None) -> list[RenewalDue]:
    """Active licences whose renewal (延续) must be applied for now: within N working days of expiry."""
    on = on or today()
    n = int(param("licence.renewal-before-working-days", on))
    # N working days never span more than 2N+20 calendar days (longest holiday runs are 8–9 days).
    horizon = on + timedelta(days=2 * n + 20)
    candidates = licences(actor).filter(
        status=LicenceStatus.ACTIVE, expires_on__gte=on, expires_on__lte=horizon
    )
    due = []
    for lic in candidates.order_by("expires_on"):
        apply_by = workdays.add_working_days(lic.expires_on, -n)
        # Start warning a month before the last day to apply, so nobody learns of it on the day.
        window_opens = apply_by - timedelta(days=30)
        if on >= window_opens:
            due.append(RenewalDue(lic, window_opens, apply_by, on > apply_by))
    return due


def health_certificates_expiring(
    actor: Any, *, on: date | None = None, within_days: int = 30
) -> QuerySet[Person]:
    """Active staff whose health certificate (健康证明) has expired or expires within `within_days`."""
    on = on or today()
    return (
        people(actor)
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


def connection_rate(actor: Any, *, window_days: int, now: Any = None) -> ConnectionRate:
    """接入率 (action-plan item 16): share of producing licensees that pushed data in the window."""
    now = now or timezone.now()
    producing = enterprises(actor).filter(
        Exists(Licence.objects.filter(enterprise=OuterRef("pk"), status=LicenceStatus.ACTIVE))
    )
    agg = producing.aggregate(
        total=Count("pk"),
        connected=Count("pk", filter=Q(last_push_at__gte=now - timedelta(days=window_days))),
    )
    return ConnectionRate(agg["connected"], agg["total"])
