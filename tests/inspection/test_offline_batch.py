"""The outbox in batches (issue 26 speed): one POST carries many results and their photos; each entry is
answered as if sent alone (stored / conflict, by client id), a resent batch stores nothing twice, and a
malformed batch — too many entries, an unknown field, a bad client id, a stray file — writes nothing and
names each entry's error."""

from __future__ import annotations

import json
import uuid

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from shouhu.core.offline import MAX_BATCH
from shouhu.workflow.checklists.models import ItemResult
from shouhu.workflow.evidence.models import EvidenceFile

from .conftest import items_of, nothing_written, png

pytestmark = pytest.mark.django_db
SYNC = {"HTTP_X_SHOUHU_OFFLINE": "1"}


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _entry(item, result="pass", cid=None, **extra):
    fields = {"action": "result", "item_id": item.item_id, "result": result, "note": "现场查看", **extra}
    return {"client_id": cid or uuid.uuid4().hex, "fields": fields}


def _post(c, inspection, entries, files=None):
    data = {"entries": json.dumps(entries), **(files or {})}
    return c.post(f"/inspection/{inspection.pk}/", data, **SYNC)


def test_a_batch_stores_each_entry_once_with_its_photo(world, inspection):
    items = items_of(inspection)[:5]
    entries = [_entry(it, "fail" if k == 0 else "pass") for k, it in enumerate(items)]
    photo = {f"file.{entries[0]['client_id']}.photo": SimpleUploadedFile("a.png", png(), "image/png")}
    c = _client(world.insp)
    res = _post(c, inspection, entries, photo)
    body = res.json()
    assert res.status_code == 200 and body["status"] == "batch"
    assert [r["client_id"] for r in body["results"]] == [e["client_id"] for e in entries]
    assert {r["status"] for r in body["results"]} == {"stored"}
    assert ItemResult.objects.filter(run=inspection.run).count() == 5 and EvidenceFile.objects.count() == 1
    cache.clear()
    photo = {f"file.{entries[0]['client_id']}.photo": SimpleUploadedFile("a.png", png(), "image/png")}
    with nothing_written():  # the answer was lost: the same batch again
        again = _post(c, inspection, entries, photo).json()
    assert {r["status"] for r in again["results"]} == {"stored"}
    assert ItemResult.objects.filter(run=inspection.run).count() == 5 and EvidenceFile.objects.count() == 1


def test_an_entry_scored_on_another_phone_is_a_conflict_the_rest_stored(world, inspection):
    one, two = items_of(inspection)[:2]
    c = _client(world.insp)
    _post(c, inspection, [_entry(one, "pass")])
    body = _post(c, inspection, [_entry(one, "fail"), _entry(two, "pass")]).json()
    assert [r["status"] for r in body["results"]] == ["conflict", "stored"]
    assert "服务器上为「符合」" in body["results"][0]["message"]
    assert ItemResult.objects.filter(run=inspection.run).count() == 2


@pytest.mark.parametrize(
    "bad",
    [
        lambda it: [_entry(it) for _ in range(MAX_BATCH + 1)],
        lambda it: [_entry(it), _entry(it, concluded="yes")],
        lambda it: [_entry(it), _entry(it, cid="not a client id!")],
        lambda it: [_entry(it), {**_entry(it), "fields": {"action": "conclude"}}],
        lambda it: [_entry(it), _entry(it, note="长" * 5000)],
        lambda it: "not a list",
    ],
    ids=["too-many", "unknown-field", "bad-client-id", "action-not-batched", "too-long", "not-a-list"],
)
def test_a_malformed_batch_writes_nothing_and_says_why(world, inspection, bad):
    item = items_of(inspection)[1]
    c = _client(world.insp)
    with nothing_written():
        res = _post(c, inspection, bad(item))
    body = res.json()
    assert res.status_code == 400 and body["status"] == "refused" and body["errors"]
    assert all(e["message"] for e in body["errors"])


def test_a_stray_file_refuses_the_batch(world, inspection):
    item = items_of(inspection)[0]
    stray = {f"file.{uuid.uuid4().hex}.photo": SimpleUploadedFile("a.png", png(), "image/png")}
    with nothing_written():
        res = _post(_client(world.insp), inspection, [_entry(item)], stray)
    assert res.status_code == 400
