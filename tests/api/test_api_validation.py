"""Bad input: a 422 whose error names the field in Chinese and English, and nothing written.

Covers both sources of refusal: the schema (wrong types, impossible dates, missing or unknown fields) and
the services (USCC, SC number, division code, future dates, cross-field rules).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from apitest import assert_error, call, field_error, row_counts
from endpoints import BY_NAME

pytestmark = pytest.mark.django_db

TOMORROW = str(date.today() + timedelta(days=1))


def _enterprise(world, **overrides):
    body = BY_NAME["enterprise-create"].payload(world, world.a)
    body.update(overrides)
    return body


def _licence(world, **overrides):
    body = BY_NAME["licence-register"].payload(world, world.a)
    body.update(overrides)
    return body


# (who, endpoint, body builder, field, code or None): each must be refused naming `field`.
CASES = [
    # USCC: wrong check character, wrong length, letters the alphabet excludes
    ("county_admin", "enterprise-create", lambda w: _enterprise(w, uscc="91430104MA4L00000X"), "uscc", None),
    ("county_admin", "enterprise-create", lambda w: _enterprise(w, uscc="9143010"), "uscc", "uscc.length"),
    ("county_admin", "enterprise-create", lambda w: _enterprise(w, uscc="I1430104MA4L0000OS"), "uscc", None),
    ("province_admin", "enterprise-update", lambda w: {"uscc": "123", "reason": "更正"}, "uscc", None),
    # division codes: not in GB/T 2260, not a county, not six digits
    (
        "admin_user",
        "enterprise-create",
        lambda w: _enterprise(w, division_code="439999"),
        "division_code",
        None,
    ),
    (
        "admin_user",
        "enterprise-create",
        lambda w: _enterprise(w, division_code="430000"),
        "division_code",
        None,
    ),
    (
        "admin_user",
        "enterprise-create",
        lambda w: _enterprise(w, division_code="43x1"),
        "division_code",
        None,
    ),
    (
        "county_admin",
        "enterprise-create",
        lambda w: _enterprise(w, division_code="430102"),
        "division_code",
        None,
    ),
    (
        "principal_a",
        "site-create",
        lambda w: {"name": "车间", "address": "园区", "division_code": "999999"},
        "division_code",
        "division.unknown",
    ),
    # SC numbers
    ("county_reviewer", "licence-register", lambda w: _licence(w, number="SC10043010400011"), "number", None),
    ("county_reviewer", "licence-register", lambda w: _licence(w, number="SC13099999900011"), "number", None),
    ("county_reviewer", "licence-register", lambda w: _licence(w, number="SC1304301"), "number", None),
    # dates: impossible, malformed, in the future, out of order
    ("county_reviewer", "licence-register", lambda w: _licence(w, issued_on="2026-02-30"), "issued_on", None),
    ("county_reviewer", "licence-register", lambda w: _licence(w, issued_on="30/01/2026"), "issued_on", None),
    (
        "county_reviewer",
        "licence-register",
        lambda w: _licence(w, issued_on=TOMORROW),
        "issued_on",
        "date.future",
    ),
    (
        "county_reviewer",
        "licence-register",
        lambda w: _licence(w, expires_on=str(date.today() - timedelta(days=30))),
        "expires_on",
        "date.order",
    ),
    (
        "officer_a",
        "training-create",
        lambda w: {"held_on": TOMORROW, "topic": "法规", "hours": 2},
        "held_on",
        "date.future",
    ),
    (
        "officer_a",
        "training-create",
        lambda w: {"held_on": "2025-13-01", "topic": "法规", "hours": 2},
        "held_on",
        None,
    ),
    (
        "officer_a",
        "person-update",
        lambda w: {"health_cert_expires_on": "2027-02-29", "reason": "更新"},
        "health_cert_expires_on",
        None,
    ),
    (
        "principal_a",
        "contract-create",
        lambda w: {
            "manufacturer_id": w.b.ent.pk,
            "manufacturer_uscc": w.b.ent.uscc,
            "products": "米粉",
            "starts_on": "2026-06-01",
            "ends_on": "2026-01-01",
        },
        "ends_on",
        "date.order",
    ),
    # types, choices, required and unknown fields
    ("officer_a", "person-create", lambda w: {"name": "王五", "role": "boss"}, "role", "literal_error"),
    ("officer_a", "person-create", lambda w: {"role": "officer"}, "name", "missing"),
    (
        "officer_a",
        "person-create",
        lambda w: {"name": "王五", "role": "officer", "years_food_work": "many"},
        "years_food_work",
        "int_parsing",
    ),
    (
        "officer_a",
        "person-create",
        lambda w: {"name": "王五", "role": "officer", "salary": 1},
        "salary",
        "extra_forbidden",
    ),
    ("officer_a", "person-update", lambda w: {"years_food_work": 9}, "reason", "missing"),
    ("officer_a", "person-update", lambda w: {"years_food_work": 9, "reason": "  "}, "reason", "required"),
    (
        "officer_a",
        "training-create",
        lambda w: {"held_on": "2025-01-02", "topic": "法规", "hours": "NaN"},
        "hours",
        None,
    ),
    (
        "county_reviewer",
        "licence-status",
        lambda w: {"status": "cancelled", "reason": "x"},
        "status",
        "literal_error",
    ),
    ("county_reviewer", "licence-register", lambda w: _licence(w, items=[]), "items", "required"),
    (
        "county_reviewer",
        "licence-register",
        lambda w: _licence(w, items=[{"category": 3001, "variety": "x"}]),
        "items.0.category",
        "string_type",
    ),
    ("county_reviewer", "licence-register", lambda w: _licence(w, site_id=w.b.site.pk), "site_id", None),
    (
        "principal_a",
        "enterprise-update",
        lambda w: {"contact_phone": "12345", "reason": "更正"},
        "contact_phone",
        None,
    ),
    ("principal_a", "enterprise-update", lambda w: {"name": None, "reason": "更正"}, "name", "string_type"),
    (
        "principal_a",
        "enterprise-update",
        lambda w: {"name": "x\x00y", "reason": "更正"},
        "name",
        "string_nul",
    ),
    ("principal_a", "apikey-create", lambda w: {"name": ""}, "name", None),
    ("principal_a", "apikey-revoke", lambda w: {"reason": " "}, "reason", "required"),
]


@pytest.mark.parametrize(
    ("who", "name", "body", "field", "code"), CASES, ids=[f"{c[1]}-{c[3]}-{i}" for i, c in enumerate(CASES)]
)
def test_bad_input_names_the_field_and_writes_nothing(
    who, name, body, field, code, world, request, client_for
):
    client = client_for(request.getfixturevalue(who))
    endpoint = BY_NAME[name]
    before = row_counts()
    resp = call(client, endpoint.method, endpoint.url(world.a), body(world))
    if field == "site_id":  # another enterprise's site is outside the reviewer's county: not found
        assert_error(resp, 404, "not_found")
    else:
        payload = assert_error(resp, 422, "validation_error")
        entry = field_error(payload, field)
        if code:
            assert entry["code"] == code, entry
    assert row_counts() == before


def test_site_of_another_enterprise_in_the_same_county_is_a_field_error(world, county_reviewer, client_for):
    import factories as t

    neighbour_site = t.make_site(t.make_enterprise(t.COUNTY))
    before = row_counts()
    resp = call(
        client_for(county_reviewer),
        "POST",
        f"/registry/enterprises/{world.a.ent.pk}/licences",
        _licence(world, site_id=neighbour_site.pk),
    )
    entry = field_error(assert_error(resp, 422, "validation_error"), "site")
    assert entry["label_en"] == "Production site" and entry["code"] == "site.other_enterprise"
    assert row_counts() == before


def test_service_errors_get_english_labels(world, county_admin, client_for):
    """Model verbose names are Chinese only; the schema's labels complete `label_en`."""
    resp = call(
        client_for(county_admin),
        "POST",
        "/registry/enterprises",
        _enterprise(world, uscc="91430104MA4L00000X"),
    )
    entry = field_error(assert_error(resp, 422, "validation_error"), "uscc")
    assert entry["label_zh"] == "统一社会信用代码"
    assert "credit code" in entry["label_en"].lower()
    assert "校验" in entry["message_zh"] and "check" in entry["message_en"]


