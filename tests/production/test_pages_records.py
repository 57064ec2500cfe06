"""附件1 record pages: forms built from the rule's required fields (the ones the API checks), inline
refusal of a missing field, and corrections under 第七十条 that keep the original visible with who/when/why."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from shouhu.production import annex1, rulebook
from shouhu.production.models import Record

pytestmark = pytest.mark.django_db

GENERIC = next(n for n in range(1, 33) if n not in annex1.DEDICATED)


def fields(number):
    return rulebook.record_fields(number, date.today())[2]


def test_index_lists_all_32_with_their_required_fields(client, officer_a):
    client.force_login(officer_a)
    body = client.get(reverse("production:records")).content.decode()
    for home in annex1.homes(date.today()):
        assert home["name"] in body and "、".join(home["fields"]) in body


def test_form_has_one_input_per_rule_field_and_refuses_a_missing_one_inline(client, officer_a):
    client.force_login(officer_a)
    url = reverse("production:record-list", args=[GENERIC])
    required = fields(GENERIC)
    body = client.get(url).content.decode()
    assert all(f"{f}</label>" in body for f in required)
    post = {"occurred_on": date.today().isoformat(), **{f"f{n}": "x" for n in range(len(required))}}
    post["f0"] = ""
    r = client.post(url, post)
    assert r.status_code == 422 and 'data-testid="field-error"' in r.content.decode()
    assert not Record.objects.exists()


def test_create_then_correct_keeps_the_original_with_who_when_why(client, officer_a):
    client.force_login(officer_a)
    required = fields(GENERIC)
    post = {"occurred_on": date.today().isoformat(), **{f"f{n}": f"原值{n}" for n in range(len(required))}}
    r = client.post(reverse("production:record-list", args=[GENERIC]), post)
    record = Record.objects.get()
    assert r.status_code == 302 and record.data == {f: f"原值{n}" for n, f in enumerate(required)}

    fix = {**{f"f{n}": f"原值{n}" for n in range(len(required))}, "f0": "更正值", "reason": "笔误"}
    r = client.post(reverse("production:record", args=[record.pk]), fix, follow=True)
    body = r.content.decode()
    record.refresh_from_db()
    assert record.data[required[0]] == "更正值"
    assert body.count('data-testid="version"') == 2
    assert "原值0" in body and "更正值" in body and "笔误" in body and "officer_a" in body

    r = client.post(reverse("production:record", args=[record.pk]), {**fix, "reason": ""})
    assert r.status_code == 422


def test_dedicated_record_numbers_have_no_generic_form(client, officer_a):
    client.force_login(officer_a)
    dedicated = next(iter(annex1.DEDICATED))
    assert client.get(reverse("production:record-list", args=[dedicated])).status_code == 404
