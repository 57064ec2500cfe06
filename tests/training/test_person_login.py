"""A login linked to its registry person (issue 11.7): the enterprise links it on the person's page (a
ledgered change with its reason); then a bar on the person's post follows that login exactly — whatever its
display name — and a namesake's bar no longer catches it."""

from __future__ import annotations

import factories as t
import pytest
from django.test import Client

from shouhu.core.errors import ServiceError
from shouhu.core.models import AuditEntry
from shouhu.core.roles import Role
from shouhu.registry import services as registry
from shouhu.registry.models import Person
from shouhu.training import services
from shouhu.workflow.checklists.hooks import holds
from shouhu.workflow.subjects import subject_of

from .test_exams import _answer_all

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _fail_spot_check(inspector, person):
    spot, code = services.spotcheck_create(actor=inspector, person_id=person.pk, context="日常监督检查")
    services.attempt_open(code=code)
    _answer_all(spot.attempt, code, right=False)
    services.attempt_submit(code=code)


def test_the_enterprise_links_a_login_on_the_persons_page_with_a_reason(ent, principal, officer):
    login = t.make_user(Role.OFFICER, enterprise=ent, username="tr_off_login", display_name="小李")
    c = _client(principal)
    page = c.get(f"/people/{officer.pk}/login/").content.decode()
    assert "未关联" in page and "tr_off_login" in page
    r = c.post(
        f"/people/{officer.pk}/login/", {"login": str(login.pk), "reason": "新员工开通账号"}, follow=True
    )
    assert "已更新登录账号关联" in r.content.decode()
    assert Person.objects.get(pk=officer.pk).login == login
    entry = AuditEntry.objects.filter(object_type=Person._meta.label, object_id=str(officer.pk)).latest("seq")
    assert entry.action == "registry.person.login" and entry.reason == "新员工开通账号"
    assert entry.after["login_id"] == login.pk and entry.before["login_id"] is None
    detail = c.get(f"/enterprises/{ent.pk}/").content.decode()
    assert "tr_off_login" in detail and f"/people/{officer.pk}/login/" in detail


def test_bad_links_are_refused_and_nothing_is_written(ent, principal, officer):
    other_ent = t.make_enterprise(t.COUNTY, name="另一家企业")
    theirs = t.make_user(Role.OFFICER, enterprise=other_ent, username="tr_theirs")
    mine = t.make_user(Role.OFFICER, enterprise=ent, username="tr_mine")
    second = t.make_person(ent, role="director", name="周总监")
    registry.person_link_login(actor=principal, person=second, login=mine, reason="开通")
    before = AuditEntry.objects.count()
    for login, code in ((theirs, "person.login_other_enterprise"), (mine, "person.login_taken")):
        with pytest.raises(ServiceError) as exc:
            registry.person_link_login(actor=principal, person=officer, login=login, reason="试试")
        assert code in str(exc.value.as_dict())
    with pytest.raises(ServiceError):  # a change to a person needs its reason
        registry.person_link_login(actor=principal, person=officer, login=None, reason=" ")
    assert Person.objects.get(pk=officer.pk).login is None and AuditEntry.objects.count() == before
    # the page says why and writes nothing; another enterprise does not find the person
    r = _client(principal).post(
        f"/people/{officer.pk}/login/", {"login": str(theirs.pk), "reason": "x"}, follow=True
    )
    assert "只能关联本企业的有效登录账号" in r.content.decode()
    other_principal = t.make_user(Role.PRINCIPAL, enterprise=other_ent, username="tr_other_p")
    assert _client(other_principal).get(f"/people/{officer.pk}/login/").status_code == 404


def test_a_bar_follows_the_linked_login_not_the_display_name(ent, bank, inspector, principal, officer):
    subject = subject_of(ent)
    renamed = t.make_user(Role.OFFICER, enterprise=ent, username="tr_off2", display_name="Li An")
    namesake_login = t.make_user(Role.OFFICER, enterprise=ent, username="tr_off3", display_name="李安全")
    namesake = t.make_person(ent, role="officer", name="李安全")  # another officer of the same name
    registry.person_link_login(actor=principal, person=officer, login=renamed, reason="开通")
    registry.person_link_login(actor=principal, person=namesake, login=namesake_login, reason="开通")
    assert holds(renamed, "officer", subject) and holds(namesake_login, "officer", subject)
    _fail_spot_check(inspector, officer)
    # the barred person's own login is refused although its display name is not the person's name …
    assert not holds(renamed, "officer", subject)
    # … and the namesake, linked to a person who is not barred, still signs
    assert holds(namesake_login, "officer", subject)
