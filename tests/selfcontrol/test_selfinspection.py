"""自查报告: the enterprise's own frequency, a 细则 checklist, findings via the kernel, submission, county."""

from __future__ import annotations

from datetime import timedelta

import factories as t
import pytest
from django.utils import timezone

from shouhu.core.errors import Conflict, PermissionDenied, ValidationFailed
from shouhu.core.roles import Role
from shouhu.selfcontrol import selectors
from shouhu.selfcontrol.models import InspectionPlan, SelfInspection
from shouhu.selfcontrol.services import inspection_open, inspection_score, inspection_submit, plan_set
from shouhu.workflow.checklists.models import TemplateItem
from shouhu.workflow.findings.models import Finding


def _score_all(si, actor, bad: str | None = None):
    items = list(TemplateItem.objects.filter(template_id=si.template_id).order_by("position"))
    results = []
    for it in items:
        if it.scheme == "measured":
            results.append({"item_id": it.item_id, "result": "na"})
        elif it.item_id == bad:
            results.append({"item_id": it.item_id, "result": "nonconform", "note": "更衣室未设洗手消毒设施"})
        else:
            results.append({"item_id": it.item_id, "result": "conform" if it.scheme == "graded" else "pass"})
    return inspection_score(actor=actor, inspection=si, results=results), items


def test_plan_is_the_enterprises_choice_and_kept(adopted, ent, people):
    principal = people[Role.PRINCIPAL]
    with pytest.raises(ValidationFailed):
        plan_set(actor=principal, months=5)
    with pytest.raises(PermissionDenied):
        plan_set(actor=people[Role.OFFICER], months=6)
    assert not InspectionPlan.objects.exists()
    first = plan_set(actor=principal, months=6)
    assert first.default_months == 12 and first.rule_id == "selfcontrol.self-inspection-months"
    plan_set(actor=principal, months=3)
    first.refresh_from_db()
    assert not first.current and InspectionPlan.objects.get(current=True).months == 3
    with pytest.raises(Conflict):
        plan_set(actor=principal, months=3)


def test_self_inspection_checklist_findings_submission_and_county(adopted, ent, people, county):
    principal = people[Role.PRINCIPAL]
    today = timezone.localdate()
    plan_set(actor=principal, months=1, starts_on=today - timedelta(days=62))
    si = inspection_open(actor=principal)
    items = TemplateItem.objects.filter(template_id=si.template_id)
    assert items.count() > 5 and all(i.citation for i in items)  # from the 细则 for its varieties
    with pytest.raises(Conflict):
        inspection_open(actor=principal)  # a second report for the same period
    with pytest.raises(Conflict):
        inspection_submit(actor=principal, inspection=si, conclusion="完成")  # items unscored
    graded = items.filter(scheme="graded").first()
    with pytest.raises(ValidationFailed):  # a shortfall without what was found: nothing written
        inspection_score(
            actor=principal, inspection=si, results=[{"item_id": graded.item_id, "result": "nonconform"}]
        )
    assert not Finding.objects.filter(subject_type="selfcontrol.selfinspection").exists()
    _score_all(si, principal, bad=graded.item_id)
    finding = Finding.objects.get(subject_type="selfcontrol.selfinspection", subject_id=str(si.pk))
    assert finding.origin == "self" and finding.severity == "major" and finding.run_id == si.run_id
    si = inspection_submit(actor=principal, inspection=si, conclusion="总体符合，1项限期整改")
    assert si.state == "submitted" and si.data["counts"]["nonconform"] == 1
    assert si.data["findings"][0]["title"].startswith(graded.title[:20])
    with pytest.raises(Conflict):
        inspection_submit(actor=principal, inspection=si, conclusion="再交")

    # the county: this month's report is early; last month ended past the grace days with none: missing
    later = today.replace(day=20)  # past last month's end + the 3 grace days, still this month
    rows = {r.enterprise_id: r for r in selectors.selfinspection_overview(county, today=later)}
    assert rows[ent.pk].status == "missing" and rows[ent.pk].months == 1 and rows[ent.pk].chosen
    assert rows[ent.pk].current == si
    # past the grace days the missing report is a to-do of the county's office too (once per period)
    from shouhu.core.system import SystemActor
    from shouhu.selfcontrol.services.overdue import overdue_raise
    from shouhu.workflow.obligations.models import Obligation

    overdue_raise(actor=SystemActor("测试"), today=later)
    overdue_raise(actor=SystemActor("测试"), today=later)
    todo = Obligation.objects.get(kind="selfcontrol.selfinspection_overdue")
    assert todo.owner_division == ent.division_code and "自查报告逾期未交" in todo.title
    other = t.make_user(Role.INSPECTOR, division_code=t.OTHER_CITY_COUNTY, username="si_other")
    assert ent.pk not in {r.enterprise_id for r in selectors.selfinspection_overview(other)}
    assert SelfInspection.objects.count() == 1


