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
