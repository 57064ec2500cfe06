"""A handful of page checks: the exam by code on a phone, the enterprise's page and the regulator's view."""

from __future__ import annotations

import random

from django.test import Client
from django.urls import reverse

from shouhu.training import services
from shouhu.training.models import Answer, PostBar, Question


def test_exam_by_code_saves_answers_and_shows_the_score_with_citations(bank, principal, officer):
    attempt, code = services.attempt_assign(
        actor=principal, person_id=officer.pk, purpose="entry", rng=random.Random(5)
    )
    c = Client()  # the examinee: no login
    r = c.post("/training/exam/", {"code": "NOPE1234"})
    assert r.status_code == 302 and r.url.endswith("/training/exam/")
    r = c.post("/training/exam/", {"code": code.lower()})
    assert r.url.endswith("/training/exam/paper/")
    page = c.get("/training/exam/paper/")
    assert (
        page.status_code == 200 and "限时" in page.content.decode()
    ) or "time limit" in page.content.decode()
    # answers being typed are kept in the browser (drafts.js) until the paper is handed in
    assert f'data-sh-draft="exam-{attempt.pk}"' in page.content.decode()
    first = attempt.items[0]
    q = Question.objects.get(pk=first["q"])
    right_pos = first["order"].index(q.answer[0])
    c.post("/training/exam/paper/", {f"q{q.pk}": str(right_pos), "action": "save"})
    assert Answer.objects.get(attempt=attempt, question=q).chosen == [q.answer[0]]
    c.post("/training/exam/paper/", {"action": "submit"})
    attempt.refresh_from_db()
    assert attempt.passed is False and attempt.correct == 1
    html = c.get("/training/exam/paper/").content.decode()
    assert "《" in html  # wrong answers explained by their citation
    assert f'data-sh-draft-done="exam-{attempt.pk}"' in html and "data-sh-draft=" not in html
    # a second submission changes nothing
    c.post("/training/exam/paper/", {"action": "submit"})
    attempt.refresh_from_db()
    assert attempt.correct == 1


def test_enterprise_page_shows_the_bar_and_the_regulator_sees_it(bank, principal, officer, inspector):
    _spot, code = services.spotcheck_create(actor=inspector, person_id=officer.pk)
    services.attempt_open(code=code)
    services.attempt_submit(code=code)  # nothing answered: fails
    c = Client()
    c.force_login(principal)
    html = c.get("/training/").content.decode()
    assert (officer.name in html and "不得从事" in html) or "barred" in html.lower()
    c.force_login(inspector)
    html = c.get("/training/spot-checks/").content.decode()
    assert officer.name in html and "0.0%" in html


def test_the_registry_shows_the_bar_beside_the_person(bank, principal, officer, inspector, ent):
    """Issue 23.3: 'the registry shows it' — the enterprise's home and the regulator's enterprise page mark
    the barred person, and the mark goes when the re-test is passed."""
    _spot, code = services.spotcheck_create(actor=inspector, person_id=officer.pk)
    services.attempt_open(code=code)
    services.attempt_submit(code=code)
    c = Client()
    c.force_login(principal)
    home = c.get("/").content.decode()
    assert 'data-testid="person-note"' in home and "补考合格前不得上岗" in home
    c.force_login(inspector)
    page = c.get(reverse("registry:enterprise-detail", args=[ent.pk])).content.decode()
    assert page.count('data-testid="person-note"') == 1
    PostBar.objects.filter(person=officer).update(active=False)
    assert (
        'data-testid="person-note"'
        not in c.get(reverse("registry:enterprise-detail", args=[ent.pk])).content.decode()
    )
