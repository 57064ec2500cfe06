"""Moving the old training records into `TrainingSession` (migration 0003, issue 23.4: one model).

Two shapes held training before: `registry.Training` (one person's hours: date, topic, hours, provider) and
production's generic `Record` of 附件1 number 8 (`data`: 培训人, 培训对象, 培训内容, 时间, 地点, 考核).

* A `registry.Training` row that the old `session_record` wrote for an attendee of a session (same
  enterprise, date, content, hours and trainer, and the person among the attendees) is that session's
  copy: nothing new is made, the row's ledger entry points at the session.
* Other `registry.Training` rows with the same enterprise, date, topic, hours and provider become one
  session with their people as attendees (an outside course of one person: a session with one attendee).
* Each `Record` #8 becomes one session; 培训对象 is kept as written (`attendee_names`) and the names that
  match the enterprise's people become attendees. The `Record` row stays where it was (the ledger verifies
  every regulated row against its entries: a deleted row would read as tampering); the generic #8 is
  refused from now on (`production.annex1.DEDICATED`).

Every moved row gets a ledger entry `training.session.migrate` on the session: `before` = the old row's
snapshot (with its model), `after` = the session's, `reason` = where it came from, so the history stays
readable (第七十条). Running it again moves nothing twice (the reasons name the rows already moved).
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from typing import Any

from shouhu.core import ledger
from shouhu.core.system import SystemActor

from .events import TrainingAction as A

ACTOR = SystemActor("数据迁移（培训记录并入培训考核）")
PREFIX = "迁移自 "
_NAMES = re.compile(r"[、,，;；/\s]+")


def _hours(value: Any) -> Decimal:
    try:
        h = Decimal(str(value).strip().removesuffix("学时").removesuffix("小时").strip())
    except (InvalidOperation, ValueError):
        return Decimal(0)
    return h if Decimal(0) <= h <= Decimal(9999) else Decimal(0)


def _text(data: dict[str, Any], key: str, n: int) -> str:
    value = data.get(key)
    return "" if value is None else str(value).strip()[:n]


def forward(apps: Any, schema_editor: Any = None) -> dict[str, int]:
    """Move every old row; return how many of each were moved (for the test and the migration's log)."""
    training = apps.get_model("registry", "Training")
    record = apps.get_model("production", "Record")
    person_model = apps.get_model("registry", "Person")
    session_model = apps.get_model("training", "TrainingSession")
    through = session_model.attendees.through
    audit = apps.get_model("core", "AuditEntry")
    done = {
        r.removeprefix(PREFIX)
        for r in audit.objects.filter(action=str(A.SESSION_MIGRATE)).values_list("reason", flat=True)
    }
    counts = {"registry_training": 0, "merged": 0, "record": 0, "sessions": 0}
    entries: dict[int, list[ledger.NewEntry]] = defaultdict(list)
    attendees: dict[int, set[int]] = defaultdict(set)
    for s, p in through.objects.values_list("trainingsession_id", "person_id"):
        attendees[s].add(p)
    existing: dict[tuple, list[Any]] = defaultdict(list)
    for s in session_model.objects.filter(migrated_from=""):
        existing[(s.enterprise_id, s.held_on, s.content[:200], s.hours, s.trainer)].append(s)
    copied: set[tuple[int, int]] = set()  # (session, person) already matched to a row
    built: dict[tuple, list[Any]] = defaultdict(list)  # new sessions by key, in the making
    moved: list[tuple[Any, Any, str]] = []  # (old row, session, label)

    def entry(old: Any, label: str, session: Any) -> None:
        before = {"model": label, **ledger.snapshot(old)}
        after = ledger.snapshot(session) | {"attendee_ids": sorted(attendees[session.pk])}
        source = f"{label}:{old.pk}"
        entries[session.enterprise_id].append(
            ledger.NewEntry(
                action=A.SESSION_MIGRATE,
                object_type="training.TrainingSession",
                object_id=str(session.pk),
                object_repr=f"{session.held_on} {session.content}"[:300],
                before=before,
                after=after,
                reason=PREFIX + source,
            )
        )

    rows = training.objects.select_related("person").order_by("held_on", "pk")
    for row in rows:
        source = f"registry.Training:{row.pk}"
        if source in done:
            continue
        counts["registry_training"] += 1
        ent = row.person.enterprise_id
        key = (ent, row.held_on, row.topic, row.hours, row.provider)
        match = next(
            (
                s
                for s in existing.get(key, [])
                if row.person_id in attendees[s.pk] and (s.pk, row.person_id) not in copied
            ),
            None,
        )
        if match is not None:
            copied.add((match.pk, row.person_id))
            counts["merged"] += 1
            moved.append((row, match, "registry.Training"))
            continue
        session = next((s for s in built[key] if row.person_id not in attendees[s.pk]), None)
        if session is None:
            session = session_model.objects.create(
                enterprise_id=ent,
                held_on=row.held_on,
                trainer="",
                provider=row.provider,
                content=row.topic,
                place="",
                hours=row.hours,
                migrated_from=source,
            )
            built[key].append(session)
            counts["sessions"] += 1
        through.objects.create(trainingsession_id=session.pk, person_id=row.person_id)
        attendees[session.pk].add(row.person_id)
        moved.append((row, session, "registry.Training"))

    people: dict[int, dict[str, int]] = defaultdict(dict)
    eights = list(record.objects.filter(number=8).order_by("occurred_on", "pk"))
    for pk, ent, name in person_model.objects.filter(
        enterprise_id__in={r.enterprise_id for r in eights}
    ).values_list("pk", "enterprise_id", "name"):
        people[ent].setdefault(name, pk)
    for rec in eights:
        source = f"production.Record:{rec.pk}"
        if source in done:
            continue
        counts["record"] += 1
        data = rec.data if isinstance(rec.data, dict) else {}
        named = _text(data, "培训对象", 500)
        session = session_model.objects.create(
            enterprise_id=rec.enterprise_id,
            held_on=rec.occurred_on,
            trainer=_text(data, "培训人", 64),
            content=_text(data, "培训内容", 300) or "附件1第8项记录",
            place=_text(data, "地点", 200),
            hours=_hours(data.get("学时", "")),
            assessment=_text(data, "考核", 300),
            attendee_names=named,
            migrated_from=source,
        )
        counts["sessions"] += 1
        for name in dict.fromkeys(n for n in _NAMES.split(named) if n):
            if (pk := people[rec.enterprise_id].get(name)) is not None:
                through.objects.create(trainingsession_id=session.pk, person_id=pk)
                attendees[session.pk].add(pk)
        moved.append((rec, session, "production.Record"))

    for old, session, label in moved:  # after every attendee is in, so `after` is the session's final state
        entry(old, label, session)
    if entries:
        ledger.append_grouped(actor=ACTOR, groups=entries)
    return counts


def backward(apps: Any, schema_editor: Any = None) -> None:
    """Nothing is undone: the moved sessions and their ledger entries stay (regulated records)."""
