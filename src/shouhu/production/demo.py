"""Demo production data (item 11): a year of production for the demo enterprises, through the services.

`generate_production(rng, enterprises)` gives each enterprise suppliers (approved, documents on file),
materials, products for its licensed categories, monthly intake lots with the tests the rules require,
batches every `every_days` days (batching with an independent checker, CCP records, release tests from the
rules engine, retention sample, release by QA), sales to distributors/retailers/online shops and the odd
return. The second enterprise has a failed release (a non-conforming batch); for the first, the rice lot
a recall should start from is named in `result.recall_candidates` — production knows nothing of recalls,
`trace.demo.generate_production` runs this generator and then starts that recall. Everything goes through
the services, so the ledger, the stock ledger and the trace graph are exactly what real use would produce.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as dtime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from shouhu.core.access import Actor
from shouhu.core.regulation import today
from shouhu.core.roles import Role
from shouhu.rules import limits as rule_limits

from . import rulebook, selectors, services
from .models import MaterialLot

TZ = ZoneInfo("Asia/Shanghai")

# category -> (material code, name, tags, unit, kg per batch)
MATERIALS: dict[str, list[tuple[str, str, list[str], float]]] = {
    "3001": [
        ("RM-RICE", "大米", ["rice"], 300),
        ("RM-MILK", "全脂乳粉", ["dairy"], 40),
        ("RM-SUGAR", "白砂糖", [], 20),
        ("RM-PREMIX", "复配营养强化剂", [], 2),
    ],
    "3002": [
        ("RM-APPLE", "苹果", [], 250),
        ("RM-CARROT", "胡萝卜", [], 120),
        ("RM-PORK", "猪后腿肉", ["meat", "pork"], 80),
    ],
    "3003": [("RM-SOY", "大豆粉", ["soy"], 60), ("RM-PREMIX3", "营养素预混料", [], 5)],
}
PRODUCTS: dict[str, list[tuple[str, str, dict[str, Any], list[str]]]] = {
    "3001": [
        ("婴幼儿营养米粉", "225g/盒", {"contains_dairy": True}, []),
        ("婴幼儿高铁米粉", "400g/罐", {"contains_dairy": True}, []),
    ],
    "3002": [
        ("婴幼儿苹果胡萝卜泥", "113g/罐", {"adds_fruit_or_vegetable": True}, ["retort_sterilization"]),
        ("婴幼儿猪肉泥", "113g/罐", {"contains_meat_or_fish": True}, ["retort_sterilization"]),
    ],
    "3003": [("辅食营养素补充食品", "12g/袋", {"contains_soy": True}, [])],
}
STANDARD = {"3001": "GB 10769", "3002": "GB 10770", "3003": "GB 22570"}
CUSTOMERS = [("distributor", "经销商"), ("retailer", "母婴店"), ("online", "网店")]
# Invented suppliers that read like the real trade: (places, trade names, trades) per kind of material.
SUPPLIERS = {
    "grain": (("五常", "庆安", "盘锦", "射阳", "万年"), ("金穗", "北禾", "稻香源", "丰谷"), ("米业", "粮油")),
    "dairy": (("呼伦贝尔", "锡林郭勒", "宁夏", "黑河"), ("牧源", "草原鲜", "银河"), ("乳业", "乳品")),
    "produce": (("烟台", "寿光", "赣南", "攀枝花"), ("鲜果园", "绿源", "田丰"), ("农产品", "果蔬食品")),
}
_RETAIL = ("贝贝", "乐童", "宝贝家", "爱婴坊", "小太阳", "童年")


def _customer_name(rng: random.Random, kind: str, i: int) -> str:
    """A distributor company, a mother-and-baby shop or an online flagship store, invented; the i-th
    customer's trade name differs from the others' (names are unique per enterprise)."""
    trade = _RETAIL[i % len(_RETAIL)]
    if kind == "distributor":
        return f"{rng.choice(('湘江', '星城', '洞庭', '潇湘'))}{trade}商贸有限公司"
    if kind == "retailer":
        return f"{trade}母婴用品店（{rng.choice(('五一', '河西', '星沙', '南门'))}{i}号店）"
    return f"{trade}母婴{rng.choice(('天猫旗舰店', '京东专营店', '抖音小店'))}"


class DemoActor:
    """Acting identity when the enterprise has no user of the needed role (labelled in the ledger)."""

    is_authenticated = True

    def __init__(self, role: str, enterprise_id: int, label: str):
        self.role, self.enterprise_id, self.division_code, self._label = role, enterprise_id, "", label

    @property
    def actor_label(self) -> str:
        return self._label


@dataclass(frozen=True)
class RecallCandidate:
    """A lot whose batches the demo recalls: who acts, from which lot, around which day."""

    actor: Actor
    lot: MaterialLot
    as_of: date


@dataclass
class ProductionResult:
    enterprises: int = 0
    lots: int = 0
    batches: int = 0
    released: int = 0
    shipments: int = 0
    returns: int = 0
    recalls: int = 0  # counted by trace.demo, which starts the recalls named below
    failed_releases: int = 0
    recall_candidates: list[RecallCandidate] = field(default_factory=list)
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


def _actor(enterprise: Any, roles: Iterable[str], fallback_role: str) -> Any:
    from shouhu.accounts.models import User

    user = (
        User.objects.filter(enterprise=enterprise, role__in=list(roles), is_active=True)
        .order_by("pk")
        .first()
    )
    return user or DemoActor(fallback_role, enterprise.pk, f"演示数据（{fallback_role}）")


def _categories(enterprise: Any) -> list[tuple[str, str]]:
    """(category, variety) the enterprise is licensed for, limited to varieties the rules engine knows."""
    from shouhu.registry.models import LicenceItem

    eng = rulebook.engine(today())
    items = LicenceItem.objects.filter(licence__enterprise=enterprise, licence__status="active")
    out = []
    for cat, variety in items.values_list("category", "variety").distinct():
        if cat in eng.varieties and variety in eng.varieties[cat] and cat not in {c for c, _ in out}:
            out.append((cat, variety))
    return out or [("3001", "婴幼儿谷物辅助食品")]


def _passing_tests(reqs: list[rulebook.Requirement], rng: random.Random) -> list[dict[str, Any]]:
    tests: list[dict[str, Any]] = []
    for r in reqs:
        tests += [{"item": i, "passed": True, "value": round(rng.uniform(0.001, 0.05), 4)} for i in r.items]
        for m in r.micro:
            top = max(m["m"], 0)
            tests.append(
                {"item": m["item"], "values": [round(rng.uniform(0, top), 1) for _ in range(m["n"])]}
            )
    return tests


def _at(d: date, hour: int) -> datetime:
    return datetime.combine(d, dtime(hour, 0), tzinfo=TZ)


def generate_production(
    rng: random.Random,
    enterprises: Iterable[Any],
    *,
    as_of: date | None = None,
    days: int = 365,
    every_days: int = 28,
    full_enterprises: int | None = 3,
    light_days: int = 56,
    progress: Callable[[str], None] | None = None,
) -> ProductionResult:
    """`days` of production (a batch of every product each `every_days`) for the first `full_enterprises`
    enterprises (None: all), and the last `light_days` for the others.

    Everything goes through the services (about 2 s of writes per batch on SQLite: ~30 records each with
    its validation and ledger entry), so the defaults keep a 30-enterprise demo to a few minutes.
    """
    started = time.perf_counter()
    as_of = as_of or today() - timedelta(days=1)
    result = ProductionResult()
    enterprises = list(enterprises)
    for index, ent in enumerate(enterprises):
        full = full_enterprises is None or index < full_enterprises
        start = as_of - timedelta(days=days if full else min(days, light_days))
        _one_enterprise(rng, ent, index, len(enterprises), start, as_of, every_days, result)
        result.enterprises += 1
        if progress:
            progress(f"production {ent.name}: {result.batches} batches so far")
    result.seconds = time.perf_counter() - started
    return result


# Who signs each paper record: registry roles of the enterprise's own staff, best fit first, and the role
# word written where it has nobody in them (only enterprises made bare by test factories).
SIGNERS: dict[str, tuple[tuple[str, ...], str]] = {
    "inspector": (("lab", "quality_manager"), "查验员"),  # 查验人 of an intake lot
    "tester": (("lab", "quality_manager"), "检验员"),  # 检验人 of the release tests
    "operator": (("operator", "production_manager"), "操作工"),  # 记录人 of a CCP record
    "sterilizer": (("sterilization_operator", "operator"), "杀菌工"),  # … of a sterilisation CCP
    "responsible": (("production_manager", "operator"), "张班长"),  # 清场负责人
    "reviewer": (("quality_manager", "lab", "officer"), "质检员"),  # 复查人 of a clearance
    "approver": (("quality_manager", "director"), "质量管理部"),  # 审核人 of a supplier approval
}


def _signers(people: list[tuple[str, str]]) -> dict[str, str]:
    """Names for the records' signers from (role, name) of the enterprise's staff, so the records name the
    people its 人员 page lists; a second lab person, when there is one, tests what the first checked in."""
    by_role: dict[str, list[str]] = {}
    for role, name in people:
        by_role.setdefault(role, []).append(name)
    out = {}
    for key, (roles, fallback) in SIGNERS.items():
        names = [n for r in roles for n in by_role.get(r, [])]
        out[key] = names[0] if names else fallback
    if len(by_role.get("lab", [])) > 1:
        out["tester"] = by_role["lab"][1]
    return out


def _one_enterprise(rng, ent, index, total, start, as_of, every_days, result) -> None:
    from shouhu.registry.models import Person

    writer = _actor(ent, [Role.PRINCIPAL, Role.DIRECTOR, Role.OFFICER], Role.PRINCIPAL)
    releaser = _actor(ent, [Role.QA, Role.DIRECTOR], Role.QA)
    people = list(Person.objects.filter(enterprise=ent, active=True).order_by("pk")[:2])
    while len(people) < 2:
        name = rng.choice("王李张刘陈杨黄赵周吴") + rng.choice(
            ["国平", "秀英", "建军", "丽", "志刚", "红梅", "勇", "婷"]
        )
        people.append(Person.objects.create(enterprise=ent, name=name, role="operator"))
    batcher, checker = people
    signers = _signers(
        list(Person.objects.filter(enterprise=ent, active=True).order_by("pk").values_list("role", "name"))
    )

    suppliers = []
    for n, kind in enumerate(SUPPLIERS, start=1):
        place, trade, trade_kind = (rng.choice(options) for options in SUPPLIERS[kind])
        sup = services.supplier_create(
            actor=writer,
            enterprise=ent,
            name=f"{place}{trade}{trade_kind}有限公司",
            contact=f"0731-8{rng.randint(1000000, 9999999)}",
            quality_agreement=True,
        )
        for kind in ("licence", "quality_standard", "inspection_report", "onsite_audit"):
            services.supplier_document_add(
                actor=writer,
                supplier=sup,
                kind=kind,
                number=f"{kind[:3].upper()}-{n}",
                issued_on=start - timedelta(days=30),
                expires_on=as_of + timedelta(days=365),
            )
        sup = services.supplier_approve(
            actor=releaser,  # the quality organisation approves (production.supplier.approve), 第三十六条
            supplier=sup,
            approved_by=signers["approver"],
            main=True,
            summary="资质、质量标准、检验报告齐全，现场审核合格",
            on=start - timedelta(days=20),
        )
        suppliers.append(sup)
    customers = [
        services.customer_create(
            actor=writer,
            enterprise=ent,
            name=_customer_name(rng, kind, i),
            kind=kind,
            contact=f"13{rng.randint(100000000, 999999999)}",
        )
        for i, (kind, _label) in enumerate(CUSTOMERS * 2, start=1)
    ]
    products, materials = [], {}
    for cat, variety in _categories(ent):
        for code, name, tags, _ in MATERIALS[cat]:
            if code not in materials:
                materials[code] = services.material_create(
                    actor=writer, enterprise=ent, code=code, name=name, tags=tags, main=True
                )
        for name, spec, attrs, processes in PRODUCTS[cat]:
            limits = (
                {"杀菌.温度": {"min": 121}, "杀菌.时间": {"min": 15}}
                if cat == "3002"
                else {"灭菌.温度": {"min": 110}}
            )
            products.append(
                (
                    cat,
                    services.product_create(
                        actor=writer,
                        enterprise=ent,
                        name=name,
                        spec=spec,
                        category=cat,
                        variety=variety,
                        standard=STANDARD[cat],
                        processes=processes,
                        attributes=attrs,
                        shelf_life_days=540,
                        critical_limits=limits,
                        label_text=f"{name}\n规格：{spec}\n执行标准：{STANDARD[cat]}\n生产者：{ent.name}",
                    ),
                )
            )

    profiles = selectors.enterprise_profiles(ent.pk)
    lots_by_month: dict[tuple[int, int], list[Any]] = {}

    def receive_month(day: date) -> None:
        key = (day.year, day.month)
        if key in lots_by_month:
            return
        lots_by_month[key] = []
        for mats in MATERIALS.values():
            for code, _, tags, per_batch in mats:
                if code not in materials:
                    continue
                reqs = rulebook.intake_requirements(tags=tags, imported=False, profiles=profiles, on=day)
                extra = {"slaughter_certificate": f"DZ-{day:%Y%m}-{code}"} if "pork" in tags else {}
                lot = services.lot_receive(
                    actor=writer,
                    enterprise=ent,
                    material=materials[code],
                    supplier=rng.choice(suppliers),
                    code=f"{code[3:]}-{day:%Y%m}-{rng.randint(100, 999)}",
                    quantity=per_batch * 8,
                    received_on=day,
                    inspector=signers["inspector"],
                    tests=_passing_tests(reqs, rng),
                    produced_on=day - timedelta(days=rng.randint(5, 40)),
                    expires_on=day + timedelta(days=365),
                    location=f"原料库{rng.randint(1, 3)}区",
                    **extra,
                )
                lots_by_month[key].append(lot)
                result.lots += 1

    day, seq = start, 0
    last_batches: list[Any] = []
    while day <= as_of - timedelta(days=3):
        receive_month(day.replace(day=1) if day.replace(day=1) >= start else start)
        for cat, product in products:
            seq += 1
            batch = services.batch_create(
                actor=writer,
                enterprise=ent,
                product=product,
                number=f"{day:%Y%m%d}{seq:03d}",
                produced_on=day,
            )
            for code, _, _, per_batch in MATERIALS[cat]:
                services.issue_fefo(
                    actor=writer,
                    batch=batch,
                    material=materials[code],
                    quantity=Decimal(str(per_batch)),
                    batcher=batcher,
                    checker=checker,
                    at=_at(day, 8),
                )
            for point, limit in product.critical_limits.items():
                pt, param = point.split(".")
                services.ccp_record(
                    actor=writer,
                    batch=batch,
                    point=pt,
                    parameter=param,
                    value=Decimal(str(limit["min"])) + Decimal(rng.randint(1, 5)),
                    at=_at(day, 10),
                    operator=signers["sterilizer" if cat == "3002" else "operator"],
                )
            services.clearance_record(
                actor=writer,
                batch=batch,
                area="配料间及生产线",
                at=_at(day, 17),
                items="设备、地面、残留物料清理合格",
                responsible=signers["responsible"],
                reviewer=signers["reviewer"],
            )
            batch = services.batch_complete(actor=writer, batch=batch, quantity=rng.randint(800, 1500))
            result.batches += 1
            last_batches.append(batch)
            _release(rng, writer, releaser, batch, day, fail=False, tester=signers["tester"])
            result.released += 1
            for cust in rng.sample(customers, k=rng.randint(2, 4)):
                ship_on = min(day + timedelta(days=rng.randint(3, 12)), as_of)
                ship = services.shipment_create(
                    actor=writer,
                    batch=batch,
                    customer=cust,
                    quantity=rng.randint(100, 180),
                    shipped_on=ship_on,
                    document_no=f"XS{ship_on:%Y%m%d}{rng.randint(1000, 9999)}",
                )
                result.shipments += 1
                if rng.random() < 0.05:
                    services.return_create(
                        actor=writer,
                        shipment=ship,
                        quantity=rng.randint(1, 20),
                        returned_on=min(ship_on + timedelta(days=7), as_of),
                        reason="外包装破损",
                        disposition="报废",
                        restock=False,
                    )
                    result.returns += 1
        day += timedelta(days=every_days)

    if index == 0 and lots_by_month:
        used = [lot for lots in lots_by_month.values() for lot in lots if lot.consumptions.exists()]
        rice_lots = [lot for lot in used if "rice" in lot.material.tags] or used
        lot = rice_lots[-3] if len(rice_lots) >= 3 else (rice_lots or [None])[-1]
        if lot is not None:
            result.recall_candidates.append(RecallCandidate(writer, lot, as_of))
    if index == 1 or (index == 0 and total == 1):
        cat, product = products[0]
        batch = services.batch_create(
            actor=writer,
            enterprise=ent,
            product=product,
            number=f"{as_of:%Y%m%d}F01",
            produced_on=as_of - timedelta(days=2),
        )
        receive_month(as_of.replace(day=1))
        for code, _, _, per_batch in MATERIALS[cat]:
            services.issue_fefo(
                actor=writer,
                batch=batch,
                material=materials[code],
                quantity=per_batch,
                batcher=batcher,
                checker=checker,
                at=_at(as_of - timedelta(days=2), 8),
            )
        batch = services.batch_complete(actor=writer, batch=batch, quantity=1000)
        _release(rng, writer, releaser, batch, as_of - timedelta(days=1), fail=True, tester=signers["tester"])
        result.failed_releases += 1


NEAR_SHARE = 0.2  # about one passing result in five sits within 10 % of its limit, as real ones do


def _measured(limit: Any, rng: random.Random, *, over: bool) -> str:
    """A measured result against the rule data's limit (`shouhu.rules.limits`, what the release gate judges
    by): within it — spread over the range, about one in five within 10 % of the limit — or just over it
    for the demo's failing batch. One value per unit for a sampling plan."""
    near = rng.random() < NEAR_SHARE
    if limit.plan is not None:
        n, c, m, _big = limit.plan
        if m == 0:  # m = 0/25 g: none detected (a detection fails; the demo's failure is a count)
            return f"{','.join(['未检出'] * n)} {limit.unit}"
        high = c + 1 if over else c  # c units above m are allowed: one more fails
        values = [
            round(m * rng.uniform(1.05, 1.6))
            if k < high
            else round(m * (rng.uniform(0.91, 0.99) if near and k == high else rng.uniform(0.1, 0.85)))
            for k in range(n)
        ]
        return f"{','.join(str(v) for v in values)} {limit.unit}"
    if limit.max is not None:
        share = (
            rng.uniform(1.05, 1.3) if over else rng.uniform(0.91, 0.99) if near else rng.uniform(0.2, 0.85)
        )
        v = limit.max * share
    else:
        share = (
            rng.uniform(0.7, 0.95) if over else rng.uniform(1.01, 1.09) if near else rng.uniform(1.15, 1.5)
        )
        v = limit.min * share
    return f"{v:.0f} {limit.unit}" if v >= 1e5 else f"{v:.3g} {limit.unit}"


