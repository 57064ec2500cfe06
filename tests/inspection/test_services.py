"""Inspection services: team, checklist from rule data, results with photos, outcome and follow-up by the
rule data, signatures with refusal, publication only after signatures — and refusals that write nothing."""

from __future__ import annotations

import factories as t
import pytest

from shouhu.core.errors import Conflict, NotFound, PermissionDenied, ServiceError
from shouhu.inspection import services
from shouhu.inspection.models import FollowUp, Inspection, State
from shouhu.workflow.checklists.models import Signature
from shouhu.workflow.findings.models import Rectification
from shouhu.workflow.obligations.models import Obligation
from shouhu.workflow.publication.models import Clue, Publication

from .conftest import items_of, nothing_written, png, score_all

pytestmark = pytest.mark.django_db


def test_checklist_comes_from_the_rule_data_for_the_products(world, inspection):
    items = items_of(inspection)
    ids = {i.item_id for i in items}
    assert "inspection.routine.incoming.rice-lead-cadmium" in ids  # a 3001 product
    assert "inspection.routine.incoming.produce" not in ids  # 3002 only
    assert "inspection.routine.contract.agreement" not in ids  # no contract manufacturing named
    assert not any(i.item_id.startswith("inspection.system.") for i in items)
    key = {i.item_id for i in items if i.key}
    assert "inspection.routine.licence.valid" in key and "inspection.routine.staff.health" not in key
    assert all(i.citation for i in items)
    assert inspection.run.template_id == inspection.template_id
    assert inspection.members.count() == 2 and inspection.members.filter(lead=True).get().user == world.insp


def test_system_inspection_checklist_is_larger(world, inspection):
    system = services.inspection_create(
        actor=world.insp,
        enterprise_id=world.a.pk,
        inspector_ids=[world.insp.pk, world.insp2.pk],
        kind="system",
    )
    assert len(items_of(system)) > len(items_of(inspection)) + 15
    assert any(i.group == "haccp" for i in items_of(system))


def test_team_needs_two_inspectors_of_the_jurisdiction(world):
    with nothing_written():
        with pytest.raises(ServiceError) as exc:
            services.inspection_create(
                actor=world.insp, enterprise_id=world.a.pk, inspector_ids=[world.insp.pk]
            )
        assert exc.value.details["reason"] == "team.too_small"
        with pytest.raises(ServiceError) as exc:
            services.inspection_create(
                actor=world.insp, enterprise_id=world.a.pk, inspector_ids=[world.insp.pk, world.insp_b.pk]
            )
        assert exc.value.details["reason"] == "inspector.invalid"


def test_all_conform_publishes_after_signatures(world, inspection):
    score_all(world, inspection)
    done = services.inspection_conclude(actor=world.insp, inspection=inspection.pk)
    assert done.state == State.AWAITING_SIGNATURE and done.outcome == "conform"
    duty = Obligation.objects.get(pk=done.publication_obligation_id)
    assert duty.unit == "working_days" and duty.amount == 20 and "第49号" in duty.citation
    with nothing_written():
        with pytest.raises(Conflict) as exc:
            services.inspection_publish(actor=world.insp, inspection=done.pk)
        assert exc.value.details["reason"] == "signatures.missing"
    services.inspection_sign(actor=world.insp, inspection=done.pk)
    services.inspection_sign(actor=world.principal, inspection=done.pk)
    assert Inspection.objects.get(pk=done.pk).state == State.AWAITING_SIGNATURE  # the second inspector
    signed = services.inspection_sign(actor=world.insp2, inspection=done.pk)
    assert signed.state == State.SIGNED
    published = services.inspection_publish(actor=world.insp, inspection=done.pk)
    assert published.state == State.PUBLISHED
    assert Publication.objects.get(pk=published.publication_id).status == "published"
    assert Obligation.objects.get(pk=done.publication_obligation_id).status == "done"


