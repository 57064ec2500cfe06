"""Risk grading and inspection planning in the matrix (issue 24): the regulator pages.

Tenant A's jurisdiction (岳麓区) is graded and planned once (`build`) through the app's services; the
pages are read-only here — their writes (review, adjustment, plan, issue, conflicts) are refused or
accepted in tests/risk, nothing written on a refusal. Who may read: regulators of the jurisdiction and
the platform admin (`risk.view`); enterprise staff get 403.
"""

from __future__ import annotations

from matrix_core import ADMIN, REGULATORS, Page

VIEW = REGULATORS | {ADMIN}


def build(w) -> None:
    from shouhu.risk import services

    admin = w.users["jurisdiction_admin"]
    services.grade_jurisdiction(actor=admin, division_code=admin.division_code)
    plan = services.plan_create(
        actor=admin, division_code=admin.division_code, year=_year(), seed="matrix-risk-seed"
    )
    w.ids.update(risk_plan_id=plan.pk)


def _year() -> int:
    from django.utils import timezone

    return timezone.localdate().year


PAGES = [
    Page("risk/", lambda w: "/risk/", VIEW, targets=False, shows=frozenset()),
    Page("risk/grades/", lambda w: "/risk/grades/", VIEW, targets=False, shows=frozenset(REGULATORS)),
    Page("risk/grades/export/", lambda w: "/risk/grades/export/", VIEW, targets=False, shows=frozenset()),
    Page("risk/enterprises/<int:pk>/", lambda w: f"/risk/enterprises/{w.a.ent.pk}/", VIEW),
    Page("risk/plans/", lambda w: "/risk/plans/", VIEW, targets=False, shows=frozenset()),
    Page("risk/tasks/", lambda w: "/risk/tasks/", VIEW, targets=False, shows=frozenset(VIEW)),
    Page("risk/plans/<int:pk>/", lambda w: f"/risk/plans/{w.ids['risk_plan_id']}/", VIEW),
    Page("risk/plans/<int:pk>/calendar/", lambda w: f"/risk/plans/{w.ids['risk_plan_id']}/calendar/", VIEW),
    Page(
        "risk/plans/<int:pk>/export/",
        lambda w: f"/risk/plans/{w.ids['risk_plan_id']}/export/",
        VIEW,
        shows=frozenset(),
    ),
    Page("risk/conflicts/", lambda w: "/risk/conflicts/", VIEW, targets=False, shows=frozenset()),
]
