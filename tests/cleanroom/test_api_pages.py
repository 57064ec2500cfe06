"""The API and the pages end to end: a sensor batch with a key, refusals in the one error shape with nothing
written, the phone page, the zone page with its chart and limits, the regulator's compliance."""

from __future__ import annotations

import datetime as dt
import json

import factories as t
import pytest
from django.test import Client
from django.utils import timezone

from shouhu.cleanroom.models import Reading

pytestmark = pytest.mark.django_db
KEYS = {"code", "message", "message_zh", "message_en", "details"}


def _key_client(ent):
    _key, raw = t.make_api_key(ent)
    return Client(headers={"X-API-Key": raw})


def _push(c, items, sensor="TH-01"):
    return c.post(
        "/api/v1/cleanroom/readings",
        data=json.dumps({"sensor": sensor, "items": items}),
        content_type="application/json",
    )


def test_sensor_batch_through_the_api_and_refusals(zone, ent, other):
    c = _key_client(ent)  # the enterprise's sensor gateway, with its system key
    start = timezone.now() - dt.timedelta(hours=10)
    items = [
        {
            "zone": "C01",
            "parameter": "temperature",
            "unit": "°C",
            "at": (start + dt.timedelta(minutes=i)).isoformat(),
            "value": 20 + i % 3,
        }
        for i in range(300)
    ]
    r = _push(c, items)
    assert r.status_code == 201, r.content
    assert r.json()["count"] == 300 and r.json()["out_of_limit"] == 0
    bad = [dict(items[0], parameter="ozone"), dict(items[1], unit="K")]
    r = _push(c, bad)
    assert r.status_code == 422 and set(r.json()) == KEYS
    assert [i["details"]["reason"] for i in r.json()["details"]["items"]] == [
        "reading.parameter_unknown",
        "reading.unit_unknown",
    ]
    r = _push(c, [dict(items[0], zone="NOPE")])
    assert r.status_code == 404 and set(r.json()) == KEYS
    assert Reading.objects.count() == 300
    outsider = Client()
    outsider.force_login(t.make_user("qa", enterprise=other, username="cr_out"))
    assert outsider.get(f"/api/v1/cleanroom/zones/{zone.pk}").status_code == 404
    assert _push(outsider, items[:1]).status_code == 404
    r = c.get(f"/api/v1/cleanroom/zones/{zone.pk}/trend", {"parameter": "temperature", "days": 30})
    assert r.status_code == 200 and r.json()["limits"] == [16, 25] and r.json()["days"]


def test_phone_page_zone_page_and_regulator(zone, qa, principal, inspector):
    c = Client()
    c.force_login(qa)
    page = c.get(f"/cleanroom/zones/{zone.pk}/read/")
    assert page.status_code == 200 and "max-width:480px" in page.content.decode()
    r = c.post(
        f"/cleanroom/zones/{zone.pk}/read/", {"parameter": "relative_humidity", "unit": "%", "value": "72"}
    )
    assert r.status_code == 302
    r = c.post(
        f"/cleanroom/zones/{zone.pk}/read/", {"parameter": "relative_humidity", "unit": "kg", "value": "50"}
    )
    assert r.status_code == 422 and "单位" in r.content.decode()
    r = c.post(
        f"/cleanroom/zones/{zone.pk}/read/",
        {
            "parameter": "air_changes_per_hour",
            "unit": "次/h",
            "vent_area_m2": "0.2",
            "air_speed_m_s": "2",
            "room": "内包间一",
        },
    )
    assert r.status_code == 302
    assert Reading.objects.count() == 2
    html = c.get(f"/cleanroom/zones/{zone.pk}/?p=relative_humidity").content.decode()
    assert 'data-testid="trend"' in html and 'data-testid="limit"' in html and "超出限值" in html
    assert "无有效的年度第三方检测报告" in html
    p = Client()
    p.force_login(principal)
    r = p.post(
        f"/cleanroom/zones/{zone.pk}/",
        {
            "action": "limit",
            "item": zone.plan.get(quantity="relative_humidity").pk,
            "value": "70",
            "reason": "放宽",
        },
    )
    assert r.status_code == 422 and "宽于表9" in r.content.decode()
    i = Client()
    i.force_login(inspector)
    assert i.get("/cleanroom/").status_code == 302
    html = i.get("/cleanroom/compliance/").content.decode()
    assert 'data-testid="compliance"' in html and zone.name in html