def test_failed_key_item_raises_a_clue_and_general_items_follow_up(world, inspection):
    key = items_of(inspection, key=True)[0]
    general = items_of(inspection, key=False)[:2]
    score_all(world, inspection, fail=(key.item_id, general[0].item_id, general[1].item_id))
    done = services.inspection_conclude(
        actor=world.insp2,
        inspection=inspection.pk,
        fixes={general[0].item_id: {"action": "on_site", "note": "当场清理"}},
    )
    assert done.outcome == "nonconform"
    kinds = dict(FollowUp.objects.filter(inspection=done).values_list("item_id", "kind"))
    assert kinds == {key.item_id: "clue", general[0].item_id: "on_site", general[1].item_id: "rectification"}
    clue = Clue.objects.get()
    assert clue.rule_id == key.item_id and clue.citation == key.citation and clue.enterprise_id == world.a.pk
    rect = Rectification.objects.get()
    assert rect.finding.item_id == general[1].item_id and rect.finding.citation == general[1].citation


def test_general_failure_only_is_basically_conform(world, inspection):
    general = items_of(inspection, key=False)[0]
    score_all(world, inspection, fail=(general.item_id,))
    done = services.inspection_conclude(actor=world.insp, inspection=inspection.pk)
    assert done.outcome == "minor" and not Clue.objects.exists()


def test_photo_is_evidence_and_a_non_image_is_refused(world, inspection):
    item = items_of(inspection)[0]
    row = services.result_record(
        actor=world.insp,
        inspection=inspection.pk,
        item_id=item.item_id,
        result="不符合",
        note="地面积水",
        photo=png(),
        photo_name="drain.png",
    )
    assert row.result == "fail" and row.evidence.content_type == "image/png"
    assert Inspection.objects.get(pk=inspection.pk).state == State.IN_PROGRESS
    with nothing_written():
        with pytest.raises(ServiceError) as exc:
            services.result_record(
                actor=world.insp2,
                inspection=inspection.pk,
                item_id=item.item_id,
                result="pass",
                photo=b"%PDF-1.4 not a photo",
            )
        assert exc.value.details["reason"] == "photo.not_image"
        with pytest.raises(ServiceError) as exc:
            services.result_record(
                actor=world.insp,
                inspection=inspection.pk,
                item_id="inspection.routine.no-such",
                result="pass",
            )
        assert exc.value.details["reason"] == "item.unknown"
        with pytest.raises(PermissionDenied):  # same county, not on the team
            services.result_record(
                actor=world.insp3, inspection=inspection.pk, item_id=item.item_id, result="pass"
            )
        with pytest.raises(NotFound):  # another county
            services.result_record(
                actor=world.insp_b, inspection=inspection.pk, item_id=item.item_id, result="pass"
            )


def test_signature_by_someone_not_assigned_is_refused_and_refusal_needs_a_witness(world, inspection):
    score_all(world, inspection)
    services.inspection_conclude(actor=world.insp, inspection=inspection.pk)
    other_staff = t.make_user("qa", enterprise=world.a, username="qa_insp")
    with nothing_written():
        for who in (world.insp3, other_staff):
            with pytest.raises(PermissionDenied):
                services.inspection_sign(actor=who, inspection=inspection.pk)
        with pytest.raises(ServiceError) as exc:
            services.inspection_refusal(
                actor=world.insp,
                inspection=inspection.pk,
                person_name="王厂长",
                note="拒绝签字",
                witness_name="",
            )
        assert exc.value.details["reason"] == "signature.witness_required"
    services.inspection_refusal(
        actor=world.insp,
        inspection=inspection.pk,
        person_name="王厂长",
        note="拒绝签字",
        witness_name="赵见证",
    )
    services.inspection_sign(actor=world.insp, inspection=inspection.pk)
    done = services.inspection_sign(actor=world.insp2, inspection=inspection.pk)
    assert done.state == State.SIGNED
    sig = Signature.objects.get(refused=True)
    assert sig.witness_name == "赵见证" and sig.role == "inspection.enterprise"


def test_a_nonconforming_result_is_a_risk_signal(world, inspection):
    from django.utils import timezone

    from shouhu.risk.signals import SOURCES

    source = SOURCES["inspection.results"]  # discovered from inspection/risk_signals.py
    today = timezone.localdate()
    assert source.fn([world.a.pk], today)[world.a.pk][0].value == 0
    score_all(world, inspection, fail=(items_of(inspection, key=True)[0].item_id,))
    services.inspection_conclude(actor=world.insp, inspection=inspection.pk)
    fact = source.fn([world.a.pk], today)[world.a.pk][0]
    assert fact.key == "inspection_nonconform" and fact.value == 1
    assert Inspection.objects.get(pk=inspection.pk).number in fact.params["numbers"]


