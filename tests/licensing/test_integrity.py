"""Licensing's stored files under `shouhu audit verify` (issues 13, 11.1): documents and inspection photos
are kernel evidence, each checked against the SHA-256 its `evidence.file.create` entry recorded."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from shouhu.licensing import services as svc
from shouhu.licensing.models import Document, ItemScore

from .conftest import JPEG, PNG, fill_application, to_accepted

pytestmark = pytest.mark.django_db


def _swap(fieldfile, content):
    storage, name = fieldfile.storage, fieldfile.name
    storage.delete(name)
    assert storage.save(name, ContentFile(content)) == name


def test_a_swapped_application_document_is_named(principal_a, ent_a, capsys):
    app = fill_application(principal_a, ent_a)
    call_command("audit", "verify")
    doc = Document.objects.filter(application=app).order_by("pk").last()
    _swap(doc.file, PNG)
    with pytest.raises(CommandError, match="1 stored-file/check problem"):
        call_command("audit", "verify")
    err = capsys.readouterr().err
    assert doc.evidence_file.file.name == doc.file.name  # one stored file, no copy
    assert f"evidence.EvidenceFile id={doc.evidence_file_id} ({doc.file.name})" in err
    assert "stored bytes do not match the ledger's SHA-256" in err


def test_a_missing_application_document_is_named(principal_a, ent_a, capsys):
    fill_application(principal_a, ent_a)
    doc = Document.objects.order_by("pk").first()
    doc.file.storage.delete(doc.file.name)
    with pytest.raises(CommandError):
        call_command("audit", "verify", "--enterprise", str(ent_a.pk))
    assert f"evidence.EvidenceFile id={doc.evidence_file_id}" in capsys.readouterr().err


def test_a_swapped_inspection_photo_is_named(principal_a, ent_a, city_reviewer, inspectors, capsys):
    app = fill_application(principal_a, ent_a)
    to_accepted(app, principal_a, city_reviewer)
    ver = svc.verification_assign(actor=city_reviewer, application=app, inspectors=inspectors)
    item = ver.items.filter(not_applicable=False).first()
    svc.item_score(actor=inspectors[0], item=item, result="符合", photo=PNG)
    call_command("audit", "verify")
    score = ItemScore.objects.get(item=item)
    _swap(score.photo, JPEG)
    with pytest.raises(CommandError):
        call_command("audit", "verify")
    err = capsys.readouterr().err
    assert f"evidence.EvidenceFile id={score.evidence_file_id} ({score.photo.name})" in err
    assert "stored bytes do not match the ledger's SHA-256" in err
