"""Clean-room monitoring in the matrix (`shouhu.cleanroom`, issue 22): zones, plan limits, readings (a
sensor batch), deviations, trends, reports and changes, where batches were made, the regulator's
compliance.

Tenant A has one clean zone (its 表9 plan made with it), a room and a line, and one out-of-limit
humidity reading, so a deviation with its finding is open. Who may act: `cleanroom/permissions.py`.
"""

from __future__ import annotations

from datetime import timedelta

from matrix_core import (
    ADMIN,
    ALL,
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

STAFF = frozenset({P, D, OFF, QA})
RECORD = frozenset({P, D, OFF, QA, KEY})
MANAGE = frozenset({P, D, QA})
SUPERVISE = REGULATORS | {ADMIN}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _zone(w):
    return w.ids["cleanroom_zone_id"]


def _reading(w, value=50):
    from django.utils import timezone

    at = (timezone.now() - timedelta(hours=1)).isoformat()
    return {"zone": "MXC01", "parameter": "relative_humidity", "unit": "%", "at": at, "value": value}


def build(w) -> None:
    from matrix_world import MARK

    from shouhu.cleanroom import services

    principal = w.users["principal"]
    zone = services.zone_create(
        actor=principal, enterprise_id=w.a.ent.pk, code="MXC01", name=f"{MARK}内包装间", grade="clean"
    )
    services.room_create(actor=principal, zone=zone, name="内包间一", volume_m3=100)
    services.line_create(actor=principal, zone=zone, name="罐装线1")
    services.readings_record(actor=w.users["officer"], items=[_reading(w, 75)])
    w.ids.update(cleanroom_zone_id=zone.pk, cleanroom_item_id=zone.plan.get(quantity="relative_humidity").pk)
    w.markers.add(zone.name)


ZONE = {"zone_id": _zone}
OPS = [
    Op("GET", "/cleanroom/zones", ALL, targets=False),
    Op(
        "POST",
        "/cleanroom/zones",
        MANAGE,
        201,
        body=lambda w: {"code": "MXC09", "name": "新清洁区", "grade": "clean"},
        targets=False,
    ),
    Op("GET", "/cleanroom/zones/{zone_id}", ALL, args=ZONE),
    Op(
        "POST",
        "/cleanroom/zones/{zone_id}/rooms",
        MANAGE,
        201,
        body=lambda w: {"name": "内包间二", "volume_m3": 80},
        args=ZONE,
    ),
    Op(
        "POST", "/cleanroom/zones/{zone_id}/lines", MANAGE, 201, body=lambda w: {"name": "罐装线2"}, args=ZONE
    ),
    Op(
        "POST",
        "/cleanroom/plan-items/{item_id}/limit",
        MANAGE,
        body=lambda w: {"value": 60, "reason": "内控"},
        args={"item_id": lambda w: w.ids["cleanroom_item_id"]},
    ),
    Op("POST", "/cleanroom/readings", RECORD, 201, body=lambda w: {"sensor": "TH-1", "items": [_reading(w)]}),
    Op(
        "GET",
        "/cleanroom/zones/{zone_id}/trend",
        ALL,
        args=ZONE,
        query=lambda w: {"parameter": "relative_humidity"},
    ),
    Op("GET", "/cleanroom/deviations", ALL, targets=False),
    Op(
        "POST",
        "/cleanroom/zones/{zone_id}/sweep",
        RECORD,
        args=ZONE,
        audited=False,
        note="writes only when a period ended without its readings (tests/cleanroom/test_services.py)",
    ),
    Op(
        "POST",
        "/cleanroom/zones/{zone_id}/changes",
        MANAGE,
        201,
        body=lambda w: {
            "description": "更换高效过滤器",
            "changed_on": str(__import__("datetime").date.today()),
            "restart_on": str(__import__("datetime").date.today() + timedelta(days=3)),
        },
        args=ZONE,
    ),
    Op(
        "POST",
        "/cleanroom/zones/{zone_id}/reports",
        MANAGE,
        201,
        body=lambda w: Multipart(
            {
                "file": Upload("report.pdf", PDF),
                "kind": "annual",
                "lab": "湖南省检测院",
                "number": "HN-1",
                "tested_on": str(__import__("datetime").date.today()),
                "passed": "true",
            }
        ),
        args=ZONE,
    ),
    Op(
        "POST",
        "/cleanroom/batch-zones",
        RECORD,
        201,
        body=lambda w: {"batch": w.ids["batch"], "zone_id": _zone(w), "line": "罐装线1"},
    ),
    Op("GET", "/cleanroom/compliance", SUPERVISE, targets=False),
]

TO_COMPLIANCE = {INSP: 302, REV: 302, JADM: 302, ADMIN: 302}  # a regulator is sent to the compliance view
PAGES = [
    Page("cleanroom/", lambda w: "/cleanroom/", STAFF, targets=False, denied_by=TO_COMPLIANCE),
    Page(
        "cleanroom/",
        lambda w: "/cleanroom/",
        MANAGE,
        method="POST",
        ok=302,
        body=lambda w: {"code": "MXC08", "name": "新清洁区", "grade": "clean"},
        targets=False,
        name="zone-create",
    ),
    Page("cleanroom/zones/<int:pk>/", lambda w: f"/cleanroom/zones/{_zone(w)}/", PEOPLE),
    Page(
        "cleanroom/zones/<int:pk>/",
        lambda w: f"/cleanroom/zones/{_zone(w)}/",
        MANAGE,
        method="POST",
        ok=302,
        body=lambda w: {"action": "line", "name": "罐装线3"},
        name="line",
    ),
    Page("cleanroom/zones/<int:pk>/read/", lambda w: f"/cleanroom/zones/{_zone(w)}/read/", STAFF),
    Page(
        "cleanroom/zones/<int:pk>/read/",
        lambda w: f"/cleanroom/zones/{_zone(w)}/read/",
        STAFF,
        method="POST",
        ok=302,
        body=lambda w: {"parameter": "relative_humidity", "unit": "%", "value": "50"},
        name="reading",
    ),
    Page("cleanroom/compliance/", lambda w: "/cleanroom/compliance/", SUPERVISE, targets=False),
]
