"""Tampering as a tamperer would (issue 13): each kind is caught by `audit verify`, and an honest round trip
is not.

Kinds: editing `object_repr`, changing a live row of a regulated table, rewriting an entry with every
later hash recomputed (no key), editing content, deleting the tail (also with the head moved back, and
with an old head restored from a backup), downgrading an entry to v1, and removing a checkpoint that a
regulator holds a copy of. dumpdata → loaddata must verify.
"""

from __future__ import annotations

import pytest
from django.db import connection

from shouhu.core import ledger, ledger_checkpoint, ledger_key
from shouhu.core.ledger_verify import verify_all
from shouhu.core.models import AuditEntry, LedgerChain
from shouhu.registry import services

pytestmark = pytest.mark.django_db


def _people(actor, ent, n=5):
    return [
        services.person_create(
            actor=actor,
            enterprise=ent,
            name=f"员工{i}",
            role="officer",
            education="bachelor",
            years_food_work=i,
        )
        for i in range(n)
    ]


def _sql(statement, params):
    with connection.cursor() as cur:
        cur.execute(statement, params)


def _chain(ent):
    return LedgerChain.objects.get(key=ledger.chain_key(ent.pk))


def _rewrite(chain, seq, **changes):
    """What a tamperer without the key can do: change entry `seq`, recompute its hash and every later
    one (prev_hash included), and move the head's seq/hash to match — everything but the head's MAC."""
    prev = ledger.GENESIS
    for entry in AuditEntry.objects.filter(chain=chain).order_by("seq"):
        if entry.seq == seq:
            for k, v in changes.items():
                setattr(entry, k, v)
        if entry.seq >= seq:
            entry.prev_hash = prev
            entry.hash = ledger.entry_hash(entry, chain.key)
            _sql(
                "UPDATE core_auditentry SET object_repr=%s, reason=%s, hash_version=%s, prev_hash=%s, "
                "hash=%s WHERE id=%s",
                [entry.object_repr, entry.reason, entry.hash_version, entry.prev_hash, entry.hash, entry.pk],
            )
        prev = entry.hash
    _sql("UPDATE core_ledgerchain SET last_hash=%s WHERE id=%s", [prev, chain.pk])


def test_untouched_ledger_verifies_with_rows_and_checkpoints(principal_a, ent_a):
    _people(principal_a, ent_a)
    ledger_checkpoint.write()
    report = verify_all()
    assert report.breaks == []
    assert report.entries == 5 and report.rows == 5 and report.checkpoints == 2  # hash_v2 + periodic


def test_editing_object_repr_is_caught(principal_a, ent_a):
    people = _people(principal_a, ent_a)
    target = ledger.history(people[2]).get()
    _sql("UPDATE core_auditentry SET object_repr=%s WHERE id=%s", ["李四（负责人）", target.pk])
    _, breaks = ledger.verify(ent_a.pk)
    assert [(b.seq, b.problem) for b in breaks] == [(target.seq, "content altered: hash does not match")]


def test_editing_content_is_caught(principal_a, ent_a):
    people = _people(principal_a, ent_a)
    target = ledger.history(people[1]).get()
    _sql("UPDATE core_auditentry SET after=%s WHERE id=%s", ['{"name": "李四"}', target.pk])
    _, breaks = ledger.verify(ent_a.pk)
    chain_breaks = [b for b in breaks if b.kind == "chain"]
    assert [(b.seq, b.problem) for b in chain_breaks] == [
        (target.seq, "content altered: hash does not match")
    ]


def test_changing_a_live_regulated_row_names_the_row_and_field(principal_a, ent_a):
    people = _people(principal_a, ent_a)
    _sql("UPDATE registry_person SET years_food_work=%s WHERE id=%s", [30, people[3].pk])
    _, breaks = ledger.verify()
    assert len(breaks) == 1
    (b,) = breaks
    assert b.kind == "row" and b.chain == f"registry.Person id={people[3].pk}"
    assert b.problem.endswith(": years_food_work") and f"enterprise:{ent_a.pk}" in b.problem


