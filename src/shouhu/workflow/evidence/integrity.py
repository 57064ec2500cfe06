"""Evidence integrity: every stored file against the SHA-256 its ledger entry recorded when it was created.

The row's `sha256` could be changed together with the file; the ledger entry cannot (its hash chain would
break, `shouhu audit verify`). So the check reads the hash from the ledger entry of the file's creation and
recomputes the stored bytes' hash: a swapped, truncated or missing file is reported by id. Registered as
the `evidence.files` check of `core.integrity` (in `EvidenceConfig.ready()`), so `shouhu audit verify` runs
it with the ledger's own checks; `shouhu evidence verify` runs it alone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from shouhu.core.integrity import Problem
from shouhu.core.models import AuditEntry

from .events import EvidenceAction as A
from .models import EvidenceFile

CHECK_NAME = "evidence.files"


@dataclass(frozen=True)
class Mismatch:
    evidence_id: int
    name: str
    problem: str

    def __str__(self) -> str:
        return f"evidence #{self.evidence_id} {self.name}: {self.problem}"


def _stored_hash(evidence: EvidenceFile) -> str | None:
    try:
        with evidence.file.open("rb") as fh:
            digest = hashlib.sha256()
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
            return digest.hexdigest()
    except (FileNotFoundError, OSError, ValueError):
        return None


def verify(enterprise_id: int | None = None) -> tuple[int, list[Mismatch]]:
    """(files checked, mismatches) — one enterprise's files, or all."""
    files = EvidenceFile.objects.order_by("pk")
    if enterprise_id is not None:
        files = files.filter(enterprise_id=enterprise_id)
    recorded = dict(
        AuditEntry.objects.filter(object_type=EvidenceFile._meta.label, action=A.FILE_CREATE).values_list(
            "object_id", "after__sha256"
        )
    )
    checked, bad = 0, []
    for ev in files.iterator(chunk_size=500):
        checked += 1
        ledger_hash = recorded.get(str(ev.pk))
        stored = _stored_hash(ev)
        if ledger_hash is None:
            bad.append(Mismatch(ev.pk, ev.file.name, "no ledger entry records this file"))
        elif stored is None:
            bad.append(Mismatch(ev.pk, ev.file.name, "file missing from storage"))
        elif stored != ledger_hash:
            bad.append(Mismatch(ev.pk, ev.file.name, "stored bytes do not match the ledger's SHA-256"))
        elif ev.sha256 != ledger_hash:
            bad.append(Mismatch(ev.pk, ev.file.name, "row's SHA-256 differs from the ledger's"))
    return checked, bad


def check(enterprise_id: int | None = None) -> Iterator[Problem]:
    """`verify` as a `core.integrity` check, so `shouhu audit verify` catches a swapped file too."""
    for m in verify(enterprise_id)[1]:
        yield Problem(CHECK_NAME, f"{EvidenceFile._meta.label} id={m.evidence_id} ({m.name})", m.problem)
