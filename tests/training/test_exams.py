"""Exams and spot checks through the services (issue 23.2–23.3), bad input refused with nothing written."""

from __future__ import annotations

import random
from datetime import timedelta

import factories as t
import pytest
from django.utils import timezone

from shouhu.core.errors import ServiceError
from shouhu.training import selectors, services
from shouhu.training.models import Answer, Attempt, PostBar, Question, SpotCheck


def _answer_all(attempt, code, right: bool):
    qs = Question.objects.in_bulk([i["q"] for i in attempt.items])
    for item in attempt.items:
        q = qs[item["q"]]
        want = q.answer if right else [a for a in range(len(q.options)) if a not in q.answer][:1]
        shown = [item["order"].index(a) for a in want]
        services.answer_save(code=code, question_id=q.pk, chosen=shown)


def test_internal_exam_pass_scores_and_keeps_answers(bank, principal, officer):
    attempt, code = services.attempt_assign(
        actor=principal, person_id=officer.pk, purpose="periodic", rng=random.Random(3)
    )
    assert attempt.total == 30 and len({i["q"] for i in attempt.items}) == 30
    services.attempt_open(code=code)
    _answer_all(attempt, code, right=True)
    # a lost connection: opening again resumes with the saved answers
    again = services.attempt_open(code=code)
    assert len(services.exams.shown_choices(again)) == 30
    done = services.attempt_submit(code=code)
    assert done.passed and done.correct == 30 and done.score_percent == 100.0
    assert "exam.pass-rate" in done.pass_rate_source
    with pytest.raises(ServiceError) as e:
        services.attempt_submit(code=code)
    assert e.value.details.get("reason") == "exam.already_submitted" or "已提交" in str(e.value.message)


def test_bad_answers_are_refused_and_nothing_is_written(bank, principal, officer, other):
    attempt, code = services.attempt_assign(actor=principal, person_id=officer.pk, purpose="entry")
    services.attempt_open(code=code)
    foreign = Question.objects.exclude(pk__in=[i["q"] for i in attempt.items]).first()
    for kwargs in (
        {"question_id": foreign.pk, "chosen": [0]},  # not in this paper
        {"question_id": attempt.items[0]["q"], "chosen": [9]},  # not an option
        {"question_id": attempt.items[0]["q"], "chosen": []},
    ):
        with pytest.raises(ServiceError):
            services.answer_save(code=code, **kwargs)
    with pytest.raises(ServiceError):
        services.answer_save(code="WRONGCODE", question_id=attempt.items[0]["q"], chosen=[0])
    with pytest.raises(ServiceError):  # one good answer and one bad: neither is written
        services.answers_save(code=code, answers={attempt.items[0]["q"]: [0], foreign.pk: [0]})
    assert Answer.objects.count() == 0
    # an exam for a person of another enterprise
    stranger = t.make_person(other, role="officer", name="外企员工")
    before = Attempt.objects.count()
    with pytest.raises(ServiceError):
        services.attempt_assign(actor=principal, person_id=stranger.pk, purpose="entry")
    assert Attempt.objects.count() == before
    # after the time limit
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ServiceError):
        services.answer_save(code=code, question_id=attempt.items[0]["q"], chosen=[0])
    assert Answer.objects.count() == 0


