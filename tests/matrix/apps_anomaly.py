"""Anomaly alerts in the matrix (issue 32): the alerts list, one alert, its triage, a run on demand.

Tenant A gets one alert (three refused release attempts of one batch, logged by the gate and found by a
run of its jurisdiction's admin). Who may act: `anomaly/permissions.py` — regulators and the platform
admin read alerts; inspectors and jurisdiction admins triage; jurisdiction and platform admins run.
"""

from __future__ import annotations

import datetime

from matrix_core import ADMIN, INSP, JADM, REGULATORS, Page

VIEW = REGULATORS | {ADMIN}
TRIAGE = frozenset({INSP, JADM})
RUN = frozenset({JADM, ADMIN})


def build(w) -> None:
    from django.utils import timezone

    from shouhu.anomaly.models import Alert
    from shouhu.anomaly.services import alerts_run
    from shouhu.production.models import Batch, Gate, GateRefusal

    batch = Batch.objects.filter(enterprise=w.a.ent).first()
    first = timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0)
    for n in range(3):  # 20 minutes apart: refusals seconds apart are one attempt resent
        r = GateRefusal.objects.create(
            enterprise=w.a.ent, batch=batch, gate=Gate.RELEASE, reason="release.tests", message="矩阵"
        )
        GateRefusal.objects.filter(pk=r.pk).update(at=first + datetime.timedelta(minutes=20 * n))
    alerts_run(actor=w.users["jurisdiction_admin"], day=timezone.localdate())
    w.ids.update(anomaly_alert_id=Alert.objects.get(enterprise=w.a.ent, detector="refused_attempts").pk)


TRIAGE_ROUTE = "anomaly/<int:pk>/<str:action>/"

PAGES = [
    Page("anomaly/", lambda w: "/anomaly/", VIEW, targets=False),
    Page(
        "anomaly/run/",
        lambda w: "/anomaly/run/",
        RUN,
        method="POST",
        ok=302,
        denied=302,
        targets=False,
        audited=False,
        body=lambda w: {},
    ),
    Page("anomaly/<int:pk>/", lambda w: f"/anomaly/{w.ids['anomaly_alert_id']}/", VIEW),
    Page(
        TRIAGE_ROUTE,
        lambda w: f"/anomaly/{w.ids['anomaly_alert_id']}/dismiss/",
        TRIAGE,
        method="POST",
        ok=302,
        body=lambda w: {"reason": "矩阵：已知原因"},
        name="dismiss",
    ),
    Page(
        TRIAGE_ROUTE,
        lambda w: f"/anomaly/{w.ids['anomaly_alert_id']}/clue/",
        TRIAGE,
        method="POST",
        ok=302,
        body=lambda w: {"note": "矩阵"},
        name="clue",
    ),
]
