"""The workflow kernel in the matrix: checklists, findings and rectifications, evidence, obligations and
notifications, case clues and publications (`shouhu.workflow.*`).

Tenant A's kernel records are made once (`build`, called by `matrix_world.build`) through the kernel's
public services, about enterprise A (a kernel record copies its subject's enterprise and division, so
tenancy filters it directly). Who may act is the kernel's rows in `core.roles.PERMISSIONS`
(`workflow/findings/permissions.py`, `workflow/obligations/permissions.py`); checklists have no row of
their own: any caller inside the subject's tenancy may open and score a run (a template's `scorer_role`
narrows that; the matrix's template has none), and a signature is refused unless the signer holds the
role it signs in.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from matrix_core import (
    ADMIN,
    ALL,
    ENTERPRISE,
    INSP,
    JADM,
    KEY,
    OFF,
    PEOPLE,
    QA,
    REGULATORS,
    REV,
    D,
    Multipart,
    Op,
    P,
    Page,
    Upload,
)

TODAY_OFFSET = timedelta(days=10)
ITEMS = [
    {"item_id": "A1", "title": "原料库温湿度记录", "scheme": "pass_fail"},
    {"item_id": "A2", "title": "更衣室洗手消毒设施", "scheme": "pass_fail"},
]
SUBJECT = "registry.enterprise"
DECIDE = frozenset({INSP, REV, JADM})  # findings.rectification.decide, for a regulator's finding
ANSWER = ENTERPRISE  # findings.rectification.answer
OVERDUE = REGULATORS | {ADMIN}  # obligations.overdue.view
PAUSE = REGULATORS | {ADMIN, P, D}  # obligations.pause
EXTEND = REGULATORS | {ADMIN}  # obligations.extend
SCHEDULE = ALL  # obligations.schedule: enterprise roles, regulators, platform admin
CLUES = REGULATORS | {ADMIN}  # clues.view
PUBLISH = REGULATORS | {ADMIN}  # publication.manage
PERSON = PEOPLE  # inbox and notifications belong to people; an API key has none (422)
NOT_A_PERSON = {KEY: 422}  # "系统接入密钥没有个人待办": refused on input, nothing written
NO_SCORER = {KEY: 422}  # a result needs a person as scorer: an API key is refused (scorer may not be null)


def _subject(w) -> dict[str, Any]:
    return {"subject_type": SUBJECT, "subject_id": w.a.ent.pk}


def _subject_str(w) -> dict[str, Any]:
    return {"subject_type": SUBJECT, "subject_id": str(w.a.ent.pk)}


def build(w) -> None:
    """Tenant A's kernel records, through the kernel's public services."""
    from matrix_world import MARK, PDF, TODAY

    from shouhu.workflow.checklists import services as cl
    from shouhu.workflow.evidence.services import evidence_create
    from shouhu.workflow.findings import services as fs
    from shouhu.workflow.obligations import schedules
    from shouhu.workflow.obligations import services as ob
    from shouhu.workflow.publication import services as pub
    from shouhu.workflow.subjects import subject_of

    ent, principal, insp = w.a.ent, w.users["principal"], w.users["inspector"]
    subject = subject_of(ent)
    tpl = cl.template_from_list(actor=principal, title=f"{MARK}日管控自查表", items=ITEMS, subject=subject)
    run = cl.run_open(actor=principal, template=tpl, subject=subject)
    scored = cl.run_open(actor=principal, template=tpl, subject=subject)
    for item in ("A1", "A2"):
        cl.result_record(actor=principal, run=scored, item_id=item, result="pass")
    evidence = evidence_create(actor=principal, content=PDF, name="整改照片.pdf", subject=subject)

    def finding(title: str) -> Any:
        return fs.finding_issue(actor=insp, subject=subject, severity="major", title=f"{MARK}{title}")

    open_finding = finding("挡鼠板缺失")
    rect = fs.rectification_open(actor=insp, finding=open_finding, due_on=TODAY + TODAY_OFFSET)
    answered = fs.rectification_open(actor=insp, finding=finding("更衣室缺消毒"), due_on=TODAY + TODAY_OFFSET)
    fs.rectification_answer(actor=principal, rectification=answered, answer="已整改")
    bare = finding("仓库温湿度未记录")  # no rectification yet: one is ordered by the operation under test

    obligation = ob.obligation_create(
        actor=insp,
        subject=ent,
        title=f"{MARK}提交延续申请",
        kind="licensing.renewal",
        rule_id="licence.renewal-before-working-days",
        owner_kind="role",
        owner_role="principal",
    )
    paused = ob.obligation_create(
        actor=insp,
        subject=ent,
        title=f"{MARK}整改复查",
        kind="findings.recheck",
        rule_id="decision.deadline-working-days",
        owner_kind="role",
        owner_role="principal",
    )
    ob.obligation_pause(actor=insp, obligation=paused, kind="hearing", reason="听证")
    schedule = schedules.schedule_create(
        actor=principal,
        subject=ent,
        title=f"{MARK}每日自查",
        kind="selfcheck.daily",
        frequency="weekly",
        rule_id="decision.deadline-working-days",
        owner_kind="role",
        owner_role="qa",
        active_from=TODAY,
    )
    clue = pub.clue_raise(
        actor=insp,
        subject=ent,
        source="licensing.verify",
        citation="细则第十七条",
        summary=f"{MARK}重点项不符合",
    )
    draft = pub.publication_create(
        actor=insp,
        subject=ent,
        kind="inspection",
        title=f"{MARK}监督检查结果",
        rule_id="decision.deadline-working-days",
        channel="守护平台 · 信息公示",
        due_by=TODAY + timedelta(days=20),
    )
    shown = pub.publication_create(
        actor=insp,
        subject=ent,
        kind="inspection",
        title=f"{MARK}监督检查结果：符合",
        rule_id="decision.deadline-working-days",
        channel="守护平台 · 信息公示",
        due_by=TODAY + timedelta(days=20),
    )
    pub.publication_publish(actor=insp, publication=shown)
    w.ids.update(
        template_id=tpl.pk,
        run_id=run.pk,
        scored_run_id=scored.pk,
        evidence_id=evidence.pk,
        finding_id=open_finding.pk,
        bare_finding_id=bare.pk,
        rect_id=rect.pk,
        answered_rect_id=answered.pk,
        obligation_id=obligation.pk,
        paused_obligation_id=paused.pk,
        schedule_id=schedule.pk,
        clue_id=clue.pk,
        publication_id=draft.pk,
        shown_publication_id=shown.pk,
    )
    w.markers |= {tpl.title, open_finding.title, obligation.title, clue.summary, draft.title, schedule.title}


def _result(w) -> dict[str, Any]:
    return {"item_id": "A1", "result": "pass"}


OBLIGATION = lambda w: {  # noqa: E731
    **_subject(w),
    "title": "提交延续申请",
    "kind": "licensing.renewal",
    "rule_id": "licence.renewal-before-working-days",
    "owner_kind": "role",
    "owner_role": "principal",
}

OPS = [
    # ---- checklists
    Op(
        "POST",
        "/checklists/templates/from-list",
        ALL,
        201,
        body=lambda w: {"title": "自查表", "items": ITEMS, "subject": _subject_str(w)},
    ),
    Op(
        "POST",
        "/checklists/templates/from-source",
        ALL,
        None,
        body=lambda w: {"source": "order49", "params": {}},
        targets=False,
        note="templates from rule data: tests/workflow/test_workflow_checklists.py",
    ),
    Op("GET", "/checklists/templates/{template_id}", ALL),
    Op(
        "POST",
        "/checklists/runs",
        ALL,
        201,
        body=lambda w: {"template_id": w.ids["template_id"], **_subject_str(w)},
    ),
    Op("GET", "/checklists/runs/{run_id}", ALL),
    Op("POST", "/checklists/runs/{run_id}/results", ALL - {KEY}, 201, body=_result, denied_by=NO_SCORER),
    Op(
        "POST",
        "/checklists/runs/{run_id}/results/bulk",
        ALL - {KEY},
        201,
        body=lambda w: {"results": [_result(w)]},
        denied_by=NO_SCORER,
    ),
    Op("POST", "/checklists/runs/{run_id}/conclude", ALL, args={"run_id": lambda w: w.ids["scored_run_id"]}),
    Op(
        "POST",
        "/checklists/signatures",
        {P},
        201,
        body=lambda w: {"role": "principal", **_subject_str(w)},
    ),
    Op(
        "POST",
        "/checklists/signatures/refusals",
        {INSP},
        201,
        body=lambda w: {
            "role": "principal",
            "person_name": "赵总",
            "note": "拒绝在检查记录上签字",
            "witness_name": "王见证",
            "recorder_role": "inspector",
            **_subject_str(w),
        },
    ),
    # ---- evidence
    Op(
        "POST",
        "/evidence",
        ALL,
        201,
        body=lambda w: Multipart({"file": Upload("a.pdf", b"%PDF-1.4\n%%EOF\n"), **_subject_str(w)}),
    ),
    Op("GET", "/evidence/{evidence_id}", ALL),
    # ---- findings
    Op("GET", "/findings", ALL, targets=False),
    Op(
        "POST",
        "/findings",
        REGULATORS | ENTERPRISE,
        201,
        body=lambda w: {**_subject_str(w), "severity": "minor", "title": "地面破损"},
    ),
    Op("GET", "/findings/{finding_id}", ALL),
    Op(
        "POST",
        "/findings/{finding_id}/rectifications",
        DECIDE,
        201,
        body=lambda w: {"due_on": str(__import__("datetime").date.today() + TODAY_OFFSET)},
        args={"finding_id": lambda w: w.ids["bare_finding_id"]},
    ),
    Op("POST", "/findings/rectifications/{rect_id}/answer", ANSWER, body=lambda w: {"answer": "已整改"}),
    Op(
        "POST",
        "/findings/rectifications/{rect_id}/accept",
        DECIDE,
        body=lambda w: {"note": "验收通过"},
        args={"rect_id": lambda w: w.ids["answered_rect_id"]},
    ),
    Op(
        "POST",
        "/findings/rectifications/{rect_id}/return",
        DECIDE,
        body=lambda w: {"note": "未整改到位"},
        args={"rect_id": lambda w: w.ids["answered_rect_id"]},
    ),
    Op(
        "POST",
        "/findings/rectifications/{rect_id}/recheck",
        DECIDE,
        body=lambda w: {"run_id": w.ids["run_id"]},
        args={"rect_id": lambda w: w.ids["answered_rect_id"]},
    ),
    # ---- obligations and notifications
    Op("GET", "/obligations/inbox", PERSON, denied_by=NOT_A_PERSON, targets=False, shows=frozenset({P})),
    Op("GET", "/obligations/inbox/count", PERSON, denied_by=NOT_A_PERSON, targets=False, shows=frozenset()),
    Op("GET", "/obligations/overdue", OVERDUE, targets=False, shows=frozenset()),
    Op("GET", "/obligations/obligations", ALL, targets=False),
    Op("POST", "/obligations/obligations", ALL, 201, body=OBLIGATION),
    Op("GET", "/obligations/obligations/{obligation_id}", ALL),
    Op("POST", "/obligations/obligations/{obligation_id}/complete", ALL, body=lambda w: {"note": "已提交"}),
    Op(
        "POST",
        "/obligations/obligations/{obligation_id}/pause",
        PAUSE,
        body=lambda w: {"kind": "testing", "reason": "检验检测"},
    ),
    Op(
        "POST",
        "/obligations/obligations/{obligation_id}/resume",
        PAUSE,
        args={"obligation_id": lambda w: w.ids["paused_obligation_id"]},
    ),
    Op(
        "POST",
        "/obligations/obligations/{obligation_id}/extend",
        EXTEND,
        body=lambda w: {"amount": 5, "reason": "申请人申请延期"},
    ),
    Op(
        "POST",
        "/obligations/schedules",
        SCHEDULE,
        201,
        body=lambda w: {
            **_subject(w),
            "title": "每周自查",
            "kind": "selfcheck.weekly",
            "frequency": "weekly",
            "rule_id": "decision.deadline-working-days",
            "owner_kind": "role",
            "owner_role": "qa",
            "active_from": str(__import__("datetime").date.today()),
        },
    ),
    Op(
        "POST",
        "/obligations/schedules/{schedule_id}/generate",
        SCHEDULE,
        body=lambda w: {
            "first": str(__import__("datetime").date.today()),
            "last": str(__import__("datetime").date.today() + timedelta(days=14)),
        },
    ),
    Op("GET", "/obligations/notifications", PERSON, denied_by=NOT_A_PERSON, targets=False, shows=frozenset()),
    Op(
        "POST",
        "/obligations/notifications/read",
        PERSON,
        denied_by=NOT_A_PERSON,
        targets=False,
        body=lambda w: {},
        audited=False,
    ),
    Op("GET", "/obligations/preferences", PERSON, denied_by=NOT_A_PERSON, targets=False, shows=frozenset()),
    Op(
        "PUT",
        "/obligations/preferences",
        PERSON,
        denied_by=NOT_A_PERSON,
        targets=False,
        body=lambda w: [{"kind": "obligation_assigned", "in_app": True, "email": False}],
        audited=False,
    ),
    # ---- clues and publications
    Op(
        "POST",
        "/publication/clues",
        ALL,
        201,
        body=lambda w: {
            **_subject(w),
            "source": "labels.sweep",
            "citation": "细则第十七条",
            "summary": "线索",
        },
    ),
    Op("GET", "/publication/clues", CLUES, targets=False),
    Op(
        "POST",
        "/publication/clues/{clue_id}/decide",
        CLUES,
        body=lambda w: {"action": "take", "note": "立案"},
    ),
    Op(
        "POST",
        "/publication/publications",
        PUBLISH,
        201,
        body=lambda w: {
            **_subject(w),
            "kind": "inspection",
            "title": "监督检查结果",
            "channel": "守护平台 · 信息公示",
            "rule_id": "decision.deadline-working-days",
            "due_by": str(__import__("datetime").date.today() + timedelta(days=20)),
        },
    ),
    Op("GET", "/publication/publications", PUBLISH, targets=False),
    Op("POST", "/publication/publications/{publication_id}/publish", PUBLISH),
    Op(
        "POST",
        "/publication/publications/{publication_id}/withdraw",
        PUBLISH,
        body=lambda w: {"reason": "结论更正"},
        args={"publication_id": lambda w: w.ids["shown_publication_id"]},
    ),
]

PAGES = [
    Page("checklists/runs/", lambda w: "/checklists/runs/", PEOPLE, targets=False),
    Page("checklists/runs/<int:pk>/", lambda w: f"/checklists/runs/{w.ids['run_id']}/", PEOPLE),
    Page(
        "checklists/runs/<int:pk>/items/<str:item_id>/score",
        lambda w: f"/checklists/runs/{w.ids['run_id']}/items/A1/score",
        PEOPLE,
        method="POST",
        ok=302,
        denied=302,
        body=lambda w: {"result": "pass"},
    ),
    Page(
        "checklists/runs/<int:pk>/<str:action>",
        lambda w: f"/checklists/runs/{w.ids['scored_run_id']}/conclude",
        PEOPLE,
        method="POST",
        ok=302,
        denied=302,
        name="conclude",
    ),
    Page("findings/", lambda w: "/findings/", PEOPLE, targets=False),
    Page("findings/<int:pk>/", lambda w: f"/findings/{w.ids['finding_id']}/", PEOPLE),
    Page(
        "findings/<int:pk>/<str:action>",
        lambda w: f"/findings/{w.ids['finding_id']}/answer",
        {P, D, OFF, QA},
        method="POST",
        ok=302,
        denied=302,
        denied_by={INSP: 422, REV: 422, JADM: 422, ADMIN: 422},  # the form answers with the refusal
        body=lambda w: {"rectification": w.ids["rect_id"], "answer": "已整改"},
        name="answer",
    ),
    Page("obligations/", lambda w: "/obligations/", PEOPLE, targets=False, shows=frozenset({P})),
    Page(
        "obligations/overdue/", lambda w: "/obligations/overdue/", OVERDUE, targets=False, shows=frozenset()
    ),
    Page(
        "obligations/notifications/",
        lambda w: "/obligations/notifications/",
        PEOPLE,
        targets=False,
        shows=frozenset(),
    ),
    Page(
        "obligations/preferences/",
        lambda w: "/obligations/preferences/",
        PEOPLE,
        targets=False,
        shows=frozenset(),
    ),
    Page("obligations/<int:pk>/", lambda w: f"/obligations/{w.ids['obligation_id']}/", PEOPLE),
    Page("publications/clues/", lambda w: "/publications/clues/", CLUES, targets=False),
    Page("publications/manage/", lambda w: "/publications/manage/", PUBLISH, targets=False),
]
