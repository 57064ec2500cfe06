"""Tenancy: enterprise staff see their enterprise; regulators their jurisdiction's subtree."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shouhu.core import access
from shouhu.core.errors import NotFound, PermissionDenied
from shouhu.registry import selectors, services

pytestmark = pytest.mark.django_db


def names(qs):
    return {e.name for e in qs}


def test_enterprise_staff_see_only_their_enterprise(principal_a, ent_a, ent_b, ent_c):
    assert names(selectors.enterprise_list(principal_a)) == {ent_a.name}
    with pytest.raises(NotFound):
        selectors.enterprise_get(principal_a, ent_b.pk)


def test_county_inspector_cannot_see_another_county(county_inspector, ent_a, ent_b, ent_c):
    assert names(selectors.enterprise_list(county_inspector)) == {ent_a.name}
    with pytest.raises(NotFound):
        selectors.enterprise_get(county_inspector, ent_b.pk)


def test_city_sees_its_counties_and_province_sees_all(city_reviewer, province_admin, ent_a, ent_b, ent_c):
    assert names(selectors.enterprise_list(city_reviewer)) == {ent_a.name, ent_b.name}
    assert names(selectors.enterprise_list(province_admin)) == {ent_a.name, ent_b.name, ent_c.name}


def test_anonymous_sees_nothing(ent_a):
    from django.contrib.auth.models import AnonymousUser

    assert not selectors.enterprise_list(AnonymousUser()).exists()


def test_role_without_permission_is_refused(county_inspector, ent_a):
    with pytest.raises(PermissionDenied):
        services.person_create(actor=county_inspector, enterprise=ent_a, name="王五", role="officer")


def test_writing_into_another_enterprise_is_not_found(principal_a, ent_b):
    with pytest.raises(NotFound):
        services.person_create(actor=principal_a, enterprise=ent_b, name="王五", role="officer")


@given(st.sampled_from(["430000", "430100", "430104", "110000", "110101", "659001"]))
def test_division_prefix_contains_the_division_itself(code):
    assert code.startswith(access.division_prefix(code))


@pytest.mark.parametrize(
    ("code", "ok"),
    [
        ("430104", True),
        ("441900", True),
        ("110101", True),
        ("430100", False),
        ("110100", False),
        ("43", False),
        ("999999", False),
    ],
)
def test_enterprise_division_must_be_a_county_or_a_city_without_counties(code, ok):
    from django.core.exceptions import ValidationError

    from shouhu.registry import validators

    if ok:
        validators.county_division(code)
    else:
        with pytest.raises(ValidationError):
            validators.county_division(code)
