from __future__ import annotations

import factories as t
import pytest

from shouhu.core.roles import Role
from shouhu.core.system import SYSTEM


@pytest.fixture
def ent(db):
    e = t.make_enterprise(t.COUNTY, name="岳麓禾苗婴幼儿食品有限公司", scale="medium")
    t.make_licence(e)
    return e


@pytest.fixture
def other(db):
    return t.make_enterprise(t.COUNTY, name="另一家婴幼儿食品有限公司")


@pytest.fixture
def bank(db):
    from shouhu.training.services import bank_sync

    return bank_sync(actor=SYSTEM)


@pytest.fixture
def principal(ent):
    return t.make_user(Role.PRINCIPAL, enterprise=ent, username="tr_principal", display_name="王负责")


@pytest.fixture
def officer_login(ent):
    return t.make_user(Role.OFFICER, enterprise=ent, username="tr_officer", display_name="李安全")


@pytest.fixture
def officer(ent):
    return t.make_person(ent, role="officer", name="李安全")


@pytest.fixture
def inspector(db):
    return t.make_user(Role.INSPECTOR, division_code=t.COUNTY, username="tr_insp", display_name="赵检查")
