"""Integrity checks beyond the hash chains, run by `shouhu audit verify`: a registry the apps fill.

Core knows no app, yet `audit verify` must also catch what only an app can check — a stored file swapped
on disk while its row and ledger entry stay untouched. So core offers the registry and the apps register
their checks in their `AppConfig.ready()`:

    register_check("evidence.files", check)   # check(enterprise_id) yields Problem

A check yields one `Problem` per thing wrong (what is wrong, and which record or file); nothing yielded
means it holds. `run()` runs them all; a check that raises is itself reported as a problem (an unreadable
store must not pass as "no problems").

Two helpers cover stored files, the usual case:
- `recorded_hash_check`: the file's SHA-256 against the one its creation entry in the ledger recorded
  (the row's copy could be changed together with the file; the ledger's cannot without breaking its
  chain). A missing file, or a row no entry records, is a problem too.
- `named_hash_check`: files saved under the first 24 hex digits of their SHA-256 (content-addressed
  names; the name is in the ledger snapshot, so the rows check guards it): the stored bytes against the
  digits in their name.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.db import models

from .models import AuditEntry

Check = Callable[[int | None], Iterable["Problem"]]

_CHECKS: dict[str, Check] = {}
HASH_PREFIX = 24  # hex digits of the SHA-256 a content-addressed name carries
_NAMED = re.compile(rf"^([0-9a-f]{{{HASH_PREFIX}}})(?:_[0-9A-Za-z]+)?$")


@dataclass(frozen=True)
class Problem:
    check: str  # the registered name
    subject: str  # which record or file, e.g. "evidence.EvidenceFile id=4 (evidence/1/ab….png)"
    problem: str  # what is wrong
    kind: str = field(default="check", init=False)  # beside Break's chain | checkpoint | row

    def __str__(self) -> str:
        return f"{self.subject}: {self.problem} [{self.check}]"


def register_check(name: str, fn: Check) -> None:
    """Add (or replace, so a re-run `ready()` is harmless) the check called `name`."""
    _CHECKS[name] = fn


def registered() -> dict[str, Check]:
    return dict(_CHECKS)


@dataclass
class Outcome:
    ran: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def run(enterprise_id: int | None = None, *, only: Iterable[str] | None = None) -> Outcome:
    """Every registered check (or those named in `only`), over one enterprise's records or all."""
    outcome = Outcome()
    wanted = set(only) if only is not None else None
    for name, fn in sorted(_CHECKS.items()):
        if wanted is not None and name not in wanted:
            continue
        outcome.ran.append(name)
        try:
            outcome.problems.extend(fn(enterprise_id))
        except Exception as exc:  # a check that cannot run is a problem, not a pass
            outcome.problems.append(Problem(name, name, f"check could not run: {type(exc).__name__}: {exc}"))
    return outcome


# ---- stored files ------------------------------------------------------------------------------------


def file_sha256(fieldfile: models.fields.files.FieldFile) -> str | None:
    """SHA-256 of the stored bytes, or None when the file cannot be read (missing from storage)."""
    try:
        with fieldfile.storage.open(fieldfile.name, "rb") as fh:
            digest = hashlib.sha256()
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
            return digest.hexdigest()
    except (FileNotFoundError, OSError, ValueError):
        return None


def _subject(model: type[models.Model], pk: object, name: str) -> str:
    return f"{model._meta.label} id={pk} ({name or 'no file'})"


def _rows(model: type[models.Model], file_field: str, enterprise_lookup: str, enterprise_id: int | None):
    rows = model._base_manager.order_by("pk")
    if enterprise_id is not None:
        rows = rows.filter(**{enterprise_lookup: enterprise_id})
    return rows.exclude(**{file_field: ""}).exclude(**{f"{file_field}__isnull": True})


def recorded_hash_check(
    name: str,
    model: type[models.Model],
    *,
    action: str,
    file_field: str = "file",
    hash_field: str = "sha256",
    enterprise_lookup: str = "enterprise_id",
) -> Check:
    """A check: each stored file of `model` against the hash its `action` entry recorded in the ledger."""

    def check(enterprise_id: int | None) -> Iterator[Problem]:
        recorded = dict(
            AuditEntry.objects.filter(object_type=model._meta.label, action=str(action)).values_list(
                "object_id", f"after__{hash_field}"
            )
        )
        for row in _rows(model, file_field, enterprise_lookup, enterprise_id).iterator(chunk_size=500):
            stored = getattr(row, file_field)
            subject = _subject(model, row.pk, stored.name)
            ledger_hash = recorded.get(str(row.pk))
            if not ledger_hash:
                yield Problem(name, subject, "no ledger entry records this file's SHA-256")
                continue
            actual = file_sha256(stored)
            if actual is None:
                yield Problem(name, subject, "file missing from storage")
            elif actual != ledger_hash:
                yield Problem(
                    name, subject, "stored bytes do not match the SHA-256 in the ledger (file swapped?)"
                )
            elif getattr(row, hash_field) != ledger_hash:
                yield Problem(name, subject, "the row's SHA-256 differs from the ledger's")

    return check


def named_hash_check(
    name: str, model: type[models.Model], *, file_field: str, enterprise_lookup: str = "enterprise_id"
) -> Check:
    """A check: each stored file of `model` against the SHA-256 digits its content-addressed name carries."""

    def check(enterprise_id: int | None) -> Iterator[Problem]:
        for row in _rows(model, file_field, enterprise_lookup, enterprise_id).iterator(chunk_size=500):
            stored = getattr(row, file_field)
            subject = _subject(model, row.pk, stored.name)
            match = _NAMED.match(PurePosixPath(stored.name).stem)
            if not match:
                yield Problem(name, subject, "file name carries no SHA-256 to check the bytes against")
                continue
            actual = file_sha256(stored)
            if actual is None:
                yield Problem(name, subject, "file missing from storage")
            elif not actual.startswith(match.group(1)):
                yield Problem(
                    name, subject, "stored bytes do not match the SHA-256 in the file's name (file swapped?)"
                )

    return check
