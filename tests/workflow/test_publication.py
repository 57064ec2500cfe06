"""Case clues (any app raises one; regulators of the subject's jurisdiction see them) and publications
(registered with a due-by date, published, shown until a date, withdrawn with a reason; a public list)."""

from __future__ import annotations

import datetime as dt
import uuid

import factories as t
import pytest
from django.urls import reverse
from django.utils import timezone

from shouhu.core import ledger
from shouhu.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from shouhu.core.models import AuditEntry
from shouhu.core.roles import Role
from shouhu.core.system import SYSTEM
from shouhu.workflow.obligations.models import Notification
from shouhu.workflow.publication import selectors, services
from shouhu.workflow.publication.events import PublicationAction as A
from shouhu.workflow.publication.models import Clue, Publication

pytestmark = pytest.mark.django_db

CITE = "《市场监督管理行政处罚程序规定》第十八条"


def raise_clue(actor, subject, **kw):
    defaults = dict(
        source="licensing.verify", citation=CITE, summary="重点项不符合", evidence=["sha256:ab12"]
    )
    defaults.update(kw)
    return services.clue_raise(actor=actor, subject=subject, **defaults)


def test_any_app_raises_a_clue_for_the_subjects_regulators(ent_a, county_inspector, city_reviewer, ent_c):
    county_admin = t.make_user(Role.JURISDICTION_ADMIN, division_code=t.COUNTY)
    clue = raise_clue(SYSTEM, ent_a, rule_id="order49.key-item-failed")
    assert (clue.enterprise_id, clue.division_code, clue.raised_by_label) == (ent_a.pk, t.COUNTY, "系统任务")
    assert [e.action for e in ledger.history(clue)] == [A.CLUE_RAISE]
    assert list(selectors.clue_list(county_inspector)) == [clue]
    assert list(selectors.clue_list(city_reviewer)) == [clue]
    zhuzhou = t.make_user(Role.INSPECTOR, division_code=t.OTHER_CITY_COUNTY)
    assert list(selectors.clue_list(zhuzhou)) == []
    assert Notification.objects.get(user=county_admin).kind == "clue_raised"
    services.clue_decide(actor=county_inspector, clue=clue, action="take", note="立案")
    clue.refresh_from_db()
    assert clue.status == "taken"
    with pytest.raises(Conflict):
        services.clue_decide(actor=county_inspector, clue=clue, action="dismiss", note="again")


def test_clue_bad_input(ent_a, ent_b, principal_a):
    for kw, field in [
        ({"citation": " "}, "citation"),
        ({"source": ""}, "source"),
        ({"evidence": "x"}, "evidence"),
    ]:
        with pytest.raises(ValidationFailed) as exc:
            raise_clue(principal_a, ent_a, **kw)
        assert exc.value.details["fields"][0]["field"] == field
    with pytest.raises(NotFound):  # an enterprise cannot raise a clue about another tenant
        raise_clue(principal_a, ent_b)
    with pytest.raises(PermissionDenied):  # and cannot read the regulators' list
        selectors.clue_list(principal_a)
    assert not Clue.objects.exists()


def test_replayed_clue_is_a_no_op(ent_a, county_inspector):
    key = uuid.uuid4()
    first = raise_clue(county_inspector, ent_a, client_id=key)
    count = AuditEntry.objects.count()
    assert raise_clue(county_inspector, ent_a, client_id=str(key)).pk == first.pk
    assert Clue.objects.count() == 1 and AuditEntry.objects.count() == count


def make_publication(actor, subject, **kw):
    today = timezone.localdate()
    defaults = dict(
        kind="inspection",
        title="监督检查结果：符合",
        rule_id="decision.deadline-working-days",
        citation="《食品生产经营监督检查管理办法》第三十四条",
        channel="守护平台 · 信息公示",
        due_by=today + dt.timedelta(days=20),
        shown_until=today + dt.timedelta(days=365),
    )
    defaults.update(kw)
    return services.publication_create(actor=actor, subject=subject, **defaults)


