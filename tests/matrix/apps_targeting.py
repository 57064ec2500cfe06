"""Learned risk targeting in the matrix (issue 33): the ranking and evaluation pages and the API.

The world's history is too thin to measure, so the version A's jurisdiction admin trains in `build` (through
the retraining job) is not promoted and no answer is required to show tenant A's data; training, promotion
and the ranking's contents are tested in tests/targeting. Who may read: regulators and the platform admin
(`targeting.view`); who may retrain: the jurisdiction admin and the platform admin; enterprise staff: 403.
"""

from __future__ import annotations

from matrix_core import ADMIN, JADM, REGULATORS, Op, Page

VIEW = REGULATORS | {ADMIN}
TRAIN = frozenset({JADM, ADMIN})


def build(w) -> None:
    """A retraining queued by A's jurisdiction admin (jobs run inline in tests): its status is its own."""
    from shouhu.core import jobs
    from shouhu.targeting import services

    job = services.retrain_queue(actor=w.users["jurisdiction_admin"], division_code=w.a.ent.division_code)
    w.ids.update(targeting_job_id=job["id"])
    w.cached[jobs._key(job["id"])] = jobs.get(job["id"])


OPS = [
    Op("GET", "/targeting/versions", VIEW, targets=False, shows=frozenset()),
    Op(
        "GET",
        "/targeting/plans/{plan_id}/ranking",
        VIEW,
        args={"plan_id": lambda w: w.ids["risk_plan_id"]},
    ),
    Op("POST", "/targeting/retrain", TRAIN, 202, body=lambda w: {"division_code": w.a.ent.division_code}),
    # a job is its requester's alone: anyone else, A's platform admin included, finds no such job
    Op(
        "GET",
        "/targeting/retrain/{job_id}",
        frozenset({JADM}),
        denied=404,
        args={"job_id": lambda w: w.ids["targeting_job_id"]},
    ),
]

PAGES = [
    Page("targeting/", lambda w: "/targeting/", VIEW, targets=False, shows=frozenset()),
    Page("targeting/evaluation/", lambda w: "/targeting/evaluation/", VIEW, targets=False, shows=frozenset()),
]
