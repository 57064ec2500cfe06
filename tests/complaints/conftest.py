from __future__ import annotations

import io
import sys
from pathlib import Path

import factories as t
import pytest
from PIL import Image

from shouhu.core.roles import Role

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))  # apitest.row_counts


@pytest.fixture
def ent(db):
    e = t.make_enterprise(t.COUNTY, name="岳麓禾苗婴幼儿食品有限公司")
    t.make_licence(e)
    return e


@pytest.fixture
def county(db):
    return t.make_user(
        Role.INSPECTOR, division_code=t.COUNTY, username="ts_yuelu", display_name="岳麓区检查员"
    )


@pytest.fixture
def county_admin(db):
    return t.make_user(Role.JURISDICTION_ADMIN, division_code=t.COUNTY, username="ts_yuelu_admin")


@pytest.fixture
def other_county(db):
    return t.make_user(Role.INSPECTOR, division_code=t.OTHER_COUNTY, username="ts_furong")


@pytest.fixture
def principal(ent):
    return t.make_user(Role.PRINCIPAL, enterprise=ent, username="ts_principal")


def png(size: tuple[int, int] = (8, 8)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def complaint(ent=None, **over):
    data = {
        "kind": "complaint",
        "description": "买到的米粉有异味，孩子吃后腹泻",
        "enterprise_name": ent.name if ent is not None else "",
        "contact_name": "王女士",
        "contact_phone": "13800000001",
        "consent_forward": True,
    }
    return {**data, **over}