def _release(rng, writer, releaser, batch, day, *, fail: bool, tester: str) -> None:
    """Release tests from the rules engine, sample, release. Items with a limit in rule data get measured
    values near it (the failing batch one microbiological count just over it); the others the tester's
    qualitative conclusion. The values come from a generator of their own (seeded by the batch number):
    the demo's shared stream, and so everything generated after, stays as it was."""
    report = f"CJ{batch.number}"
    profile = batch.product.profile
    items = [i for i in rulebook.release_items(profile, batch.produced_on) if not i.optional]
    limits = rule_limits.limits_for(rulebook.engine(batch.produced_on), profile)
    failing = next((i for i in items if "菌落" in i.name), items[-1]) if fail else None
    values = random.Random(f"release:{batch.number}")
    tested_on = min(day + timedelta(days=2), today())

    def result(item: Any) -> tuple[str, bool]:
        limit = limits.get(rule_limits.canonical_item(item.name))
        if limit is not None:
            return _measured(limit, values, over=item is failing), item is not failing
        return ("不符合" if item is failing else "符合"), item is not failing

    tests = []
    for item in items:
        text, passed = result(item)
        tests.append(
            {
                "rule_id": item.rule_id,
                "item": item.name,
                "method": item.method,
                "result": text,
                "passed": passed,
                "tester": tester,
                "tested_on": tested_on,
                "report_no": report,
            }
        )
    services.release_tests_record(actor=writer, batch=batch, tests=tests)
    if fail:
        return
    services.retention_sample_record(
        actor=writer, batch=batch, quantity=rng.randint(4, 8), retained_on=tested_on
    )
    services.batch_release(
        actor=releaser, batch=batch, certificate_no=f"HG{batch.number}", report_no=report, on=tested_on
    )
