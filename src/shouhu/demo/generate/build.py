"""`build_plan`: the whole demo drawn from one `random.Random` — accounts, enterprises, contracts. Pure.

The order of draws is the contract of the seed: regulators' accounts, then enterprises one by one, then
contracts; keep it, or the same seed gives different data.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from shouhu.codes import divisions
from shouhu.core.roles import Role
from shouhu.demo import names

from .enterprises import _add_years, _enterprise, _with_suspension
from .geography import cities_of, city_count, handle, primary_counties
from .plan import (
    ACCOUNT_ENTERPRISES,
    DEFAULT_ENTERPRISES,
    DEFAULT_PROVINCE,
    AccountPlan,
    ContractPlan,
    DemoPlan,
    EnterprisePlan,
)
from .varieties import table1


def build_plan(
    rng: random.Random,
    *,
    enterprises: int = DEFAULT_ENTERPRISES,
    province: str = DEFAULT_PROVINCE,
    as_of: date,
    now: datetime,
    seed: int | None = None,
) -> DemoPlan:
    """Draw the whole demo from `rng`: accounts, enterprises and their records, contracts. Pure."""
    if enterprises < 0:
        raise ValueError("enterprises must be >= 0")
    province = divisions.get(province).code
    table = table1(as_of)
    all_cities = cities_of(province)
    cities = all_cities[: city_count(enterprises, len(all_cities))]

    # Inspectors in two counties of each of the first three cities, one county elsewhere.
    inspected = {c: primary_counties(c, 2 if i < 3 else 1) for i, c in enumerate(cities)}
    accounts = [
        AccountPlan("platform_admin", Role.PLATFORM_ADMIN, names.person_name(rng), superuser=True),
        AccountPlan("province_admin", Role.JURISDICTION_ADMIN, names.person_name(rng), province),
    ]
    for city in cities:
        accounts.append(AccountPlan(f"{handle(city)}_reviewer", Role.REVIEWER, names.person_name(rng), city))
        accounts.append(
            AccountPlan(f"{handle(city)}_inspector", Role.INSPECTOR, names.person_name(rng), city)
        )
        for county in inspected[city]:
            accounts.append(
                AccountPlan(f"{handle(county)}_inspector", Role.INSPECTOR, names.person_name(rng), county)
            )

    # Placement: the first enterprises go to each city's first inspected county (ent01 in 岳麓区 for 湖南),
    # then cities are drawn with the capital weighted double, and half of each city's enterprises land in
    # its inspected counties (so county inspectors have something to see).
    weights = [2.0 if i == 0 else 1.0 for i in range(len(cities))]
    sequences: dict[str, int] = {}
    used_names: set[str] = set()
    used_usccs: set[str] = set()
    plans: list[EnterprisePlan] = []
    for i in range(enterprises):
        city = cities[i] if i < len(cities) else rng.choices(cities, weights=weights)[0]
        if i < len(cities) or rng.random() < 0.5:
            county = inspected[city][0] if i < len(cities) else rng.choice(inspected[city])
        else:
            county = rng.choice(divisions.counties_in(city)).code
        forced = ("3001", "3002", "3003")[i] if i < 3 else None  # every category appears
        plans.append(
            _enterprise(
                rng,
                i,
                county,
                table=table,
                as_of=as_of,
                now=now,
                forced_category=forced,
                sequences=sequences,
                used_names=used_names,
                used_usccs=used_usccs,
            )
        )
    if len(plans) >= 5 and not any(c.kind == "licence_suspend" for p in plans for c in p.corrections):
        _with_suspension(plans, as_of)

    for ent in plans[:ACCOUNT_ENTERPRISES]:
        principal = ent.people[0]
        officer = next(p for p in ent.people if p.role == "officer")
        accounts.append(
            AccountPlan(f"{ent.key}_principal", Role.PRINCIPAL, principal.name, enterprise_key=ent.key)
        )
        accounts.append(AccountPlan(f"{ent.key}_officer", Role.OFFICER, officer.name, enterprise_key=ent.key))

    # Contract manufacturing: a few 委托方 have a licensed 受托方 make one of its categories.
    contracts = []
    for _ in range(len(plans) // 12 if len(plans) >= 2 else 0):
        maker = rng.choice(plans)
        giver = rng.choice([p for p in plans if p.key != maker.key])
        category = rng.choice(sorted(maker.categories))
        products = "、".join(sorted({names.product_name(rng, category) for _ in range(rng.randint(1, 3))}))
        starts = as_of - timedelta(days=rng.randint(30, 700))
        contracts.append(ContractPlan(giver.key, maker.key, products, starts, _add_years(starts, 2)))

    return DemoPlan(
        seed=seed,
        province=province,
        cities=tuple(cities),
        as_of=as_of,
        now=now,
        accounts=tuple(accounts),
        enterprises=tuple(plans),
        contracts=tuple(contracts),
        table1_source=table.source,
    )
