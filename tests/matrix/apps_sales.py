"""Sales supervision in the matrix (`shouhu.sales`, issue 34): the regulator's pages of sellers, shops,
platform requests, evasion signals, sweep links, buyer matches, a batch's reach and a seller inspection.

Tenant A's records are made once (`build`) through the services: a platform, a seller of A's county with
a shop, a finished label sweep tied to shops (a signal raised), a platform request, and a seller
inspection with every item scored (ready to conclude). Everyone with `sales.view` (the regulators and the
platform admin) reads in their jurisdiction; inspectors and jurisdiction admins conclude.
"""

from __future__ import annotations

from matrix_core import ADMIN, INSP, JADM, OFF, QA, REGULATORS, D, Op, P, Page

VIEW = frozenset(REGULATORS | {ADMIN})
SUPERVISE = frozenset({INSP, JADM})
REGISTRY = frozenset({INSP, JADM, ADMIN})
SELLER = "矩阵岳麓好宝贝母婴商行"


def build(w) -> None:
    from shouhu.labelstore.services import label_sweep_create, label_sweep_run
    from shouhu.sales import services
    from shouhu.workflow.checklists.models import TemplateItem
    from shouhu.workflow.checklists.services import result_record

    insp = w.users["inspector"]
    county = w.a.ent.division_code
    platform = services.platform_create(actor=insp, name="矩阵优选商城", operator="矩阵优选网络科技有限公司",
                                        registration_no="ICP-M1", division_code="330110", contact="张敏",
                                        contact_channel="takedown@m.example")  # fmt: skip
    seller = services.seller_create(actor=insp, name=SELLER, permit_kind="licence", permit_no="JY14301040009999",
                                    address="长沙市岳麓区麓山南路8号", division_code=county)  # fmt: skip
    shop = services.shop_create(actor=insp, platform=platform, shop_id="MS100", name="矩阵好宝贝旗舰店",
                                division_code=county, operator_name=SELLER, seller=seller)  # fmt: skip
    csv = f"id,title,店铺ID,平台,经营主体,发货地\nML1,婴儿米粉 增强免疫力,MS100,矩阵优选商城,{SELLER},浙江省杭州市余杭区\n"
    sweep = label_sweep_run(label_sweep_create(actor=insp, filename="m.csv", data=csv.encode()).pk)
    link = services.sweep_link_start(actor=insp, sweep=sweep)
    services.sweep_link_run(link.pk)
    loose = services.shop_create(actor=insp, platform=platform, shop_id="MS200", name="矩阵无主小店",
                                 division_code=county)  # fmt: skip
    later = label_sweep_run(label_sweep_create(actor=insp, filename="m2.csv", data=csv.encode()).pk)
    req = services.request_send(actor=insp, shop=shop)
    inspection = services.inspection_open(actor=insp, seller=seller)
    for item in TemplateItem.objects.filter(template=inspection.run.template):
        result_record(actor=insp, run=inspection.run, item_id=item.item_id, result="pass")
    w.markers |= {SELLER, "矩阵好宝贝旗舰店"}
    w.ids.update(sales_seller_id=seller.pk, sales_shop_id=shop.pk, sales_request_id=req.pk,
                 sales_sweep_id=sweep.pk, sales_inspection_id=inspection.pk, sales_platform_id=platform.pk,
                 sales_link_id=link.pk, sales_loose_shop_id=loose.pk, sales_later_sweep_id=later.pk)  # fmt: skip


# a seller, shop, request or sweep is no enterprise's object: its staff get 404 there, as outsiders do
NOT_THEIRS = {role: 404 for role in (P, D, OFF, QA)}


def _get(route: str, url, targets: bool = True) -> Page:
    return Page(route, url, VIEW, targets=targets, denied_by=NOT_THEIRS if targets else {})


