"""Intake (进货查验): per-lot tests from the rules, 表8 sampling plans, banned materials refused with the rule."""

from __future__ import annotations

from datetime import date, timedelta

import factories as t
import pytest

from shouhu.core.errors import ValidationFailed
from shouhu.core.regulation import today as local_today
from shouhu.production import services
from shouhu.production.models import LotStatus, MaterialLot, NonConforming
from shouhu.rules import engine

pytestmark = pytest.mark.django_db
DAY = date(2026, 6, 1)  # GB 10769—2025 in force


def cite(rule_id: str, on: date = DAY) -> str:
    return engine(on).rule(rule_id).source.cite()


def receive(actor, ent, material, supplier, code="IN-1", on=DAY, **kw):
    return services.lot_receive(
        actor=actor,
        enterprise=ent,
        material=material,
        supplier=supplier,
        code=code,
        quantity=kw.pop("quantity", 500),
        received_on=on,
        inspector="查验员",
        **kw,
    )


def test_rice_lot_needs_lead_and_cadmium_per_art45(principal_a, ent_a, product, rice, supplier):
    with pytest.raises(ValidationFailed) as exc:
        receive(principal_a, ent_a, rice, supplier, tests=[{"item": "铅", "passed": True}])
    assert exc.value.details["rule"] == "xize2017.art45.rice-pb-cd"
    assert exc.value.details["cite"] == cite("xize2017.art45.rice-pb-cd")
    assert "镉" in exc.value.message
    assert not MaterialLot.objects.exists()
    lot = receive(
        principal_a,
        ent_a,
        rice,
        supplier,
        tests=[{"item": "铅", "passed": True, "value": 0.05}, {"item": "镉", "passed": True}],
    )
    assert lot.status == LotStatus.ACCEPTED and lot.on_hand == 500
    assert lot.required[0]["rule"] == "xize2017.art45.rice-pb-cd"


def test_failed_item_cannot_be_accepted_but_can_be_rejected_with_nc_record(
    principal_a, ent_a, product, rice, supplier
):
    tests = [{"item": "铅", "passed": False}, {"item": "镉", "passed": True}]
    with pytest.raises(ValidationFailed):
        receive(principal_a, ent_a, rice, supplier, tests=tests)
    lot = receive(principal_a, ent_a, rice, supplier, tests=tests, status=LotStatus.REJECTED)
    assert NonConforming.objects.get(lot=lot).disposition == "拒收"


def test_dairy_melamine_and_soy_urease(principal_a, ent_a, product, supplier):
    milk = t.make_material(ent_a, name="全脂乳粉", tags=["dairy"])
    with pytest.raises(ValidationFailed) as exc:
        receive(principal_a, ent_a, milk, supplier)
    assert exc.value.details["rule"] == "xize2017.art43.melamine"
    receive(principal_a, ent_a, milk, supplier, tests=[{"item": "三聚氰胺", "passed": True}])
    soy = t.make_material(ent_a, name="大豆粉", tags=["soy"])
    with pytest.raises(ValidationFailed) as exc:
        receive(principal_a, ent_a, soy, supplier, code="IN-2")
    assert exc.value.details["rule"] == "xize2017.art44.soy-urease"


def test_nutrient_pack_uses_the_table8_sampling_plan(principal_a, ent_a, supplier):
    t.make_product(
        ent_a,
        name="婴幼儿面条",
        variety="婴幼儿生制类谷物辅助食品",
        processes=["raw_noodle", "nutrient_pack"],
    )
    pack = t.make_material(ent_a, name="营养包", tags=["nutrient_pack"], kind="nutrient_pack")
    chem = [{"item": "铅", "passed": True}, {"item": "砷", "passed": True}]
    good = [
        {"item": "菌落总数", "values": [100, 2000, 5000, 10, 10]},
        {"item": "大肠菌群", "values": [0, 0, 20, 0, 0]},
        {"item": "沙门氏菌", "values": [0, 0, 0, 0, 0]},
    ]
    lot = receive(principal_a, ent_a, pack, supplier, tests=chem + good)
    verdicts = {x["item"]: x for x in lot.tests}
    assert verdicts["菌落总数"]["passed"] and verdicts["菌落总数"]["rule"] == "xize2017.table8.r1"
    bad = [dict(good[0], values=[2000, 2000, 2000, 10, 10]), *good[1:]]  # 3 > m with c = 2
    with pytest.raises(ValidationFailed) as exc:
        receive(principal_a, ent_a, pack, supplier, code="IN-2", tests=chem + bad)
    assert exc.value.details["problems"][0]["item"] == "菌落总数"
    salmonella = [*good[:2], {"item": "沙门氏菌", "values": [0, 0, 1, 0, 0]}]
    with pytest.raises(ValidationFailed):
        receive(principal_a, ent_a, pack, supplier, code="IN-3", tests=chem + salmonella)


def test_honey_is_refused_from_2026_03_16_citing_gb10769_2025(principal_a, ent_a, product, supplier):
    honey = t.make_material(ent_a, name="蜂蜜", tags=["honey"])
    with pytest.raises(ValidationFailed) as exc:
        receive(principal_a, ent_a, honey, supplier)
    assert exc.value.details["rule"] == "gb10769-2025.banned-ingredients"
    assert exc.value.details["cite"] == cite("gb10769-2025.banned-ingredients")
    assert "蜂蜜" in exc.value.message
    assert not MaterialLot.objects.exists()
    lot = receive(principal_a, ent_a, honey, supplier, on=date(2026, 3, 1))  # the 2010 standard allowed it
    assert lot.status == LotStatus.ACCEPTED


