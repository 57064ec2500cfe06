"""Backups keep the ledger verifiable: `shouhu backup` → `shouhu restore` into a fresh database passes
`audit verify`, a tampered backup does not, and dumpdata → loaddata verifies too (v2 entries)."""

from __future__ import annotations

import json
import sqlite3

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from shouhu.core import ledger, ledger_checkpoint
from shouhu.core.ledger_verify import verify_all
from shouhu.core.models import AuditEntry, LedgerCheckpoint
from shouhu.registry import services
from shouhu.registry.models import Person

pytestmark = pytest.mark.django_db(transaction=True)
sqlite_only = pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite online backup")


def _people(actor, ent, n=4):
    for i in range(n):
        services.person_create(
            actor=actor,
            enterprise=ent,
            name=f"员工{i}",
            role="officer",
            education="bachelor",
            years_food_work=i,
        )


def _fresh():
    """An empty database, as a new server's would be before the restore."""
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEntry.objects.exists()


@pytest.mark.skipif(connection.vendor not in {"sqlite", "postgresql"}, reason="no backup for this database")
def test_backup_then_restore_into_a_fresh_database_verifies(principal_a, ent_a, tmp_path, capsys):
    _people(principal_a, ent_a)
    target = tmp_path / "shouhu.backup"
    call_command("backup", str(target))
    held = json.loads((tmp_path / "shouhu.backup.checkpoints.json").read_text())
    assert held[-1]["kind"] == "periodic"  # the backup signed the heads first
    assert held[-1]["heads"][ledger.chain_key(ent_a.pk)][0] == 4
    entries, people = AuditEntry.objects.count(), sorted(Person.objects.values_list("name", flat=True))
    _fresh()
    capsys.readouterr()
    call_command("restore", str(target))
    assert "OK: " in capsys.readouterr().out
    assert AuditEntry.objects.count() == entries
    assert sorted(Person.objects.values_list("name", flat=True)) == people
    assert verify_all(checkpoints=held).breaks == []
    call_command("audit", "verify", "--checkpoints", str(tmp_path / "shouhu.backup.checkpoints.json"))
    # and the platform goes on writing into the restored chain
    _people(principal_a, ent_a, n=1)
    assert ledger.verify()[1] == []


def test_restore_refuses_a_database_that_holds_a_ledger(principal_a, ent_a, tmp_path):
    _people(principal_a, ent_a, n=1)
    call_command("backup", str(tmp_path / "b.sqlite3"), "--no-checkpoint")
    with pytest.raises(CommandError, match="already holds a ledger"):
        call_command("restore", str(tmp_path / "b.sqlite3"))


@sqlite_only
def test_a_tampered_backup_fails_verification_on_restore(principal_a, ent_a, tmp_path):
    _people(principal_a, ent_a)
    target = tmp_path / "b.sqlite3"
    call_command("backup", str(target))
    with sqlite3.connect(target) as db:
        db.execute("UPDATE registry_person SET name = '冒名' WHERE name = '员工2'")
    _fresh()
    with pytest.raises(CommandError, match="does not verify"):
        call_command("restore", str(target))


def test_dumpdata_loaddata_round_trip_verifies(principal_a, ent_a, tmp_path):
    _people(principal_a, ent_a)
    ledger_checkpoint.write()
    checkpoints = LedgerCheckpoint.objects.count()  # the migration's hash_v2 one is gone if a test flushed
    dump = tmp_path / "dump.json"
    call_command(
        "dumpdata",
        "--exclude=contenttypes",
        "--exclude=auth.permission",
        "--exclude=sessions",
        "--exclude=admin",
        "-o",
        str(dump),
        verbosity=0,
    )
    assert '"hash_version": 2' in dump.read_text()
    _fresh()
    call_command("loaddata", str(dump), verbosity=0)
    assert AuditEntry.objects.count() == 4 and LedgerCheckpoint.objects.count() == checkpoints
    report = verify_all()
    assert report.breaks == [] and report.entries == 4 and report.rows >= 4