def test_pages_enterprise_scores_and_submits_county_reads_pdf_and_data(adopted, ent, people, county, client):
    principal = people[Role.PRINCIPAL]
    client.force_login(principal)
    page = client.get("/selfcontrol/self-inspections/")
    assert page.status_code == 200 and "每 12 个月" in page.content.decode()  # the rule's default
    r = client.post("/selfcontrol/self-inspections/", {"action": "plan", "months": "7"})
    assert r.status_code == 422 and "自查周期须为" in r.content.decode()
    client.post("/selfcontrol/self-inspections/", {"action": "plan", "months": "3"})
    assert "每 3 个月" in client.get("/selfcontrol/self-inspections/").content.decode()
    r = client.post("/selfcontrol/self-inspections/", {"action": "open"})
    si = SelfInspection.objects.get()
    assert r.status_code == 302 and r["Location"].endswith(f"/self-inspections/{si.pk}/")
    items = list(TemplateItem.objects.filter(template_id=si.template_id))
    form = {"item": [i.item_id for i in items]}
    for i in items:
        form[f"result_{i.item_id}"] = (
            "na" if i.scheme == "measured" else ("conform" if i.scheme == "graded" else "pass")
        )
    bad = next(i for i in items if i.scheme == "graded")
    form[f"result_{bad.item_id}"] = "nonconform"
    r = client.post(f"/selfcontrol/self-inspections/{si.pk}/", form)
    assert r.status_code == 422 and "须写明发现的问题" in r.content.decode()
    form[f"note_{bad.item_id}"] = "原料库未分区存放"
    assert client.post(f"/selfcontrol/self-inspections/{si.pk}/", form).status_code == 302
    body = client.get(f"/selfcontrol/self-inspections/{si.pk}/").content.decode()
    assert "原料库未分区存放" in body and "/findings/" in body  # the finding, rectified through the kernel
    client.post(f"/selfcontrol/self-inspections/{si.pk}/", {"action": "submit", "conclusion": "1项整改中"})
    si.refresh_from_db()
    assert si.state == "submitted"

    client.force_login(county)
    overview = client.get("/selfcontrol/self-inspections/").content.decode()
    assert ent.name in overview and "每 3 个月" in overview
    data = client.get(f"/selfcontrol/self-inspections/{si.pk}/print/?format=json").json()
    assert data["counts"]["nonconform"] == 1 and data["conclusion"] == "1项整改中"
    html = client.get(f"/selfcontrol/self-inspections/{si.pk}/print/?format=html").content.decode()
    assert "食品生产企业自查报告" in html and "原料库未分区存放" in html
    pdf = client.get(f"/selfcontrol/self-inspections/{si.pk}/print/", follow=True)
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    other = t.make_user(Role.INSPECTOR, division_code=t.OTHER_CITY_COUNTY, username="si_far")
    client.force_login(other)
    assert client.get(f"/selfcontrol/self-inspections/{si.pk}/").status_code == 404
    assert client.get(f"/selfcontrol/self-inspections/{si.pk}/print/?format=json").status_code == 404


def test_api_reads_reports_as_structured_data_and_the_county_status(adopted, ent, people, county, client):
    principal = people[Role.PRINCIPAL]
    si = inspection_open(actor=principal)
    _score_all(si, principal)
    inspection_submit(actor=principal, inspection=si, conclusion="各项符合")
    client.force_login(county)
    listed = client.get("/api/v1/selfcontrol/selfinspections").json()
    assert [r["id"] for r in listed] == [si.pk] and listed[0]["data"]["conclusion"] == "各项符合"
    one = client.get(f"/api/v1/selfcontrol/selfinspections/{si.pk}").json()
    assert one["state"] == "submitted" and one["data"]["unscored"] == 0
    status = client.get("/api/v1/selfcontrol/selfinspections/status").json()
    assert status[0]["enterprise_id"] == ent.pk and status[0]["months"] == 12 and not status[0]["chosen"]
    client.force_login(principal)
    assert client.get("/api/v1/selfcontrol/selfinspections/status").status_code == 403