@pytest.mark.parametrize(
    "tag,rule",
    [
        ("irradiated", "xize2017.art43.no-irradiated"),
        ("hydrogenated_fat", "xize2017.art43.no-hydrogenated-fat"),
    ],
)
def test_irradiated_and_hydrogenated_are_refused(principal_a, ent_a, product, supplier, tag, rule):
    m = t.make_material(ent_a, tags=[tag])
    with pytest.raises(ValidationFailed) as exc:
        receive(principal_a, ent_a, m, supplier, on=date(2025, 6, 1))
    assert exc.value.details["rule"] == rule and "第四十三条" in exc.value.details["cite"]


def test_spices_refused_in_canned_meat_at_batching(principal_a, ent_a, supplier, staff):
    meat_puree = t.make_product(
        ent_a, category="3002", name="婴幼儿猪肉泥", attributes={"contains_meat_or_fish": True}
    )
    pepper = t.make_material(ent_a, name="白胡椒粉", tags=["spice"])
    lot = t.make_lot(pepper, supplier, quantity=5)
    b = t.make_batch(meat_puree)
    with pytest.raises(ValidationFailed) as exc:
        services.batch_consume(
            actor=principal_a, batch=b, lot=lot, quantity=1, batcher=staff[0], checker=staff[1]
        )
    assert exc.value.details["rule"] == "xize2017.art46.no-spices-canned-meat-fish"
    assert "第四十六条" in exc.value.details["cite"]
    lot.refresh_from_db()
    assert lot.on_hand == 5


def test_pork_needs_designated_slaughterhouse_proof_and_imports_the_entry_exit_certificate(
    principal_a, ent_a, supplier
):
    t.make_product(ent_a, category="3002", name="猪肉泥", attributes={"contains_meat_or_fish": True})
    pork = t.make_material(ent_a, name="猪后腿肉", tags=["pork", "meat"])
    with pytest.raises(ValidationFailed) as exc:
        receive(principal_a, ent_a, pork, supplier)
    assert exc.value.details["rule"] == "xize2017.art44.meat-inspection"
    assert exc.value.details["fields"][0]["field"] == "slaughter_certificate"
    receive(principal_a, ent_a, pork, supplier, slaughter_certificate="DZ-430104-001")
    imported = t.make_supplier(ent_a, imported=True)
    oil = t.make_material(ent_a, name="进口葵花籽油")
    with pytest.raises(ValidationFailed) as exc:
        receive(principal_a, ent_a, oil, imported, code="IN-9")
    assert exc.value.details["rule"] == "xize2017.art40.imported-materials"
    receive(principal_a, ent_a, oil, imported, code="IN-9", entry_exit_certificate="CIQ-2026-1")


def test_unapproved_supplier_and_future_dates(principal_a, ent_a, product, rice):
    s = t.make_supplier(ent_a, approved=False)
    with pytest.raises(ValidationFailed) as exc:
        receive(principal_a, ent_a, rice, s)
    assert exc.value.details["rule"] == "xize2017.art36"
    ok = t.make_supplier(ent_a)
    with pytest.raises(ValidationFailed) as exc:
        receive(principal_a, ent_a, rice, ok, on=local_today() + timedelta(days=1))
    assert exc.value.details["fields"][0]["code"] == "date.future"


def test_supplier_approval_needs_documents_in_date(principal_a, ent_a):
    s = services.supplier_create(actor=principal_a, enterprise=ent_a, name="新供应商")
    with pytest.raises(ValidationFailed) as exc:
        services.supplier_approve(actor=principal_a, supplier=s, approved_by="质量部", summary="审核")
    assert exc.value.details["rule"] == "xize2017.art37"
    for kind in ("licence", "quality_standard", "inspection_report"):
        services.supplier_document_add(
            actor=principal_a,
            supplier=s,
            kind=kind,
            number="1",
            issued_on=date.today() - timedelta(days=10),
            expires_on=date.today() + timedelta(days=10),
        )
    with pytest.raises(ValidationFailed) as exc:  # a main-material supplier also needs the on-site audit
        services.supplier_approve(
            actor=principal_a, supplier=s, approved_by="质量部", summary="审核", main=True
        )
    assert exc.value.details["missing"] == ["onsite_audit"]
    s = services.supplier_approve(actor=principal_a, supplier=s, approved_by="质量部", summary="资料齐全")
    assert s.approved
    with pytest.raises(ValidationFailed):  # documents expire
        services.supplier_approve(
            actor=principal_a,
            supplier=s,
            approved_by="质量部",
            summary="复审",
            on=date.today() + timedelta(days=11),
        )


def test_intake_refused_when_supplier_documents_have_expired(principal_a, ent_a, product, rice):
    from shouhu.production.models import SupplierDocument

    s = t.make_supplier(ent_a)
    SupplierDocument.objects.filter(supplier=s, kind="licence").update(expires_on=DAY - timedelta(days=1))
    with pytest.raises(ValidationFailed) as exc:
        receive(
            principal_a,
            ent_a,
            rice,
            s,
            tests=[{"item": "铅", "passed": True}, {"item": "镉", "passed": True}],
        )
    assert exc.value.details["rule"] == "xize2017.art37" and exc.value.details["missing"] == ["licence"]
