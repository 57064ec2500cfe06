"""API test fixtures: a world of three enterprises with one of everything, clients per role, helpers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import factories as t
import pytest
from django.test import Client

from shouhu.core.roles import Role


@dataclass
class Objects:
    """One enterprise's objects, for building URLs."""

    ent: Any
    site: Any
    licence: Any
    person: Any
    key: Any
    raw_key: str


@dataclass
class World:
    a: Objects  # 岳麓区 (county_inspector's county), principal_a's enterprise
    b: Objects  # 芙蓉区: same city (长沙), other county
    c: Objects  # 株洲天元区: other city
    contract_ab: Any  # A 委托 B: visible to A and B
    contract_bc: Any  # B 委托 C: visible to B and C, not A


def _objects(ent) -> Objects:
    site = t.make_site(ent)
    licence = t.make_licence(ent, site=site)
    person = t.make_person(ent)
    key, raw = t.make_api_key(ent)
    return Objects(ent, site, licence, person, key, raw)


@pytest.fixture
def world(ent_a, ent_b, ent_c) -> World:
    a, b, c = _objects(ent_a), _objects(ent_b), _objects(ent_c)
    return World(a, b, c, t.make_contract(ent_a, ent_b), t.make_contract(ent_b, ent_c))


@pytest.fixture
def client_for(db):
    """client_for(user) → a Django test client logged in as that user (None: anonymous)."""

    def make(user=None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def director_a(ent_a):
    return t.make_user(Role.DIRECTOR, enterprise=ent_a, username="director_a")


@pytest.fixture
def officer_a(ent_a):
    return t.make_user(Role.OFFICER, enterprise=ent_a, username="officer_a")


@pytest.fixture
def principal_b(ent_b):
    return t.make_user(Role.PRINCIPAL, enterprise=ent_b, username="principal_b")


@pytest.fixture
def county_reviewer(db):
    """Reviewer of 岳麓区 only (may register licences there)."""
    return t.make_user(Role.REVIEWER, division_code=t.COUNTY, username="reviewer_yuelu")


@pytest.fixture
def county_admin(db):
    return t.make_user(Role.JURISDICTION_ADMIN, division_code=t.COUNTY, username="admin_yuelu")
