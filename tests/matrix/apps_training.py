"""Training and assessment of managers in the matrix (`shouhu.training`, issue 23): the bank, exams, spot
checks and pass rates.

Tenant A's officer (the world's person) is spot-checked once by the 岳麓区 inspector and fails (nothing
answered), which publishes the result, opens a rectification and bars the person. Who may act:
`training/permissions.py`. The examinee's answer and submit endpoints and the exam pages take a one-time
code instead of a login (exempt in matrix_entries, tested in tests/training/).
"""

from __future__ import annotations

from matrix_core import ADMIN, INSP, JADM, KEY, OFF, PEOPLE, QA, REGULATORS, REV, D, Op, P, Page

STAFF = frozenset({P, D, OFF, QA})
MANAGE = frozenset({P, D})
BANK = frozenset({REV, JADM, ADMIN})
CHECK = frozenset({INSP, JADM})
SUPERVISE = REGULATORS | {ADMIN}
RECORD = frozenset({P, D, OFF, KEY})  # training records (附件1 #8): the enterprise's people and system


def _session(w) -> dict:
    return {
        "held_on": "2026-03-01",
        "trainer": "讲师",
        "content": "新国标",
        "place": "会议室",
        "hours": "2",
        "attendee_ids": [w.ids["person_id"]],
    }


def build(w) -> None:
    from shouhu.core.system import SYSTEM
    from shouhu.training import services

    services.bank_sync(actor=SYSTEM)
    spot, code = services.spotcheck_create(actor=w.users["inspector"], person_id=w.ids["person_id"])
    services.attempt_open(code=code)
    services.attempt_submit(code=code)
    own = services.question_create(actor=w.users["principal"], **QUESTION)
    w.ids.update(training_spot_id=spot.pk, training_question_id=own.pk)


QUESTION = {
    "kind": "single",
    "text": "一级召回应在多少小时内启动？",
    "options": ["24小时", "48小时", "72小时"],
    "answer": [0],
    "rule_id": "recall.level-1",
    "topic": "sampling_recall",
    "roles": ["officer"],
}

OPS = [
    Op(
        "POST",
        "/training/questions/{question_id}/revise",
        MANAGE,
        201,
        body=lambda w: {"reason": "措辞", "text": "一级召回应在知悉风险后多少小时内启动？"},
        args={"question_id": lambda w: w.ids["training_question_id"]},
        denied_by={REV: 404, JADM: 404, ADMIN: 404},
    ),
    Op(
        "POST",
        "/training/questions/{question_id}/retire",
        MANAGE,
        body=lambda w: {"reason": "不再使用"},
        args={"question_id": lambda w: w.ids["training_question_id"]},
        denied_by={REV: 404, JADM: 404, ADMIN: 404},
    ),
    Op("GET", "/training/questions", PEOPLE, targets=False, shows=frozenset()),
    Op("POST", "/training/questions", MANAGE | BANK, 201, body=lambda w: QUESTION, targets=False),
    Op(
        "POST",
        "/training/bank/sync",
        BANK,
        body=lambda w: {},
        targets=False,
        audited=False,
        note="a sync with the rule data unchanged writes nothing",
    ),
    Op(
        "POST",
        "/training/attempts",
        MANAGE,
        201,
        body=lambda w: {"person_id": w.ids["person_id"], "purpose": "periodic"},
    ),
    Op("GET", "/training/attempts", PEOPLE, targets=False),
    Op("POST", "/training/spot-checks", CHECK, 201, body=lambda w: {"person_id": w.ids["person_id"]}),
    Op("GET", "/training/spot-checks", PEOPLE, targets=False),
    Op("GET", "/training/pass-rates", SUPERVISE, targets=False),
    # training records (issue 23.4): a session names A's person, refused for anyone else's enterprise; the
    # platform has no enterprise of its own to record a session for
    Op("POST", "/training/sessions", RECORD, 201, body=_session, outsider=422, denied_by={ADMIN: 422}),
    Op("GET", "/training/sessions", PEOPLE, targets=False, shows=frozenset()),
    # one person's training (the registry's old `/registry/people/{id}/trainings`): a session of one
    Op(
        "POST",
        "/training/people/{person_id}/trainings",
        RECORD | {ADMIN},
        201,
        body=lambda w: {"held_on": "2026-03-01", "topic": "食品安全法规", "hours": "2.5"},
    ),
]

PAGES = [
    Page(
        "training/",
        lambda w: "/training/",
        STAFF,
        targets=False,
        denied_by={INSP: 302, REV: 302, JADM: 302, ADMIN: 302},
    ),
    Page("training/bank/", lambda w: "/training/bank/", PEOPLE, targets=False, shows=frozenset()),
    Page("training/spot-checks/", lambda w: "/training/spot-checks/", SUPERVISE, targets=False),
    # one person's training records and hours (the registry home's prompt links here): a regulator sees
    # the person but may not write (403), another enterprise does not find them (404)
    Page(
        "training/people/<int:pk>/",
        lambda w: f"/training/people/{w.ids['person_id']}/",
        frozenset({P, D, OFF, ADMIN}),
    ),
    Page(
        "training/people/<int:pk>/",
        lambda w: f"/training/people/{w.ids['person_id']}/",
        frozenset({P, D, OFF, ADMIN}),
        method="POST",
        ok=302,
        body=lambda w: {"held_on": "2026-03-01", "topic": "食品安全法规", "hours": "2"},
        name="create",
    ),
]
