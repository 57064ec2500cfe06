"""The audit ledger: entries written with every regulated write, tampering detected, deletion refused."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from shouhu.core import ledger
from shouhu.core.errors import DeletionRefused, ValidationFailed
from shouhu.core.models import AuditEntry
from shouhu.registry import services
from shouhu.registry.events import RegistryAction
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
    assert entry.action == "registry.person.create"
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


def test_append_many_continues_the_chain_with_the_same_hash_as_record(principal_a, ent_a):
    from django.db import transaction

    first = _person(principal_a, ent_a, name="甲")
    people = [_person(principal_a, ent_a, name=f"乙{i}") for i in range(3)]
    with transaction.atomic():
        ids = ledger.append_many(
            actor=principal_a,
            enterprise_id=ent_a.pk,
            entries=[
                ledger.NewEntry(
                    action=RegistryAction.PERSON_UPDATE,
                    object_type="registry.Person",
                    object_id=str(p.pk),
                    object_repr=str(p),
                    before=ledger.snapshot(p),
                    after={**ledger.snapshot(p), "major": "食品科学"},
                    reason="批量更正",
                )
                for p in people
            ],
        )
    _person(principal_a, ent_a, name="丙")  # and record() continues after the bulk entries
    bulk = list(AuditEntry.objects.filter(pk__in=ids).order_by("seq"))
    assert [e.seq for e in bulk] == [5, 6, 7] and {e.hash_version for e in bulk} == {ledger.HASH_VERSION}
    for e in bulk:  # what verify recomputes is what append_many stored
        assert e.hash == ledger.entry_hash(e, e.chain.key) and e.actor == principal_a
    one = ledger.history(first).get()
    assert one.hash == ledger.entry_hash(one, one.chain.key)
    checked, breaks = ledger.verify(ent_a.pk)
    assert checked == 8
    # the rows were not changed, so the bulk entries' snapshots now disagree with them: named per row
    assert sorted(b.chain for b in breaks) == sorted(f"registry.Person id={p.pk}" for p in people)
    assert all(b.problem.endswith(": major") for b in breaks)


def test_v2_canonical_form_is_the_same_for_what_databases_return():
    from datetime import UTC, datetime, timedelta, timezone

    a = ledger.canonical_json({"q": 1.0, "n": 10, "big": 1e16, "s": "1", "l": [0.5, True, None]})
    b = ledger.canonical_json({"q": 1, "n": 10.0, "big": 10**16, "s": "1", "l": [0.50, True, None]})
    assert a == b and a["s"] != a["q"]  # numbers normalised, but 1 and "1" differ
    at = datetime(2026, 3, 1, 8, 0, 0, 123456, tzinfo=timezone(timedelta(hours=8)))
    assert ledger.time_text(at) == "2026-03-01T00:00:00.123Z"
    assert ledger.to_millis(at).microsecond == 123000
    assert ledger.time_text(ledger.to_millis(at).astimezone(UTC)) == ledger.time_text(at)


def test_v1_entries_keep_verifying_after_the_switch(principal_a, ent_a):
    """A ledger written before versioning: its entries stay v1 (not re-hashed), the switch is a signed
    checkpoint, later entries are v2 — and tampering with a v1 entry is still caught."""
    from datetime import timedelta
    from importlib import import_module

    from django.apps import apps

    from shouhu.core.models import LedgerChain, LedgerCheckpoint

    people = [_person(principal_a, ent_a, name=f"旧{i}") for i in range(3)]
    chain = LedgerChain.objects.get(key=ledger.chain_key(ent_a.pk))
    prev = ledger.GENESIS
    for entry in AuditEntry.objects.filter(chain=chain).order_by("seq"):  # as the old code wrote them
        entry.at += timedelta(microseconds=321)
        entry.hash_version, entry.prev_hash = 1, prev
        entry.hash = ledger.compute_hash(prev, ledger._entry_payload(entry, chain.key))
        AuditEntry.objects.filter(pk=entry.pk).update(
            at=entry.at, hash_version=1, prev_hash=prev, hash=entry.hash
        )
        prev = entry.hash
    LedgerChain.objects.filter(pk=chain.pk).update(last_hash=prev, head_mac="")
    LedgerCheckpoint.objects.all()._raw_delete(LedgerCheckpoint.objects.db)
    import_module("shouhu.core.migrations.0003_sign_heads_and_switch_to_v2").forwards(apps, None)
    _person(principal_a, ent_a, name="新")
    assert AuditEntry.objects.filter(chain=chain).order_by("seq").last().hash_version == 2
    assert ledger.verify(ent_a.pk) == (4, [])
    target = ledger.history(people[1]).get()
    with connection.cursor() as cur:
        cur.execute("UPDATE core_auditentry SET reason = %s WHERE id = %s", ["篡改", target.pk])
    (b,) = ledger.verify(ent_a.pk)[1]
    assert b.seq == target.seq and "altered" in b.problem


def test_checkpoint_command_and_beat_task_sign_and_export(principal_a, ent_a, tmp_path, capsys):
    import json

    from shouhu.core import ledger_checkpoint
    from shouhu.core.tasks import ledger_checkpoint_task

    _person(principal_a, ent_a)
    out = tmp_path / "checkpoints.json"
    call_command("audit", "checkpoint", "--output", str(out))
    written = json.loads(capsys.readouterr().out)
    assert written["heads"][f"enterprise:{ent_a.pk}"][0] == 1 and ledger_checkpoint.signature_ok(written)
    assert json.loads(out.read_text())[-1] == written
    signature = ledger_checkpoint_task.delay().get()
    held = ledger_checkpoint.export()
    assert held[-1]["signature"] == signature and held[-1]["prev_signature"] == written["signature"]
    forged = {**written, "heads": {}}
    assert not ledger_checkpoint.signature_ok(forged)