PAGES = [
    _get("sales/", lambda w: "/sales/", targets=False),
    _get("sales/sellers/<int:pk>/", lambda w: f"/sales/sellers/{w.ids['sales_seller_id']}/"),
    _get("sales/shops/<int:pk>/", lambda w: f"/sales/shops/{w.ids['sales_shop_id']}/"),
    _get("sales/requests/", lambda w: "/sales/requests/", targets=False),
    _get("sales/requests/<int:pk>/", lambda w: f"/sales/requests/{w.ids['sales_request_id']}/"),
    _get("sales/signals/", lambda w: "/sales/signals/", targets=False),
    _get("sales/sweeps/<int:sweep_pk>/", lambda w: f"/sales/sweeps/{w.ids['sales_sweep_id']}/"),
    Page("sales/links/", lambda w: "/sales/links/", VIEW, targets=False, shows=frozenset()),
    Page("sales/reach/", lambda w: "/sales/reach/", VIEW, targets=False, shows=frozenset()),
    Page(
        "sales/inspections/<int:pk>/conclude",
        lambda w: f"/sales/inspections/{w.ids['sales_inspection_id']}/conclude",
        SUPERVISE,
        method="POST",
        ok=302,
        audited=False,  # the sales ledger chain is the platform's (no enterprise): A's chain is untouched
    ),
]


def _id(name: str):
    return {name: lambda w: w.ids[f"sales_{name.removesuffix('_id')}_id"]}


def _seller_body(w) -> dict:
    return {"name": "矩阵新登记母婴店", "permit_kind": "filing", "permit_no": "YB14301040000001",
            "address": "长沙市岳麓区桐梓坡路1号", "division_code": w.a.ent.division_code}  # fmt: skip


def _shop_body(w) -> dict:
    return {"platform_id": w.ids["sales_platform_id"], "shop_id": "MS900", "name": "矩阵新网店",
            "division_code": w.a.ent.division_code, "seller_id": w.ids["sales_seller_id"]}  # fmt: skip


PLATFORM = {"name": "矩阵新平台", "operator": "矩阵新平台公司", "registration_no": "ICP-M9", "division_code": "330110",
            "contact": "王五", "contact_channel": "tk@new.example"}  # fmt: skip
PUSH = {"rows": [{"id": "MP1", "title": "婴儿米粉 原味", "店铺ID": "MS100", "平台": "矩阵优选商城"}]}


def _api(path: str, targets: bool = True, **kw) -> Op:
    return Op("GET", path, VIEW, targets=targets, **kw)


OPS = [
    _api("/sales/platforms", targets=False, shows=frozenset()),
    # platforms are national reference data: every regulator reads them
    _api("/sales/platforms/{platform_id}", targets=False, shows=frozenset(), args=_id("platform_id")),
    Op("POST", "/sales/platforms", REGISTRY, 201, body=lambda w: PLATFORM, targets=False),
    _api("/sales/sellers", targets=False),
    _api("/sales/sellers/{seller_id}", args=_id("seller_id")),
    Op("POST", "/sales/sellers", REGISTRY, 201, body=_seller_body, targets=False),
    _api("/sales/shops", targets=False),
    _api("/sales/shops/{shop_id}", args=_id("shop_id")),
    Op("POST", "/sales/shops", REGISTRY, 201, body=_shop_body),  # names A's seller
    Op(
        "POST",
        "/sales/shops/{shop_id}/claim",
        REGISTRY,
        body=lambda w: {"seller_id": w.ids["sales_seller_id"], "reason": "平台提供的主体信息"},
        args={"shop_id": lambda w: w.ids["sales_loose_shop_id"]},
    ),
    Op("POST", "/sales/sweeps", SUPERVISE, 202, body=lambda w: PUSH, targets=False),
    Op(
        "POST",
        "/sales/sweeps/{sweep_id}/link",
        SUPERVISE,
        202,
        body=lambda w: {},
        args={"sweep_id": lambda w: w.ids["sales_later_sweep_id"]},
        note="the job is queued on commit; its run is tested in tests/sales/test_api.py",
    ),
    _api("/sales/links/{link_id}", args=_id("link_id"), shows=frozenset()),
    Op("POST", "/sales/shops/{shop_id}/requests", SUPERVISE, 201, body=lambda w: {}, args=_id("shop_id")),
    _api("/sales/requests", targets=False, shows=frozenset()),
    _api("/sales/requests/{request_id}", args=_id("request_id")),
    Op(
        "POST",
        "/sales/requests/{request_id}/answer",
        SUPERVISE,
        body=lambda w: {"answer_kind": "removed", "answer": "已下架相关商品"},
        args=_id("request_id"),
    ),
    _api("/sales/inspections", targets=False),
    _api("/sales/inspections/{inspection_id}", args=_id("inspection_id")),
]
