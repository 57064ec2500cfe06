"""The audit ledger: entries written with every regulated write, tampering detected, deletion refused."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from shouhu.core import ledger
from shouhu.core.errors import DeletionRefused, ValidationFailed
from shouhu.core.models import AuditEntry
from shouhu.registry import services
from shouhu.registry.models import Enterprise, Person

pytestmark = pytest.mark.django_db


def _person(actor, ent, name="张伟"):
    return services.person_create(
        actor=actor, enterprise=ent, name=name, role="officer", education="bachelor", years_food_work=5
    )


def test_service_write_appends_entry_with_actor_and_snapshot(principal_a, ent_a):
    person = _person(principal_a, ent_a)
    entry = ledger.history(person).get()
    assert entry.actor == principal_a
    assert entry.action == "person.create"
    assert entry.before is None and entry.after["name"] == "张伟"
    assert entry.chain.key == f"enterprise:{ent_a.pk}"


def test_correction_keeps_original_visible_with_who_and_why(principal_a, ent_a):
    person = _person(principal_a, ent_a)
    services.person_update(
        actor=principal_a, person=person, changes={"years_food_work": 7}, reason="核对档案后更正"
    )
    _, second = ledger.history(person)
    assert second.before["years_food_work"] == 5 and second.after["years_food_work"] == 7
    assert second.reason == "核对档案后更正" and second.actor == principal_a
    assert ("years_food_work", 5, 7) in second.changed_fields


def test_change_without_reason_is_refused_and_writes_nothing(principal_a, ent_a):
    person = _person(principal_a, ent_a)
    with pytest.raises(ValidationFailed):
        services.person_update(actor=principal_a, person=person, changes={"years_food_work": 9}, reason=" ")
    person.refresh_from_db()
    assert person.years_food_work == 5
    assert ledger.history(person).count() == 1


def test_deleting_regulated_records_is_refused(principal_a, ent_a):
    person = _person(principal_a, ent_a)
    with pytest.raises(DeletionRefused):
        person.delete()
    with pytest.raises(DeletionRefused):
        Person.objects.filter(pk=person.pk).delete()
    with pytest.raises(DeletionRefused):
        Enterprise.objects.all().delete()
    assert Person.objects.filter(pk=person.pk).exists()


def test_verify_passes_on_untouched_chain(principal_a, ent_a):
    for i in range(3):
        _person(principal_a, ent_a, name=f"员工{i}")
    checked, breaks = ledger.verify(ent_a.pk)
    assert checked == 3 and breaks == []


def test_raw_sql_tampering_is_detected_at_the_altered_entry(principal_a, ent_a):
    people = [_person(principal_a, ent_a, name=f"员工{i}") for i in range(3)]
    target = ledger.history(people[1]).get()
    with connection.cursor() as cur:
        cur.execute("UPDATE core_auditentry SET reason = %s WHERE id = %s", ["篡改", target.pk])
    _, breaks = ledger.verify(ent_a.pk)
    assert len(breaks) == 1 and breaks[0].seq == target.seq and "altered" in breaks[0].problem


def test_raw_sql_removal_is_detected(principal_a, ent_a):
    people = [_person(principal_a, ent_a, name=f"员工{i}") for i in range(3)]
    last = ledger.history(people[2]).get()
    with connection.cursor() as cur:
        cur.execute("DELETE FROM core_auditentry WHERE id = %s", [last.pk])
    _, breaks = ledger.verify(ent_a.pk)
    assert breaks and breaks[0].seq == last.seq


def test_audit_verify_command_exits_nonzero_on_break(principal_a, ent_a, capsys):
    person = _person(principal_a, ent_a)
    call_command("audit", "verify", "--enterprise", str(ent_a.pk))
    assert "OK: 1 entries verified" in capsys.readouterr().out
    with connection.cursor() as cur:
        cur.execute(
            "UPDATE core_auditentry SET after = %s WHERE object_id = %s", ['{"name": "李四"}', str(person.pk)]
        )
    # CommandError is what makes `shouhu audit verify` exit with status 1.
    with pytest.raises(CommandError, match="1 broken chain"):
        call_command("audit", "verify", "--enterprise", str(ent_a.pk))
    assert "BROKEN enterprise:" in capsys.readouterr().err
    assert AuditEntry.objects.count() == 1
