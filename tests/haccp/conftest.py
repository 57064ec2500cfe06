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
def principal(ent):
    return t.make_user(Role.PRINCIPAL, enterprise=ent, username="hc_principal", display_name="王负责")


@pytest.fixture
def qa(ent):
    return t.make_user(Role.QA, enterprise=ent, username="hc_qa", display_name="周质检")


@pytest.fixture
def product(ent):
    return t.make_product(ent, category="3002", attributes={"contains_meat_or_fish": True})


@pytest.fixture
def signed(principal, product):
    """A 3002 plan in force: every hazard decided, the sterilization hazard a CCP (F0-style own limits)."""
    from shouhu.haccp import services
    from shouhu.haccp.models import Hazard

    plan = services.plan_create(actor=principal, product=product, title="猪肉泥HACCP计划", leader=principal)
    version = plan.versions.get()
    for h in Hazard.objects.filter(version=version):
        ccp = h.step.name == "杀菌"
        services.hazard_decide(actor=principal, hazard=h, answers={"q1": True, "q2": ccp, "q3": False})
    sterile = Hazard.objects.get(version=version, step__name="杀菌")
    services.ccp_set(actor=principal, hazard=sterile, **STERILE)
    services.version_sign(actor=principal, version=version)
    return plan


STERILE = {
    "parameter": "温度", "unit": "℃", "limit_min": 121, "limit_max": None, "document": "Q/HM 0001—2026 杀菌操作规程",
    "monitor_what": "杀菌釜温度", "monitor_how": "自动温度记录仪", "times": 1, "per": "batch", "monitor_who": "杀菌工",
    "corrective_action": "重新杀菌或隔离评估", "verification": "每日复核温度记录",
}  # fmt: skip
