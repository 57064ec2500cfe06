"""A small contract world: 委托方 A (Yuelu) has 受托方 M (another city) make cereal food; B is a stranger."""

from __future__ import annotations

import factories as t
import pytest

from shouhu.core.roles import Role

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SCOPE = [{"category": "3001", "variety": "婴幼儿谷物辅助食品"}]


@pytest.fixture
def world(db):
    a = t.make_enterprise(t.COUNTY, name="长沙禾苗婴幼儿食品有限公司")
    m = t.make_enterprise(t.OTHER_CITY_COUNTY, name="株洲天元代工食品有限公司")
    b = t.make_enterprise(t.COUNTY, name="另一家婴幼儿食品有限公司")
    lic = t.make_licence(m)
    contract = t.make_contract(a, m)
    w = {
        "a": a,
        "m": m,
        "b": b,
        "licence": lic,
        "contract": contract,
        "ap": t.make_user(Role.PRINCIPAL, enterprise=a, username="ct_ap"),
        "aqa": t.make_user(Role.QA, enterprise=a, username="ct_aqa"),
        "aoff": t.make_user(Role.OFFICER, enterprise=a, username="ct_aoff"),
        "mp": t.make_user(Role.PRINCIPAL, enterprise=m, username="ct_mp"),
        "mqa": t.make_user(Role.QA, enterprise=m, username="ct_mqa"),
        "bp": t.make_user(Role.PRINCIPAL, enterprise=b, username="ct_bp"),
        "insp_a": t.make_user(Role.INSPECTOR, division_code=t.COUNTY, username="ct_insp_a"),
        "insp_m": t.make_user(Role.INSPECTOR, division_code=t.OTHER_CITY, username="ct_insp_m"),
        "insp_x": t.make_user(Role.INSPECTOR, division_code=t.OTHER_COUNTY, username="ct_insp_x"),
        "product": t.make_product(m),
    }
    return w


def docs(actor):
    from shouhu.workflow.evidence.services import evidence_create

    return {
        k: evidence_create(actor=actor, content=PDF + k.encode(), name=f"{k}.pdf").pk
        for k in ("licence", "business_licence", "quality_system")
    }


def approved(w):
    """The agreement through a passed qualification (audit scored all 符合 but one 基本符合)."""
    from shouhu.contract import services
    from shouhu.workflow.checklists.services import results_record_many

    ag = services.agreement_create(
        actor=w["ap"], contract_id=w["contract"].pk, scope=SCOPE, quality_terms="受托方按委托方配方与标准生产"
    )
    q = services.qualification_start(
        actor=w["ap"], agreement=ag, documents=docs(w["ap"]), auditors="王负责、李质检"
    )
    run = q.audit.run
    items = list(run.template.items.order_by("position").values_list("item_id", flat=True))
    results = [{"item_id": i, "result": "conform"} for i in items]
    results[0]["result"] = "minor"
    results[0]["note"] = "更衣室洗手设施不足"
    results_record_many(actor=w["ap"], run=run, results=results)
    services.audit_close(actor=w["ap"], audit=q.audit)
    services.qualification_decide(actor=w["ap"], qualification=q, passed=True)
    ag.refresh_from_db()
    return ag
