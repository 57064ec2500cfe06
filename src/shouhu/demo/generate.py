"""Demo data (演示数据): a seeded, scalable supervision landscape for one province.

Two steps, so the randomness is easy to reason about:

1. ``build_plan(rng, enterprises=N, ...)`` — pure: draws every name, identifier, date and person from the
   ``random.Random`` it is given (via ``shouhu.demo.names``) and returns plain dataclasses. The same seed,
   size, province and reference date give an equal plan; no database is touched.
2. ``write_plan(plan)`` — applies the plan through ``registry.services`` (one transaction per
   enterprise), so every record is validated and the audit ledger holds a real history: registrations by
   the province administrator, licences entered by the city reviewer, staff filed by the enterprise (its
   principal's account, its system's API key, or — for enterprises with neither — the demo importer),
   corrections with reasons, a suspension, and the nightly expiry (``registry.tasks.expire_licences``)
   run as the system actor at the end.

``generate(...)`` does both. The management command ``shouhu demo-data`` and the benchmarks call it.

Shape of the landscape (all sizes scale with N): a province jurisdiction administrator; a reviewer and an
inspector per city; county inspectors in the busiest counties; enterprises over >= 3 cities, 3001/3002/3003,
1-2 licences each with issue dates spread so that some are inside the renewal window and a few have
expired; staff per 细则第五章 roles with health certificates (some expiring) and trainings; contract
manufacturing between a few enterprises; API keys for most enterprises and a recent data push for most of
those (so 接入率 is realistic, not 100%); user accounts (principal + officer) for the first enterprises.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import random
import string
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from shouhu.core import divisions
from shouhu.core.roles import Role
from shouhu.demo import names

DEFAULT_SEED = 2026
DEFAULT_ENTERPRISES = 30
DEFAULT_PROVINCE = "430000"  # 湖南省
DEMO_PASSWORD = "shouhu2026"  # every demo account; documented, printed by the command
ACCOUNT_ENTERPRISES = 3  # enterprises that get principal + officer accounts (ent01, ent02, …)
IMPORTER_LABEL = "演示数据导入"  # ledger actor for enterprise records filed without an account or key

# --- 细则表1: categories and varieties ------------------------------------------------------------------

# A copy of 细则（2017版）表1, used only while the rules engine does not expose it (see `table1()`).
_TABLE1_FALLBACK: dict[str, tuple[str, tuple[str, ...]]] = {
    "3001": (
        "GB 10769",
        (
            "婴幼儿谷物辅助食品",
            "婴幼儿高蛋白谷物辅助食品",
            "婴幼儿生制类谷物辅助食品",
            "婴幼儿饼干或其他婴幼儿谷物辅助食品",
        ),
    ),
    "3002": ("GB 10770", ("泥（糊）状罐装食品", "颗粒状罐装食品", "汁类罐装食品")),
    "3003": ("GB 22570", ("辅食营养素补充食品",)),
}


@dataclass(frozen=True)
class Table1:
    """Categories (code → standard, varieties in 表1 order) and where they were read from."""

    categories: dict[str, tuple[str, tuple[str, ...]]]
    source: str


def table1(as_of: date | None = None) -> Table1:
    """表1 as the rules engine has it on `as_of` (varieties, and each category's product standard in force
    then, e.g. GB 10769—2025 from 2026-03-16), else the built-in copy if the engine cannot load."""
    try:
        from shouhu.rules import engine

        eng = engine(as_of)
        result = {}
        for code, (fallback_standard, _) in _TABLE1_FALLBACK.items():
            varieties = tuple(eng.varieties.get(code, ()))
            if not varieties:
                raise LookupError(code)
            result[code] = (eng.standard_for(code) or fallback_standard, varieties)
        return Table1(result, f"rules engine ({', '.join(s.id for s in eng.sets)} 表1, as of {eng.as_of})")
    except Exception:  # the engine is optional here: any failure means "use the copy"
        return Table1(dict(_TABLE1_FALLBACK), "built-in copy of 细则表1 (rules engine not available)")


# --- geography and readable usernames ------------------------------------------------------------------

# Pinyin for the default province's cities and the counties that get an inspector account, so usernames
# read `changsha_reviewer`, `yuelu_inspector`. Other provinces fall back to codes (`d440100_reviewer`).
PINYIN = {
    "430100": "changsha", "430104": "yuelu", "430102": "furong",
    "430200": "zhuzhou", "430211": "tianyuan", "430202": "hetang",
    "430300": "xiangtan", "430302": "yuhu", "430304": "yuetang",
    "430400": "hengyang", "430407": "shigu", "430408": "zhengxiang",
    "430500": "shaoyang", "430502": "shuangqing", "430582": "shaodong",
    "430600": "yueyang", "430602": "yueyanglou", "430681": "miluo",
    "430700": "changde", "430702": "wuling", "430703": "dingcheng",
    "430800": "zhangjiajie", "430802": "yongding", "430821": "cili",
    "430900": "yiyang", "430903": "heshan", "430902": "ziyang",
    "431000": "chenzhou", "431002": "beihu", "431003": "suxian",
    "431100": "yongzhou", "431103": "lengshuitan", "431102": "lingling",
    "431200": "huaihua", "431202": "hecheng", "431221": "zhongfang",
    "431300": "loudi", "431302": "louxing", "431382": "lianyuan",
    "433100": "xiangxi", "433101": "jishou", "433123": "fenghuang",
}  # fmt: skip


def handle(code: str) -> str:
    return PINYIN.get(code, f"d{code}")


def cities_of(province: str) -> list[str]:
    """City-level units of a province in code order (grouping rows such as 市辖区 when it has no others)."""
    prov = divisions.get(province)
    if prov.level != "province":
        raise ValueError(f"{province} is not a province-level division")
    kids = [d for d in divisions.children(prov.code) if d.level == "city"]
    real = [d.code for d in kids if not divisions.is_grouping(d.code) and divisions.counties_in(d.code)]
    return real or [d.code for d in kids if divisions.counties_in(d.code)]


def primary_counties(city: str, n: int) -> list[str]:
    """The counties of a city that get inspectors (and the first enterprises): named ones first."""
    counties = [d.code for d in divisions.counties_in(city)]
    named = [c for c in counties if c in PINYIN]
    named.sort(key=lambda c: list(PINYIN).index(c))
    return (named + [c for c in counties if c not in named])[:n]


def city_count(n_enterprises: int, available: int) -> int:
    """>= 3 cities (fewer only if the province has fewer), one more per 25 enterprises."""
    return min(available, max(3, math.ceil(n_enterprises / 25)))


def bureau(code: str) -> str:
    """The market-regulation bureau of a division: 长沙市市场监督管理局, 岳麓区市场监督管理局."""
    div = divisions.get(code)
    name = divisions.full_name(code) if divisions.is_grouping(code) else div.name
    return f"{name}市场监督管理局"


# --- the plan --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AccountPlan:
    username: str
    role: str
    display_name: str
    division_code: str = ""
    enterprise_key: str = ""  # for enterprise staff: EnterprisePlan.key
    superuser: bool = False


@dataclass(frozen=True)
class TrainingPlan:
    held_on: date
    topic: str
    hours: Decimal
    provider: str


@dataclass(frozen=True)
class PersonPlan:
    name: str
    role: str
    education: str
    major: str
    years_food_work: int
    health_cert_number: str
    health_cert_expires_on: date | None
    trainings: tuple[TrainingPlan, ...] = ()


@dataclass(frozen=True)
class LicencePlan:
    number: str
    issued_on: date
    expires_on: date
    issuing_authority: str
    items: tuple[tuple[str, str, str], ...]  # (category, variety, standard)


@dataclass(frozen=True)
class CorrectionPlan:
    """A later change with a reason: kind is person_years, person_left, phone or licence_suspend."""

    kind: str
    target: int  # index into people / licences (0 for the enterprise itself)
    value: Any
    reason: str


@dataclass(frozen=True)
class EnterprisePlan:
    key: str  # ent01, ent02, … (usernames and stable references)
    name: str
    uscc: str
    address: str
    division_code: str
    scale: str
    legal_representative: str
    contact_name: str
    contact_phone: str
    site_name: str
    site_address: str
    licences: tuple[LicencePlan, ...]
    people: tuple[PersonPlan, ...]
    api_key: str | None  # the raw key (demo only; the database keeps its hash)
    last_push_at: datetime | None
    corrections: tuple[CorrectionPlan, ...] = ()

    @property
    def categories(self) -> set[str]:
        return {item[0] for lic in self.licences for item in lic.items}


@dataclass(frozen=True)
class ContractPlan:
    principal: str  # EnterprisePlan.key of the 委托方
    manufacturer: str  # … of the 受托方
    products: str
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class DemoPlan:
    seed: int | None
    province: str
    cities: tuple[str, ...]
    as_of: date
    now: datetime
    accounts: tuple[AccountPlan, ...]
    enterprises: tuple[EnterprisePlan, ...]
    contracts: tuple[ContractPlan, ...]
    table1_source: str = ""


# --- drawing ---------------------------------------------------------------------------------------------

SCALES = (("large", 0.1), ("medium", 0.25), ("small", 0.45), ("micro", 0.2))
CATEGORY_WEIGHTS = (("3001", 0.6), ("3002", 0.25), ("3003", 0.15))
FOOD_MAJORS = ("食品科学与工程", "食品质量与安全", "食品营养与检验教育", "营养学", "生物工程", "发酵工程")
LAB_MAJORS = ("食品检验检测技术", "微生物学", "分析化学", "食品质量与安全", "生物技术")
OTHER_MAJORS = ("工商管理", "机械设计制造及其自动化", "市场营销", "化学工程与工艺", "会计学")
TRAINING_TOPICS = (
    "《中华人民共和国食品安全法》及实施条例",
    "婴幼儿辅助食品生产许可审查细则解读",
    "GB 10769—2025、GB 10770—2025 新标准解读",
    "落实食品安全主体责任（市场监管总局令第60号）",
    "日管控、周排查、月调度工作规范",
    "HACCP 体系与关键控制点管理",
    "微生物检验技术与洁净区环境监测",
    "婴幼儿食品标签标识规范（GB 13432）",
    "食品召回与不合格品处置",
    "杀菌工艺与商业无菌控制",
)
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


def _health_cert(rng: random.Random, county: str, as_of: date) -> tuple[str, date]:
    roll = rng.random()
    if roll < 0.03:
        expires = as_of - timedelta(days=rng.randint(1, 60))  # lapsed
    elif roll < 0.12:
        expires = as_of + timedelta(days=rng.randint(0, 30))  # expiring soon
    else:
        expires = as_of + timedelta(days=rng.randint(31, 365))
    issued_year = (expires - timedelta(days=365)).year
    return f"{county}{issued_year}{rng.randint(0, 999999):06d}", expires


def _trainings(
    rng: random.Random, role: str, as_of: date, providers: tuple[str, ...]
) -> tuple[TrainingPlan, ...]:
    # Director and officers train >= 40 h a year (DOMAIN.md §3 [check]); most meet it, some fall short.
    if role in ("director", "officer"):
        target, sizes = rng.choice((40, 40, 40, 48, 24, 32)), (8, 12, 16, 16)
    elif role in ("principal", "quality_manager", "lab", "sterilization_operator"):
        target, sizes = 4, (4, 8, 8, 12)
    else:
        return ()
    out, total = [], Decimal(0)
    topics = rng.sample(TRAINING_TOPICS, k=len(TRAINING_TOPICS))
    for topic in topics:
        if total >= target:
            break
        hours = Decimal(rng.choice(sizes))
        held = as_of - timedelta(days=rng.randint(3, 360))
        out.append(TrainingPlan(held, topic, hours, rng.choice(providers)))
        total += hours
    return tuple(sorted(out, key=lambda t: t.held_on))


def _person(
    rng: random.Random, role: str, county: str, as_of: date, providers: tuple[str, ...]
) -> PersonPlan:
    if role in ("director", "quality_manager"):
        education = rng.choice(("bachelor", "bachelor", "master", "college"))
        major, years = rng.choice(FOOD_MAJORS), rng.randint(3, 20)
    elif role == "officer":
        education = rng.choice(("bachelor", "college", "college"))
        major, years = rng.choice(FOOD_MAJORS), rng.randint(2, 15)
    elif role == "lab":
        education = rng.choice(("college", "bachelor", "bachelor"))
        major, years = rng.choice(LAB_MAJORS), rng.randint(1, 12)
    elif role == "principal":
        education = rng.choice(("bachelor", "master", "college"))
        major, years = rng.choice(OTHER_MAJORS + FOOD_MAJORS), rng.randint(5, 25)
    elif role == "production_manager":
        education = rng.choice(("college", "bachelor"))
        major, years = rng.choice(FOOD_MAJORS + OTHER_MAJORS), rng.randint(3, 20)
    else:  # sterilization_operator, operator
        education = rng.choice(("secondary", "secondary", "college"))
        major, years = ("", rng.randint(1, 10))
    number, expires = _health_cert(rng, county, as_of)
    return PersonPlan(
        name=names.person_name(rng),
        role=role,
        education=education,
        major=major,
        years_food_work=years,
        health_cert_number=number,
        health_cert_expires_on=expires,
        trainings=_trainings(rng, role, as_of, providers),
    )


def _staff_roles(rng: random.Random, scale: str, categories: set[str]) -> list[str]:
    roles = ["principal"]
    if scale in ("large", "medium"):  # 食品安全总监 for large and medium producers (DOMAIN.md §3)
        roles.append("director")
    roles += ["officer"] * {"large": 3, "medium": 2}.get(scale, 1)
    roles += ["quality_manager", "production_manager"]
    roles += ["lab"] * rng.randint(1, 3 if scale in ("large", "medium") else 2)
    if "3002" in categories:
        roles += ["sterilization_operator"] * 2
    roles += ["operator"] * rng.randint(1, 3)
    return roles


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
    from shouhu.registry.identifiers import make_uscc

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


# --- writing ---------------------------------------------------------------------------------------------


@dataclass
class WriteResult:
    enterprises: int = 0
    licences: int = 0
    people: int = 0
    trainings: int = 0
    contracts: int = 0
    accounts: int = 0
    api_keys: int = 0
    corrections: int = 0
    expired: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # this process's CPU time (the database server's, on PostgreSQL, is extra)
    licence_items_via: str = ""
    table1_source: str = ""
    timings: dict[str, float] = field(default_factory=dict)


def _catalogue_wired() -> bool:
    """Whether `registry.catalogue.check_item` is implemented (licence_register needs it)."""
    from shouhu.registry import catalogue

    try:
        catalogue.check_item("SC130430104000" + "11", {"category": "3001", "variety": "婴幼儿谷物辅助食品"})
    except NotImplementedError:
        return False
    except Exception:  # wired, and it had an opinion about the probe: fine
        return True
    return True


def _register_licence_direct(
    *, actor: Any, enterprise: Any, site: Any, lic: LicencePlan, table: Table1
) -> Any:
    """`licence_register` without the catalogue check (used while that check is a stub): the same access
    checks, validation and ledger actions, with items checked against 表1 here."""
    from django.db import transaction

    from shouhu.core import access
    from shouhu.core.services import create_record
    from shouhu.registry.models import Licence, LicenceItem

    access.require(actor, "registry.licence.change")
    access.get_scoped(type(enterprise).objects.all(), actor, enterprise_field=None, pk=enterprise.pk)
    for category, variety, _std in lic.items:
        if variety not in table.categories[category][1]:
            raise ValueError(f"{variety} is not a 表1 variety of {category}")
    with transaction.atomic():
        licence = create_record(
            actor=actor,
            enterprise_id=enterprise.pk,
            action="licence.register",
            instance=Licence(
                enterprise=enterprise,
                site=site,
                number=lic.number,
                issued_on=lic.issued_on,
                expires_on=lic.expires_on,
                issuing_authority=lic.issuing_authority,
            ),
        )
        for category, variety, standard in lic.items:
            create_record(
                actor=actor,
                enterprise_id=enterprise.pk,
                action="licence_item.create",
                instance=LicenceItem(licence=licence, category=category, variety=variety, standard=standard),
            )
    return licence


@contextmanager
def _timed(result: WriteResult, name: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        result.timings[name] = result.timings.get(name, 0.0) + time.perf_counter() - start


def _people_via_services(actor: Any, enterprise: Any, ent: EnterprisePlan, result: WriteResult) -> list[Any]:
    from shouhu.registry import services

    people = []
    for person in ent.people:
        p = services.person_create(
            actor=actor,
            enterprise=enterprise,
            name=person.name,
            role=person.role,
            education=person.education,
            major=person.major,
            years_food_work=person.years_food_work,
            health_cert_number=person.health_cert_number,
            health_cert_expires_on=person.health_cert_expires_on,
        )
        people.append(p)
        result.people += 1
        for tr in person.trainings:
            services.training_record(
                actor=actor,
                person=p,
                held_on=tr.held_on,
                topic=tr.topic,
                hours=tr.hours,
                provider=tr.provider,
            )
            result.trainings += 1
    return people


def _people_bulk(actor: Any, enterprise: Any, ent: EnterprisePlan, result: WriteResult) -> list[Any]:
    """Staff and trainings at bulk scale: the services' permission check and field validation, one
    `bulk_create` per model, and the same ledger entries (`core.ledger.record`, same actions) in the
    enterprise's transaction — about three times faster than one service call per row."""
    from shouhu.core import access, ledger
    from shouhu.registry.models import Person, Training

    access.require(actor, "registry.person.change")
    people = [
        Person(
            enterprise=enterprise,
            name=p.name,
            role=p.role,
            education=p.education,
            major=p.major,
            years_food_work=p.years_food_work,
            health_cert_number=p.health_cert_number,
            health_cert_expires_on=p.health_cert_expires_on,
        )
        for p in ent.people
    ]
    for obj in people:
        obj.full_clean(exclude=["enterprise"], validate_unique=False, validate_constraints=False)
    Person.objects.bulk_create(people)
    for obj in people:
        ledger.record(
            actor=actor,
            action="person.create",
            obj=obj,
            before=None,
            after=ledger.snapshot(obj),
            enterprise_id=enterprise.pk,
        )
    trainings = [
        Training(person=obj, held_on=tr.held_on, topic=tr.topic, hours=tr.hours, provider=tr.provider)
        for obj, plan in zip(people, ent.people, strict=True)
        for tr in plan.trainings
    ]
    for obj in trainings:
        obj.full_clean(exclude=["person"], validate_unique=False, validate_constraints=False)
    Training.objects.bulk_create(trainings)
    for obj in trainings:
        ledger.record(
            actor=actor,
            action="training.create",
            obj=obj,
            before=None,
            after=ledger.snapshot(obj),
            enterprise_id=enterprise.pk,
        )
    result.people += len(people)
    result.trainings += len(trainings)
    return people