def test_publication_lifecycle_and_public_list(client, ent_a, county_inspector):
    p = make_publication(county_inspector, ent_a, body="检查结论：符合")
    assert p.status == "draft" and not p.is_late
    assert list(selectors.public_list()) == []
    p = services.publication_publish(actor=county_inspector, publication=p)
    html = client.get(reverse("publication:public")).content.decode()  # no login needed
    assert "监督检查结果：符合" in html and "检查结论：符合" in html
    assert client.get("/api/v1/publication/public").json()["items"][0]["title"] == "监督检查结果：符合"
    with pytest.raises(ValidationFailed):
        services.publication_withdraw(actor=county_inspector, publication=p, reason="")
    services.publication_withdraw(actor=county_inspector, publication=p, reason="结论更正")
    p.refresh_from_db()
    assert p.status == "withdrawn" and p.withdrawn_at and p.withdrawn_reason == "结论更正"
    assert "监督检查结果：符合" not in client.get(reverse("publication:public")).content.decode()
    assert [e.action for e in ledger.history(p)] == [
        A.PUBLICATION_CREATE,
        A.PUBLICATION_PUBLISH,
        A.PUBLICATION_WITHDRAW,
    ]


def test_shown_until_ends_the_showing_and_late_ones_are_flagged(ent_a, county_inspector):
    today = timezone.localdate()
    old = make_publication(
        county_inspector,
        ent_a,
        due_by=today - dt.timedelta(days=30),
        shown_until=today - dt.timedelta(days=1),
    )
    services.publication_publish(actor=county_inspector, publication=old)
    assert list(selectors.public_list()) == []
    late = make_publication(county_inspector, ent_a, due_by=today - dt.timedelta(days=2), shown_until=None)
    assert late.is_late
    with pytest.raises(ValidationFailed):
        make_publication(county_inspector, ent_a, shown_until=today)  # before due_by


def test_publication_is_the_regulators_and_scoped(ent_a, ent_c, principal_a, county_inspector):
    with pytest.raises(PermissionDenied):
        make_publication(principal_a, ent_a)
    with pytest.raises(NotFound):
        make_publication(county_inspector, ent_c)
    assert not Publication.objects.exists()


def test_pages_for_regulators(client, ent_a, county_inspector, principal_a):
    raise_clue(county_inspector, ent_a, summary="抽检不合格")
    p = make_publication(county_inspector, ent_a)
    client.force_login(county_inspector)
    assert "抽检不合格" in client.get(reverse("publication:clues")).content.decode()
    response = client.post(reverse("publication:manage"), {"id": p.pk, "action": "publish"})
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.status == "published"
    response = client.post(reverse("publication:manage"), {"id": p.pk, "action": "withdraw", "reason": ""})
    assert response.status_code == 422 and "撤回公示须说明原因" in response.content.decode()
    client.force_login(principal_a)
    assert client.get(reverse("publication:clues")).status_code == 403
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Case clues" in client.get(reverse("publication:clues")).content.decode()


def test_api_clue_and_publication(client, ent_a, ent_c, county_inspector):
    client.force_login(county_inspector)
    body = {
        "subject_type": "registry.enterprise",
        "subject_id": ent_a.pk,
        "source": "sampling",
        "citation": CITE,
        "evidence": ["report:2026-001"],
        "client_id": str(uuid.uuid4()),
    }
    r = client.post("/api/v1/publication/clues", body, content_type="application/json")
    assert r.status_code == 201 and r.json()["division_code"] == t.COUNTY
    again = client.post("/api/v1/publication/clues", body, content_type="application/json")
    assert again.json()["id"] == r.json()["id"] and Clue.objects.count() == 1
    r = client.post(
        "/api/v1/publication/clues",
        {**body, "subject_id": ent_c.pk, "client_id": None},
        content_type="application/json",
    )
    assert r.status_code == 404
    assert len(client.get("/api/v1/publication/clues").json()["items"]) == 1
