"""Test helpers shared by every app's tests: users of each role, enterprises, licences.

Fixtures are made directly with the ORM (fast, no ledger noise); tests of services call the services.
"""

from __future__ import annotations

import itertools
import random
from datetime import date, timedelta
from typing import Any

from shouhu.core.roles import Role
from shouhu.registry.events import RegistryAction

_seq = itertools.count(1)

# Real GB/T 2260 divisions used across tests: Hunan ⊃ Changsha ⊃ {Yuelu, Furong}; Zhuzhou ⊃ Tianyuan.
PROVINCE, CITY, COUNTY, OTHER_COUNTY = "430000", "430100", "430104", "430102"
OTHER_CITY, OTHER_CITY_COUNTY = "430200", "430211"


def make_enterprise(division_code: str = COUNTY, **fields: Any):
    from shouhu.codes.identifiers import make_uscc
    from shouhu.registry.models import Enterprise

    n = next(_seq)
    defaults = {
        "name": f"测试婴幼儿食品有限公司{n}",
        "uscc": make_uscc(random.Random(n * 7919), division_code),
        "address": f"测试路{n}号",
        "division_code": division_code,
    }
    defaults.update(fields)
    return Enterprise.objects.create(**defaults)


def make_licence(enterprise, *, category: str = "3001", variety: str = "婴幼儿谷物辅助食品", **fields: Any):
    from shouhu.registry.models import Licence, LicenceItem

    n = next(_seq)
    issued = fields.pop("issued_on", date.today() - timedelta(days=365))
    defaults = {
        "number": f"SC130{enterprise.division_code}{n % 10000:04d}{n % 10}",
        "issued_on": issued,
        "expires_on": issued + timedelta(days=5 * 365),
        "issuing_authority": "长沙市市场监督管理局",
    }
    defaults.update(fields)
    licence = Licence.objects.create(enterprise=enterprise, **defaults)
    LicenceItem.objects.create(licence=licence, category=category, variety=variety)
    return licence


def make_user(role: Role | str, *, enterprise=None, division_code: str = "", **fields: Any):
    from shouhu.accounts.models import User

    n = next(_seq)
    user = User.objects.create_user(
        username=fields.pop("username", f"user{n}"),
        password=fields.pop("password", "pass-123456"),
        role=str(role),
        enterprise=enterprise,
        division_code=division_code,
        display_name=fields.pop("display_name", f"用户{n}"),
        **fields,
    )
    return user


def make_site(enterprise, **fields: Any):
    from shouhu.registry.models import Site

    n = next(_seq)
    defaults = {
        "name": f"第{n}生产车间",
        "address": f"工业园{n}号",
        "division_code": enterprise.division_code,
    }
    defaults.update(fields)
    return Site.objects.create(enterprise=enterprise, **defaults)


def make_person(enterprise, *, role: str = "officer", **fields: Any):
    from shouhu.registry.models import Person

    n = next(_seq)
    defaults = {"name": f"员工{n}", "education": "bachelor", "years_food_work": 3}
    defaults.update(fields)
    return Person.objects.create(enterprise=enterprise, role=role, **defaults)


def make_contract(principal, manufacturer, **fields: Any):
    from shouhu.registry.models import ContractManufacturing

    defaults = {
        "products": "婴幼儿谷物辅助食品",
        "starts_on": date.today() - timedelta(days=30),
        "ends_on": date.today() + timedelta(days=335),
    }
    defaults.update(fields)
    return ContractManufacturing.objects.create(principal=principal, manufacturer=manufacturer, **defaults)


def make_api_key(enterprise, *, name: str = "MES", revoked: bool = False):
    """(ApiKey, raw key) made directly, without the ledger entry the service writes."""
    from django.utils import timezone

    from shouhu.accounts.models import ApiKey, hash_key

    raw = ApiKey.generate()
    key = ApiKey.objects.create(
        enterprise=enterprise,
        name=name,
        key_prefix=raw[:12],
        key_hash=hash_key(raw),
        revoked_at=timezone.now() if revoked else None,
    )
    return key, raw


