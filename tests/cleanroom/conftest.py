from __future__ import annotations

import factories as t
import pytest

from shouhu.core.roles import Role


@pytest.fixture
def ent(db):
    e = t.make_enterprise(t.COUNTY, name="岳麓禾苗婴幼儿食品有限公司")
    t.make_licence(e)
    return e


@pytest.fixture
def other(db):
    return t.make_enterprise(t.COUNTY, name="另一家婴幼儿食品有限公司")


@pytest.fixture
def qa(ent):
    return t.make_user(Role.QA, enterprise=ent, username="cr_qa", display_name="周质检")


@pytest.fixture
def principal(ent):
    return t.make_user(Role.PRINCIPAL, enterprise=ent, username="cr_principal", display_name="王负责")


@pytest.fixture
def inspector(db):
    return t.make_user(Role.INSPECTOR, division_code=t.COUNTY, username="cr_insp")


@pytest.fixture
def zone(ent, principal):
    from shouhu.cleanroom import services

    z = services.zone_create(
        actor=principal, enterprise_id=ent.pk, code="C01", name="内包装间", grade="clean"
    )
    services.room_create(actor=principal, zone=z, name="内包间一", volume_m3=120, vent_area_m2="0.2")
    services.line_create(actor=principal, zone=z, name="罐装线1")
    return z
