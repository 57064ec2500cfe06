"""The demo generator's output is pinned: a small seeded run writes exactly the rows it wrote before.

`shouhu.demo.generate` was one 1,043-line module and is now a package (issue 10); refactoring it, or
anything it calls, must not change what `make demo` shows. The digests below were computed on the
single-module version (main at bf3ec75) and must not move unless the demo data is meant to change — then
re-pin them in the same commit and say why.

The row digest is robust to what legitimately differs between runs and databases — primary keys (foreign
keys become the target row's position in insertion order), creation/update times, password salts, ledger
hashes and entry times (they include wall-clock time), raw ids inside ledger snapshots — and to fields or
action names added later (only the fields listed here are read; a renamed action is read under the legacy
name its `events.py` keeps). It is sensitive to everything else: every name, identifier, date, number,
status, link between rows, ledger actor, action, snapshot and reason, and the order rows are written in.
"""

from __future__ import annotations

import hashlib
import json
import random
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, models

from shouhu.core import events
from shouhu.demo import generate as gen

AS_OF = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)

# Computed on main's single-module generate.py (bf3ec75); see the module docstring before changing.
PLAN_DIGEST = "24b852fe70f4"
# Re-pinned for issue 23.4: the demo's trainings are training's sessions (one attendee each) now, no longer
# registry.Training rows, with the ledger action training.session.record.
ROWS_DIGEST = "7b29f4c1f7ecba267b6854e4fb1d7c571ee128b1e05744b21bee40207a734d9c"

# model -> the fields read (every concrete field of the demo's rows at bf3ec75, minus the varying ones).
FIELDS: dict[str, tuple[str, ...]] = {
    "accounts.User": (
        "username",
        "role",
        "display_name",
        "division_code",
        "enterprise",
        "is_superuser",
        "is_staff",
        "is_active",
        "first_name",
        "last_name",
        "email",
    ),
    "registry.Enterprise": (
        "name",
        "uscc",
        "address",
        "division_code",
        "scale",
        "legal_representative",
        "contact_name",
        "contact_phone",
        "last_push_at",
    ),
    "accounts.ApiKey": (
        "enterprise",
        "name",
        "key_prefix",
        "key_hash",
        "created_by",
        "revoked_at",
        "last_used_at",
    ),
    "registry.Site": ("enterprise", "name", "address", "division_code"),
    "registry.Licence": (
        "enterprise",
        "site",
        "number",
        "status",
        "issued_on",
        "expires_on",
        "issuing_authority",
    ),
    "registry.LicenceItem": ("licence", "category", "variety", "standard"),
    "registry.Person": (
        "enterprise",
        "name",
        "role",
        "education",
        "major",
        "years_food_work",
        "health_cert_number",
        "health_cert_expires_on",
        "active",
    ),
    # training records moved to training's sessions (issue 23.4): each demo training, one attendee
    "training.TrainingSession": ("enterprise", "held_on", "trainer", "provider", "content", "place", "hours"),
    "registry.ContractManufacturing": (
        "principal",
        "manufacturer",
        "products",
        "starts_on",
        "ends_on",
        "status",
    ),
    "core.LedgerChain": ("enterprise_id", "last_seq"),
    "core.AuditEntry": (
        "chain",
        "seq",
        "actor",
        "actor_label",
        "action",
        "object_type",
        "object_repr",
        "before",
        "after",
        "reason",
    ),
}


def _action(code: str) -> str:
    """An action under the name written at bf3ec75: the legacy name if an `events.py` renamed it."""
    member = events.lookup(code)
    return member.legacy[0] if member is not None and member.legacy else code


def _snapshot(data: Any) -> Any:
    """A ledger before/after without raw ids (they differ run to run; the links are in the tables)."""
    if isinstance(data, dict):
        # answered_at: the moment a party answered (issue 17's consent) — a time of the run, like created_at
        return {
            k: _snapshot(v)
            for k, v in data.items()
            if k != "id" and not k.endswith("_id") and k != "answered_at"
        }
    if isinstance(data, list):
        return [_snapshot(v) for v in data]
    return data


