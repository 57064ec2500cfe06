"""core.services.validate: full_clean's checks and messages, without re-reading a foreign key's held target."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shouhu.core.errors import ValidationFailed
from shouhu.core.services import validate
from shouhu.registry.models import Enterprise, Person

pytestmark = pytest.mark.django_db


def _person(**fields) -> Person:
    base = {"name": "张伟", "role": "officer", "education": "bachelor", "years_food_work": 5}
    return Person(**(base | fields))


def _enterprise_reads(queries) -> list[str]:
    table = Enterprise._meta.db_table
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("SELECT") and table in q["sql"]]


def test_a_held_target_is_not_read_again(ent_a):
    with CaptureQueriesContext(connection) as queries:
        validate(_person(enterprise=ent_a))
    assert _enterprise_reads(queries.captured_queries) == []


def test_a_bare_id_is_still_checked_and_refused_when_missing(ent_a):
    with CaptureQueriesContext(connection) as queries:
        validate(_person(enterprise_id=ent_a.pk))
    assert len(_enterprise_reads(queries.captured_queries)) == 1
    with pytest.raises(ValidationFailed) as refused:
        validate(_person(enterprise_id=ent_a.pk + 10_000))
    assert [f["field"] for f in refused.value.details["fields"]] == ["enterprise"]


def test_an_unsaved_target_is_refused_as_full_clean_would(ent_a):
    unsaved = Enterprise(name="未保存企业")
    person = _person(enterprise=ent_a)
    person.enterprise = unsaved
    with pytest.raises((ValidationFailed, ValueError)):
        validate(person)


def test_field_errors_and_model_checks_are_all_reported_together(ent_a):
    with pytest.raises(ValidationFailed) as refused:
        validate(_person(enterprise=ent_a, name="", role="nobody"))
    fields = {f["field"] for f in refused.value.details["fields"]}
    assert {"name", "role"} <= fields


def test_excluded_fields_are_not_checked(ent_a):
    validate(_person(enterprise=ent_a, role="nobody"), exclude=["role"])
