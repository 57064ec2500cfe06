"""Drawing one enterprise with its licences (SC numbers, items, dates), key, pushes and corrections.

The licence-date spread (some lapsed, some due for renewal), 接入率 and the later corrections with reasons
are what make the registry pages worth looking at; they are drawn here, per enterprise, from the plan's
`random.Random`, in a fixed order (changing the order changes every later draw).
"""

from __future__ import annotations

import dataclasses
import random
import string
from datetime import date, datetime, timedelta

from shouhu.codes import divisions
from shouhu.demo import names

from .geography import bureau
from .people import _person, _staff_roles
from .plan import ACCOUNT_ENTERPRISES, CorrectionPlan, EnterprisePlan, LicencePlan
from .varieties import Table1

SCALES = (("large", 0.1), ("medium", 0.25), ("small", 0.45), ("micro", 0.2))
CATEGORY_WEIGHTS = (("3001", 0.6), ("3002", 0.25), ("3003", 0.15))


SUSPEND_REASONS = (
    "监督检查发现生产条件发生变化未按规定报告，责令停产整改，整改期间暂停许可",
    "监督抽检不合格，原因排查期间暂停生产许可",
    "飞行检查发现清洁作业区环境监测记录缺失，责令整改并暂停许可",
)
YEARS_REASON = "核对劳动合同和社保缴纳记录后更正食品相关工作年限"
LEFT_REASON = "人员离职，办理离岗登记"
PHONE_REASON = "企业联系电话变更"


