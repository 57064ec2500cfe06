"""Licence items are checked against 细则表1 through the rules engine."""

from __future__ import annotations

import pytest

from shouhu.core.errors import ValidationFailed
from shouhu.registry import catalogue


def test_categories_and_varieties_come_from_table1():
    cats = catalogue.categories()
    assert cats["3001"] == "婴幼儿谷类辅助食品"
    assert set(cats) == {"3001", "3002", "3003"}
    assert "颗粒状罐装食品" in catalogue.varieties("3002")


def test_valid_item_passes():
    catalogue.check_item("SC13043010400011", {"category": "3001", "variety": "婴幼儿谷物辅助食品"})


@pytest.mark.parametrize(
    ("number", "item", "field"),
    [
        ("SC13043010400011", {"category": "3004", "variety": "婴幼儿谷物辅助食品"}, "items.category"),
        ("SC13043010400011", {"category": "3001", "variety": "颗粒状罐装食品"}, "items.variety"),
        ("SC10643010400011", {"category": "3001", "variety": "婴幼儿谷物辅助食品"}, "number"),
    ],
)
def test_invalid_items_name_the_field_and_cite_table1(number, item, field):
    with pytest.raises(ValidationFailed) as exc:
        catalogue.check_item(number, item)
    err = exc.value.details["fields"][0]
    assert err["field"] == field
    assert err["message_zh"] and err["message_en"] and "《" in err["basis"]


@pytest.mark.django_db
def test_enterprise_staff_cannot_change_identity_fields_but_regulators_can(
    principal_a, province_admin, ent_a
):
    from shouhu.core.errors import PermissionDenied
    from shouhu.registry import services

    with pytest.raises(PermissionDenied):
        services.enterprise_update(
            actor=principal_a, enterprise=ent_a, changes={"name": "新名称有限公司"}, reason="更名"
        )
    services.enterprise_update(
        actor=principal_a, enterprise=ent_a, changes={"contact_name": "李四"}, reason="换联系人"
    )
    services.enterprise_update(
        actor=province_admin, enterprise=ent_a, changes={"name": "新名称有限公司"}, reason="许可变更"
    )
    ent_a.refresh_from_db()
    assert ent_a.name == "新名称有限公司" and ent_a.contact_name == "李四"


@pytest.mark.django_db
def test_renewal_api_says_plainly_when_the_expiry_year_calendar_is_missing(principal_a, ent_a, monkeypatch):
    from datetime import date

    import factories as t
    from django.test import Client

    from shouhu.core import workdays

    t.make_licence(ent_a, issued_on=date(2023, 1, 5), expires_on=date(2028, 1, 20))

    def not_loaded(d, n):
        raise workdays.CalendarNotLoaded(2028)

    monkeypatch.setattr(workdays, "add_working_days", not_loaded)
    monkeypatch.setattr("shouhu.registry.selectors.today", lambda: date(2027, 11, 10))
    c = Client()
    c.force_login(principal_a)
    r = c.get("/api/v1/registry/licences/renewal-due")
    assert r.status_code == 503
    assert r.json()["code"] == "calendar_not_loaded" and r.json()["details"]["year"] == 2028
