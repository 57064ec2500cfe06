"""Verifying the ledger (审计台账校验): chains, signed heads, checkpoints, and the regulated rows themselves.

What each check catches:
- the hash chain: an entry altered (any stored field under v2), removed or reordered;
- the hash version rule: entries after the `hash_v2` checkpoint must be v2, so an entry cannot be
  downgraded to v1 to escape the fields v1 did not cover;
- the signed head (HMAC, key outside the database): a rewrite that recomputed every later hash, or the
  tail deleted with the head moved back;
- checkpoints (stored, and copies held outside given with `checkpoints=`): the first checkpoint a chain
  disagrees with, even if the head was also restored from an old backup; a held checkpoint missing from
  the database;
- rows: each row of every regulated model (found through the app registry; core imports no domain app)
  against the state its ledger entries leave it in — the latest snapshot, fields of partial entries laid
  over it. Rows written in bulk are checked the same way: `append_many` stores each row's snapshot;
- the checks the apps register (`core.integrity`): stored files against the hashes recorded for them (a
  swapped or missing evidence file, application document, inspection photo), each named with its record.

Values are compared in canonical form (times at milliseconds in UTC, decimals and numbers normalised), so
a restore from `dumpdata` or from the other database is not reported as a change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.db import models

from . import integrity, ledger_key
from .ledger import GENESIS, Break, canonical_json, entry_hash, time_text, to_millis
from .ledger_checkpoint import HASH_V2, as_dict, signature_ok
from .models import AuditEntry, LedgerChain, LedgerCheckpoint, RegulatedModel

ROW_CHUNK = 2000


@dataclass
class Report:
    entries: int = 0
    chains: int = 0
    rows: int = 0
    checkpoints: int = 0
    breaks: list[Break | integrity.Problem] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)  # the registered checks that ran
    # rows with no entry of their own, per model: child rows recorded in their parent's entry (checklist
    # items, scores, recall items) — listed, not failed; only counted when verifying every chain
    unrecorded: dict[str, int] = field(default_factory=dict)

    @property
    def broken_chains(self) -> int:
        return len({b.chain for b in self.breaks if b.kind == "chain"})

    @property
    def changed_rows(self) -> int:
        return len({b.chain for b in self.breaks if b.kind == "row"})

    @property
    def check_problems(self) -> int:
        return sum(1 for b in self.breaks if b.kind == "check")


@dataclass(frozen=True)
class _Checkpoint:
    number: int  # 1-based, in time order
    at: str
    kind: str
    heads: dict[str, list]


def _checkpoints(report: Report, held: list[dict[str, Any]] | None) -> list[_Checkpoint]:
    """Stored checkpoints (signature and chaining checked) merged with copies held outside."""
    stored = [as_dict(cp) for cp in LedgerCheckpoint.objects.order_by("id")]
    prev = ""
    for n, data in enumerate(stored, 1):
        if not signature_ok(data):
            other = data["key_id"] != ledger_key.key_id()
            why = f"signed with another key ({data['key_id']})" if other else "signature does not match"
            report.breaks.append(Break("checkpoint", n, f"checkpoint of {data['at']}: {why}", "checkpoint"))
        elif data["prev_signature"] != prev:
            report.breaks.append(
                Break(
                    "checkpoint",
                    n,
                    f"checkpoint of {data['at']}: an earlier checkpoint is missing",
                    "checkpoint",
                )
            )
        prev = data["signature"]
    good = {d["signature"]: d for d in stored if signature_ok(d)}
    for data in held or []:
        if not signature_ok(data):
            report.breaks.append(
                Break(
                    "checkpoint",
                    0,
                    f"held checkpoint of {data.get('at')}: signature does not match",
                    "checkpoint",
                )
            )
        elif data["signature"] not in good:
            report.breaks.append(
                Break(
                    "checkpoint",
                    0,
                    f"held checkpoint of {data['at']} is missing from the database",
                    "checkpoint",
                )
            )
            good[data["signature"]] = data
    ordered = sorted(good.values(), key=lambda d: d["at"])
    report.checkpoints = len(ordered)
    return [_Checkpoint(n, d["at"], d["kind"], d["heads"]) for n, d in enumerate(ordered, 1)]


def _verify_chain(chain: LedgerChain, switch_seq: int, cps: list[_Checkpoint], report: Report) -> None:
    key = chain.key
    wanted = {cp.heads[key][0] for cp in cps if key in cp.heads}
    seen: dict[int, str] = {0: GENESIS}
    prev, expected, problem = GENESIS, 1, None
    for entry in chain.entries.order_by("seq").iterator(chunk_size=2000):
        report.entries += 1
        if entry.seq in wanted:
            seen[entry.seq] = entry.hash
        if problem:
            continue  # keep reading: the checkpoints are compared with what is stored
        must_be = 1 if entry.seq <= switch_seq else 2
        if entry.seq != expected:
            problem = Break(key, expected, f"entry missing (next stored is #{entry.seq})")
        elif entry.prev_hash != prev:
            problem = Break(key, entry.seq, "prev_hash does not match the previous entry")
        elif entry.hash_version != must_be:
            problem = Break(key, entry.seq, f"hash version {entry.hash_version} where {must_be} is due")
        elif entry_hash(entry, key) != entry.hash:
            problem = Break(key, entry.seq, "content altered: hash does not match")
        else:
            prev, expected = entry.hash, expected + 1
    if problem is None and (chain.last_seq != expected - 1 or chain.last_hash != prev):
        problem = Break(key, expected, "chain head does not match the last entry (entries removed?)")
    if problem is None and chain.head_mac != ledger_key.head_mac(key, chain.last_seq, chain.last_hash):
        problem = Break(key, chain.last_seq, "chain head signature does not match (chain rewritten?)")
    if problem:
        report.breaks.append(problem)
    for cp in cps:
        if key in cp.heads:
            seq, digest = cp.heads[key]
            if seen.get(seq) != digest:
                report.breaks.append(
                    Break(key, seq, f"disagrees with checkpoint {cp.number} of {cp.at} ({cp.kind})")
                )
                break


def verify_all(
    enterprise_id: int | None = None,
    *,
    rows: bool = True,
    checkpoints: list[dict[str, Any]] | None = None,
    checks: bool = True,
) -> Report:
    """Every check in this module and every registered one, over one enterprise's chain or all of them."""
    report = Report()
    cps = _checkpoints(report, checkpoints)
    # No switch checkpoint (a database created after it, emptied by a test's flush): every entry must be
    # v2. Removing it cannot help a tamperer: v1 entries then fail, and the next checkpoint's
    # prev_signature names it.
    switch = next((cp for cp in cps if cp.kind == HASH_V2), None)
    chains = LedgerChain.objects.order_by("key")
    if enterprise_id is not None:
        chains = chains.filter(enterprise_id=enterprise_id)
    present = set()
    for chain in chains:
        present.add(chain.key)
        report.chains += 1
        switch_seq = switch.heads.get(chain.key, [0])[0] if switch else 0
        _verify_chain(chain, switch_seq, cps, report)
    if enterprise_id is None:
        for key in sorted({k for cp in cps for k in cp.heads} - present):
            first = next(cp for cp in cps if key in cp.heads)
            report.breaks.append(
                Break(key, first.heads[key][0], f"chain missing; it is in checkpoint {first.number}")
            )
    if rows:
        _verify_rows(enterprise_id, report)
    if checks:
        outcome = integrity.run(enterprise_id)
        report.checks = outcome.ran
        report.breaks.extend(outcome.problems)
    return report


