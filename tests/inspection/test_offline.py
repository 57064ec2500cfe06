"""Offline on-site writes land exactly once (issue 26 point 3): a phone's outbox sends each entry as the page's
own POST with a client id and the header X-Shouhu-Offline; a resend — the answer was lost, the form key
forgotten by the cache — stores nothing new (no second result, photo or signature), a task that changed
meanwhile is a conflict in words the inspector reads, and the worker and the handshake are served."""

from __future__ import annotations

import uuid

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from shouhu.inspection import services
from shouhu.workflow.checklists.models import ItemResult, Signature
from shouhu.workflow.evidence.models import EvidenceFile

from .conftest import items_of, nothing_written, png, score_all

pytestmark = pytest.mark.django_db
SYNC = {"HTTP_X_SHOUHU_OFFLINE": "1"}


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _send(client, inspection, item, *, result="pass", cid=None, photo=False, idem=None):
    cid = cid or uuid.uuid4().hex
    data = {
        "action": "result",
        "item_id": item.item_id,
        "result": result,
        "note": "地面积水",
        "client_id": cid,
    }
    data["_idem"] = idem or cid
    if photo:
        data["photo"] = SimpleUploadedFile("drain.jpg", png(), "image/png")
    return client.post(f"/inspection/{inspection.pk}/", data, **SYNC), cid


def test_a_resent_result_with_its_photo_is_stored_once(world, inspection):
    item = items_of(inspection)[0]
    c = _client(world.insp)
    first, cid = _send(c, inspection, item, result="fail", photo=True)
    assert first.status_code == 200 and first.json()["status"] == "stored"
    again, _ = _send(c, inspection, item, result="fail", cid=cid, photo=True)  # the form key remembered
    assert again.json() == {"status": "stored", "message": again.json()["message"], "replayed": True}
    cache.clear()  # the key forgotten (another server, a restart): the client id still holds
    with nothing_written():
        third, _ = _send(c, inspection, item, result="fail", cid=cid, photo=True)
    assert third.status_code == 200 and third.json()["status"] == "stored"
    assert ItemResult.objects.filter(client_id=uuid.UUID(cid)).count() == 1
    assert ItemResult.objects.filter(run=inspection.run).count() == 1
    assert EvidenceFile.objects.count() == 1
    page = c.get(f"/inspection/{inspection.pk}/").content.decode()
    assert "已同步" not in page  # no pile of flash messages from the sync


def test_scored_on_another_phone_is_a_conflict_in_words(world, inspection):
    item = items_of(inspection)[0]
    c = _client(world.insp)
    _send(c, inspection, item, result="pass")
    with nothing_written():
        other, _ = _send(c, inspection, item, result="fail")  # a second phone's entry, its own client id
    body = other.json()
    assert other.status_code == 409 and body["status"] == "conflict"
    assert "服务器上为「符合」" in body["message"] and "本机的结果未保存" in body["message"]


def test_concluded_meanwhile_is_a_conflict_naming_the_state(world, inspection):
    score_all(world, inspection)
    services.inspection_conclude(actor=world.insp, inspection=inspection.pk)
    c = _client(world.insp2)
    with nothing_written():
        late, _ = _send(c, inspection, items_of(inspection)[0], result="fail")
    body = late.json()
    assert late.status_code == 409 and body["status"] == "conflict"
    assert "您离线期间本次检查已变为" in body["message"]


def test_a_second_inspectors_different_result_is_kept_and_told(world, inspection):
    item = items_of(inspection)[0]
    _send(_client(world.insp), inspection, item, result="pass")
    answer, _ = _send(_client(world.insp2), inspection, item, result="fail")
    body = answer.json()
    assert (
        body["status"] == "stored" and "组员张检查" in body["notice"] and "按较差的结果计" in body["notice"]
    )
    assert ItemResult.objects.filter(run=inspection.run, item=item).count() == 2


def test_a_resent_signature_signs_once(world, inspection):
    score_all(world, inspection)
    services.inspection_conclude(actor=world.insp, inspection=inspection.pk)
    c, cid = _client(world.insp), uuid.uuid4().hex
    data = {"action": "sign", "drawing": "M1 1L20 20", "client_id": cid, "_idem": cid}
    assert c.post(f"/inspection/{inspection.pk}/", data, **SYNC).json()["status"] == "stored"
    cache.clear()
    assert c.post(f"/inspection/{inspection.pk}/", data, **SYNC).json()["status"] == "stored"
    rows = Signature.objects.filter(subject_id=str(inspection.pk), signer=world.insp)
    assert rows.count() == 1 and rows.get().drawing == "M1 1L20 20"


def test_worker_and_handshake(world, client):
    sw = client.get("/sw.js")
    assert sw.status_code == 200 and sw["Service-Worker-Allowed"] == "/"
    assert sw["Content-Type"].startswith("application/javascript") and "caches" in sw.content.decode()
    assert client.get("/offline/state/").status_code in (302, 401)  # no session: log in again
    state = _client(world.insp).get("/offline/state/").json()
    assert state["user"] == str(world.insp.pk) and state["csrf"]