def test_started_from_a_planning_task_completes_its_obligation(world):
    import datetime as dt

    from shouhu.core.roles import Role
    from shouhu.risk.models import InspectionPlan, InspectionTask

    admin = t.make_user(Role.JURISDICTION_ADMIN, division_code=t.COUNTY, username="jadm_insp")
    today = dt.date.today()
    plan = InspectionPlan.objects.create(
        division_code=t.COUNTY,
        year=today.year,
        scheme_id="risk-2022",
        seed="insp-test",
        created_by=admin,
        frequencies={"B": 1},
        summary={"tasks": 1},
    )
    task = InspectionTask.objects.create(
        plan=plan,
        enterprise=world.a,
        division_code=t.COUNTY,
        level="B",
        window_start=today,
        window_end=today + dt.timedelta(days=30),
        team=[world.insp.pk, world.insp2.pk],
    )
    from shouhu.risk.services import plan_issue

    plan_issue(actor=admin, plan=plan)
    task.refresh_from_db()
    inspection = services.inspection_create(actor=world.insp, task_id=task.pk)
    assert inspection.origin == "plan" and set(inspection.members.values_list("user_id", flat=True)) == {
        world.insp.pk,
        world.insp2.pk,
    }
    with nothing_written(), pytest.raises(Conflict):
        services.inspection_create(actor=world.insp, task_id=task.pk)
    score_all(world, inspection)
    services.inspection_conclude(actor=world.insp, inspection=inspection.pk)
    assert Obligation.objects.get(pk=task.obligation_id).status == "done"
    task.refresh_from_db()
    assert task.done_on == today


def test_system_inspection_major_hazard_is_reported_within_the_rule_hours(world):
    system = services.inspection_create(
        actor=world.insp,
        enterprise_id=world.a.pk,
        inspector_ids=[world.insp.pk, world.insp2.pk],
        kind="system",
    )
    score_all(world, system, fail=(items_of(system, key=True)[0].item_id,))
    services.inspection_conclude(actor=world.insp, inspection=system.pk)
    report = Obligation.objects.get(kind="inspection.hazard_report")
    assert report.unit == "hours" and report.amount == 24 and "第五十三条" in report.citation
    assert (report.due_at - report.starts_at).total_seconds() == 24 * 3600
    assert report.owner_division == "430100"  # the office above 岳麓区


def test_a_failed_licence_condition_asks_licensing_for_a_reverification(world, inspection):
    """Issue 25.4: a finding about a licence condition starts licensing's existing re-verification path — an
    obligation about the licence on the office's list (one per licence), completed when the re-verification
    is started; other failures ask for nothing."""
    from shouhu.core.roles import Role
    from shouhu.licensing.services import reverification_start
    from shouhu.registry.models import Licence
    from shouhu.workflow.obligations.models import Obligation

    score_all(world, inspection, fail=("inspection.routine.licence.conditions",))
    services.inspection_conclude(actor=world.insp, inspection=inspection.pk)
    licence = Licence.objects.get(enterprise=world.a)
    due = Obligation.objects.get(kind="licensing.reverify")
    assert due.subject_id == str(licence.pk) and due.owner_division == t.COUNTY and due.status == "open"
    assert inspection.number in due.title and "守护成长" in due.citation

    admin = t.make_user(Role.JURISDICTION_ADMIN, division_code=t.COUNTY, username="insp_lic_admin")
    reverification_start(actor=admin, licence=licence, inspectors=[world.insp, world.insp2])
    due.refresh_from_db()
    assert due.status == "done"


def test_other_failures_ask_licensing_for_nothing(world, inspection):
    from shouhu.workflow.obligations.models import Obligation

    general = items_of(inspection, key=False)[0]
    score_all(world, inspection, fail=(general.item_id,))
    services.inspection_conclude(actor=world.insp, inspection=inspection.pk)
    assert not Obligation.objects.filter(kind="licensing.reverify").exists()
