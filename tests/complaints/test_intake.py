"""The portal's filing: routing, anonymity, photos, repeats, rate limits — nothing written on a refusal."""

from __future__ import annotations

import factories as t
import pytest
from apitest import row_counts

from shouhu.complaints import selectors, services
from shouhu.complaints.models import Status
from shouhu.core.errors import NotFound, ServiceError
from shouhu.workflow.obligations.models import Obligation

from .conftest import complaint, png

pytestmark = pytest.mark.django_db


def test_a_complaint_lands_in_the_county_of_its_enterprise_with_a_7_working_day_deadline(
    ent, county, other_county
):
    filed = services.submission_file(data=complaint(ent), client="1.1.1.1")
    s = filed.submission
    assert s.enterprise == ent and s.division_code == t.COUNTY and s.status == Status.RECEIVED
    assert s.tracking_no.startswith("TS") and filed.token and s.token_hash != filed.token
    o = Obligation.objects.get(subject_id=str(s.pk))
    assert (o.rule_id, o.amount, o.unit, o.owner_division) == (
        "complaints.acceptance-working-days",
        7,
        "working_days",
        t.COUNTY,
    )
    assert "令第20号" in o.citation
    assert list(selectors.submission_list(county)) == [s]
    assert not selectors.submission_list(other_county).exists()
    # the person follows it with the number and token; a wrong token reveals nothing
    assert selectors.public_status(s.tracking_no, filed.token) == s
    with pytest.raises(NotFound):
        selectors.public_status(s.tracking_no, "guess")


def test_an_unknown_enterprise_is_kept_and_routed_to_the_place(db, county):
    data = complaint(
        None, kind="report", enterprise_name="不存在的作坊", division_code=t.COUNTY, anonymous=True
    )
    s = services.submission_file(data=data).submission
    assert s.enterprise is None and s.division_code == t.COUNTY and s.enterprise_name == "不存在的作坊"
    assert s.anonymous and s.contact_phone == "" and s.tracking_no.startswith("JB")
    assert list(selectors.submission_list(county)) == [s]


def test_a_batch_found_by_trace_code_names_its_enterprise(ent, product):
    from shouhu.production.models import BatchStatus

    batch = t.make_batch(product, status=BatchStatus.RELEASED)
    s = services.submission_file(data=complaint(None, trace_code=batch.trace_code)).submission
    assert s.batch == batch and s.enterprise_id == batch.enterprise_id


@pytest.mark.parametrize(
    ("over", "code"),
    [
        ({"kind": "complaint", "anonymous": True}, "complaints.anonymous_complaint"),
        ({"contact_phone": ""}, "complaints.contact_required"),
        ({"description": "  "}, "complaints.description_required"),
        ({"kind": "other"}, "complaints.kind_invalid"),
        ({"enterprise_name": "没有这家", "division_code": ""}, "complaints.division_invalid"),
        ({"enterprise_name": "没有这家", "division_code": "430100"}, "complaints.division_invalid"),
        ({"contact_phone": "abc"}, "validation_error"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(ent, over, code):
    before = row_counts()
    with pytest.raises(ServiceError) as exc:
        services.submission_file(data=complaint(ent, **over))
    assert code in {exc.value.details.get("reason"), exc.value.code}
    assert row_counts() == before


@pytest.mark.parametrize(
    ("photo", "code"),
    [
        (b"%PDF-1.4 not an image", "file.type"),
        (b"\xff\xd8\xff" + b"0" * (6 * 1024 * 1024), "complaints.photo_too_large"),
    ],
)
def test_a_non_image_or_oversized_photo_is_refused_whole(ent, photo, code):
    before = row_counts()
    with pytest.raises(ServiceError) as exc:
        services.submission_file(data=complaint(ent), photos=[("a.jpg", png()), ("b.jpg", photo)])
    assert exc.value.details["reason"] == code
    assert row_counts() == before


def test_photos_are_kept_as_evidence(ent):
    s = services.submission_file(data=complaint(ent), photos=[("a.png", png())]).submission
    assert s.photos.get().evidence.content_type == "image/png"


def test_a_repeat_is_merged_and_owes_no_second_deadline(ent):
    first = services.submission_file(data=complaint(ent)).submission
    again = services.submission_file(data=complaint(ent, description="还是那包米粉")).submission
    assert again.status == Status.MERGED and again.merged_into == first
    assert Obligation.objects.count() == 1


def test_one_client_filing_in_a_burst_is_rate_limited(ent, settings):
    settings.SHOUHU_COMPLAINTS_CLIENT_BURST = 2
    for i in range(2):
        services.submission_file(
            data=complaint(ent, contact_phone=f"1380000000{i}", description=f"第{i}次"), client="9.9.9.9"
        )
    before = row_counts()
    with pytest.raises(ServiceError) as exc:
        services.submission_file(
            data=complaint(ent, contact_phone="13800000009", description="再一次"), client="9.9.9.9"
        )
    assert exc.value.status == 429 and exc.value.details["retry_after"] >= 1
    assert row_counts() == before
