from __future__ import annotations

from datetime import timedelta

import factories as t
import pytest
from django.utils import timezone

from shouhu.core.roles import Role


@pytest.fixture
def ent(db):
    e = t.make_enterprise(t.COUNTY, name="岳麓禾苗婴幼儿食品有限公司", scale="medium")
    t.make_licence(e)
    return e


@pytest.fixture
def people(ent):
    return {
        role: t.make_user(role, enterprise=ent, username=f"sc_{role}", display_name=f"{role}人")
        for role in (Role.PRINCIPAL, Role.DIRECTOR, Role.OFFICER, Role.QA)
    }


@pytest.fixture
def county(db):
    return t.make_user(Role.INSPECTOR, division_code=t.COUNTY, username="sc_yuelu")


@pytest.fixture
def adopted(ent, people):
    from shouhu.selfcontrol.services import risklist_generate

    return risklist_generate(
        actor=people[Role.PRINCIPAL], enterprise=ent, adopted_on=timezone.localdate() - timedelta(days=60)
    )


@pytest.fixture
def daily_points(adopted):
    return adopted.versions.get(number=1).live_points("daily")