def _value(field: models.Field, value: Any, ordinals: dict[str, dict[int, int]]) -> Any:
    if value is None:
        return None
    if isinstance(field, models.ForeignKey):
        return ordinals[field.related_model._meta.label][value]
    if isinstance(field, models.DateTimeField):
        return value.astimezone(UTC).isoformat()
    if isinstance(field, models.DateField):
        return value.isoformat()
    if isinstance(field, models.DecimalField):
        return f"{Decimal(value):.{field.decimal_places}f}"
    if isinstance(field, models.JSONField):
        return _snapshot(value)
    return value


def rows_digest() -> tuple[str, dict[str, int]]:
    """(sha256 of the demo's rows in insertion order, row count per model)."""
    ordinals: dict[str, dict[int, int]] = {}
    for label in FIELDS:
        pks = apps.get_model(label)._default_manager.order_by("pk").values_list("pk", flat=True)
        ordinals[label] = {pk: i for i, pk in enumerate(pks)}
    enterprise = ordinals["registry.Enterprise"]
    dump: dict[str, list[list[Any]]] = {}
    for label, names in FIELDS.items():
        model = apps.get_model(label)
        fields = [model._meta.get_field(n) for n in names]
        rows = []
        for obj in model._default_manager.order_by("pk"):
            row = [_value(f, getattr(obj, f.attname), ordinals) for f in fields]
            if label == "core.LedgerChain" and row[0] is not None:
                row[0] = enterprise[row[0]]  # a plain integer column holding an enterprise pk
            if label == "core.AuditEntry":
                row[names.index("action")] = _action(row[names.index("action")])
            rows.append(row)
        dump[label] = rows
    text = json.dumps(dump, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest(), {k: len(v) for k, v in dump.items()}


@pytest.fixture
def fixed_today(monkeypatch):
    monkeypatch.setattr("shouhu.registry.services.today", lambda: AS_OF)
    monkeypatch.setattr("shouhu.registry.tasks.today", lambda: AS_OF)


def test_the_plan_is_the_one_pinned():
    plan = gen.build_plan(random.Random(7), enterprises=30, as_of=AS_OF, now=NOW, seed=7)
    assert gen.plan_digest(plan) == PLAN_DIGEST


def test_the_written_rows_are_the_ones_pinned(db, fixed_today):
    # 12 enterprises: one contract; the first 4 have their staff written through the services, the rest in bulk.
    gen.generate(enterprises=12, seed=7, as_of=AS_OF, now=NOW, service_enterprises=4)
    digest, counts = rows_digest()
    assert counts["registry.ContractManufacturing"] == 1 and counts["core.AuditEntry"] > 300
    assert digest == ROWS_DIGEST, counts


def test_the_digest_ignores_ids_and_sees_content(db, fixed_today):
    from shouhu.accounts.models import User
    from shouhu.registry.models import Enterprise, Person

    # Ids already used (as on a database that held data once): the same rows, so the same digest.
    User.objects.create(username="gone").delete()
    gone = Enterprise.objects.create(name="x", uscc="x", address="x", division_code="430104")
    with connection.cursor() as cursor:  # regulated rows refuse deletion through the ORM
        cursor.execute(f"DELETE FROM {Enterprise._meta.db_table} WHERE id = %s", [gone.pk])
    gen.generate(enterprises=12, seed=7, as_of=AS_OF, now=NOW, service_enterprises=4)
    assert User.objects.order_by("pk").first().pk > 1 and Enterprise.objects.order_by("pk").first().pk > 1
    digest, _ = rows_digest()
    assert digest == ROWS_DIGEST

    person = Person.objects.order_by("pk")[5]
    Person.objects.filter(pk=person.pk).update(name=person.name + "文")
    assert rows_digest()[0] != digest
