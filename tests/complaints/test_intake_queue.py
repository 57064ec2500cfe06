"""Routing off the request (issue 29, "Speed"): outside the inline test mode the portal stores the filing (one
insert, one cache read) and answers; its first step, the ledger entry, the merge of a repeat, the office's
deadline and the rate-limit charge follow in one batch (`intake_drain`) — with the same outcome as routing on
the request, the deadline counted from filing, and nothing lost when a batch fails."""

from __future__ import annotations

import datetime as dt

import pytest

from shouhu.complaints import selectors, services, tasks
from shouhu.complaints.models import Status, Step, Submission
from shouhu.complaints.services.intake import intake_drain
from shouhu.core import ledger
from shouhu.core.models import AuditEntry
from shouhu.workflow.obligations.models import Obligation

from .conftest import complaint

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(settings):
    settings.SHOUHU_JOBS = settings.SHOUHU_JOBS | {"mode": "pool"}


def _entries(s: Submission) -> int:
    return AuditEntry.objects.filter(object_type=Submission._meta.label, object_id=str(s.pk)).count()


def test_a_filing_is_answered_at_once_and_routed_in_the_next_batch(
    ent, county, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as kicks:
        filed = services.submission_file(data=complaint(ent), client="1.1.1.1")
    s = filed.submission
    assert tasks.kick in kicks  # the drainer is woken once the filing is committed
    # the person has the tracking number and can follow it; the office sees it as 待受理 at once
    assert selectors.public_status(s.tracking_no, filed.token) == s
    assert [x.label for x in selectors.timeline(s, public_only=True)] == ["提交"]
    assert list(selectors.submission_list(county)) == [s]
    assert s.routed_at is None and not Obligation.objects.exists()
    assert _entries(s) == 0 and not Step.objects.exists()  # the 提交 step shown is the filing's own time
    assert selectors.timeline(s)[0].at == s.submitted_at

    assert intake_drain() == 1
    o = Obligation.objects.get(subject_id=str(s.pk))
    assert o.rule_id == "complaints.acceptance-working-days" and o.owner_division == s.division_code
    assert o.starts_at == Submission.objects.get(pk=s.pk).submitted_at  # counted from the filing
    assert _entries(s) == 1 and not Submission.objects.filter(routed_at__isnull=True).exists()
    stored = Submission.objects.get(pk=s.pk)
    assert [(x.action, x.at) for x in selectors.timeline(stored)] == [("file", stored.submitted_at)]
    assert stored.client_key == ""  # the address's digest is kept only until the filing is charged
    assert intake_drain() == 0 and Obligation.objects.count() == 1 and _entries(s) == 1  # nothing twice
    assert ledger.verify()[1] == []


def test_a_late_batch_still_counts_the_deadline_from_the_filing(ent, queued):
    s = services.submission_file(data=complaint(ent)).submission
    Submission.objects.filter(pk=s.pk).update(submitted_at=s.submitted_at - dt.timedelta(days=3))
    intake_drain()
    o = Obligation.objects.get(subject_id=str(s.pk))
    assert o.starts_at == Submission.objects.get(pk=s.pk).submitted_at


def test_repeats_queued_in_one_batch_merge_into_the_first(ent, queued):
    first = services.submission_file(data=complaint(ent)).submission
    again = services.submission_file(data=complaint(ent, description="还是那包米粉")).submission
    other = services.submission_file(
        data=complaint(ent, contact_phone="13900000002", description="另一件事")
    ).submission
    assert intake_drain() == 3
    first, again, other = (Submission.objects.get(pk=x.pk) for x in (first, again, other))
    assert (first.status, again.status, other.status) == (Status.RECEIVED, Status.MERGED, Status.RECEIVED)
    assert again.merged_into == first and other.merged_into is None
    assert Obligation.objects.count() == 2  # the repeat owes no second deadline
    assert [x.action for x in first.steps.all()] == ["file", "repeat"]
    assert [x.action for x in again.steps.all()] == ["file", "merge"]
    assert ledger.verify()[1] == []


def test_a_batch_is_limited_and_the_rest_waits_its_turn(ent, queued):
    for i in range(5):
        services.submission_file(data=complaint(ent, contact_phone=f"1390000001{i}", description=f"第{i}件"))
    assert intake_drain(limit=2) == 2 and Submission.objects.filter(routed_at__isnull=True).count() == 3
    assert intake_drain() == 3 and Obligation.objects.count() == 5
