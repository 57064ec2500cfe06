"""Never a 500 on any input: random JSON to every write endpoint, random query strings to every list.

Bodies mix the endpoint's real field names with odd values (impossible dates, huge numbers, NaN, NUL
characters, nested junk) and junk keys, as the most privileged caller (a platform admin) so that input
reaches the services rather than stopping at a permission check.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from apitest import API, assert_error
from endpoints import ENDPOINTS, WRITE_ENDPOINTS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shouhu.accounts import schemas as account_schemas
from shouhu.registry import schemas as s
from shouhu.training import schemas as training_schemas

pytestmark = pytest.mark.django_db

FIELDS = {
    "enterprise-create": s.EnterpriseIn,
    "enterprise-update": s.EnterpriseUpdateIn,
    "site-create": s.SiteIn,
    "licence-register": s.LicenceIn,
    "licence-status": s.LicenceStatusIn,
    "person-create": s.PersonIn,
    "person-update": s.PersonUpdateIn,
    "training-create": training_schemas.PersonTrainingIn,
    "contract-create": s.ContractIn,
    "apikey-create": account_schemas.ApiKeyIn,
    "apikey-revoke": account_schemas.ApiKeyRevokeIn,
}
FILTERS = {
    "enterprise-list": s.EnterpriseFilters,
    "licence-list": s.LicenceFilters,
    "person-list": s.PersonFilters,
    "contract-list": s.ContractFilters,
    "apikey-list": account_schemas.ApiKeyFilters,
}

ODD_STRINGS = st.sampled_from(
    [
        "2026-02-30", "2025-13-01", "9999-12-31", "0001-01-01", "2026-01-01T25:00:00", "1e400", "-0", "NaN",
        "Infinity", "123456.78", "430104", "000000", "99999999999999999999", "SC13043010400011",
        "91430104MA4L00000X", "\x00", "a\x00b", "x" * 5000, "王" * 301, "' OR 1=1 --", "", " ", "null",
        "active", "officer", "3001", "\ud7ff", "\U0001f600",
    ]
)  # fmt: skip
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([0, -1, 2**31, 2**63, -(2**63) - 1, 10**30])
    | st.floats()
    | st.text(max_size=20)
    | ODD_STRINGS
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


def _bodies(schema):
    names = list(schema.model_fields)
    item = st.fixed_dictionaries({}, optional={"category": VALUES, "variety": VALUES, "standard": VALUES})
    values = {n: (st.lists(item | VALUES, max_size=3) | VALUES) if n == "items" else VALUES for n in names}
    return (
        st.fixed_dictionaries({}, optional=values)
        | st.fixed_dictionaries({}, optional=values).flatmap(
            lambda d: st.dictionaries(st.text(max_size=10), VALUES, max_size=2).map(
                lambda extra: {**extra, **d}
            )
        )
        | VALUES
    )


FUZZ = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


@pytest.mark.parametrize("endpoint", WRITE_ENDPOINTS, ids=str)
def test_random_json_never_gets_a_500(endpoint, world, admin_user, client_for):
    client = client_for(admin_user)
    url = API + endpoint.url(world.a)

    @FUZZ
    @given(body=_bodies(FIELDS[endpoint.name]))
    def post(body):
        resp = getattr(client, endpoint.method.lower())(url, data=body, content_type="application/json")
        assert resp.status_code < 500, (body, resp.content[:500])
        if resp.status_code >= 400:
            assert_error(resp, resp.status_code, resp.json()["code"])

    post()


PLAUSIBLE = (
    st.dates().map(str)
    | st.text(max_size=30)
    | ODD_STRINGS
    | st.integers(-5, 10**6)
    | st.decimals(allow_nan=False, allow_infinity=False, places=2).map(str)
)


@pytest.mark.parametrize("endpoint", WRITE_ENDPOINTS, ids=str)
def test_valid_bodies_with_odd_fields_never_get_a_500(endpoint, world, admin_user, client_for):
    """Start from a valid body and change or drop a few fields, so input gets past the schema into the
    services and the database (which is where a 500 would hide)."""
    client = client_for(admin_user)
    url = API + endpoint.url(world.a)
    names = list(FIELDS[endpoint.name].model_fields)

    @FUZZ
    @given(
        changes=st.dictionaries(st.sampled_from(names), PLAUSIBLE | VALUES, max_size=3),
        drop=st.sets(st.sampled_from(names), max_size=1),
    )
    def post(changes, drop):
        body = {**(endpoint.payload(world, world.a) or {}), **changes}
        for name in drop:
            body.pop(name, None)
        resp = getattr(client, endpoint.method.lower())(url, data=body, content_type="application/json")
        assert resp.status_code < 500, (body, resp.content[:500])
        if resp.status_code >= 400:
            assert_error(resp, resp.status_code, resp.json()["code"])

    post()


@pytest.mark.parametrize("endpoint", WRITE_ENDPOINTS, ids=str)
def test_random_bytes_never_get_a_500(endpoint, world, admin_user, client_for):
    client = client_for(admin_user)
    url = API + endpoint.url(world.a)

    @FUZZ
    @given(raw=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
    def post(raw):
        resp = getattr(client, endpoint.method.lower())(url, data=raw, content_type="application/json")
        assert resp.status_code < 500, (raw, resp.content[:500])
        assert_error(resp, resp.status_code, resp.json()["code"])

    post()


LISTS = [e for e in ENDPOINTS if e.name in FILTERS]


@pytest.mark.parametrize("endpoint", LISTS, ids=str)
def test_random_query_strings_never_get_a_500(endpoint, world, admin_user, client_for):
    client = client_for(admin_user)
    names = [*FILTERS[endpoint.name].model_fields, "page", "page_size"]
    text = st.text(max_size=30) | ODD_STRINGS | st.integers().map(str)

    @FUZZ
    @given(query=st.dictionaries(st.sampled_from(names) | st.text(max_size=5), text, max_size=4))
    def get(query):
        resp = client.get(f"{API}{endpoint.url(world.a)}?{urlencode(query)}")
        assert resp.status_code < 500, (query, resp.content[:500])

    get()
