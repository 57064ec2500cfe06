"""The audit ledger (审计台账): append entries in the caller's transaction and verify the hash chains.

Each enterprise has its own chain so that one enterprise's records can be verified (and handed over) on
their own. An entry's hash covers its content and the previous hash; altering, removing or reordering a
stored entry breaks the chain at that point, which `verify()` reports.

Hash versions: v1 (entries written before versioning) covered the content but not `object_repr`, and
`at` at full precision, which `dumpdata` truncates. v2 covers every stored field in a canonical text form
(time in UTC at millisecond precision, stored truncated so; numbers in before/after normalised) that
survives dumpdata/loaddata and both databases. Old entries keep verifying as v1 — re-hashing history
would itself be tampering. Chain heads are signed with a key outside the database (`ledger_key`), and
checkpoints of all heads (`ledger_checkpoint`) can be held by a regulator; `ledger_verify` checks it all.

There is one writer: `record()` for one entry, `append_many()` for a bulk push (same payload, same
hash, one lock of the chain head and one raw insert).
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Context, Decimal
from typing import Any, NamedTuple

from django.db import connection, models, transaction
from django.utils import timezone

from . import ledger_key
from .bulkinsert import insert_rows, reserve_ids
from .events import Action
from .models import AuditEntry, LedgerChain

GENESIS = "0" * 64
PLATFORM_CHAIN = "platform"
HASH_VERSION = 2  # what new entries are written with
_NUMBERS = Context(prec=400)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The concrete field values of a model instance as plain JSON (FKs by id, files by name)."""
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in {"created_at", "updated_at"}:
            continue
        value = getattr(instance, field.attname)
        if isinstance(field, models.FileField):
            value = value.name if value else None
        data[field.attname] = _jsonable(value)
    return data


