"""The command view's reads: which jurisdiction the caller may see, and the snapshot's figures summed for it.

A page costs a fixed handful of queries whatever the jurisdiction's size (tests/command pin them): the
latest snapshot, the jurisdiction's totals, its children's totals (grouped by code prefix in the
database), and the trend over the last snapshots. Drill-down to enterprises and batches reads live,
through registry's, risk's and production's selectors, scoped to the caller like everywhere else.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from shouhu.codes import divisions
from shouhu.core import access
from shouhu.core.access import Actor
from shouhu.core.errors import NotFound, PermissionDenied
from shouhu.core.roles import Role
from shouhu.production import selectors as production
from shouhu.registry import selectors as registry
from shouhu.risk import selectors as risk

from .figures import CAPABILITY_OF_KEY
from .models import Brief, Figure, Snapshot

TREND_POINTS = 12
WHOLE = "000000"  # in a URL: the caller's whole jurisdiction (the export and brief of the country page)


def _not_found(code: str) -> NotFound:
    return NotFound(_("未找到该对象或无权查看"), details={"lookup": {"division": code}})


def _tenancy_first(actor: Actor, code: str) -> None:
    """Whoever may not read the view learns nothing of a division outside their own tenancy (404, as for
    any object elsewhere); inside it (their enterprise's county and its parents), they are refused (403)."""
    if access.can(actor, "command.view"):
        return
    own = str(getattr(getattr(actor, "enterprise", None), "division_code", "") or "")
    if code and code != WHOLE and not (len(code) == 6 and code.isdigit() and own.startswith(prefix(code))):
        raise _not_found(code)
    access.require(actor, "command.view")


def root_code(actor: Actor, code: str = "") -> str:
    """The caller's own jurisdiction ("" for the platform admin: the whole country)."""
    _tenancy_first(actor, code)
    if getattr(actor, "role", "") == Role.PLATFORM_ADMIN:
        return ""
    own = str(getattr(actor, "division_code", "") or "")
    if not own:  # a regulator not yet given a jurisdiction sees nothing (never the whole platform)
        raise PermissionDenied(_("您的账号尚未分配辖区"), details={"action": "command.view"})
    return own


def prefix(code: str) -> str:
    return access.division_prefix(code) if code else ""


def jurisdiction_code(actor: Actor, code: str) -> str:
    """`code` if it is a division inside the caller's jurisdiction (else NotFound, as for any object)."""
    code = (code or "").strip()
    root = root_code(actor, code)
    if not code or code == WHOLE:
        return root
    if not (len(code) == 6 and code.isdigit() and divisions.exists(code)):
        raise _not_found(code)
    if root and not code.startswith(prefix(root)):
        raise _not_found(code)
    return code


def latest_snapshot() -> Snapshot | None:
    return Snapshot.objects.filter(complete=True).order_by("-taken_at", "-pk").first()


def level_of(code: str) -> str:
    return divisions.get(code).level if code else "all"


CHILD_LEVEL = {"all": "province", "province": "city", "city": "county"}


def _absent(snap: Snapshot) -> set[str]:
    return set(snap.failed or [])


def totals(snap: Snapshot, code: str) -> dict[str, int]:
    """{figure key: value} of the jurisdiction (its own rolled-up row); a failed capability's keys are left out."""
    failed = _absent(snap)
    rows = Figure.objects.filter(snapshot=snap, level=level_of(code), division_code=code).values_list(
        "key", "value"
    )
    return {k: int(v) for k, v in rows if CAPABILITY_OF_KEY.get(k) not in failed}


def child_prefix_length(code: str) -> int:
    return {"all": 2, "province": 4, "city": 6}.get(level_of(code), 0)


@dataclass(frozen=True)
class Child:
    code: str
    name: str
    totals: dict[str, int]


def children(snap: Snapshot, code: str) -> list[Child]:
    """The jurisdiction's direct divisions that hold figures, each with its totals (one query)."""
    level = CHILD_LEVEL.get(level_of(code))
    if level is None:
        return []
    failed = _absent(snap)
    grouped: dict[str, dict[str, int]] = defaultdict(dict)
    rows = Figure.objects.filter(snapshot=snap, level=level, division_code__startswith=prefix(code))
    for child, key, v in rows.values_list("division_code", "key", "value"):
        if CAPABILITY_OF_KEY.get(key) not in failed:
            grouped[child][key] = int(v)
    return [Child(c, division_label(c), t) for c, t in sorted(grouped.items())]


def division_label(code: str) -> str:
    if not code:
        return str(_("全国"))
    try:
        return divisions.get(code).name
    except divisions.UnknownDivision:
        return code


def trend(code: str, keys: set[str], *, points: int = TREND_POINTS) -> list[tuple[Snapshot, dict[str, int]]]:
    """One point per day (that day's latest complete snapshot) for the last `points` days that have one,
    oldest first, each with the jurisdiction's sums of `keys`. Two queries whatever the history's length."""
    recent = Snapshot.objects.filter(complete=True).order_by("-taken_at", "-pk")
    per_day: dict[Any, Snapshot] = {}
    for s in recent.only("pk", "taken_at", "as_of", "failed")[: points * 48]:
        per_day.setdefault(s.as_of, s)
        if len(per_day) == points:
            break
    snaps = sorted(per_day.values(), key=lambda s: (s.taken_at, s.pk))
    if not snaps:
        return []
    qs = Figure.objects.filter(
        snapshot__in=[s.pk for s in snaps], level=level_of(code), division_code=code, key__in=keys
    )
    sums: dict[int, dict[str, int]] = defaultdict(dict)
    rows = qs.values_list("snapshot_id", "key", "value")
    for sid, key, v in rows:
        sums[sid][key] = int(v)
    out = []
    for s in snaps:
        failed = _absent(s)
        out.append((s, {k: v for k, v in sums[s.pk].items() if CAPABILITY_OF_KEY.get(k) not in failed}))
    return out


def breadcrumbs(actor: Actor, code: str) -> list[tuple[str, str]]:
    """(code, name) from the caller's own jurisdiction down to `code` (grouping rows such as 市辖区 skipped)."""
    root = root_code(actor)
    chain = [("", division_label(""))] if not root else []
    if code:
        for d in (*divisions.ancestors(code), divisions.get(code)):
            if root and not d.code.startswith(prefix(root)):
                continue
            if divisions.is_grouping(d.code) and d.code != code:
                continue
            chain.append((d.code, d.name))
    elif root:
        chain.append((root, division_label(root)))
    return chain


# ---- penetration: enterprises and batches, live and scoped --------------------------------------------------


def enterprise_list(actor: Actor, code: str) -> QuerySet[Any]:
    access.require(actor, "command.view")
    return registry.enterprise_list(actor, division=code) if code else registry.enterprise_list(actor)


def grades_of(actor: Actor, enterprise_ids: list[int]) -> dict[int, str]:
    rows = (
        risk.profile_list(actor)
        .filter(enterprise_id__in=enterprise_ids)
        .values_list("enterprise_id", "level")
    )
    return dict(rows)


def enterprise_get(actor: Actor, pk: int) -> Any:
    found = registry.enterprise_get(actor, pk)  # outside the tenancy: not found, before any permission
    access.require(actor, "command.view")
    return found


def batches_of(actor: Actor, enterprise_id: int, *, limit: int = 20) -> list[Any]:
    qs = production.batch_list(actor).filter(enterprise_id=enterprise_id).select_related("product")
    return list(qs.order_by("-produced_on", "-pk")[:limit])


def licences_of(actor: Actor, enterprise_id: int) -> list[Any]:
    return list(registry.licence_list(actor, enterprise_id=enterprise_id).order_by("-expires_on", "pk"))


def brief_list(code: str, *, limit: int = 3) -> list[Brief]:
    return list(
        Brief.objects.filter(division_code=code or "").defer("pdf").order_by("-created_at", "-pk")[:limit]
    )


def brief_get(actor: Actor, pk: int) -> Brief:
    """A brief of the caller's jurisdiction (tenancy first: anyone else does not find it)."""
    found = Brief.objects.filter(pk=pk).first()
    root = root_code(actor, found.division_code if found else "999999")
    if found is None or (root and not found.division_code.startswith(prefix(root))):
        raise _not_found(str(pk))
    return found
