"""Shared fixtures: a small jurisdiction tree with enterprises and a user of each role."""

from __future__ import annotations

import factories as t
import pytest

from shouhu.core.roles import Role


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache, so counters kept there (rate limits) never leak between tests."""
    from django.conf import settings

    if settings.configured:  # pure-Python suites (rules, labels) also run with -p no:django
        from django.core.cache import cache

        cache.clear()
    yield


@pytest.fixture
def ent_a(db):
    return t.make_enterprise(t.COUNTY, name="岳麓禾苗婴幼儿食品有限公司")


@pytest.fixture
def ent_b(db):
    return t.make_enterprise(t.OTHER_COUNTY, name="芙蓉康贝营养食品有限公司")


@pytest.fixture
def ent_c(db):
    return t.make_enterprise(t.OTHER_CITY_COUNTY, name="株洲天元辅食有限公司")


@pytest.fixture
def admin_user(db):
    return t.make_user(Role.PLATFORM_ADMIN, username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def principal_a(ent_a):
    return t.make_user(Role.PRINCIPAL, enterprise=ent_a, username="principal_a")


@pytest.fixture
def officer_b(ent_b):
    return t.make_user(Role.OFFICER, enterprise=ent_b, username="officer_b")


@pytest.fixture
def county_inspector(db):
    """Inspector of 岳麓区 only."""
    return t.make_user(Role.INSPECTOR, division_code=t.COUNTY, username="inspector_yuelu")


@pytest.fixture
def city_reviewer(db):
    """Reviewer of 长沙市 (both Yuelu and Furong, not Zhuzhou)."""
    return t.make_user(Role.REVIEWER, division_code=t.CITY, username="reviewer_changsha")


@pytest.fixture
def province_admin(db):
    return t.make_user(Role.JURISDICTION_ADMIN, division_code=t.PROVINCE, username="admin_hunan")


# ---- production world, shared by tests/production and tests/trace --------------------------------------
@pytest.fixture
def qa_a(ent_a):
    return t.make_user(Role.QA, enterprise=ent_a, username="qa_a")


@pytest.fixture
def officer_a(ent_a):
    return t.make_user(Role.OFFICER, enterprise=ent_a, username="officer_a")


@pytest.fixture
def staff(ent_a):
    """Two people on the line: one weighs, the other checks (第五十四条)."""
    return t.make_person(ent_a, name="李配料"), t.make_person(ent_a, name="王复核")


@pytest.fixture
def supplier(ent_a):
    return t.make_supplier(ent_a, name="湘米粮油有限公司")


@pytest.fixture
def rice(ent_a):
    return t.make_material(ent_a, name="大米", code="RM-RICE", tags=["rice"], main=True)


@pytest.fixture
def product(ent_a):
    return t.make_product(ent_a, name="婴幼儿营养米粉", category="3001")


@pytest.fixture
def lot(rice, supplier):
    return t.make_lot(rice, supplier, quantity=100)


@pytest.fixture
def batch(product):
    return t.make_batch(product, number="B20261101")
