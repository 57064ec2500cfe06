"""Enforcement in the matrix (`shouhu.enforcement`, issue 30): the cases (list, one case, the decision), the
clues to register, a case's actions and documents, the statistics, and the credit file. The public credit page
and typical cases are exempt (matrix_entries, with the reason).

Tenant A gets, through the services: an open kernel clue (to register), a case under 立案审查 (to file or
extend), a filed case (to decide), and a decided, published general-procedure case (its documents and the
credit file). Who may act: `enforcement/permissions.py` — regulators read cases; inspectors and
jurisdiction admins handle them; the jurisdiction admin approves; everyone reads a credit file in their
tenancy; the principal and the director apply for repair.
"""

from __future__ import annotations

from matrix_core import ADMIN, INSP, JADM, PEOPLE, REV, D, Op, P, Page

VIEW = frozenset({INSP, REV, JADM, ADMIN})  # enforcement.view
HANDLE = frozenset({INSP, JADM})  # enforcement.handle
APPROVE = frozenset({JADM})  # enforcement.approve
APPLY = frozenset({P, D})  # enforcement.repair.apply


def build(w) -> None:
    from matrix_world import MARK

    from shouhu.enforcement import services
    from shouhu.workflow.publication.services import clue_raise

    insp = w.users["inspector"]

    def clue(text: str):
        return clue_raise(
            actor=insp,
            source="inspection.key_item",
            subject=w.a.ent,
            citation="《食品生产经营监督检查管理办法》第二十九条",
            summary=f"{MARK}{text}",
        )

    open_clue = clue("进货查验记录缺失")
    review = services.case_register(actor=insp, clue=clue("出厂检验记录缺失"))
    filed = services.case_register(actor=insp, clue=clue("标签声称违法"), violation="label")
    services.case_file(actor=insp, case=filed.pk, note="经负责人批准立案")
    done = services.case_register(actor=insp, clue=clue("超范围使用添加剂"), violation="additives")
    services.case_file(actor=insp, case=done.pk, note="经负责人批准立案")
    services.case_decide(
        actor=insp,
        case=done.pk,
        procedure="general",
        penalties=["fine"],
        fine_yuan="50000",
        decision_no="矩阵市监处罚〔2026〕1号",
        facts="超范围使用食品添加剂",
    )
    services.case_publish(actor=insp, case=done.pk)
    old = _published_a_year_ago(w, insp, clue("未按规定查验供货者许可证"))
    w.markers |= {review.number, filed.number, done.number}
    w.ids.update(
        enforcement_clue_id=open_clue.pk,
        enforcement_review_id=review.pk,
        enforcement_filed_id=filed.pk,
        enforcement_decided_id=done.pk,
        enforcement_repairable_id=old.pk,
    )


def _published_a_year_ago(w, insp, clue):
    """A decided, executed case whose publication is a year and a day old (a repair may be asked)."""
    import datetime as dt

    from django.utils import timezone

    from shouhu.enforcement import services
    from shouhu.workflow.publication.models import Publication

    case = services.case_register(actor=insp, clue=clue, violation="incoming")
    services.case_file(actor=insp, case=case.pk, note="经负责人批准立案")
    services.case_decide(
        actor=insp,
        case=case.pk,
        procedure="general",
        penalties=["fine"],
        fine_yuan="20000",
        decision_no="矩阵市监处罚〔2025〕9号",
    )
    case = services.case_publish(actor=insp, case=case.pk)
    services.case_execute(actor=insp, case=case.pk, note="罚款已缴清")
    Publication.objects.filter(pk=case.publication_id).update(
        published_at=timezone.now() - dt.timedelta(days=367)
    )
    return case


def _case(name: str):
    return {"case_id": lambda w: w.ids[name]}


DECIDE = {
    "procedure": "general",
    "penalties": ["warning"],
    "fine_yuan": "0",
    "decision_no": "矩阵市监处罚〔2026〕2号",
}

OPS = [
    Op("GET", "/enforcement/cases", VIEW, targets=False, query=lambda w: {"status": ""}),
    Op("GET", "/enforcement/cases/{case_id}", VIEW, args=_case("enforcement_filed_id")),
    Op(
        "POST",
        "/enforcement/cases/{case_id}/decision",
        HANDLE,
        body=lambda w: dict(DECIDE),
        args=_case("enforcement_filed_id"),
    ),
    Op(
        "GET",
        "/enforcement/credit/{enterprise_id}",
        PEOPLE,
        args={"enterprise_id": lambda w: w.a.ent.pk},
    ),
]

ACTION = "enforcement/<int:pk>/do/<slug:action>/"


def _do(name: str, action: str, allowed, body=None) -> Page:
    return Page(
        ACTION,
        lambda w: f"/enforcement/{w.ids[name]}/do/{action}/",
        allowed,
        method="POST",
        ok=302,
        body=body,
        name=action,
    )


PAGES = [
    Page("enforcement/", lambda w: "/enforcement/?status=", VIEW, targets=False),
    Page("enforcement/clues/", lambda w: "/enforcement/clues/", VIEW, targets=False, shows=frozenset()),
    Page(
        "enforcement/clues/<int:pk>/register/",
        lambda w: f"/enforcement/clues/{w.ids['enforcement_clue_id']}/register/",
        HANDLE,
        method="POST",
        ok=302,
        body=lambda w: {"violation": "incoming"},
    ),
    Page(
        "enforcement/statistics/",
        lambda w: "/enforcement/statistics/",
        VIEW,
        targets=False,
        shows=frozenset(),
    ),
    Page("enforcement/<int:pk>/", lambda w: f"/enforcement/{w.ids['enforcement_filed_id']}/", VIEW),
    _do("enforcement_review_id", "file", HANDLE, lambda w: {"note": "经负责人批准立案"}),
    _do(
        "enforcement_review_id",
        "extend",
        APPROVE,
        lambda w: {"limit": "filing", "reason": "线索复杂", "approval": "矩阵批〔2026〕1号"},
    ),
    _do("enforcement_filed_id", "decide", HANDLE, lambda w: dict(DECIDE)),
    _do("enforcement_filed_id", "review", HANDLE, lambda w: {"review": "send"}),
    _do("enforcement_decided_id", "execute", HANDLE, lambda w: {"note": "罚款已缴清"}),
    Page(
        "enforcement/<int:pk>/documents/<slug:kind>/",
        lambda w: f"/enforcement/{w.ids['enforcement_decided_id']}/documents/decision/",
        VIEW,
    ),
    Page("enforcement/credit/<int:enterprise_id>/", lambda w: f"/enforcement/credit/{w.a.ent.pk}/", PEOPLE),
    Page(
        "enforcement/credit/<int:enterprise_id>/do/<slug:action>/",
        lambda w: f"/enforcement/credit/{w.a.ent.pk}/do/repair/",
        APPLY,
        method="POST",
        ok=302,
        body=lambda w: {
            "case": w.ids["enforcement_repairable_id"],
            "harm_removed": "已召回",
            "commitment": "守法",
        },
        name="repair",
    ),
]