SERVICE_ENTERPRISES = 50  # enterprises beyond this many get their staff written in bulk (see _people_bulk)


def write_plan(
    plan: DemoPlan,
    *,
    progress: Callable[[str], None] | None = None,
    service_enterprises: int = SERVICE_ENTERPRISES,
) -> WriteResult:
    """Write the plan through the registry services, one transaction per enterprise; staff of the
    enterprises after the first `service_enterprises` go in bulk with the same ledger entries."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from shouhu.accounts.models import ApiKey, ApiKeyActor, User, hash_key
    from shouhu.core.system import SystemActor
    from shouhu.registry import services
    from shouhu.registry.models import Enterprise
    from shouhu.registry.tasks import expire_licences

    started, started_cpu = time.perf_counter(), time.process_time()
    result = WriteResult(table1_source=plan.table1_source)
    use_service = _catalogue_wired()
    result.licence_items_via = (
        "registry.services.licence_register"
        if use_service
        else "ORM + ledger (registry.catalogue.check_item is still a stub)"
    )
    table = table1(plan.as_of)
    importer = SystemActor(IMPORTER_LABEL)
    # One PBKDF2 hash for every demo account: hashing 50 passwords would take ~25 s for nothing.
    password = make_password(DEMO_PASSWORD)

    def make_user(acc: AccountPlan, enterprise: Any = None) -> Any:
        result.accounts += 1
        return User.objects.create(
            username=acc.username,
            password=password,
            role=str(acc.role),
            display_name=acc.display_name,
            division_code=acc.division_code,
            enterprise=enterprise,
            is_staff=acc.superuser,
            is_superuser=acc.superuser,
        )

    with transaction.atomic():
        users = {acc.username: make_user(acc) for acc in plan.accounts if not acc.enterprise_key}
    province_admin = users["province_admin"]
    reviewers = {u.division_code: u for u in users.values() if u.role == Role.REVIEWER}
    staff_accounts: dict[str, list[AccountPlan]] = {}
    for acc in plan.accounts:
        if acc.enterprise_key:
            staff_accounts.setdefault(acc.enterprise_key, []).append(acc)

    ent_ids: dict[str, int] = {}
    for n, ent in enumerate(plan.enterprises, 1):
        with transaction.atomic():
            with _timed(result, "enterprise"):
                enterprise = services.enterprise_create(
                    actor=province_admin,
                    name=ent.name,
                    uscc=ent.uscc,
                    address=ent.address,
                    division_code=ent.division_code,
                    scale=ent.scale,
                    legal_representative=ent.legal_representative,
                    contact_name=ent.contact_name,
                    contact_phone=ent.contact_phone,
                    reason="企业登记",
                )
            ent_ids[ent.key] = enterprise.pk
            result.enterprises += 1
            own_users = [make_user(acc, enterprise) for acc in staff_accounts.get(ent.key, [])]
            actor: Any = own_users[0] if own_users else importer
            if ent.api_key:
                key = ApiKey.objects.create(
                    enterprise=enterprise,
                    name=f"{ent.key} MES",
                    key_prefix=ent.api_key[:12],
                    key_hash=hash_key(ent.api_key),
                    created_by=own_users[0] if own_users else None,
                )
                result.api_keys += 1
                if not own_users:
                    actor = ApiKeyActor(key)
            with _timed(result, "site"):
                site = services.site_create(
                    actor=actor,
                    enterprise=enterprise,
                    name=ent.site_name,
                    address=ent.site_address,
                    division_code=ent.division_code,
                )
            city = divisions.get(ent.division_code).parent_code or ent.division_code
            reviewer = reviewers.get(city, province_admin)
            licences = []
            with _timed(result, "licences"):
                for lic in ent.licences:
                    if use_service:
                        licence = services.licence_register(
                            actor=reviewer,
                            enterprise=enterprise,
                            site=site,
                            number=lic.number,
                            issued_on=lic.issued_on,
                            expires_on=lic.expires_on,
                            issuing_authority=lic.issuing_authority,
                            reason="许可证信息录入",
                            items=[{"category": c, "variety": v, "standard": s} for c, v, s in lic.items],
                        )
                    else:
                        licence = _register_licence_direct(
                            actor=reviewer, enterprise=enterprise, site=site, lic=lic, table=table
                        )
                    licences.append(licence)
                    result.licences += 1
            with _timed(result, "people"):
                if n <= service_enterprises:
                    people = _people_via_services(actor, enterprise, ent, result)
                else:
                    people = _people_bulk(actor, enterprise, ent, result)
            with _timed(result, "corrections"):
                for fix in ent.corrections:
                    if fix.kind == "person_years":
                        services.person_update(
                            actor=actor,
                            person=people[fix.target],
                            changes={"years_food_work": fix.value},
                            reason=fix.reason,
                        )
                    elif fix.kind == "person_left":
                        services.person_update(
                            actor=actor,
                            person=people[fix.target],
                            changes={"active": fix.value},
                            reason=fix.reason,
                        )
                    elif fix.kind == "phone":
                        services.enterprise_update(
                            actor=province_admin,
                            enterprise=enterprise,
                            changes={"contact_phone": fix.value},
                            reason=fix.reason,
                        )
                    elif fix.kind == "licence_suspend":
                        services.licence_set_status(
                            actor=reviewer, licence=licences[fix.target], status=fix.value, reason=fix.reason
                        )
                    result.corrections += 1
            if ent.last_push_at:
                services.enterprise_mark_push(enterprise_id=enterprise.pk, at=ent.last_push_at)
        if progress and (n % 100 == 0 or n == len(plan.enterprises)):
            progress(f"{n}/{len(plan.enterprises)} enterprises ({time.perf_counter() - started:.1f} s)")

    with transaction.atomic(), _timed(result, "contracts"):
        principals = {u.enterprise_id: u for u in User.objects.filter(role=Role.PRINCIPAL)}
        for con in plan.contracts:
            giver = ent_ids[con.principal]
            maker = ent_ids[con.manufacturer]
            contract = services.contract_create(
                actor=principals.get(giver, importer),
                principal=giver,
                manufacturer=maker,
                manufacturer_uscc=Enterprise.objects.values_list("uscc", flat=True).get(pk=maker),
                products=con.products,
                starts_on=con.starts_on,
                ends_on=con.ends_on,
            )
            # both parties agreed in the demo world: the 受托方 confirms (issue 17)
            services.contract_answer(
                actor=principals.get(maker, importer), contract_id=contract.pk, confirm=True
            )
            result.contracts += 1

    # What the nightly task would have done: licences past their validity lapse, by the system actor.
    with _timed(result, "expire"):
        result.expired = expire_licences(on=plan.as_of.isoformat())
    result.seconds = time.perf_counter() - started
    result.cpu_seconds = time.process_time() - started_cpu
    return result


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
    return plan, write_plan(plan, progress=progress, service_enterprises=service_enterprises)


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
            label = f"{ROLE_LABELS[Role(user.role)][0]} {user.role}"
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