def _weighted(rng: random.Random, table: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([k for k, _ in table], weights=[w for _, w in table])[0]


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def sc_check_digit(first15: str) -> str:
    """A demo check digit for an SC number. The real algorithm is not public (DOMAIN.md §2) and never
    verified; this keeps demo numbers stable and plausible (weighted digit sum mod 10)."""
    digits = first15[2:]
    return str(sum((i % 7 + 1) * int(c) for i, c in enumerate(digits)) % 10)


def sc_number(county: str, sequence: int) -> str:
    first = f"SC130{county}{sequence:04d}"
    return first + sc_check_digit(first)


def _licence_dates(rng: random.Random, as_of: date) -> tuple[date, date]:
    """Valid 5 years (expires the day before the 5th anniversary); ~8% lapsed, ~12% due for renewal."""
    roll = rng.random()
    if roll < 0.08:
        expires = as_of - timedelta(days=rng.randint(1, 200))
    elif roll < 0.20:
        expires = as_of + timedelta(days=rng.randint(5, 70))
    else:
        expires = as_of + timedelta(days=rng.randint(80, 5 * 365 - 1))
    issued = _add_years(expires + timedelta(days=1), -5)
    return issued, _add_years(issued, 5) - timedelta(days=1)  # recomputed: 29 February shifts by a day


def _varieties(rng: random.Random, table: Table1, category: str) -> tuple[tuple[str, str, str], ...]:
    standard, varieties = table.categories[category]
    k = rng.randint(1, min(2, len(varieties)))
    return tuple((category, v, standard) for v in sorted(rng.sample(varieties, k)))


def _api_key(rng: random.Random) -> str:
    alphabet = string.ascii_letters + string.digits + "-_"
    return "shk_" + "".join(rng.choice(alphabet) for _ in range(43))


def _enterprise(
    rng: random.Random,
    index: int,
    county: str,
    *,
    table: Table1,
    as_of: date,
    now: datetime,
    forced_category: str | None,
    sequences: dict[str, int],
    used_names: set[str],
    used_usccs: set[str],
) -> EnterprisePlan:
    name = names.enterprise_name(rng, county)
    for _ in range(200):
        if name not in used_names:
            break
        name = names.enterprise_name(rng, county)
    else:
        name = f"{names.place_stem(county)}{name}"
    used_names.add(name)
    uscc = _unique_uscc(rng, county, used_usccs)
    scale = _weighted(rng, SCALES)
    address = names.street_address(rng, county)

    # Licences: the first covers the main category (and sometimes a second one); 30% hold another licence.
    main = forced_category or _weighted(rng, CATEGORY_WEIGHTS)
    city = divisions.get(county).parent_code or county
    authority = bureau(city)
    licences = []
    n_licences = 2 if rng.random() < 0.3 else 1
    cats_left = [c for c in table.categories if c != main]
    for i in range(n_licences):
        items = _varieties(rng, table, main)
        if i == 0 and rng.random() < 0.2 and cats_left:
            items += _varieties(rng, table, cats_left.pop(rng.randrange(len(cats_left))))
        elif i == 1:
            items = _varieties(rng, table, cats_left.pop(rng.randrange(len(cats_left))))
        sequences[county] = sequences.get(county, 0) + 1
        issued, expires = _licence_dates(rng, as_of)
        licences.append(LicencePlan(sc_number(county, sequences[county]), issued, expires, authority, items))
    categories = {item[0] for lic in licences for item in lic.items}

    city_name = divisions.get(city).name
    providers = (f"{city_name}市场监督管理局", "企业内部培训", f"{names.place_stem(county)}食品安全培训中心")
    people = tuple(
        _person(rng, role, county, as_of, providers) for role in _staff_roles(rng, scale, categories)
    )
    principal = people[0]
    officer = next(p for p in people if p.role == "officer")

    has_key = index < ACCOUNT_ENTERPRISES or rng.random() < 0.75
    api_key = _api_key(rng) if has_key else None
    last_push = None
    if has_key:
        week = 7 * 24 * 3600  # most pushed within the 接入 window; the rest between 8 and 90 days ago
        ago = rng.randint(60, week - 60) if rng.random() < 0.85 else rng.randint(week + 86400, 90 * 86400)
        last_push = now - timedelta(seconds=ago)

    corrections: list[CorrectionPlan] = []
    if rng.random() < 0.1:
        target = rng.randrange(len(people))
        fixed = max(0, people[target].years_food_work + rng.choice((-2, -1, 1, 2, 3)))
        corrections.append(CorrectionPlan("person_years", target, fixed, YEARS_REASON))
    if rng.random() < 0.04:
        corrections.append(CorrectionPlan("person_left", len(people) - 1, False, LEFT_REASON))
    if rng.random() < 0.05:
        corrections.append(CorrectionPlan("phone", 0, names.mobile_number(rng), PHONE_REASON))
    active = [i for i, lic in enumerate(licences) if lic.expires_on >= as_of]
    if active and rng.random() < 0.03:
        corrections.append(
            CorrectionPlan("licence_suspend", active[0], "suspended", rng.choice(SUSPEND_REASONS))
        )

    stem = name.removesuffix("有限责任公司").removesuffix("股份有限公司").removesuffix("有限公司")
    same_site = rng.random() < 0.6
    return EnterprisePlan(
        key=f"ent{index + 1:02d}",
        name=name,
        uscc=uscc,
        address=address,
        division_code=county,
        scale=scale,
        legal_representative=principal.name,
        contact_name=officer.name,
        contact_phone=names.mobile_number(rng),
        site_name=f"{stem}{rng.choice(('生产基地', '生产厂区', '一号厂区'))}",
        site_address=address if same_site else names.street_address(rng, county),
        licences=tuple(licences),
        people=people,
        api_key=api_key,
        last_push_at=last_push,
        corrections=tuple(corrections),
    )


def _unique_uscc(rng: random.Random, county: str, used: set[str]) -> str:
    from shouhu.codes.identifiers import make_uscc

    while True:
        code = make_uscc(rng, county)
        if code not in used:
            used.add(code)
            return code


def _with_suspension(plans: list[EnterprisePlan], as_of: date) -> None:
    """Guarantee one suspension in a demo of >= 5 enterprises, so the ledger shows one with its reason."""
    for index in range(len(plans) - 1, -1, -1):
        ent = plans[index]
        active = [i for i, lic in enumerate(ent.licences) if lic.expires_on >= as_of]
        if active:
            fix = CorrectionPlan("licence_suspend", active[0], "suspended", SUSPEND_REASONS[0])
            plans[index] = dataclasses.replace(ent, corrections=(*ent.corrections, fix))
            return