def test_a_corrected_row_verifies_against_its_latest_entry(principal_a, ent_a):
    (person,) = _people(principal_a, ent_a, n=1)
    services.person_update(actor=principal_a, person=person, changes={"years_food_work": 9}, reason="更正")
    assert ledger.verify()[1] == []
    _sql("UPDATE registry_person SET years_food_work=%s WHERE id=%s", [0, person.pk])  # the old value
    assert [b.kind for b in ledger.verify()[1]] == ["row"]


def test_bulk_pushed_rows_are_checked_against_their_entries(principal_a, ent_a):
    from datetime import date

    from shouhu.production import bulk
    from shouhu.production.models import Record
    from shouhu.rules import engine

    fields = engine().rule("xize2017.annex1.record13").params["fields"]
    items = [
        bulk.RecordItem(number=13, occurred_on=date.today(), data={f: f"值{i}" for f in fields})
        for i in range(20)
    ]
    ids = bulk.records_create(actor=principal_a, enterprise_id=ent_a.pk, items=items)
    assert ledger.verify()[1] == []
    rec = Record.objects.get(pk=ids[7])
    _sql("UPDATE production_record SET data=%s WHERE id=%s", ['{"x": 1}', rec.pk])
    (b,) = ledger.verify()[1]
    assert b.chain == f"production.Record id={rec.pk}" and b.problem.endswith(": data")


def test_rewrite_with_every_later_hash_recomputed_is_caught_by_head_and_checkpoint(principal_a, ent_a):
    _people(principal_a, ent_a, n=3)
    cp = ledger_checkpoint.write()  # checkpoint 2 (after the hash_v2 one): seq 3
    _people(principal_a, ent_a, n=2)
    _rewrite(_chain(ent_a), 2, reason="补录")
    checked, breaks = ledger.verify(ent_a.pk)
    assert checked == 5
    assert [str(b) for b in breaks] == [
        f"enterprise:{ent_a.pk} #5: chain head signature does not match (chain rewritten?)",
        f"enterprise:{ent_a.pk} #3: disagrees with checkpoint 2 of {ledger.time_text(cp.at)} (periodic)",
    ]


def test_rewrite_by_a_key_holder_is_caught_by_the_checkpoints_held_outside(principal_a, ent_a):
    _people(principal_a, ent_a, n=2)
    ledger_checkpoint.write()  # checkpoint 2: seq 2
    _people(principal_a, ent_a, n=2)
    ledger_checkpoint.write()  # checkpoint 3: seq 4
    held = ledger_checkpoint.export()  # what the regulator was sent
    chain = _chain(ent_a)
    _rewrite(chain, 1, object_repr="伪造")
    # an insider with the key re-signs the head and removes the stored checkpoints that would tell
    new_head = _chain(ent_a).last_hash
    _sql(
        "UPDATE core_ledgerchain SET head_mac=%s WHERE id=%s",
        [ledger_key.head_mac(chain.key, 4, new_head), chain.pk],
    )
    _sql("DELETE FROM core_ledgercheckpoint WHERE kind=%s", ["periodic"])
    assert ledger.verify(ent_a.pk)[1] == []  # which is why checkpoints must be held off-site
    report = verify_all(ent_a.pk, checkpoints=held)
    assert [str(b) for b in report.breaks if b.kind == "chain"] == [
        f"enterprise:{ent_a.pk} #2: disagrees with checkpoint 2 of {held[1]['at']} (periodic)"
    ]
    missing = [b for b in report.breaks if b.kind == "checkpoint"]
    assert len(missing) == 2 and all("missing from the database" in b.problem for b in missing)


