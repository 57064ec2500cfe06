"""Page fixtures: the shared jurisdiction tree (tests/conftest.py) with licences, people, history."""

from __future__ import annotations

from datetime import date, timedelta

import factories as t
import pytest

from shouhu.registry import services


@pytest.fixture
def world(ent_a, ent_b, ent_c, admin_user):
    """Each enterprise has a licence, a person and a site; A's licence was suspended and reinstated."""
    lic_a = t.make_licence(ent_a, expires_on=date.today() + timedelta(days=40))
    lic_b = t.make_licence(ent_b, category="3002", variety="泥（糊）状罐装食品")
    lic_c = t.make_licence(ent_c, category="3003", variety="辅食营养素补充食品")
    t.make_person(
        ent_a, name="王秀兰", role="director", health_cert_expires_on=date.today() + timedelta(days=10)
    )
    t.make_person(ent_b, name="李建国", role="officer")
    t.make_person(ent_c, name="张伟", role="principal")
    t.make_site(ent_a, name="岳麓一号车间")
    t.make_contract(ent_a, ent_c, products="婴幼儿米粉")
    services.licence_set_status(
        actor=admin_user, licence=lic_a, status="suspended", reason="飞行检查发现问题，责令整改"
    )
    services.licence_set_status(actor=admin_user, licence=lic_a, status="active", reason="整改完成，恢复生产")
    return {"a": (ent_a, lic_a), "b": (ent_b, lic_b), "c": (ent_c, lic_c)}
