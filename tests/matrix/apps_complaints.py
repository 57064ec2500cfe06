"""Complaints and reports in the matrix (`shouhu.complaints`): the inbox, one submission, its actions, the
enterprise's answer, rewards. The public filing and status are exempt (matrix_entries, with the reason).

Tenant A gets a complaint just received (to accept), one accepted and forwarded to it (to read and answer),
a named report decided with a case opened (to reward) and another with a reward proposed (to approve).
Who may act: `complaints/permissions.py`.
"""

from __future__ import annotations

from matrix_core import ADMIN, INSP, JADM, OFF, PEOPLE, QA, REV, D, Op, P, Page

STAFF = frozenset({P, D, OFF, QA})
HANDLERS = frozenset({INSP, REV, JADM, ADMIN})
NOT_FORWARDED = {P: 404, D: 404, OFF: 404, QA: 404}


def build(w) -> None:
    from matrix_world import MARK

    from shouhu.complaints import services as cs

    inspector = w.users["inspector"]

    def filed(kind: str, text: str, phone: str):
        data = {
            "kind": kind,
            "description": f"{MARK}{text}",
            "enterprise_name": w.a.ent.name,
            "contact_name": "王女士",
            "contact_phone": phone,
            "consent_forward": kind == "complaint",
        }
        return cs.submission_file(data=data, client=f"matrix-{phone}").submission

    received = filed("complaint", "米粉有异味", "13800000101")
    forwarded = filed("complaint", "米粉结块", "13800000102")
    cs.submission_act(actor=inspector, submission=forwarded, action="accept")
    cs.submission_act(actor=inspector, submission=forwarded, action="forward")
    reports = []
    for i, text in enumerate(("使用过期原料", "超范围生产")):
        r = filed("report", text, f"1380000020{i}")
        cs.submission_act(actor=inspector, submission=r, action="accept")
        cs.submission_act(actor=inspector, submission=r, action="verify", note="现场核实")
        cs.submission_act(actor=inspector, submission=r, action="decide", case_opened=True, note="立案")
        reports.append(r)
    reward = cs.reward_propose(
        actor=inspector, submission=reports[1], level=1, fines="100000", penalty_ref="罚〔2026〕1号"
    )
    w.ids.update(
        complaint_id=received.pk, forwarded_id=forwarded.pk, tipoff_id=reports[0].pk, reward_id=reward.pk
    )
    w.markers |= {received.description, forwarded.description}


def _id(name: str):
    return {"submission_id": lambda w: w.ids[name]}


OPS = [
    Op("GET", "/complaints", HANDLERS | STAFF, targets=False),
    Op("GET", "/complaints/{submission_id}", HANDLERS | STAFF, args=_id("forwarded_id")),
    Op(
        "POST",
        "/complaints/{submission_id}/actions",
        HANDLERS,
        body=lambda w: {"action": "accept", "note": "符合受理条件"},
        args=_id("complaint_id"),
        denied_by=NOT_FORWARDED,
    ),
    Op(
        "POST",
        "/complaints/{submission_id}/answer",
        STAFF,
        body=lambda w: {"answer": "已为消费者退货"},
        args=_id("forwarded_id"),
    ),
    Op(
        "POST",
        "/complaints/{submission_id}/reward",
        HANDLERS,
        201,
        body=lambda w: {"level": 2, "fines": "200000", "penalty_ref": "罚〔2026〕2号"},
        args=_id("tipoff_id"),
        denied_by=NOT_FORWARDED,
    ),
    Op(
        "POST",
        "/complaints/rewards/{reward_id}/actions",
        frozenset({JADM, ADMIN}),
        body=lambda w: {"action": "approve"},
    ),
]

PAGES = [
    Page("complaints/inbox/", lambda w: "/complaints/inbox/", PEOPLE, targets=False),
    Page("complaints/statistics/", lambda w: "/complaints/statistics/", HANDLERS, targets=False),
    Page(
        "complaints/articles/",
        lambda w: "/complaints/articles/",
        frozenset({INSP, REV, JADM}),
        targets=False,
        shows=frozenset(),
    ),
    Page("complaints/<int:pk>/", lambda w: f"/complaints/{w.ids['forwarded_id']}/", PEOPLE),
    Page(
        "complaints/<int:pk>/documents/<slug:kind>/",
        lambda w: f"/complaints/{w.ids['forwarded_id']}/documents/acceptance/",
        HANDLERS,
    ),
]
