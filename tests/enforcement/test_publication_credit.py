"""Publication (Order 45) and the credit file (issue 30, points 1–3): general-procedure decisions are published
and shown 3 months or 3 years; summary-procedure decisions are refused publication; an annulled decision's
publication is withdrawn under a 3-working-day limit; repair is refused before its waiting period and
approved after it (the publication stops showing); the 失信 list's early removal waits a year; the risk grade
reads penalties, the list and repairs; typical cases lose personal data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from shouhu.core.errors import ServiceError
from shouhu.enforcement import selectors, services
from shouhu.enforcement.models import CreditListEntry
from shouhu.workflow.publication.models import Publication
from shouhu.workflow.publication.selectors import public_list

from .conftest import decided, row_counts

pytestmark = pytest.mark.django_db


def reason(exc):
    return exc.value.details.get("reason")


def _years_ago(case, years: int) -> None:
    """As if the decision had been published (and executed) `years` ago."""
    past = timezone.now() - dt.timedelta(days=366 * years)
    Publication.objects.filter(pk=case.publication_id).update(published_at=past)


def test_general_decisions_are_published_for_3_years_or_3_months(world):
    case = services.case_publish(actor=world.insp, case=decided(world).pk)
    p = Publication.objects.get(pk=case.publication_id)
    assert p.status == "published" and p.kind == "penalty" and "行政处罚信息公示规定" in p.citation
    assert (p.shown_until - timezone.localdate()).days >= 365 * 3  # 50,000 yuan is not a low fine
    assert selectors.case_limits(case)["publish"].state == "done"
    assert public_list(kind="penalty").filter(pk=p.pk).exists()
    with pytest.raises(ServiceError) as e:
        services.case_publish(actor=world.insp, case=case.pk)
    assert reason(e) == "publication.exists"


def test_a_criticism_or_a_low_fine_is_shown_3_months(world):
    case = decided(world, penalties=("criticism",), fine="0")
    case = services.case_publish(actor=world.insp, case=case.pk)
    p = Publication.objects.get(pk=case.publication_id)
    assert 85 <= (p.shown_until - timezone.localdate()).days <= 93


def test_a_summary_procedure_warning_is_not_published(world):
    case = decided(world, procedure="summary", penalties=("warning",), fine="0")
    assert "publish" not in selectors.case_limits(case)
    before = row_counts()
    with pytest.raises(ServiceError) as e:
        services.case_publish(actor=world.insp, case=case.pk)
    assert reason(e) == "publication.not_published" and "简易程序" in e.value.message_zh
    assert row_counts() == before


def test_an_annulled_decision_is_withdrawn_within_3_working_days(world):
    case = services.case_publish(actor=world.insp, case=decided(world, penalties=("fine", "revocation")).pk)
    assert CreditListEntry.objects.get(case=case).status == "listed"
    with pytest.raises(ServiceError):  # annulment is the head's
        services.case_annul(actor=world.insp, case=case.pk, reason="行政复议决定撤销")
    case = services.case_annul(actor=world.jadm, case=case.pk, reason="行政复议决定撤销")
    w = selectors.case_limits(case)["withdraw"]
    assert w.unit == "working_days" and w.amount == 3 and case.deadline_kind == "withdraw"
    assert CreditListEntry.objects.get(case=case).status == "removed"
    case = services.case_withdraw(actor=world.insp, case=case.pk)
    assert Publication.objects.get(pk=case.publication_id).status == "withdrawn"
    assert selectors.case_limits(case)["withdraw"].state == "done"


def test_repair_is_refused_before_its_waiting_period_and_stops_the_showing_after(world):
    case = services.case_publish(actor=world.insp, case=decided(world).pk)
    services.case_execute(actor=world.insp, case=case.pk, note="罚款已缴清，缴款书 0001")
    before = row_counts()
    with pytest.raises(ServiceError) as e:
        services.repair_apply(
            actor=world.principal, case=case.pk, harm_removed="已召回销毁", commitment="守法"
        )
    assert reason(e) == "repair.waiting_period" and "未满1年" in e.value.message_zh
    assert row_counts() == before
    _years_ago(case, 1)
    with pytest.raises(ServiceError) as e:  # conditions: harm removed stated
        services.repair_apply(actor=world.principal, case=case.pk, harm_removed=" ", commitment="守法")
    assert reason(e) == "note.required"
    with pytest.raises(ServiceError):  # another enterprise's principal cannot
        services.repair_apply(actor=world.principal_b, case=case.pk, harm_removed="x", commitment="y")
    repair = services.repair_apply(
        actor=world.principal, case=case.pk, harm_removed="问题产品已召回销毁", commitment="依法生产"
    )
    services.repair_decide(actor=world.jadm, repair=repair.pk, approve=True, note="符合修复条件")
    assert Publication.objects.get(pk=case.publication_id).status == "withdrawn"
    public = selectors.public_credit(world.a)
    assert public["penalties"] == []
    facts = selectors.credit_facts([world.a.pk], timezone.localdate())[world.a.pk]
    assert facts["repairs"] == 1 and len(facts["penalties"]) == 1


def test_repair_needs_the_penalty_fulfilled(world):
    case = services.case_publish(actor=world.insp, case=decided(world).pk)
    _years_ago(case, 1)
    with pytest.raises(ServiceError) as e:
        services.repair_apply(actor=world.principal, case=case.pk, harm_removed="x", commitment="y")
    assert reason(e) == "repair.condition"


def test_early_removal_from_the_list_waits_a_year(world):
    case = decided(world, penalties=("fine", "suspension"), fine="300000")
    entry = CreditListEntry.objects.get(case=case)
    assert selectors.credit_facts([world.a.pk], timezone.localdate())[world.a.pk]["listed"]
    before = row_counts()
    with pytest.raises(ServiceError) as e:
        services.list_remove(actor=world.jadm, entry=entry.pk, early=True, reason="已整改")
    assert reason(e) == "list.waiting_period"
    assert row_counts() == before
    CreditListEntry.objects.filter(pk=entry.pk).update(early_from=timezone.localdate())
    services.list_remove(actor=world.jadm, entry=entry.pk, early=True, reason="整改到位，信用承诺")
    entry.refresh_from_db()
    assert entry.status == "removed_early"
    assert not selectors.credit_facts([world.a.pk], timezone.localdate())[world.a.pk]["listed"]


def test_the_credit_file_and_the_public_page(world):
    case = services.case_publish(actor=world.insp, case=decided(world, penalties=("fine", "revocation")).pk)
    file = selectors.credit_file(world.a)
    assert [c.pk for c in file["penalties"]] == [case.pk] and file["penalties"][0].shown is not None
    assert file["list_entries"][0][1] is True
    public = selectors.public_credit(world.a)
    assert [c.pk for c, _p in public["penalties"]] == [case.pk] and len(public["listed"]) == 1
    assert selectors.public_credit(world.b)["penalties"] == []


def test_typical_cases_from_closed_cases_lose_personal_data(world):
    case = decided(world)
    with pytest.raises(ServiceError) as e:
        services.typical_publish(actor=world.jadm, case=case.pk, title="t", body="b")
    assert reason(e) == "typical.state"
    services.case_execute(actor=world.insp, case=case.pk, note="已缴款")
    services.case_close(actor=world.insp, case=case.pk, note="结案")
    typical = services.typical_publish(
        actor=world.jadm,
        case=case.pk,
        title="某婴幼儿食品企业未按规定进货查验案",
        body="法定代表人王大明（身份证号 430104198001011234，电话 13912345678）未查验原料合格证明。",
    )
    assert "王大明" not in typical.body and "王某" in typical.body
    assert "430104198001011234" not in typical.body and "13912345678" not in typical.body
    assert list(selectors.typical_public()) == [typical]


def test_the_risk_grade_reads_penalties_and_the_list(world):
    from shouhu.risk import signals

    decided(world, penalties=("fine", "suspension"), fine="300000")
    facts, failed = signals.collect([world.a.pk, world.b.pk], timezone.localdate())
    assert not failed
    assert facts[world.a.pk]["penalties"].value == 1 and facts[world.a.pk]["credit_listed"].value is True
    assert facts[world.b.pk]["penalties"].value == 0 and facts[world.b.pk]["credit_listed"].value is False
