"""Contract oversight in the matrix (`shouhu.contract`, issue 20): tenant A is the 委托方 of a confirmed
contract with a 岳麓区 受托方 (no outsider is a party to it, nor the regulator of either party), its
agreement registered. Who may act: `contract/permissions.py`; what each party sees:
tests/contract/test_tenancy.py.
"""

from __future__ import annotations

from matrix_core import ADMIN, INSP, JADM, OFF, PEOPLE, QA, REGULATORS, REV, D, P, Page

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
OPS: list = []