def test_spot_check_failure_bars_publishes_rectifies_and_schedules_retest(
    bank, inspector, officer, officer_login
):
    from shouhu.workflow.checklists.hooks import holds
    from shouhu.workflow.findings.models import Finding, Rectification
    from shouhu.workflow.obligations.models import Obligation
    from shouhu.workflow.publication.models import Publication
    from shouhu.workflow.subjects import subject_of

    subject = subject_of(officer.enterprise)
    assert holds(officer_login, "officer", subject)
    spot, code = services.spotcheck_create(actor=inspector, person_id=officer.pk, context="日常监督检查")
    services.attempt_open(code=code)
    _answer_all(spot.attempt, code, right=False)
    services.attempt_submit(code=code)
    spot.refresh_from_db()
    assert spot.passed is False
    assert PostBar.objects.filter(person=officer, active=True).exists()
    assert Publication.objects.get(pk=spot.publication_id).status == "published"
    assert Finding.objects.get(pk=spot.finding_id).rule_id == "xize2017.art30.manager-assessed"
    assert Rectification.objects.filter(finding_id=spot.finding_id).exists()
    assert Obligation.objects.get(pk=spot.retest_obligation_id).kind == "training.retest"
    assert not holds(officer_login, "officer", subject)  # barred: may not sign as the officer
    assert list(selectors.due_retests(inspector)) == [spot]
    rates = selectors.pass_rates(inspector)
    assert rates["division"][0]["rate"] == 0.0

    retest, code2 = services.spotcheck_create(actor=inspector, person_id=0, retest_of=spot.pk)
    services.attempt_open(code=code2)
    _answer_all(retest.attempt, code2, right=True)
    services.attempt_submit(code=code2)
    assert not PostBar.objects.filter(person=officer, active=True).exists()
    assert Obligation.objects.get(pk=spot.retest_obligation_id).status == "done"
    assert holds(officer_login, "officer", subject)
    assert SpotCheck.objects.count() == 2
    with pytest.raises(ServiceError):  # a re-test of a passed check
        services.spotcheck_create(actor=inspector, person_id=0, retest_of=retest.pk)


def test_inspector_of_another_jurisdiction_cannot_pick_the_person(bank, officer):
    far = t.make_user("inspector", division_code="430200", username="tr_far")
    with pytest.raises(ServiceError):
        services.spotcheck_create(actor=far, person_id=officer.pk)
    assert SpotCheck.objects.count() == 0 and Attempt.objects.count() == 0


def test_a_question_citing_an_unknown_rule_is_refused(db, principal):
    before = Question.objects.count()
    with pytest.raises(ServiceError) as e:
        services.question_create(
            actor=principal,
            kind="true_false",
            text="某规定",
            options=[],
            answer=[0],
            rule_id="xize2017.art999",
            topic="law",
            roles=["officer"],
        )
    assert "xize2017.art999" in str(e.value.message)
    assert Question.objects.count() == before


def test_revising_keeps_every_version_and_sync_retires_a_changed_rule(bank, principal):
    q = services.question_create(
        actor=principal,
        kind="single",
        text="一级召回启动时限？",
        options=["24小时", "48小时"],
        answer=[0],
        rule_id="recall.level-1",
        topic="sampling_recall",
        roles=["officer"],
    )
    v2 = services.question_revise(
        actor=principal, question_id=q.pk, reason="措辞", text="一级召回应在多少小时内启动？"
    )
    q.refresh_from_db()
    assert (q.status, v2.version, v2.supersedes_id) == ("retired", 2, q.pk)
    # the rule data changes: a generated question on it is versioned, the old one retired with the set version
    gen = Question.objects.get(key="param:recall.level-1:start_hours", status="active")
    Question.objects.filter(pk=gen.pk).update(options=["1小时", "2小时"])
    from shouhu.core.system import SYSTEM

    out = services.bank_sync(actor=SYSTEM)
    assert out["revised"] == 1
    gen.refresh_from_db()
    assert gen.status == "retired" and "overlay-2026@" in gen.retired_reason


def test_risk_signals_report_failed_and_barred_managers(bank, inspector, officer):
    from shouhu.training.risk_signals import facts

    _spot, code = services.spotcheck_create(actor=inspector, person_id=officer.pk)
    services.attempt_open(code=code)
    services.attempt_submit(code=code)
    got = {
        f.key: f.value for f in facts([officer.enterprise_id], timezone.localdate())[officer.enterprise_id]
    }
    assert got == {"manager_exam_failures": 1, "managers_barred": 1}


