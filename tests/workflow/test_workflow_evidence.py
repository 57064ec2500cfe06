"""Evidence files: type by content, size limit, downscaling, SHA-256 in the ledger, idempotent creates."""

from __future__ import annotations

import hashlib
import uuid

import pytest
from django.core.files.base import ContentFile

from shouhu.core.errors import Conflict, ValidationFailed
from shouhu.core.ledger import history
from shouhu.workflow.evidence.models import EvidenceFile
from shouhu.workflow.evidence.services import evidence_create, evidence_verify

from .conftest import PDF, image_bytes


@pytest.mark.parametrize("kind", ["png", "jpeg", "pdf"])
def test_accepted_types_are_stored_with_their_hash_in_the_ledger(kind, principal_a, ent_a, png, jpeg):
    content = {"png": png, "jpeg": jpeg, "pdf": PDF}[kind]
    ev = evidence_create(actor=principal_a, content=content, name=f"x.{kind}")
    assert ev.content_type == {"png": "image/png", "jpeg": "image/jpeg", "pdf": "application/pdf"}[kind]
    assert ev.enterprise_id == ent_a.pk and ev.division_code == ent_a.division_code
    with ev.file.open("rb") as fh:
        assert hashlib.sha256(fh.read()).hexdigest() == ev.sha256
    (entry,) = history(ev)
    assert entry.action == "evidence.file.create" and entry.after["sha256"] == ev.sha256
    assert evidence_verify(ev)


@pytest.mark.parametrize(
    "content,code",
    [
        (b"MZ\x90\x00 not a picture", "file.type"),
        (b"GIF89a....", "file.type"),
        (b"", "file.empty"),
        (b"\x89PNG\r\n\x1a\n but truncated", "file.image_broken"),
    ],
)
def test_wrong_type_is_refused_and_nothing_written(content, code, principal_a, ledger_count):
    before = ledger_count()
    with pytest.raises(ValidationFailed) as exc:
        evidence_create(actor=principal_a, content=content, name="photo.jpg")  # the name is never trusted
    assert exc.value.details["fields"][0]["field"] == "file"
    assert exc.value.details["reason"] == code
    assert EvidenceFile.objects.count() == 0 and ledger_count() == before


def test_too_large_is_refused(principal_a, settings, ledger_count):
    settings.SHOUHU_MAX_UPLOAD_BYTES = 100
    before = ledger_count()
    with pytest.raises(ValidationFailed) as exc:
        evidence_create(actor=principal_a, content=PDF + b"0" * 200)
    assert exc.value.details["reason"] == "file.too_large"
    assert EvidenceFile.objects.count() == 0 and ledger_count() == before


def test_large_images_are_downscaled_and_both_hashes_kept(principal_a, settings):
    settings.SHOUHU_EVIDENCE_MAX_SIDE = 100
    original = image_bytes("JPEG", (400, 200))
    ev = evidence_create(actor=principal_a, content=original)
    assert (ev.width, ev.height) == (100, 50)
    assert ev.original_sha256 == hashlib.sha256(original).hexdigest() != ev.sha256
    assert evidence_verify(ev)


def test_a_replayed_create_writes_nothing_twice(principal_a, png, ledger_count):
    cid = uuid.uuid4()
    first = evidence_create(actor=principal_a, content=png, client_id=cid)
    after_first = ledger_count()
    again = evidence_create(actor=principal_a, content=png, client_id=str(cid))
    assert again.pk == first.pk
    assert EvidenceFile.objects.count() == 1 and ledger_count() == after_first


def test_a_client_id_of_another_tenant_is_refused_without_saying_whose(principal_a, officer_b, png):
    cid = uuid.uuid4()
    evidence_create(actor=principal_a, content=png, client_id=cid)
    with pytest.raises(Conflict) as exc:
        evidence_create(actor=officer_b, content=png, client_id=cid)
    assert exc.value.details["reason"] == "client_id.taken"
    assert EvidenceFile.objects.count() == 1


def test_a_client_id_that_is_not_a_uuid_is_refused(principal_a, png):
    with pytest.raises(ValidationFailed):
        evidence_create(actor=principal_a, content=png, client_id="not-a-uuid")


def test_a_swapped_file_no_longer_verifies(principal_a, png, jpeg):
    ev = evidence_create(actor=principal_a, content=png)
    storage = ev.file.storage
    storage.delete(ev.file.name)
    storage.save(ev.file.name, ContentFile(jpeg))
    assert not evidence_verify(ev)


def test_the_integrity_check_reads_the_ledgers_hash_and_names_a_swapped_file(principal_a, png, jpeg, ent_a):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from shouhu.workflow.evidence import integrity

    good = evidence_create(actor=principal_a, content=png)
    bad = evidence_create(actor=principal_a, content=PDF)
    assert integrity.verify(ent_a.pk) == (2, [])
    call_command("evidence", "verify")
    storage = bad.file.storage
    storage.delete(bad.file.name)
    storage.save(bad.file.name, ContentFile(jpeg))
    # a forger who also rewrites the row's hash is still caught: the ledger's copy is what counts
    EvidenceFile.objects.filter(pk=bad.pk).update(sha256=hashlib.sha256(jpeg).hexdigest())
    checked, found = integrity.verify()
    assert checked == 2 and [m.evidence_id for m in found] == [bad.pk] and good.pk != bad.pk
    with pytest.raises(CommandError, match="1 of 2"):
        call_command("evidence", "verify", "--enterprise", str(ent_a.pk))


@pytest.fixture
def on_disk(settings, tmp_path):
    """Files in a real directory, as the embedded default keeps them (the test settings keep them in memory)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    return tmp_path


def test_audit_verify_catches_an_evidence_file_swapped_on_disk(principal_a, png, jpeg, on_disk, capsys):
    """Issue 13 point 5: the row and ledger untouched, another valid file's bytes written over the stored
    one — `shouhu audit verify` fails, naming the record and the file; untouched, it passes."""
    from django.core.management import call_command
    from django.core.management.base import CommandError

    good = evidence_create(actor=principal_a, content=png)
    bad = evidence_create(actor=principal_a, content=PDF)
    path = on_disk / bad.file.name
    assert path.read_bytes() == PDF  # really on disk
    call_command("audit", "verify")
    assert "evidence.files" in capsys.readouterr().out
    path.write_bytes(jpeg)  # a valid file of another kind, same name
    with pytest.raises(CommandError, match="1 stored-file/check problem"):
        call_command("audit", "verify")
    err = capsys.readouterr().err
    assert f"evidence.EvidenceFile id={bad.pk} ({bad.file.name})" in err
    assert "stored bytes do not match" in err
    assert f"id={good.pk} " not in err
    path.unlink()  # and a missing file is a problem too
    with pytest.raises(CommandError):
        call_command("audit", "verify")
    assert "file missing from storage" in capsys.readouterr().err


def test_audit_verify_for_another_enterprise_does_not_report_this_ones_file(
    principal_a, png, jpeg, on_disk, ent_a, ent_b
):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    ev = evidence_create(actor=principal_a, content=png)
    (on_disk / ev.file.name).write_bytes(jpeg)
    call_command("audit", "verify", "--enterprise", str(ent_b.pk))
    with pytest.raises(CommandError):
        call_command("audit", "verify", "--enterprise", str(ent_a.pk))
