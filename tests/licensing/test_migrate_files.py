"""Issue 11.1: licensing's stored files move onto kernel evidence (migration licensing.0003).

django-test-migrations is not installed, so the forward function runs on rows made in the old shape: a
document, an inspection photo and a rectification's evidence stored under licensing's own names, each
written with its old ledger entry and no `evidence_file`, exactly as the services before the move left them.
"""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from django.apps import apps as live_apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from shouhu.core import ledger
from shouhu.core.models import AuditEntry
from shouhu.core.services import create_record
from shouhu.licensing import migrate_files
from shouhu.licensing import services as svc
from shouhu.licensing.events import LicensingAction as A
from shouhu.licensing.models import Document, ItemScore, Rectification
from shouhu.workflow.evidence import integrity
from shouhu.workflow.evidence.models import EvidenceFile

from .conftest import JPEG, PDF, PNG, fill_application, to_accepted

pytestmark = pytest.mark.django_db


def _old_file(folder: str, content: bytes, ext: str) -> tuple[str, str]:
    sha = hashlib.sha256(content).hexdigest()
    name = default_storage.save(f"licensing/{folder}/{sha[:24]}.{ext}", ContentFile(content))
    return name, sha


@pytest.fixture
def old_rows(principal_a, ent_a, city_reviewer, inspectors):
    app = fill_application(principal_a, ent_a)
    to_accepted(app, principal_a, city_reviewer)
    ver = svc.verification_assign(actor=city_reviewer, application=app, inspectors=inspectors)
    item = ver.items.filter(not_applicable=False).first()
    pdf = PDF + b"% old upload\n"
    name, sha = _old_file("document", pdf, "pdf")
    doc = create_record(
        actor=principal_a,
        enterprise_id=ent_a.pk,
        action=A.DOCUMENT_UPLOAD,
        instance=Document(
            application=app,
            kind="other",
            title="旧材料",
            file=name,
            content_type="application/pdf",
            size=len(pdf),
            sha256=sha,
        ),
    )
    photo_name, photo_sha = _old_file("itemscore", PNG, "png")
    score = create_record(
        actor=inspectors[0],
        enterprise_id=ent_a.pk,
        action=A.ITEM_SCORE,
        instance=ItemScore(item=item, inspector=inspectors[0], result="符合", photo=photo_name),
    )
    rect_name, rect_sha = _old_file("rectification", JPEG, "jpg")
    rect = create_record(
        actor=inspectors[0],
        enterprise_id=ent_a.pk,
        action=A.RECTIFICATION_CREATE,
        instance=Rectification(
            enterprise=ent_a,
            verification=ver,
            item=item,
            finding="地面积水",
            citation="细则",
            due_on=date(2026, 12, 31),
            state="submitted",
            evidence_note="已清理",
            evidence=rect_name,
        ),
    )
    return {"doc": (doc, sha), "score": (score, photo_sha), "rect": (rect, rect_sha)}


def _entries(row):
    return list(
        AuditEntry.objects.filter(object_type=row._meta.label, object_id=str(row.pk))
        .order_by("id")
        .values_list("id", "action", "hash")
    )


def test_every_old_file_becomes_kernel_evidence_with_its_hash_and_history_kept(old_rows, ent_a):
    before = {k: _entries(row) for k, (row, _sha) in old_rows.items()}
    files_before = EvidenceFile.objects.count()
    counts = migrate_files.forward(live_apps)
    assert counts == {"Document": 1, "ItemScore": 1, "Rectification": 1}
    assert EvidenceFile.objects.count() == files_before + 3
    for key, (row, sha) in old_rows.items():
        row.refresh_from_db()
        ev = row.evidence_file
        stored = row.file if key == "doc" else row.photo if key == "score" else row.evidence
        assert ev.file.name == stored.name and ev.sha256 == sha and ev.enterprise_id == ent_a.pk
        assert ev.division_code == ent_a.division_code
        # the old entries stay as they were; one new entry records the move on the row
        now = _entries(row)
        assert now[: len(before[key])] == before[key]
        assert [a for _i, a, _h in now[len(before[key]) :]] == [str(A.EVIDENCE_MIGRATE)]
        created = AuditEntry.objects.get(object_type="evidence.EvidenceFile", object_id=str(ev.pk))
        assert created.action == "evidence.file.create"
        assert created.after["sha256"] == sha
        assert created.before["model"] == row._meta.label and created.before["id"] == row.pk
        assert created.reason == f"迁移自 {row._meta.label}:{row.pk}"
        assert created.chain.enterprise_id == ent_a.pk
    assert old_rows["doc"][0].evidence_file.content_type == "application/pdf"
    assert old_rows["score"][0].evidence_file.content_type == "image/png"
    assert old_rows["score"][0].evidence_file.uploaded_by_id == old_rows["score"][0].inspector_id
    # the chains still verify, every row matches its entries, and every file its ledger SHA-256
    _n, problems = ledger.verify()
    assert problems == []
    assert integrity.verify()[1] == []
    call_command("audit", "verify")


def test_running_again_moves_nothing_twice_and_after_a_backward_run_links_the_same_records(old_rows):
    migrate_files.forward(live_apps)
    linked = {k: row.__class__.objects.get(pk=row.pk).evidence_file_id for k, (row, _s) in old_rows.items()}
    entries, files = AuditEntry.objects.count(), EvidenceFile.objects.count()
    assert migrate_files.forward(live_apps) == {"Document": 0, "ItemScore": 0, "Rectification": 0}
    assert (AuditEntry.objects.count(), EvidenceFile.objects.count()) == (entries, files)
    # backwards drops the column (here: the links emptied); forwards again links the records made before
    for row, _s in old_rows.values():
        row.__class__.objects.filter(pk=row.pk).update(evidence_file=None)
    migrate_files.backward(live_apps)
    assert migrate_files.forward(live_apps) == {"Document": 1, "ItemScore": 1, "Rectification": 1}
    assert EvidenceFile.objects.count() == files
    assert {
        k: row.__class__.objects.get(pk=row.pk).evidence_file_id for k, (row, _s) in old_rows.items()
    } == linked


def test_a_file_swapped_before_the_move_is_still_reported_after_it(old_rows, capsys):
    score, _sha = old_rows["score"]
    default_storage.delete(score.photo.name)
    default_storage.save(score.photo.name, ContentFile(JPEG))  # another picture under the old name
    migrate_files.forward(live_apps)
    score.refresh_from_db()
    assert score.evidence_file.sha256 != hashlib.sha256(JPEG).hexdigest()  # the swap is not legitimised
    with pytest.raises(CommandError):
        call_command("audit", "verify")
    err = capsys.readouterr().err
    assert f"evidence.EvidenceFile id={score.evidence_file_id} ({score.photo.name})" in err
