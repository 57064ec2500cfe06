"""The command view as its users meet it: one page per jurisdiction whose numbers are the lists' counts as
of the snapshot, absent capabilities shown as absent (never 0), the snapshot's age, drill-down by
division, and nothing outside the caller's jurisdiction (404; enterprise staff 403)."""

from __future__ import annotations

import re

import factories as t
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shouhu.command import aggregate, selectors, services
from shouhu.command.figures import KEYS


def _text(resp) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", resp.content.decode()))


def _number(resp, key: str) -> str:
    m = re.search(rf'data-testid="num-{re.escape(key)}"[^>]*>([^<]*)<', resp.content.decode())
    assert m, f"no number {key} on the page"
    return m.group(1).strip()


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_province_page_shows_each_number_linked_to_its_list(w, client):
    resp = _get(client, w.province, "/command/")
    assert resp.status_code == 200
    assert _number(resp, "enterprises") == "3"
    assert _number(resp, "connect.connected") == "2"
    assert _number(resp, "sampling.failed") == "1"
    assert _number(resp, "disposal.open") == "1"
    html = resp.content.decode()
    # each number is a link to the list behind it, filtered where the list filters
    assert (
        'href="/enterprises/?division=430000&amp;licence_status=active" data-testid="num-connect.connected"'
        in html
    )
    assert 'href="/disposal/?status=open&amp;division=430000" data-testid="num-disposal.open"' in html
    assert "66.7%" in _text(resp)  # 接入率 2 of 3 producing
    assert "近 7 天内向平台推送过生产记录的在产持证企业数" in _text(resp)  # its definition is shown


def test_the_snapshot_says_its_age(w, client):
    resp = _get(client, w.province, "/command/")
    assert "统计于" in _text(resp) and "由定时汇总生成" in _text(resp)


def test_a_capability_not_built_is_absent_not_zero(w, client, monkeypatch):
    """Every capability of issue 31 is built now; one that is not yet (a new issue's) shows its note."""
    from shouhu.command import board, figures

    later = figures.Capability(
        "later", "尚未建设的能力", available=False, absent_note="该能力尚未建设，并非为零"
    )
    monkeypatch.setattr(board, "CAPABILITIES", (*figures.CAPABILITIES, later))
    resp = _get(client, w.province, "/command/")
    html = resp.content.decode()
    block = html[html.index('data-testid="cap-later"') :][:600]
    assert "尚未建设" in block and 'data-testid="num-' not in block


def test_open_anomalies_are_counted_and_link_to_the_county_alerts(w, client):
    html = _get(client, w.province, "/command/").content.decode()
    block = html[html.index('data-testid="cap-anomalies"') :][:900]
    assert 'data-testid="num-anomaly.open"' in block and "/anomaly/?state=open&amp;division=430000" in block


def test_a_read_that_failed_is_absent_in_that_snapshot(w, client, monkeypatch):
    def broken(m, out):
        raise RuntimeError("complaints down")

    monkeypatch.setitem(aggregate.READERS, "complaints", broken)
    snap = services.snapshot_build()
    assert snap.failed == ["complaints"]
    assert not snap.figures.filter(key__in=KEYS["complaints"]).exists()
    resp = _get(client, w.province, "/command/")
    assert 'data-testid="absent-complaints"' in resp.content.decode()
    assert "未能读取" in _text(resp)
    assert 'data-testid="num-complaints.open"' not in resp.content.decode()


def test_drill_down_by_division_and_breadcrumbs(w, client):
    resp = _get(client, w.province, "/command/")
    table = resp.content.decode().split('data-testid="division-table"')[1].split("</table>")[0]
    assert "长沙市" in table and "株洲市" in table
    assert 'href="/command/430100/"' in table
    city = client.get("/command/430100/")
    assert _number(city, "enterprises") == "2"
    county = client.get("/command/430104/")
    crumbs = county.content.decode().split('data-testid="command-crumbs"')[1].split("</nav>")[0]
    assert [c.strip() for c in re.findall(r">([^<>]+)</(?:a|li)>", crumbs)] == ["湖南省", "长沙市", "岳麓区"]
    assert _number(county, "enterprises") == "1"


