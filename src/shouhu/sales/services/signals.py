"""Evasion signals (plan item 13: no evading supervision by false registration or trading away from the
registered address): computed over shops, stored with their evidence, judged by an inspector only."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from shouhu.core import access, ledger
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, refuse
from shouhu.core.services import update_record

from .. import matching
from ..error_codes import SalesError as E
from ..events import SalesAction as A
from ..models import EvasionSignal, ListingMatch, Seller, Shop, SignalKind, SignalStatus
from ._base import user

SYSTEM_LABEL = "规避监管信号任务"


def _evidence(shops: list[Shop]) -> dict[tuple[int, str], dict]:
    """(shop, kind) → evidence, for the three signals of issue 34.4."""
    names = {matching.normalise_name(n) for n in Seller.objects.values_list("name", flat=True)}
    usccs = set(Seller.objects.exclude(uscc="").values_list("uscc", flat=True))
    out: dict[tuple[int, str], dict] = {}
    ids = [s.pk for s in shops]
    places: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for shop_id, place, division in (
        ListingMatch.objects.filter(shop_id__in=ids)
        .exclude(ship_division="")
        .values_list("shop_id", "ship_from", "ship_division")
        .distinct()
    ):
        places[shop_id].add((place, division))
    operators: dict[str, list[Shop]] = defaultdict(list)
    for s in Shop.objects.select_related("platform").exclude(operator_name=""):
        operators[s.operator_uscc or matching.normalise_name(s.operator_name)].append(s)
    for s in shops:
        known = s.operator_uscc in usccs or matching.normalise_name(s.operator_name) in names
        if s.operator_name and s.seller_id is None and not known:
            out[(s.pk, SignalKind.OPERATOR_UNKNOWN)] = {
                    "operator": s.operator_name, "uscc": s.operator_uscc, "platform": s.platform.name,
                }  # fmt: skip
        away = sorted({(p, d) for p, d in places.get(s.pk, ()) if d[:6] != s.division_code})
        if away:
            out[(s.pk, SignalKind.DIVISION_MISMATCH)] = {
                "registered_division": s.division_code, "registered_address": s.registered_address,
                "places": [{"place": p, "division": d} for p, d in away[:20]],
            }  # fmt: skip
        key = s.operator_uscc or matching.normalise_name(s.operator_name)
        group = operators.get(key, []) if s.operator_name else []
        if len(group) > 1 and len({g.platform_id for g in group}) > 1:
            out[(s.pk, SignalKind.SHARED_OPERATOR)] = {
                "operator": s.operator_name,
                "shops": [
                    {"platform": g.platform.name, "shop_id": g.shop_id, "name": g.name} for g in group[:20]
                ],
            }
    return out


def signals_refresh(*, shop_ids: Iterable[int] | None = None) -> int:
    """Raise the signals the shops show now (a signal raised once stays, with its review); new ones only."""
    qs = Shop.objects.select_related("platform")
    shops = list(qs.filter(pk__in=list(shop_ids)) if shop_ids is not None else qs)
    found = _evidence(shops)
    existing = set(EvasionSignal.objects.filter(shop__in=shops).values_list("shop_id", "kind"))
    division = {s.pk: s.division_code for s in shops}
    new = [
        EvasionSignal(shop_id=shop, kind=kind, division_code=division[shop], evidence=evidence)
        for (shop, kind), evidence in found.items()
        if (shop, kind) not in existing
    ]
    with transaction.atomic():
        EvasionSignal.objects.bulk_create(new, batch_size=1000)
        fresh = [
            s for s in EvasionSignal.objects.filter(shop__in=shops) if (s.shop_id, s.kind) not in existing
        ]
        ledger.append_many(
            actor=SYSTEM_LABEL,
            enterprise_id=None,
            entries=[
                ledger.NewEntry(
                    A.SIGNAL_RAISE, EvasionSignal._meta.label, str(s.pk), str(s), ledger.snapshot(s)
                )
                for s in fresh
            ],
        )
    return len(new)


def signal_review(*, actor: Actor, signal: EvasionSignal, confirmed: bool, note: str) -> EvasionSignal:
    access.require(actor, "sales.supervise")
    if signal.status != SignalStatus.OPEN:
        raise refuse(E.SIGNAL_STATE, _("该信号已核查"), error=Conflict)
    if not (note or "").strip():
        raise refuse(E.NOTE_REQUIRED, _("须写明核查情况"), field="note")
    return update_record(
        actor=actor,
        instance=signal,
        changes={
            "status": SignalStatus.CONFIRMED if confirmed else SignalStatus.DISMISSED,
            "note": note.strip(),
            "reviewed_by": user(actor),
        },
        enterprise_id=None,
        reason=note.strip(),
        action=A.SIGNAL_REVIEW,
    )