def test_licence_with_a_bad_second_item_writes_nothing(world, county_reviewer, client_for):
    """The licence and its first item are saved before the duplicate second item fails: all roll back."""
    item = {"category": "3001", "variety": "米粉"}
    before = row_counts()
    resp = call(
        client_for(county_reviewer),
        "POST",
        f"/registry/enterprises/{world.a.ent.pk}/licences",
        _licence(world, items=[item, item]),
    )
    assert_error(resp, 422, "validation_error")
    assert row_counts() == before


@pytest.mark.parametrize(
    "raw",
    [b"{not json", b"[]", b"42", b'"text"', b"null", '{"name": "\u738b"'.encode(), b"\xff\xfe"],
    ids=["broken", "list", "number", "string", "null", "truncated", "not-utf8"],
)
def test_unparseable_or_non_object_body_is_a_4xx_in_the_error_shape(raw, world, officer_a, client_for):
    before = row_counts()
    resp = client_for(officer_a).post(
        f"/api/v1/registry/enterprises/{world.a.ent.pk}/people", data=raw, content_type="application/json"
    )
    assert 400 <= resp.status_code < 500, resp.content
    body = assert_error(resp, resp.status_code, "validation_error")
    assert body["details"]["fields"], body  # names what was wrong: the body itself, or its fields
    field_error(body, body["details"]["fields"][0]["field"])
    assert row_counts() == before


@pytest.mark.parametrize(
    "query",
    [
        "division=12",
        "division=4301x4",
        "scale=huge",
        "licence_status=gone",
        "page=0",
        "page=99999999999",
        "page_size=0",
    ],
)
def test_bad_list_filters_are_422_naming_the_parameter(query, world, principal_a, client_for):
    resp = call(client_for(principal_a), "GET", f"/registry/enterprises?{query}")
    field_error(assert_error(resp, 422, "validation_error"), query.split("=")[0])


@pytest.mark.parametrize(
    "path",
    [
        "/registry/enterprises/abc",
        "/registry/licences/0",
        "/training/people/99999999999999999999999/trainings",
    ],
)
def test_bad_ids_are_422_not_500(path, world, officer_a, client_for):
    method = "POST" if path.endswith("trainings") else "GET"
    body = {"held_on": "2025-01-02", "topic": "法规", "hours": 1} if method == "POST" else None
    resp = call(client_for(officer_a), method, path, body)
    assert_error(resp, 422, "validation_error")


def test_unknown_id_is_404_in_the_error_shape(world, officer_a, client_for):
    assert_error(call(client_for(officer_a), "GET", "/registry/licences/987654321"), 404, "not_found")
