"""What the command and the benchmarks call: `generate` (plan and write), whether demo data is there,
the account table the command prints, a plan's fingerprint.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from shouhu.codes import divisions
from shouhu.core.roles import Role

from .build import build_plan
from .plan import DEFAULT_ENTERPRISES, DEFAULT_PROVINCE, DEFAULT_SEED, DemoPlan, WriteResult
from .write import write_plan
from .write_records import SERVICE_ENTERPRISES


def generate(
    *,
    enterprises: int = DEFAULT_ENTERPRISES,
    seed: int = DEFAULT_SEED,
    province: str = DEFAULT_PROVINCE,
    as_of: date | None = None,
    now: datetime | None = None,
    progress: Callable[[str], None] | None = None,
    service_enterprises: int = SERVICE_ENTERPRISES,
) -> tuple[DemoPlan, WriteResult]:
    """Plan from `seed` and write. `as_of`/`now` default to today and the current time."""
    from django.utils import timezone

    from shouhu.core.regulation import today

    now = now or timezone.now().replace(microsecond=0)
    plan = build_plan(
        random.Random(seed),
        enterprises=enterprises,
        province=province,
        as_of=as_of or today(),
        now=now,
        seed=seed,
    )
    result = write_plan(plan, progress=progress, service_enterprises=service_enterprises)
    return plan, result


def demo_present() -> bool:
    from shouhu.registry.models import Enterprise

    return Enterprise.objects.exists()


def account_rows() -> list[tuple[str, str, str]]:
    """(username, role, scope) for every account — platform, province, then city by city (reviewer, city
    inspector, county inspectors), then enterprise staff: what the command prints."""
    from shouhu.accounts.models import User
    from shouhu.core.roles import ROLE_LABELS

    role_order = {
        Role.PRINCIPAL: 0,
        Role.DIRECTOR: 1,
        Role.OFFICER: 2,
        Role.QA: 3,
        Role.REVIEWER: 0,
        Role.INSPECTOR: 1,
    }
    rows = []
    for user in User.objects.select_related("enterprise"):
        try:
            role: Role | None = Role(user.role)
            label = f"{ROLE_LABELS[Role(user.role)]} {user.role}"
        except ValueError:
            role, label = None, user.role or "-"
        code = user.division_code
        if user.enterprise_id:
            scope = f"{user.enterprise.name}（{user.enterprise.division_code}）"
            key: tuple[Any, ...] = (3, user.enterprise_id, role_order.get(role, 9), user.username)
        elif code and divisions.exists(code):
            scope = f"{divisions.full_name(code)}（{code}）"
            county = divisions.get(code).level == "county"
            key = (
                1 if code.endswith("0000") else 2,
                code[:4],
                county,
                role_order.get(role, 9),
                code,
                user.username,
            )
        else:
            scope = "全平台 / platform" if role == Role.PLATFORM_ADMIN else "-"
            key = (0, user.username)
        rows.append((key, user.username, label, scope))
    rows.sort(key=lambda r: r[0])
    return [(u, r, s) for _, u, r, s in rows]


def plan_digest(plan: DemoPlan) -> str:
    """A short fingerprint of a plan (same seed, size, province and dates → same digest)."""
    return hashlib.sha256(repr(plan).encode()).hexdigest()[:12]