@pytest.mark.parametrize(
    ("who", "url", "status"),
    [
        ("insp", "/command/430104/", 200),
        ("insp", "/command/430102/", 404),  # the county next door
        ("insp", "/command/430100/", 404),  # the city above
        ("city", "/command/430211/", 404),  # another city's county
        ("outsider", "/command/430000/", 404),
        ("outsider", "/command/430104/enterprises/", 404),
        ("insp", "/command/999999/", 404),
        ("staff", "/command/", 403),
    ],
)
def test_nothing_outside_the_jurisdiction(w, client, who, url, status):
    assert _get(client, getattr(w, who), url).status_code == status


def test_enterprise_pages_outside_the_jurisdiction_are_404(w, client):
    assert _get(client, w.insp, f"/command/enterprises/{w.b.pk}/").status_code == 404
    assert _get(client, w.outsider, f"/command/enterprises/{w.a.pk}/").status_code == 404
    assert _get(client, w.insp, f"/command/enterprises/{w.a.pk}/").status_code == 200


def test_from_the_province_to_a_batch_in_three_clicks(w, client):
    """Figure → enterprise → batch (its trace, tests and CCP): each step a link on the page before."""
    page = _get(client, w.province, "/command/")

    def follow(resp, pattern):
        m = re.search(pattern, resp.content.decode())
        assert m, pattern
        return client.get(m.group(1).replace("&amp;", "&")), m.group(1)

    ents, _u = follow(page, r'href="(/command/430100/enterprises/)"')  # 1: 长沙市's enterprises
    assert w.a.name in ents.content.decode()
    ent, _u = follow(ents, rf'href="(/command/enterprises/{w.a.pk}/)"')  # 2: the enterprise
    assert "最近生产批次" in _text(ent)
    batch, _url = follow(ent, r'href="(/production/batches/\d+/)"')  # 3: the batch
    assert batch.status_code == 200 and w.batch.number in batch.content.decode()
    assert f"?ref={w.batch.trace_code}" in ent.content.decode()  # and its trace beside it


def test_page_queries_are_pinned_and_do_not_grow_with_the_jurisdiction(w, client):
    client.force_login(w.province)
    client.get("/command/")  # warm the session and the content types
    with CaptureQueriesContext(connection) as small:
        client.get("/command/")
    t.make_enterprises_bulk(60, (t.COUNTY, t.OTHER_COUNTY, t.OTHER_CITY_COUNTY))
    services.snapshot_build()
    with CaptureQueriesContext(connection) as big:
        resp = client.get("/command/")
    assert _number(resp, "enterprises") == "63"
    assert len(big) == len(small) <= 14, [q["sql"][:120] for q in big.captured_queries]


def test_figures_are_only_read_from_snapshots(w):
    snap = selectors.latest_snapshot()
    assert snap.pk == w.snap.pk and snap.complete
    assert selectors.totals(snap, "430104")["enterprises"] == 1
    assert selectors.totals(snap, "")["enterprises"] == 3


def test_a_county_number_opens_its_list_narrowed_to_that_county(w, client):
    from shouhu.disposal import selectors as disposal

    case = disposal.case_list(w.province, status="open").get()
    county = _get(client, w.province, "/command/430104/")
    url = re.search(r'href="([^"]+)" data-testid="num-disposal.open"', county.content.decode()).group(1)
    assert url == "/disposal/?status=open&amp;division=430104"
    assert case.number in client.get(url.replace("&amp;", "&")).content.decode()
    next_door = client.get("/disposal/?status=open&division=430102").content.decode()
    assert case.number not in next_door  # the county next door's list does not hold A's case


def test_a_regulator_without_a_jurisdiction_sees_nothing(w, client):
    from shouhu.core.roles import Role

    nobody = t.make_user(Role.INSPECTOR, division_code="", username="cmd_no_division")
    resp = _get(client, nobody, "/command/")
    assert resp.status_code == 403 and 'data-testid="num-' not in resp.content.decode()