def test_deleting_the_tail_is_caught_even_with_the_head_moved_back(principal_a, ent_a):
    people = _people(principal_a, ent_a)
    chain = _chain(ent_a)
    fourth = AuditEntry.objects.get(chain=chain, seq=4)
    last = ledger.history(people[4]).get()
    _sql("DELETE FROM core_auditentry WHERE id=%s", [last.pk])
    (b,) = [b for b in ledger.verify(ent_a.pk)[1] if b.kind == "chain"]
    assert b.seq == 5 and "entries removed" in b.problem
    _sql("UPDATE core_ledgerchain SET last_seq=4, last_hash=%s WHERE id=%s", [fourth.hash, chain.pk])
    chain_breaks = [b for b in ledger.verify(ent_a.pk)[1] if b.kind == "chain"]
    assert [b.problem for b in chain_breaks] == ["chain head signature does not match (chain rewritten?)"]
    # the deleted record's row is still there, and now has no entry in the ledger to agree with
    rows = [b for b in ledger.verify()[1] if b.kind == "row"]
    assert rows == [] or rows[0].chain == f"registry.Person id={people[4].pk}"


def test_deleting_the_tail_to_an_old_signed_head_is_caught_by_a_checkpoint(principal_a, ent_a):
    _people(principal_a, ent_a, n=3)
    old = _chain(ent_a)  # an old head, as a backup would hold it
    _people(principal_a, ent_a, n=2)
    cp = ledger_checkpoint.write()
    _sql("DELETE FROM core_auditentry WHERE chain_id=%s AND seq > 3", [old.pk])
    _sql(
        "UPDATE core_ledgerchain SET last_seq=%s, last_hash=%s, head_mac=%s WHERE id=%s",
        [old.last_seq, old.last_hash, old.head_mac, old.pk],
    )
    breaks = [b for b in ledger.verify(ent_a.pk)[1] if b.kind == "chain"]
    assert [str(b) for b in breaks] == [
        f"enterprise:{ent_a.pk} #5: disagrees with checkpoint 2 of {ledger.time_text(cp.at)} (periodic)"
    ]


def test_downgrading_an_entry_to_v1_to_escape_the_repr_check_is_caught(principal_a, ent_a):
    _people(principal_a, ent_a, n=3)
    _rewrite(_chain(ent_a), 2, object_repr="伪造", hash_version=1)
    chain_breaks = [b for b in ledger.verify(ent_a.pk)[1] if b.kind == "chain"]
    assert str(chain_breaks[0]) == f"enterprise:{ent_a.pk} #2: hash version 1 where 2 is due"


def test_a_forged_or_removed_checkpoint_is_reported(principal_a, ent_a):
    _people(principal_a, ent_a, n=2)
    ledger_checkpoint.write()
    ledger_checkpoint.write()
    _sql(
        "UPDATE core_ledgercheckpoint SET heads=%s WHERE id=(SELECT MAX(id) FROM core_ledgercheckpoint)",
        ["{}"],
    )
    problems = [b.problem for b in ledger.verify()[1]]
    assert any(p.endswith("signature does not match") for p in problems)
    _sql("DELETE FROM core_ledgercheckpoint WHERE kind=%s", ["hash_v2"])
    problems = [str(b) for b in ledger.verify()[1]]
    assert any(p.startswith("checkpoint #1: ") and "an earlier checkpoint is missing" in p for p in problems)


def test_checkpoint_refuses_to_sign_a_head_it_did_not_write(principal_a, ent_a):
    _people(principal_a, ent_a, n=2)
    _sql("UPDATE core_ledgerchain SET last_hash=%s", ["f" * 64])
    with pytest.raises(ledger_checkpoint.CheckpointRefused):
        ledger_checkpoint.write()


def test_a_deleted_regulated_row_is_named_and_an_inserted_one_counted(principal_a, ent_a):
    from shouhu.registry.models import Person

    people = _people(principal_a, ent_a, n=3)
    _sql("DELETE FROM registry_person WHERE id=%s", [people[0].pk])
    report = verify_all()
    assert [(b.chain, b.kind) for b in report.breaks] == [(f"registry.Person id={people[0].pk}", "row")]
    assert "row is gone" in report.breaks[0].problem
    before = verify_all().unrecorded.get("registry.Person", 0)
    Person.objects.bulk_create([Person(enterprise=ent_a, name="冒名", role="officer", education="bachelor")])
    assert verify_all().unrecorded["registry.Person"] == before + 1  # listed by `audit verify`
