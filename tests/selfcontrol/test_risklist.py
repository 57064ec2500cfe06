"""风险管控清单: generated from the licence with citations, then owned, versioned and diffable."""

from __future__ import annotations

import pytest

from shouhu.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from shouhu.core.roles import Role
from shouhu.selfcontrol import selectors
from shouhu.selfcontrol.models import RiskList, RiskListVersion
from shouhu.selfcontrol.services import risklist_generate, risklist_revise
from shouhu.workflow.checklists.models import ChecklistTemplate


def test_generated_from_licence_grouped_with_citations(adopted):
    version = adopted.versions.get(number=1)
    points = version.live_points()
    assert len(points) > 50
    groups = {p["group_label"] for p in points}
    assert {"生产过程控制", "人员管理", "设备设施", "场所与环境", "管理制度与记录"} <= groups
    assert all(p["citation"] and p["measures"] and p["owner_role"] for p in points)
    assert any("表1" in p["citation"] for p in points)  # the variety's own rows (表1)
    daily = version.live_points("daily")
    # the daily points are a kernel checklist template, scored by the officer
    template = ChecklistTemplate.objects.get(pk=version.template_id)
    assert template.items.count() == len(daily) and template.scorer_role == "officer"


def test_generate_once_then_revise(adopted, ent, people):
    with pytest.raises(Conflict):
        risklist_generate(actor=people[Role.PRINCIPAL], enterprise=ent)


def test_revise_add_edit_retire_keeps_history_and_diffs(adopted, ent, people):
    v1 = adopted.versions.get(number=1)
    first, second = v1.live_points("daily")[:2]
    v2 = risklist_revise(
        actor=people[Role.DIRECTOR],
        enterprise=ent,
        reason="新增金属异物风险点",
        add=[{"title": "金属探测器灵敏度", "measures": "每班开机用标准块验证", "frequency": "daily"}],
        edit=[{"point_id": first["point_id"], "measures": "每两小时巡查一次"}],
        retire=[second["point_id"]],
    )
    adopted.refresh_from_db()
    assert adopted.current == 2 and v2.number == 2
    assert RiskListVersion.objects.get(pk=v1.pk).points == v1.points  # the old version is kept as it was
    diff = selectors.version_diff(people[Role.OFFICER], ent.pk, 1, 2)
    assert [p["title"] for p in diff["added"]] == ["金属探测器灵敏度"]
    assert [p["point_id"] for p in diff["retired"]] == [second["point_id"]]
    assert diff["changed"][0]["fields"]["measures"]["new"] == "每两小时巡查一次"
    assert "金属探测器灵敏度" in [p["title"] for p in v2.live_points("daily")]
    assert second["point_id"] not in [p["point_id"] for p in v2.live_points()]


@pytest.mark.parametrize(
    "change",
    [
        {"edit": [{"point_id": "nope", "measures": "x"}]},
        {"retire": ["nope"]},
        {"add": [{"title": "无措施的风险点", "measures": ""}]},
        {"add": [{"title": "频次", "measures": "措施", "frequency": "hourly"}]},
        {},
    ],
)
def test_bad_revision_writes_nothing(adopted, ent, people, change):
    before = RiskListVersion.objects.count()
    with pytest.raises(ValidationFailed):
        risklist_revise(actor=people[Role.DIRECTOR], enterprise=ent, reason="修订", **change)
    assert RiskListVersion.objects.count() == before
    adopted.refresh_from_db()
    assert adopted.current == 1


def test_revision_needs_reason_and_role(adopted, ent, people):
    with pytest.raises(ValidationFailed):
        risklist_revise(actor=people[Role.DIRECTOR], enterprise=ent, reason=" ", retire=["x"])
    with pytest.raises(PermissionDenied):
        risklist_revise(actor=people[Role.OFFICER], enterprise=ent, reason="r", retire=["x"])


def test_regulator_reads_list_and_history_other_county_does_not(adopted, ent, county):
    import factories as t

    assert selectors.risklist_get(county, ent.pk).pk == adopted.pk
    other = t.make_user(Role.INSPECTOR, division_code=t.OTHER_COUNTY, username="sc_furong")
    with pytest.raises(NotFound):
        selectors.risklist_get(other, ent.pk)
    assert RiskList.objects.count() == 1