def verify(enterprise_id: int | None = None, **kwargs: Any) -> tuple[int, list[Break | integrity.Problem]]:
    """(entries checked, problems found) — see `verify_all`."""
    report = verify_all(enterprise_id, **kwargs)
    return report.entries, report.breaks


# ---- rows against the ledger ---------------------------------------------------------------------


def regulated_models() -> list[type[models.Model]]:
    return [
        m
        for m in apps.get_models()
        if issubclass(m, RegulatedModel) and not m._meta.abstract and not m._meta.proxy
    ]


def _kinds(model: type[models.Model]) -> dict[str, str]:
    """How each compared field is normalised (untracked fields and those `snapshot` skips left out)."""
    kinds = {}
    for f in model._meta.concrete_fields:
        if f.attname in model.ledger_untracked_fields or f.name in {"created_at", "updated_at"}:
            continue
        if isinstance(f, models.DateTimeField):
            kinds[f.attname] = "time"
        elif isinstance(f, models.DecimalField):
            kinds[f.attname] = "decimal"
        elif isinstance(f, models.FloatField):
            kinds[f.attname] = "float"
        elif isinstance(f, models.JSONField):
            kinds[f.attname] = "json"
        elif isinstance(f, models.FileField):
            kinds[f.attname] = "file"
        else:
            kinds[f.attname] = "plain"
    return kinds