def make_enterprises_bulk(
    n: int,
    division_codes: tuple[str, ...] = (COUNTY, OTHER_COUNTY),
    *,
    seed: int = 0,
    licences: int = 1,
    people: int = 1,
    pushed_share: float = 0.6,
    ledger_entries: bool = False,
) -> list[Any]:
    """`n` enterprises with realistic Chinese names spread over `division_codes`, each with `licences`
    active licences (one 表1 item each) and `people` staff, in a handful of bulk inserts.

    For list pages, query-count pins and speed checks at scale (1,000+ rows). `ledger_entries` appends one
    registration entry per enterprise so that history and "recent changes" have rows to read.
    """
    from django.db import transaction
    from django.utils import timezone

    from shouhu.codes.identifiers import make_uscc
    from shouhu.core import ledger
    from shouhu.demo import names
    from shouhu.registry.models import Enterprise, Licence, LicenceItem, Person, PersonRole, Scale

    rng = random.Random(seed)
    now = timezone.now()
    scales = [s.value for s in Scale]
    varieties = {"3001": "婴幼儿谷物辅助食品", "3002": "泥（糊）状罐装食品", "3003": "辅食营养素补充食品"}
    enterprises = []
    for i in range(n):
        code = division_codes[i % len(division_codes)]
        pushed = rng.random() < pushed_share
        enterprises.append(
            Enterprise(
                name=names.enterprise_name(rng, code),
                uscc=make_uscc(rng, code),
                address=names.street_address(rng, code),
                division_code=code,
                scale=rng.choice(scales),
                legal_representative=names.person_name(rng),
                contact_name=names.person_name(rng),
                contact_phone=names.mobile_number(rng),
                last_push_at=now - timedelta(hours=rng.randint(1, 24 * 6)) if pushed else None,
            )
        )
    Enterprise.objects.bulk_create(enterprises)
    if enterprises[0].pk is None:  # backends without RETURNING on bulk insert
        enterprises = list(Enterprise.objects.order_by("-pk")[:n])[::-1]
    today = date.today()
    licence_rows = []
    for ent in enterprises:
        for _ in range(licences):
            k = next(_seq)
            issued = today - timedelta(days=rng.randint(30, 5 * 365 - 10))
            licence_rows.append(
                Licence(
                    enterprise=ent,
                    number=f"SC130{ent.division_code}{k % 10000:04d}{k % 10}",
                    issued_on=issued,
                    expires_on=issued + timedelta(days=5 * 365),
                    issuing_authority="湖南省市场监督管理局",
                )
            )
    Licence.objects.bulk_create(licence_rows)
    if licence_rows and licence_rows[0].pk is None:
        licence_rows = list(Licence.objects.order_by("-pk")[: len(licence_rows)])[::-1]
    items = []
    for lic in licence_rows:
        category = rng.choice(sorted(varieties))
        items.append(LicenceItem(licence=lic, category=category, variety=varieties[category]))
    LicenceItem.objects.bulk_create(items)
    roles = [PersonRole.PRINCIPAL, PersonRole.DIRECTOR, PersonRole.OFFICER, PersonRole.QUALITY_MANAGER]
    Person.objects.bulk_create(
        Person(
            enterprise=ent,
            name=names.person_name(rng),
            role=roles[j % len(roles)],
            health_cert_expires_on=today + timedelta(days=rng.randint(-10, 365)),
        )
        for ent in enterprises
        for j in range(people)
    )
    if ledger_entries:
        with transaction.atomic():
            for ent in enterprises:
                ledger.record(
                    actor="种子数据",
                    action=RegistryAction.ENTERPRISE_REGISTER,
                    obj=ent,
                    before=None,
                    after=ledger.snapshot(ent),
                    enterprise_id=ent.pk,
                    reason="批量生成",
                )
    return enterprises


# ---- production (细则第三十六条–第七十二条): direct ORM, no ledger noise ----


# make_person (above) serves production tests too: pass role= explicitly where it matters.


def make_supplier(enterprise, *, approved: bool = True, imported: bool = False, **fields: Any):
    from shouhu.production.models import Supplier, SupplierDocument

    n = next(_seq)
    supplier = Supplier.objects.create(
        enterprise=enterprise,
        name=fields.pop("name", f"测试供应商{n}"),
        approved=approved,
        approved_on=date.today() - timedelta(days=200) if approved else None,
        imported=imported,
        **fields,
    )
    for kind in ("licence", "quality_standard", "inspection_report", "onsite_audit"):
        SupplierDocument.objects.create(
            supplier=supplier,
            kind=kind,
            number=f"{kind[:3].upper()}-{n}",
            issued_on=date.today() - timedelta(days=300),
            expires_on=date.today() + timedelta(days=365),
        )
    return supplier


def make_material(enterprise, *, tags: list[str] | None = None, **fields: Any):
    from shouhu.production.models import Material

    n = next(_seq)
    defaults = {"code": f"M{n:05d}", "name": f"物料{n}", "spec": "25kg/袋", "unit": "kg"}
    defaults.update(fields)
    return Material.objects.create(enterprise=enterprise, tags=sorted(tags or []), **defaults)


def make_product(enterprise, *, category: str = "3001", **fields: Any):
    from shouhu.production.models import Product

    n = next(_seq)
    defaults = {
        "name": f"婴幼儿营养米粉{n}",
        "spec": "225g/盒",
        "category": category,
        "variety": {"3001": "婴幼儿谷物辅助食品", "3002": "泥（糊）状罐装食品", "3003": "辅食营养素补充食品"}[
            category
        ],
        "standard": {"3001": "GB 10769", "3002": "GB 10770", "3003": "GB 22570"}[category],
        "shelf_life_days": 540,
        "critical_limits": {"杀菌.温度": {"min": 121}, "杀菌.时间": {"min": 15}},
    }
    defaults.update(fields)
    return Product.objects.create(enterprise=enterprise, **defaults)


def make_lot(material, supplier, *, quantity: Any = 1000, **fields: Any):
    """An accepted lot with its receiving move (the stock ledger must always balance)."""
    from decimal import Decimal

    from shouhu.production.models import MaterialLot, MoveKind, StockMove

    n = next(_seq)
    q = Decimal(str(quantity))
    defaults = {
        "code": f"L{n:06d}",
        "received_on": date.today() - timedelta(days=30),
        "expires_on": date.today() + timedelta(days=300),
        "status": "accepted",
        "inspector": "查验员",
    }
    defaults.update(fields)
    lot = MaterialLot.objects.create(
        enterprise_id=material.enterprise_id,
        material=material,
        supplier=supplier,
        quantity=q,
        on_hand=q,
        **defaults,
    )
    StockMove.objects.create(
        enterprise_id=lot.enterprise_id, lot=lot, kind=MoveKind.RECEIVE, quantity=q, balance=q, ref=lot.code
    )
    return lot


def make_batch(product, *, number: str | None = None, produced_on: date | None = None, **fields: Any):
    from shouhu.production.models import Batch

    n = next(_seq)
    produced_on = produced_on or date.today() - timedelta(days=3)
    return Batch.objects.create(
        enterprise_id=product.enterprise_id,
        product=product,
        number=number or f"B{n:07d}",
        trace_code=f"TC{n:014d}",
        produced_on=produced_on,
        expires_on=produced_on + timedelta(days=product.shelf_life_days),
        **fields,
    )
