"""Trace and recall (追溯与召回) in the matrix: a trace names A's lot by its code, so an outsider's trace of
it finds nothing; recalls are started, reported and recovered by A, supervised by A's regulators."""

from __future__ import annotations

from matrix_core import ALL, INSP, JADM, KEY, PEOPLE, QA, D, Op, P, Page

RECALL = frozenset({P, D, QA, KEY})  # trace.recall.manage

OPS = [
    Op("GET", "/trace/trace", ALL, query=lambda w: {"ref": w.ids["lot"]}),
    Op("GET", "/trace/trace/epcis", ALL, query=lambda w: {"ref": w.ids["lot"]}),
    Op("GET", "/trace/trace/xlsx", ALL, query=lambda w: {"ref": w.ids["lot"]}),
    Op(
        "POST",
        "/trace/recalls",
        RECALL,
        body=lambda w: {"level": 3, "reason": "复核标签", "batch": w.ids["sold"]},
    ),
    Op("GET", "/trace/recalls", ALL, targets=False),
    Op("GET", "/trace/recalls/{recall_id}", ALL),
    Op(
        "POST",
        "/trace/recalls/{recall_id}/report",
        RECALL,
        body=lambda w: {},
        args={"recall_id": lambda w: w.ids["started_recall_id"]},
    ),
    Op("POST", "/trace/recalls/{recall_id}/supervise", {INSP, JADM}, body=lambda w: {"note": "已督促召回"}),
    Op(
        "POST",
        "/trace/recalls/{recall_id}/complete",
        RECALL,
        body=lambda w: {"disposal": "销毁", "place": "厂内无害化处理", "rectification": "加强标签审核"},
    ),
    Op(
        "POST",
        "/trace/recall-items/{item_id}/recover",
        RECALL,
        body=lambda w: {"quantity": "1", "notified": True},
    ),
]

# ---- pages ---------------------------------------------------------------------------------------------
SUPERVISE = frozenset({INSP, JADM})  # trace.recall.supervise


def _recall_action(action: str, note: str) -> Page:
    return Page(
        "trace/recalls/<int:pk>/do/<slug:action>/",
        lambda w: f"/trace/recalls/{w.ids['recall_id']}/do/{action}/",
        SUPERVISE,
        method="POST",
        ok=302,
        body=lambda w: {"note": note},
        denied=302,  # the service refuses: a flash message on the redirect, nothing written
        name=action,
    )


PAGES = [
    Page("trace/recalls/<int:pk>/", lambda w: f"/trace/recalls/{w.ids['recall_id']}/", PEOPLE),
    _recall_action("supervise", "已督促召回"),
    _recall_action("correct", "召回范围不全，责令改正"),
    # the enterprise's acts on its recall page (issue 15.5): report the started one, recover on the reported one
    Page(
        "trace/recalls/<int:pk>/do/<slug:action>/",
        lambda w: f"/trace/recalls/{w.ids['started_recall_id']}/do/report/",
        RECALL - {KEY},
        method="POST",
        ok=302,
        denied=302,  # the service refuses: a flash message on the redirect, nothing written
        name="report",
    ),
    Page(
        "trace/recalls/<int:pk>/do/<slug:action>/",
        lambda w: f"/trace/recalls/{w.ids['recall_id']}/do/recover/",
        RECALL - {KEY},
        method="POST",
        ok=302,
        body=lambda w: {"item": w.ids["item_id"], "quantity": "1"},
        denied=302,
        name="recover",
    ),
    # the sold batch's page to start a recall: the traced scope first, then the form
    Page(
        "trace/recalls/start/batch/<int:batch_pk>/",
        lambda w: f"/trace/recalls/start/batch/{w.ids['sold_id']}/",
        PEOPLE,
    ),
    Page(
        "trace/recalls/start/batch/<int:batch_pk>/",
        lambda w: f"/trace/recalls/start/batch/{w.ids['sold_id']}/",
        RECALL - {KEY},
        method="POST",
        ok=302,
        body=lambda w: {"level": "3", "reason": "复核标签"},
        denied=200,  # the refusal is shown on the form, nothing written
        name="start",
    ),
]
