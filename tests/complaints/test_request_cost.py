"""What a filing costs the request (issue 29, "Speed"): one insert and one cache read — the first step, the
ledger, the repeat merge, the deadline and the rate-limit charge are the drain's — and what the request no
longer does is still guaranteed: a question answers one filing, the limits hold, a failed drain loses nothing."""

from __future__ import annotations

import json
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from shouhu.complaints import public, services, tasks
from shouhu.complaints.models import Status, Step, Submission
from shouhu.complaints.services import intake
from shouhu.complaints.services.intake import intake_drain
from shouhu.core import ledger, ratelimit
from shouhu.core.errors import ServiceError
from shouhu.core.models import AuditEntry
from shouhu.workflow.obligations.models import Obligation

from .conftest import complaint

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(settings):
    settings.SHOUHU_JOBS = settings.SHOUHU_JOBS | {"mode": "pool"}
    cache.clear()
    with mock.patch.object(tasks, "kick"):  # no drainer thread: the test drains when it wants
        yield


class Counting:
    """The rate-limit cache, counting its round trips."""

    def __init__(self, store):
        self.store, self.trips = store, []

    def __getattr__(self, name):
        def call(*args, **kwargs):
            self.trips.append(name)
            return getattr(self.store, name)(*args, **kwargs)

        return call


def _post(c: Client, body: dict, **headers):
    return c.post("/api/v1/complaints/public", json.dumps(body), content_type="application/json", **headers)


def test_a_filing_is_one_insert_and_one_cache_read(ent, queued):
    store = Counting(ratelimit._store())
    services.submission_file(data=complaint(ent), client="8.8.8.1")  # warm the look-ups' own caches
    with mock.patch.object(ratelimit, "_store", return_value=store), CaptureQueriesContext(connection) as q:
        services.submission_file(
            data=complaint(ent, contact_phone="13900000007", description="另一件"), client="8.8.8.2"
        )
    writes = [x["sql"] for x in q.captured_queries if not x["sql"].lstrip().upper().startswith("SELECT")]
    inserts = [w for w in writes if w.lstrip().upper().startswith("INSERT")]
    assert len(inserts) == 1 and "complaints_submission" in inserts[0], writes
    assert not any(w.lstrip().upper().startswith(("UPDATE", "DELETE")) for w in writes), writes
    selects = [x["sql"] for x in q.captured_queries if x["sql"].lstrip().upper().startswith("SELECT")]
    unique_reads = [s for s in selects if '"complaints_submission"' in s.split("WHERE")[0]]
    assert not unique_reads  # the tracking number's and the question's uniqueness: the insert's
    assert store.trips == ["get_many"]


def test_a_failed_drain_loses_nothing_and_the_next_one_routes_it(ent, queued):
    s = services.submission_file(data=complaint(ent), client="8.8.8.3").submission
    failing = mock.patch.object(intake, "obligation_create_many", side_effect=RuntimeError("gone"))
    with failing, pytest.raises(RuntimeError):
        intake_drain()
    s.refresh_from_db()
    assert s.routed_at is None and s.client_key  # still queued, with what the charge needs
    assert not Step.objects.exists() and not Obligation.objects.exists()
    assert not AuditEntry.objects.filter(object_id=str(s.pk), object_type=Submission._meta.label).exists()
    assert cache.get(ratelimit._key(public._submit_buckets()[0], "8.8.8.3")) is None  # nothing charged
    assert intake_drain() == 1
    s.refresh_from_db()
    assert s.routed_at is not None and Obligation.objects.count() == 1
    assert [x.action for x in s.steps.all()] == ["file"]
    assert AuditEntry.objects.filter(object_id=str(s.pk), object_type=Submission._meta.label).count() == 1
    assert ledger.verify()[1] == []


def test_the_client_limit_holds_when_charged_off_the_request(ent, queued, settings):
    settings.SHOUHU_COMPLAINTS_CLIENT_BURST = 2
    settings.SHOUHU_COMPLAINTS_CLIENT_PER_HOUR = 10
    # three filings before a drain: the read-only check lets them through (the bounded overshoot) …
    for i in range(3):
        services.submission_file(
            data=complaint(ent, contact_phone=f"1380000000{i}", description=f"第{i}次"), client="9.9.9.9"
        )
    assert intake_drain() == 3
    # … and the drain charges all three: the bucket owes one token, so the next waits for two (12 min)
    before = Submission.objects.count()
    with pytest.raises(ServiceError) as exc:
        services.submission_file(
            data=complaint(ent, contact_phone="13800000009", description="再一次"), client="9.9.9.9"
        )
    assert exc.value.status == 429 and 11 * 60 < exc.value.details["retry_after"] <= 12 * 60 + 1
    assert Submission.objects.count() == before
    services.submission_file(  # another address is its own bucket
        data=complaint(ent, contact_phone="13800000008", description="别人"), client="9.9.9.8"
    )


def test_a_question_answers_one_filing_even_before_routing(ent, queued, settings):
    settings.SHOUHU_COMPLAINTS_CHALLENGE_LEVEL = 1
    c = Client()
    issued = c.get("/api/v1/complaints/public/challenge").json()
    a, _op, b, *_rest = issued["question"].split()
    body = complaint(ent, challenge_token=issued["token"], challenge_answer=str(int(a) + int(b)))
    assert _post(c, body).status_code == 201
    before = Submission.objects.count()
    reused = _post(c, {**body, "description": "同一道题再用一次", "contact_phone": "13900000003"})
    assert reused.status_code == 422 and reused.json()["details"]["reason"] == "complaints.challenge_failed"
    assert Submission.objects.count() == before


def test_a_double_submission_is_merged_when_routed(ent, queued):
    first = services.submission_file(data=complaint(ent), client="8.8.8.4")
    again = services.submission_file(data=complaint(ent), client="8.8.8.4")  # the same form, sent twice
    assert first.submission.tracking_no != again.submission.tracking_no  # each has its receipt at once
    intake_drain()
    again.submission.refresh_from_db()
    assert again.submission.status == Status.MERGED and again.submission.merged_into == first.submission
    assert Obligation.objects.count() == 1