def test_a_pass_schedules_the_next_periodic_exam_which_the_next_pass_discharges(bank, principal, officer):
    from shouhu.workflow.obligations.models import Obligation

    attempt, code = services.attempt_assign(actor=principal, person_id=officer.pk, purpose="entry")
    services.attempt_open(code=code)
    _answer_all(attempt, code, right=True)
    services.attempt_submit(code=code)
    duty = Obligation.objects.get(kind="training.periodic", subject_id=str(officer.pk))
    assert duty.status == "open" and duty.rule_id == "training.periodic-exam-months"
    again, code2 = services.attempt_assign(actor=principal, person_id=officer.pk, purpose="periodic")
    assert again.obligation_id == duty.pk
    services.attempt_open(code=code2)
    _answer_all(again, code2, right=True)
    services.attempt_submit(code=code2)
    duty.refresh_from_db()
    assert duty.status == "done"
    assert (
        Obligation.objects.filter(kind="training.periodic", subject_id=str(officer.pk), status="open").count()
        == 1
    )


def test_hours_ledger_warns_directors_and_officers_behind_the_yearly_minimum(ent, principal, officer):
    import datetime as dt

    boss = t.make_person(ent, role="principal", name="王负责")
    services.session_record(
        actor=principal,
        held_on=dt.date(2026, 3, 1),
        trainer="讲师",
        content="新国标",
        place="会议室",
        hours=8,
        attendee_ids=[officer.pk, boss.pk],
    )
    with pytest.raises(ServiceError):  # an attendee of another enterprise: nothing written
        services.session_record(
            actor=principal,
            held_on=dt.date(2026, 3, 2),
            trainer="讲师",
            content="x",
            place="y",
            hours=2,
            attendee_ids=[officer.pk, 999999],
        )
    rows = {r["person"].name: r for r in selectors.hours_ledger(principal, 2026, today=dt.date(2026, 12, 2))}
    assert rows["李安全"]["hours"] == 8 and rows["李安全"]["behind"] and not rows["李安全"]["short"]
    assert (
        rows["王负责"]["minimum"] is None and not rows["王负责"]["behind"]
    )  # the 40 h bind directors and officers
    late = {r["person"].name: r for r in selectors.hours_ledger(principal, 2026, today=dt.date(2027, 1, 5))}
    assert late["李安全"]["short"]


def _fail_spot_check(inspector, person):
    _spot, code = services.spotcheck_create(actor=inspector, person_id=person.pk)
    services.attempt_open(code=code)
    services.attempt_submit(code=code)  # nothing answered: fails, the person is barred


def test_a_barred_officer_may_not_record_the_daily_check_nor_a_barred_director_release(
    bank, inspector, officer, officer_login, ent
):
    """Issue 23.3: the bar holds where the person acts, not only on kernel signatures — the daily
    self-control record (日管控) and a batch's release are refused, each saying why, and nothing is written."""
    from shouhu.core.models import AuditEntry
    from shouhu.core.roles import Role
    from shouhu.production.services import batch_release
    from shouhu.selfcontrol.models import DailyCheck
    from shouhu.selfcontrol.services import daily_record

    def reason_of(fn):
        with pytest.raises(ServiceError) as e:
            fn()
        return e.value.details.get("reason")

    today = timezone.localdate()
    # not barred: refused later, for its own reason (this enterprise has no risk list yet)
    assert reason_of(lambda: daily_record(actor=officer_login, day=today)) == "risklist.missing"
    _fail_spot_check(inspector, officer)
    before = AuditEntry.objects.count()
    assert reason_of(lambda: daily_record(actor=officer_login, day=today)) == "daily.person_barred"
    assert DailyCheck.objects.count() == 0 and AuditEntry.objects.count() == before

    director = t.make_person(ent, role="director", name="周总监")
    login = t.make_user(Role.DIRECTOR, enterprise=ent, username="tr_director", display_name="周总监")
    batch = t.make_batch(t.make_product(ent, category="3001", name="营养米粉"))
    release = lambda: batch_release(actor=login, batch=batch, certificate_no="HG-1", report_no="R-1")  # noqa: E731
    assert reason_of(release) != "release.person_barred"
    _fail_spot_check(inspector, director)
    assert reason_of(release) == "release.person_barred"
    batch.refresh_from_db()
    assert batch.status != "released"
