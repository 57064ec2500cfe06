"""Trace fixtures (same as tests/production): an enterprise with staff, an approved supplier, materials and a cereal product."""

from __future__ import annotations

import pytest

from shouhu.core import testing as t
from shouhu.core.roles import Role


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
