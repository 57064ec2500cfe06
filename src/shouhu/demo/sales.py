"""Demo data for sales supervision (issue 34): two platforms, sellers made from the demo producers' retail
and online buyers (so the buyer ↔ seller matches have candidates, half confirmed), their shops, a small
listing sweep tied to the shops (findings on the sellers, evasion signals), two platform requests — one
answered — and a seller inspection opened for the phone."""

from __future__ import annotations

from typing import Any

from django.db import transaction

LISTINGS = [
    ("婴儿营养米粉 增强免疫力", "湖南省长沙市岳麓区"),
    ("宝宝果泥 原味 6月龄以上", "湖南省长沙市岳麓区"),
    ("婴幼儿面条 预防腹泻 促进消化", "浙江省杭州市余杭区"),
    ("有机米粉 高铁配方", "湖南省长沙市岳麓区"),
    ("婴儿米饼 提高智力", "广东省深圳市南山区"),
]


def generate_sales() -> dict[str, int]:
    from django.contrib.auth import get_user_model

    from shouhu.core.roles import Role
    from shouhu.labelstore.services import label_sweep_create
    from shouhu.production.models import Customer
    from shouhu.sales import services
    from shouhu.sales.models import CustomerLink, Seller, Shop

    insp = get_user_model().objects.filter(role=Role.INSPECTOR, is_active=True).exclude(division_code="")
    insp = insp.filter(division_code__regex=r"^\d{4}(?!00)\d{2}$").order_by("pk").first()
    if insp is None:
        return {}
    county = insp.division_code
    out: dict[str, Any] = {}
    with transaction.atomic():
        p1 = services.platform_create(actor=insp, name="优选商城", operator="优选网络科技有限公司",
                                      registration_no="浙ICP备2019000001号", division_code="330110",
                                      contact="平台治理部 张敏", contact_channel="takedown@youxuan.example")  # fmt: skip
        p2 = services.platform_create(actor=insp, name="快购", operator="快购信息技术有限公司",
                                      registration_no="粤ICP备2020000002号", division_code="440305",
                                      contact="商家管理部 李强", contact_channel="0755-86000000")  # fmt: skip
        customers = list(
            Customer.objects.filter(enterprise__division_code=county, kind__in=["retailer", "online"])[:8]
        )
        names = [c.name for c in customers] or ["岳麓好宝贝母婴商行", "麓山贝贝乐母婴店"]
        sellers = []
        for i, name in enumerate(names[:8]):
            address = (
                customers[i].address if i < len(customers) else ""
            ) or f"长沙市岳麓区麓山南路{10 + i}号"
            sellers.append(services.seller_create(actor=insp, name=name[:200], permit_kind="licence",
                                                  permit_no=f"JY1{county}{i:08d}", address=address,
                                                  division_code=county))  # fmt: skip
        for i, s in enumerate(sellers[:4]):
            services.shop_create(actor=insp, platform=p1 if i % 2 == 0 else p2, shop_id=f"DEMO{i + 1:03d}",
                                 name=f"{s.name[:20]}旗舰店", division_code=county, operator_name=s.name,
                                 registered_address=s.address, seller=s)  # fmt: skip
    out["links"] = services.links_propose(actor=insp)
    for link in CustomerLink.objects.filter(state="proposed")[: max(1, out["links"] // 2)]:
        services.link_decide(actor=insp, link=link, confirm=True)
    rows = ["id,title,店铺ID,平台,经营主体,发货地"]
    shops = list(Shop.objects.select_related("platform", "seller"))
    for n, (title, place) in enumerate(LISTINGS * 4):
        shop = shops[n % len(shops)]
        rows.append(f"DL{n:03d},{title},{shop.shop_id},{shop.platform.name},{shop.operator_name},{place}")
    rows.append(f"DL999,婴儿米粉 治疗厌食,DEMO900,快购,无名母婴贸易,{LISTINGS[0][1]}")
    sweep = label_sweep_create(actor=insp, filename="网络销售排查.csv", data=("\n".join(rows) + "\n").encode(),
                               name="婴幼儿辅助食品网络销售排查（演示）")  # fmt: skip
    from shouhu.labelstore.services import label_sweep_run

    sweep = label_sweep_run(sweep.pk)  # already run where on_commit fired (autocommit); else run here
    if sweep.status == "done":
        link = services.sweep_link_start(actor=insp, sweep=sweep)
        services.sweep_link_run(link.pk)  # likewise: returns at once if the task already ran
        flagged = [s for s in shops if s.listings.filter(finding_count__gt=0).exists()]
        reqs = [services.request_send(actor=insp, shop=s) for s in flagged[:2]]
        if reqs:
            services.request_answer(actor=insp, request=reqs[0], answer_kind="removed",
                                    answer="已下架涉及功能声称的商品，并对店铺警告。")  # fmt: skip
        out["requests"] = len(reqs)
    if sellers:
        services.inspection_open(actor=insp, seller=sellers[0])
    out["sellers"] = Seller.objects.count()
    out["shops"] = Shop.objects.count()
    return out
