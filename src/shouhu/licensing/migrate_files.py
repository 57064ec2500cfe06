"""Moving licensing's stored files onto kernel evidence (migration 0003, issue 11.1).

Three licensing rows held a file of their own: an application `Document` (its SHA-256 in the row and in
its upload entry), an inspector's `ItemScore.photo` and a `Rectification.evidence` (their SHA-256 digits in
the content-addressed name). Each becomes one `evidence.EvidenceFile` naming the *same* stored bytes (no
copy), and the row points at it (`evidence_file`).

* The evidence record's SHA-256 is the one recorded before the move — the document's, or for a photo the
  stored bytes' hash when it still matches the digits of the name. A file that was already swapped or lost
  keeps the recorded value (the name's digits), so `shouhu audit verify` still reports it: the move never
  makes a swapped file look genuine.
* The ledger is append-only: each moved file gets an `evidence.file.create` entry on the new record
  (`before` = the old row with its model, `reason` = where it came from, the SHA-256 in `after`, which the
  kernel's `evidence.files` check reads), and the row an entry `licensing.evidence.migrate` with its new
  state. No earlier entry is touched.
* Running it again moves nothing twice (only rows without `evidence_file`); after a backward run (which
  drops the column and keeps the records) a forward run links the records made before instead of new ones.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from pathlib import PurePosixPath
from typing import Any

from django.core.files.storage import default_storage

from shouhu.core import ledger
from shouhu.core.system import SystemActor
from shouhu.workflow.evidence.events import EvidenceAction

from .events import LicensingAction as A

ACTOR = SystemActor("数据迁移（许可文件并入证据文件）")
PREFIX = "迁移自 "
# (model, file field, the path to the owning enterprise)
SOURCES = (
    ("Document", "file", "application__enterprise"),
    ("ItemScore", "photo", "item__verification__enterprise"),
    ("Rectification", "evidence", "enterprise"),
)
_NAMED = re.compile(r"^([0-9a-f]{24,64})(?:_[0-9A-Za-z]+)?$")
_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}


def _stored(name: str) -> tuple[str | None, int]:
    """(SHA-256 of the stored bytes, size), or (None, 0) when the file is not in storage."""
    try:
        with default_storage.open(name, "rb") as fh:
            digest, size = hashlib.sha256(), 0
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
                size += len(chunk)
            return digest.hexdigest(), size
    except (FileNotFoundError, OSError, ValueError):
        return None, 0


def _recorded(row: Any, name: str, actual: str | None) -> str:
    """The SHA-256 known before the move (never the hash of a file that no longer matches it): the
    document's own, else the digits of the content-addressed name (`<sha[:24]>[_suffix].<ext>`)."""
    if getattr(row, "sha256", ""):
        return row.sha256
    match = _NAMED.match(PurePosixPath(name).stem)
    if match is None:  # a name without digits proved nothing before: it proves nothing now
        return ""
    if actual and actual.startswith(match.group(1)):
        return actual
    return match.group(1)


def _enterprise(row: Any, path: str) -> Any:
    obj = row
    for part in path.split("__"):
        obj = getattr(obj, part)
    return obj


def forward(apps: Any, schema_editor: Any = None) -> dict[str, int]:
    """Move every file not yet moved; return how many per model (for the test and the migration's log)."""
    evidence_model = apps.get_model("evidence", "EvidenceFile")
    earlier = {e.note: e for e in evidence_model.objects.filter(note__startswith=PREFIX + "licensing.")}
    counts: dict[str, int] = {}
    entries: dict[int | None, list[ledger.NewEntry]] = defaultdict(list)
    for model_name, field, path in SOURCES:
        model = apps.get_model("licensing", model_name)
        label = f"licensing.{model_name}"
        counts[model_name] = 0
        rows = (
            model.objects.filter(evidence_file__isnull=True)
            .exclude(**{field: ""})
            .select_related(path)
            .order_by("pk")
        )
        for row in rows:
            name = getattr(row, field).name
            source = f"{label}:{row.pk}"
            ent = _enterprise(row, path)
            before = ledger.snapshot(row)
            ev = earlier.get(PREFIX + source)
            if ev is None:
                actual, size = _stored(name)
                sha = _recorded(row, name, actual)
                ext = PurePosixPath(name).suffix.lstrip(".").lower()
                ev = evidence_model.objects.create(
                    enterprise_id=ent.pk,
                    division_code=ent.division_code,
                    file=name,
                    original_name=PurePosixPath(name).name[-200:],
                    content_type=getattr(row, "content_type", "") or _TYPES.get(ext, ""),
                    size=getattr(row, "size", None) or size,
                    sha256=sha,
                    original_sha256=sha,
                    note=PREFIX + source,
                    uploaded_by_id=getattr(row, "inspector_id", None),
                )
                entries[ent.pk].append(
                    ledger.NewEntry(
                        action=EvidenceAction.FILE_CREATE,
                        object_type="evidence.EvidenceFile",
                        object_id=str(ev.pk),
                        object_repr=f"{ev.original_name} ({sha[:12]})"[:300],
                        before={"model": label, **before},
                        after=ledger.snapshot(ev),
                        reason=PREFIX + source,
                    )
                )
            model.objects.filter(pk=row.pk).update(evidence_file_id=ev.pk)
            row.evidence_file_id = ev.pk
            entries[ent.pk].append(
                ledger.NewEntry(
                    action=A.EVIDENCE_MIGRATE,
                    object_type=label,
                    object_id=str(row.pk),
                    object_repr=f"{label} {row.pk}",
                    before=before,
                    after=ledger.snapshot(row),
                    reason=f"文件并入证据文件 evidence.EvidenceFile:{ev.pk}",
                )
            )
            counts[model_name] += 1
    if entries:
        ledger.append_grouped(actor=ACTOR, groups=entries)
    return counts


def backward(apps: Any, schema_editor: Any = None) -> None:
    """Nothing to undo in the data: the evidence records and their entries stay (regulated records); the
    columns that named them are dropped by the schema operations."""