def _canonical(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _entry_payload(entry: AuditEntry, chain_key: str) -> dict[str, Any]:
    """The v1 payload (entries written before hash versioning): kept byte for byte so they still verify."""
    return {
        "chain": chain_key,
        "seq": entry.seq,
        "at": entry.at.astimezone(UTC).isoformat(),
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "before": entry.before,
        "after": entry.after,
        "reason": entry.reason,
    }


def to_millis(moment: datetime) -> datetime:
    """`moment` truncated to milliseconds: what v2 stores, so dumpdata (which keeps ms) loses nothing."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def time_text(moment: datetime) -> str:
    """A time as canonical text: UTC, millisecond precision, `Z`."""
    m = moment.astimezone(UTC) if moment.utcoffset() else moment  # (strftime costs ~10x this)
    return (
        f"{m.year:04d}-{m.month:02d}-{m.day:02d}T{m.hour:02d}:{m.minute:02d}:{m.second:02d}"
        f".{m.microsecond // 1000:03d}Z"
    )


def _number(value: int | float) -> str:
    # Marked so that 1 and "1" differ; NUL cannot occur in stored JSON text (PostgreSQL refuses it).
    if type(value) is int and (value % 10 or value == 0):
        return f"\x00{value}"
    num = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    return f"\x00{num.normalize(_NUMBERS)}"


def canonical_json(value: Any) -> Any:
    """JSON content with numbers normalised (1.0, 1 and 1e0 alike; PostgreSQL's jsonb rewrites them)."""
    kind = type(value)
    if kind is str or value is None or kind is bool:
        return value
    # strings (most values) are kept inline: this runs for every entry of a bulk push
    if kind is dict:
        return {k: v if type(v) is str else canonical_json(v) for k, v in value.items()}
    if kind is list:
        return [v if type(v) is str else canonical_json(v) for v in value]
    if kind is int or kind is float:
        return _number(value)
    # subclasses (TextChoices, IntEnum …) are stored as their plain value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int | float):
        return _number(int(value) if isinstance(value, int) else float(value))
    if isinstance(value, dict):
        return {str(k): canonical_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [canonical_json(v) for v in value]
    plain = _jsonable(value)
    return canonical_json(plain if type(plain) is not type(value) else str(value))


def payload_v2(
    chain_key: str,
    seq: int,
    at: datetime | str,
    actor_id: int | None,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    object_repr: str,
    before: Any,
    after: Any,
    reason: str,
) -> dict[str, Any]:
    """Every stored field of an entry (the previous hash is hashed in front of it)."""
    return {
        "v": 2,
        "chain": chain_key,
        "seq": seq,
        "at": at if isinstance(at, str) else time_text(at),
        "actor_id": actor_id,
        "actor_label": actor_label,
        "action": str(action),
        "object_type": object_type,
        "object_id": object_id,
        "object_repr": object_repr,
        "before": canonical_json(before),
        "after": canonical_json(after),
        "reason": reason,
    }


def compute_hash(prev_hash: str, payload: dict[str, Any]) -> str:
    return hashlib.sha256(prev_hash.encode() + _canonical(payload)).hexdigest()


def entry_hash(entry: AuditEntry, chain_key: str) -> str | None:
    """The hash `entry` should carry under its own hash version (None: unknown version)."""
    if entry.hash_version == 1:
        return compute_hash(entry.prev_hash, _entry_payload(entry, chain_key))
    if entry.hash_version == 2:
        payload = payload_v2(
            chain_key,
            entry.seq,
            entry.at,
            entry.actor_id,
            entry.actor_label,
            entry.action,
            entry.object_type,
            entry.object_id,
            entry.object_repr,
            entry.before,
            entry.after,
            entry.reason,
        )
        return compute_hash(entry.prev_hash, payload)
    return None


def chain_key(enterprise_id: int | None) -> str:
    return f"enterprise:{enterprise_id}" if enterprise_id else PLATFORM_CHAIN


def _actor(actor: Any) -> tuple[Any, str]:
    user = actor if getattr(actor, "_meta", None) is not None else None
    return user, getattr(actor, "actor_label", None) or str(actor)


def _lock_chain(enterprise_id: int | None) -> LedgerChain:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("ledger writes must run inside the service's transaction")
    key = chain_key(enterprise_id)
    # One query on the usual path (the chain exists); a chain's first entry creates it, then locks it.
    chain = LedgerChain.objects.select_for_update().filter(key=key).first()
    if chain is not None:
        return chain
    LedgerChain.objects.get_or_create(key=key, defaults={"enterprise_id": enterprise_id})
    return LedgerChain.objects.select_for_update().get(key=key)


def _move_head(chain: LedgerChain, seq: int, last_hash: str) -> None:
    chain.last_seq, chain.last_hash = seq, last_hash
    chain.head_mac = ledger_key.head_mac(chain.key, seq, last_hash)
    chain.save(update_fields=["last_seq", "last_hash", "head_mac"])


def _declared(action: Action) -> str:
    """Only actions an app declares (its events.py) enter the ledger: pages can always name them."""
    if not isinstance(action, Action):
        raise TypeError(f"ledger action {action!r} is not a member of an app's events.Action enum")
    return str(action)


def record(
    *,
    actor: Any,
    action: Action,
    obj: models.Model,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    enterprise_id: int | None,
    reason: str = "",
) -> AuditEntry:
    """Append one entry to the enterprise's chain. Must run inside the service's transaction."""
    action_name = _declared(action)
    chain = _lock_chain(enterprise_id)
    user, label = _actor(actor)
    entry = AuditEntry(
        chain=chain,
        seq=chain.last_seq + 1,
        at=to_millis(timezone.now()),
        actor=user,
        actor_label=label,
        action=action_name,
        object_type=obj._meta.label,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        reason=reason,
        prev_hash=chain.last_hash,
        hash_version=HASH_VERSION,
    )
    entry.hash = entry_hash(entry, chain.key)
    entry.save(force_insert=True)
    _move_head(chain, entry.seq, entry.hash)
    return entry


class NewEntry(NamedTuple):
    """One entry for `append_many` (before/after plain JSON, e.g. from `snapshot`)."""

    action: Action
    object_type: str
    object_id: str
    object_repr: str
    after: dict[str, Any] | None
    before: dict[str, Any] | None = None
    reason: str = ""


_ENTRY_COLUMNS = [
    "id",
    "chain_id",
    "seq",
    "at",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
    "reason",
    "prev_hash",
    "hash",
    "hash_version",
]


@functools.cache
def _model_labels() -> frozenset[str]:
    from django.apps import apps

    return frozenset(m._meta.label for m in apps.get_models())


def _checked(entries: Sequence[NewEntry]) -> None:
    labels = _model_labels()
    for e in entries:
        _declared(e.action)
        if e.object_type not in labels:  # verify() finds a row by its model's label: a typo hides it
            raise ValueError(f"ledger object_type {e.object_type!r} is not a model label")


def _chain_rows(
    chain: LedgerChain,
    ids: Sequence[int],
    entries: Sequence[NewEntry],
    actor_id: Any,
    label: str,
    at: datetime,
) -> tuple[list[tuple], int, str]:
    """The raw rows of `entries` appended to `chain` (hash-linked from its head), its new seq and hash."""
    at_db, at_text = connection.ops.adapt_datetimefield_value(at), time_text(at)
    to_db = AuditEntry._meta.get_field("after").get_db_prep_save
    key, seq, prev = chain.key, chain.last_seq, chain.last_hash
    rows = []
    for pk, e in zip(ids, entries, strict=True):
        seq += 1
        before, after, action = e.before, e.after, str(e.action)
        payload = payload_v2(
            key,
            seq,
            at_text,
            actor_id,
            label,
            action,
            e.object_type,
            e.object_id,
            e.object_repr,
            before,
            after,
            e.reason,
        )
        digest = compute_hash(prev, payload)
        rows.append(
            (
                pk,
                chain.pk,
                seq,
                at_db,
                actor_id,
                label,
                action,
                e.object_type,
                e.object_id,
                e.object_repr,
                None if before is None else to_db(before, connection),
                None if after is None else to_db(after, connection),
                e.reason,
                prev,
                digest,
                HASH_VERSION,
            )
        )
        prev = digest
    return rows, seq, prev


def append_many(*, actor: Any, enterprise_id: int | None, entries: Sequence[NewEntry]) -> list[int]:
    """Append `entries` in order to the enterprise's chain; return their ids.

    The same payload and hash as `record()` (so `verify()` cannot tell them apart), but the chain head
    is locked and moved once, and the entries go in with one raw insert. Must run inside the caller's
    transaction (which holds the write lock on SQLite). `before`/`after` must already be plain JSON
    (str keys, no dates or decimals — `snapshot()` gives that): at bulk rates `_jsonable` would cost
    a quarter of the time, so it is not applied here.
    """
    _checked(entries)
    chain = _lock_chain(enterprise_id)
    user, label = _actor(actor)
    ids = reserve_ids(AuditEntry, len(entries))
    rows, seq, prev = _chain_rows(
        chain, ids, entries, user.pk if user else None, label, to_millis(timezone.now())
    )
    insert_rows(AuditEntry, _ENTRY_COLUMNS, rows)
    if entries:
        _move_head(chain, seq, prev)
    return ids


def append_grouped(
    *, actor: Any, groups: Mapping[int | None, Sequence[NewEntry]]
) -> dict[int | None, list[int]]:
    """`append_many` for several chains at once (a lab's import touches hundreds of enterprises): the
    chain heads locked in one query, the entries of all chains in one raw insert, the heads moved in one
    bulk update. Each chain gets exactly what `append_many` would have given it."""
    groups = {k: v for k, v in groups.items() if v}
    for entries in groups.values():
        _checked(entries)
    if not groups:
        return {}
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("ledger writes must run inside the service's transaction")
    keys = {chain_key(e): e for e in groups}
    chains = {c.key: c for c in LedgerChain.objects.select_for_update().filter(key__in=keys)}
    if missing := [k for k in keys if k not in chains]:
        # each chain's first entry creates it (as `_lock_chain` does), all in one insert
        LedgerChain.objects.bulk_create(
            [LedgerChain(key=k, enterprise_id=keys[k]) for k in missing], ignore_conflicts=True
        )
        chains.update({c.key: c for c in LedgerChain.objects.select_for_update().filter(key__in=missing)})
    user, label = _actor(actor)
    actor_id = user.pk if user else None
    at = to_millis(timezone.now())
    ids = iter(reserve_ids(AuditEntry, sum(len(v) for v in groups.values())))
    out: dict[int | None, list[int]] = {}
    rows: list[tuple] = []
    moved = []
    for enterprise_id, entries in groups.items():
        chain = chains[chain_key(enterprise_id)]
        mine = [next(ids) for _ in entries]
        chain_rows, seq, prev = _chain_rows(chain, mine, entries, actor_id, label, at)
        rows.extend(chain_rows)
        chain.last_seq, chain.last_hash = seq, prev
        chain.head_mac = ledger_key.head_mac(chain.key, seq, prev)
        moved.append(chain)
        out[enterprise_id] = mine
    insert_rows(AuditEntry, _ENTRY_COLUMNS, rows)
    LedgerChain.objects.bulk_update(moved, ["last_seq", "last_hash", "head_mac"], batch_size=500)
    return out


def history(obj: models.Model) -> models.QuerySet[AuditEntry]:
    """Every ledger entry about one object, oldest first."""
    return (
        AuditEntry.objects.filter(object_type=obj._meta.label, object_id=str(obj.pk))
        .select_related("actor")
        .order_by("at", "seq")
    )


@dataclass(frozen=True)
class Break:
    """A problem verify found: the first broken link of a chain, a checkpoint it disagrees with, or a
    regulated row that differs from its ledger snapshot (`chain` then names the row)."""

    chain: str
    seq: int
    problem: str
    kind: str = "chain"  # chain | checkpoint | row

    def __str__(self) -> str:
        return f"{self.chain} #{self.seq}: {self.problem}"


def verify(enterprise_id: int | None = None, **kwargs: Any) -> tuple[int, list[Any]]:
    """Chains, heads, checkpoints, regulated rows and the registered checks; see `ledger_verify.verify`."""
    from .ledger_verify import verify as _verify

    return _verify(enterprise_id, **kwargs)
