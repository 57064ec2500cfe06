"""Contract oversight in the matrix (`shouhu.contract`, issue 20): tenant A is the 委托方 of a confirmed
contract with a 岳麓区 受托方 (no outsider is a party to it, nor the regulator of either party), its
agreement registered. Who may act: `contract/permissions.py`; what each party sees:
tests/contract/test_tenancy.py.
"""

from __future__ import annotations

from matrix_core import ADMIN, ALL, INSP, JADM, OFF, PEOPLE, QA, REGULATORS, REV, D, Op, P, Page

MANAGE = frozenset({P, D, QA})
SUPERVISE = REGULATORS | {ADMIN}
LABEL = "产品名称：婴幼儿营养米粉\n委托方：矩阵岳麓禾苗婴幼儿食品有限公司\n"


def build(w) -> None:
    import factories as t
    from matrix_world import MARK

    from shouhu.contract import services

    m = t.make_enterprise(t.COUNTY, name="岳麓受托代工食品有限公司")
    t.make_licence(m)
    contract = t.make_contract(w.a.ent, m, products=f"{MARK}代工米粉")
    ag = services.agreement_create(
        actor=w.users["principal"],
        contract_id=contract.pk,
        scope=[{"category": "3001", "variety": "婴幼儿谷物辅助食品"}],
        quality_terms=f"{MARK}质量责任约定",
    )
    w.ids.update(agreement_id=ag.pk)
    w.markers.add(ag.quality_terms)
    # the API's objects: an open qualification review of this agreement (its verdict), a second agreement
    # taken as approved with one run the 受托方 declared (the 委托方's decision), a third contract to register
    from shouhu.contract.models import Agreement
    from shouhu.core.roles import Role

    q = services.qualification_start(actor=w.users["principal"], agreement=ag)
    second = services.agreement_create(
        actor=w.users["principal"],
        contract_id=t.make_contract(w.a.ent, m, products=f"{MARK}代工米粉二").pk,
        scope=[{"category": "3001", "variety": "婴幼儿谷物辅助食品"}],
        quality_terms=f"{MARK}质量责任约定二",
    )
    Agreement.objects.filter(pk=second.pk).update(state="approved")  # its review is tested in tests/contract
    mqa = t.make_user(Role.QA, enterprise=m, username="matrix_contract_mqa")
    product = t.make_product(m, name="岳麓代工米粉")
    run = services.run_record(actor=mqa, agreement=second, batch_id=t.make_batch(product).pk)
    w.ids.update(
        contract_qualification_id=q.pk,
        contract_run_id=run.pk,
        contract_free_id=t.make_contract(w.a.ent, m, products=f"{MARK}代工米粉三").pk,
    )


def _ag(w) -> int:
    return w.ids["agreement_id"]


TO_SUPERVISE = {INSP: 302, REV: 302, JADM: 302, ADMIN: 302}  # a regulator is sent to the supervision table
PAGES = [
    Page(
        "contract/", lambda w: "/contract/", frozenset({P, D, OFF, QA}), targets=False, denied_by=TO_SUPERVISE
    ),
    Page("contract/<int:pk>/", lambda w: f"/contract/{_ag(w)}/", PEOPLE),
    Page(
        "contract/<int:pk>/<str:action>",
        lambda w: f"/contract/{_ag(w)}/label",
        MANAGE,
        method="POST",
        ok=302,
        body=lambda w: {"text": LABEL},
        name="label",
    ),
    Page("contract/supervise/", lambda w: "/contract/supervise/", SUPERVISE, targets=False),
]
SCOPE = [{"category": "3001", "variety": "婴幼儿谷物辅助食品"}]
OPS = [
    Op("GET", "/contract/agreements", ALL, targets=False),
    Op(
        "POST",
        "/contract/agreements",
        MANAGE,
        201,
        body=lambda w: {
            "contract_id": w.ids["contract_free_id"],
            "scope": SCOPE,
            "quality_terms": "按标准生产",
        },
    ),
    Op("GET", "/contract/agreements/{agreement_id}", ALL, args={"agreement_id": _ag}),
    Op("GET", "/contract/agreements/{agreement_id}/duties", ALL, args={"agreement_id": _ag}),
    Op(
        "POST",
        "/contract/agreements/{agreement_id}/qualifications",
        MANAGE,
        None,
        body=lambda w: {},
        args={"agreement_id": _ag},
        note="a review is open (409 qualification.open); a new one is tested in tests/contract/test_api.py",
    ),
    Op(
        "POST",
        "/contract/qualifications/{qualification_id}/decide",
        MANAGE,
        body=lambda w: {"passed": False, "note": "资料不全"},
        args={"qualification_id": lambda w: w.ids["contract_qualification_id"]},
    ),
    Op(
        "POST",
        "/contract/runs/{run_id}/decide",
        MANAGE,
        body=lambda w: {"release": False, "note": "配料记录不全"},
        args={"run_id": lambda w: w.ids["contract_run_id"]},
    ),
    Op("GET", "/contract/supervision", SUPERVISE, targets=False),
]
