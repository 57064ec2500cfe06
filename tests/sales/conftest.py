"""A sales world: an inspector of 岳麓区 and one of 芙蓉区, an enterprise principal, two platforms, one
seller with one registered shop; helpers to run a sweep and tie it to shops."""

from __future__ import annotations

import sys
from pathlib import Path

import factories as t
import pytest

from shouhu.core.roles import Role
from shouhu.labelstore.services import label_sweep_create
from shouhu.sales import services

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))  # apitest.row_counts

HEADER = "id,title,店铺ID,平台,经营主体,发货地\n"
ROWS = [
    "L1,婴儿米粉 增强免疫力 预防感冒,S100,优选商城,长沙好宝贝母婴商行,湖南省长沙市岳麓区",
    "L2,婴儿米粉 原味,S100,优选商城,长沙好宝贝母婴商行,浙江省杭州市余杭区",
    "L3,婴幼儿面条 治疗腹泻,S200,优选商城,无名贸易,湖南省长沙市岳麓区",
    "L4,辅食果泥,S300,快购,长沙好宝贝母婴商行,湖南省长沙市岳麓区",
]


@pytest.fixture
def world(db):
    insp = t.make_user(Role.INSPECTOR, division_code=t.COUNTY, username="insp_sales")
    other = t.make_user(Role.INSPECTOR, division_code=t.OTHER_COUNTY, username="insp_sales_b")
    owner = t.make_user(Role.PRINCIPAL, enterprise=t.make_enterprise(t.COUNTY), username="p_sales")
    p1 = services.platform_create(actor=insp, name="优选商城", operator="优选网络科技有限公司",
                                  registration_no="ICP-001", division_code="330110", contact="张三",
                                  contact_channel="takedown@youxuan.example")  # fmt: skip
    p2 = services.platform_create(actor=insp, name="快购", operator="快购科技有限公司", registration_no="ICP-002",
                                  division_code="440305", contact="李四", contact_channel="0755-1234")  # fmt: skip
    seller = services.seller_create(actor=insp, name="长沙好宝贝母婴商行", permit_kind="licence",
                                    permit_no="JY14301040000001", address="长沙市岳麓区麓山南路8号",
                                    division_code=t.COUNTY)  # fmt: skip
    shop = services.shop_create(actor=insp, platform=p1, shop_id="S100", name="好宝贝旗舰店",
                                division_code=t.COUNTY, operator_name="长沙好宝贝母婴商行",
                                registered_address="湖南省长沙市岳麓区麓山南路8号", seller=seller)  # fmt: skip
    return locals()


def _sweep(actor, capture, text):
    with capture(execute=True):
        return label_sweep_create(actor=actor, filename="listings.csv", data=text.encode())


def _linked(w, capture, rows=ROWS):
    sweep = _sweep(w["insp"], capture, HEADER + "\n".join(rows) + "\n")
    sweep.refresh_from_db()
    with capture(execute=True):
        link = services.sweep_link_start(actor=w["insp"], sweep=sweep)
    link.refresh_from_db()
    return sweep, link