def _norm(kind: str, value: Any) -> Any:
    if value is None:
        return None
    try:
        if kind == "time":
            moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
            return time_text(to_millis(moment)) if moment.tzinfo else to_millis(moment).isoformat()
        if kind == "decimal":
            return str(Decimal(str(value)).normalize())
        if kind == "float":
            return float(value)
    except (ValueError, InvalidOperation):
        return value
    if kind == "json":
        return json.dumps(canonical_json(value), sort_keys=True, ensure_ascii=False)
    if kind == "file":
        return str(value) or None
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str | int | bool):
        return str(value)  # UUIDs and the like, as `snapshot` stores them
    return value


def _compare(model, kinds, pending: dict[str, tuple], chains: dict[int, str], report: Report) -> int:
    """Compare the rows named in `pending` (emptied); return how many were found."""
    label = model._meta.label
    found_rows = 0
    names = list(kinds)
    pk_name = model._meta.pk.attname
    found = model._base_manager.filter(pk__in=list(pending)).values_list(*names)
    for values in found.iterator(chunk_size=ROW_CHUNK):
        now = dict(zip(names, values, strict=True))  # what `snapshot` sees, without building instances
        row_pk = now[pk_name]
        state, seq, chain_id = pending.pop(str(row_pk))
        report.rows += 1
        found_rows += 1
        changed = [
            name
            for name, kept in state.items()
            if name in kinds
            and kept != now[name]  # equal as read (most values): no need to normalise
            and _norm(kinds[name], now[name]) != _norm(kinds[name], kept)
        ]
        if changed:
            report.breaks.append(
                Break(
                    f"{label} id={row_pk}",
                    seq,
                    f"row differs from its ledger entry ({chains.get(chain_id, '?')} #{seq}): "
                    + ", ".join(sorted(changed)),
                    kind="row",
                )
            )
    for object_id, (_state, seq, chain_id) in pending.items():
        report.breaks.append(
            Break(f"{label} id={object_id}", seq, f"row is gone ({chains.get(chain_id, '?')} #{seq})", "row")
        )
    pending.clear()
    return found_rows


def _verify_rows(enterprise_id: int | None, report: Report) -> None:
    """Each regulated row against the state its ledger entries describe."""
    chains = dict(LedgerChain.objects.values_list("pk", "key"))
    for model in regulated_models():
        kinds = _kinds(model)
        entries = AuditEntry.objects.filter(object_type=model._meta.label)
        if enterprise_id is not None:
            entries = entries.filter(chain__enterprise_id=enterprise_id)
        pending: dict[str, tuple] = {}
        current, state, seq, chain_id, found = None, {}, 0, 0, 0
        stream = entries.order_by("object_id", "id").values_list("object_id", "after", "seq", "chain_id")
        for object_id, after, s, c in stream.iterator(chunk_size=ROW_CHUNK):
            if object_id != current:
                if current is not None and state:
                    pending[current] = (state, seq, chain_id)
                    if len(pending) >= ROW_CHUNK:
                        found += _compare(model, kinds, pending, chains, report)
                current, state = object_id, {}
            if isinstance(after, dict):
                state.update(after)
            seq, chain_id = s, c
        if current is not None and state:
            pending[current] = (state, seq, chain_id)
        if pending:
            found += _compare(model, kinds, pending, chains, report)
        if enterprise_id is None:
            missing = model._base_manager.count() - found
            if missing:
                report.unrecorded[model._meta.label] = missing
