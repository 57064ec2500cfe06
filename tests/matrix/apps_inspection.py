"""Supervision inspections in the matrix (`shouhu.inspection`, issue 25): arranging, results on site, the
conclusion, the 结果记录表's signatures (and a refusal), publication, and the pages.

Tenant A gets four inspections by the 岳麓区 team (`inspector`, `inspector2`), made once (`build`) through
the app's services: one planned, one with every item scored, one concluded (awaiting signatures) and one
signed by everyone (awaiting publication). Who may act is the `inspection.*` rows of `core.roles.PERMISSIONS`
and, for results, the conclusion, signatures and the refusal, the kernel's signer roles: a regulator who is
not on the team is refused (403) like a role without the permission.
"""

from __future__ import annotations

from matrix_core import ADMIN, INSP, JADM, OFF, PEOPLE, QA, REGULATORS, REV, D, Op, P, Page

ARRANGE = frozenset({INSP, JADM})  # inspection.arrange (and publish)
TEAM = frozenset({INSP})  # the team member among tenant A's actors (kernel role inspection.inspector)
SIGN = frozenset({INSP, P, D, OFF})  # team members and the enterprise's responsible people
SUPERVISE = REGULATORS | {ADMIN}
STAFF = frozenset({P, D, OFF, QA})


def build(w) -> None:
    from shouhu.inspection import services
    from shouhu.workflow.checklists.models import TemplateItem

    insp, insp2 = w.users["inspector"], w.users["inspector2"]

    def new():
        return services.inspection_create(
            actor=insp, enterprise_id=w.a.ent.pk, inspector_ids=[insp.pk, insp2.pk]
        )

    def score(i):
        for item_id in TemplateItem.objects.filter(template_id=i.template_id).values_list(
            "item_id", flat=True
        ):
            services.result_record(actor=insp, inspection=i.pk, item_id=item_id, result="pass")

    planned, scored, concluded, signed = new(), new(), new(), new()
    for i in (scored, concluded, signed):
        score(i)
    for i in (concluded, signed):
        services.inspection_conclude(actor=insp, inspection=i.pk)
    for who in (insp, insp2, w.users["principal"]):
        services.inspection_sign(actor=who, inspection=signed.pk)
    from shouhu.core.system import SYSTEM
    from shouhu.training.services import bank_sync

    bank_sync(actor=SYSTEM)  # a spot-check exam from the visit page draws its paper from the bank
    first = TemplateItem.objects.filter(template_id=planned.template_id).order_by("position").first()
    w.ids.update(
        insp_planned_id=planned.pk,
        insp_scored_id=scored.pk,
        insp_concluded_id=concluded.pk,
        insp_signed_id=signed.pk,
        insp_item_id=first.item_id,
        insp_area=first.group,
    )


def _arg(name: str):
    return {"inspection_id": lambda w: w.ids[name]}


OPS = [
    Op("GET", "/inspection/inspections", PEOPLE, targets=False, shows=frozenset()),
    Op(
        "POST",
        "/inspection/inspections",
        ARRANGE,
        201,
        body=lambda w: {
            "enterprise_id": w.a.ent.pk,
            "inspector_ids": [w.users["inspector"].pk, w.users["inspector2"].pk],
        },
    ),
    Op("GET", "/inspection/inspections/{inspection_id}", PEOPLE, args=_arg("insp_concluded_id")),
    Op(
        "POST",
        "/inspection/inspections/{inspection_id}/results",
        TEAM,
        201,
        body=lambda w: {"item_id": w.ids["insp_item_id"], "result": "pass", "note": "现场查看"},
        args=_arg("insp_planned_id"),
    ),
    Op(
        "POST",
        "/inspection/inspections/{inspection_id}/conclude",
        TEAM,
        body=lambda w: {},
        args=_arg("insp_scored_id"),
    ),
    Op(
        "POST",
        "/inspection/inspections/{inspection_id}/sign",
        SIGN,
        body=lambda w: {},
        args=_arg("insp_concluded_id"),
    ),
    Op(
        "POST",
        "/inspection/inspections/{inspection_id}/refusal",
        TEAM,
        body=lambda w: {"person_name": "李厂长", "note": "拒绝在记录表上签字", "witness_name": "赵见证"},
        args=_arg("insp_concluded_id"),
    ),
    Op("POST", "/inspection/inspections/{inspection_id}/publish", ARRANGE, args=_arg("insp_signed_id")),
    Op(  # only the team lead (inspector) assigns item owners
        "POST",
        "/inspection/inspections/{inspection_id}/owners",
        TEAM,
        body=lambda w: {"owners": {w.ids["insp_area"]: w.users["inspector2"].pk}},
        args=_arg("insp_planned_id"),
    ),
    Op(  # a manager spot-check exam of tenant A's officer, from the visit
        "POST",
        "/inspection/inspections/{inspection_id}/exams",
        TEAM,
        201,
        body=lambda w: {"person_id": w.ids["person_id"]},
        args=_arg("insp_planned_id"),
    ),
]

PAGES = [
    Page(
        "inspection/",
        lambda w: "/inspection/",
        SUPERVISE,
        targets=False,
        denied_by={P: 302, D: 302, OFF: 302, QA: 302},  # enterprise staff are sent to their own page
        shows=frozenset(),
    ),
    Page("inspection/new/", lambda w: "/inspection/new/", ARRANGE, targets=False, shows=frozenset()),
    Page("inspection/<int:pk>/", lambda w: f"/inspection/{w.ids['insp_concluded_id']}/", PEOPLE),
    Page(  # the team's division of the checklist: regulators of the jurisdiction read it, the lead saves it
        "inspection/<int:pk>/team/",
        lambda w: f"/inspection/{w.ids['insp_planned_id']}/team/",
        REGULATORS,
    ),
    Page(
        "inspection/<int:pk>/record.pdf",
        lambda w: f"/inspection/{w.ids['insp_concluded_id']}/record.pdf?format=html",
        PEOPLE,
    ),
    Page(
        "inspection/enterprise/",
        lambda w: "/inspection/enterprise/",
        STAFF,
        targets=False,
        denied_by={INSP: 302, REV: 302, JADM: 302, ADMIN: 302},  # regulators are sent to the list
        shows=frozenset(),
    ),
]
