"""The board's outputs: the Excel export of the whole view, the weekly PDF brief made by a background job
(and by the scheduled task), the trend that is a table without JavaScript and a local ECharts chart with it."""

from __future__ import annotations

import io
import re
from pathlib import Path

from django.contrib.staticfiles import finders

from shouhu.command import tasks
from shouhu.command.models import Brief, Snapshot


def test_excel_export_holds_the_whole_view(w, client):
    from openpyxl import load_workbook

    client.force_login(w.city)
    resp = client.get("/command/430100/export/")
    assert resp.status_code == 200 and resp["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(resp.content))
    assert wb.sheetnames == ["指标", "分区划", "趋势"]
    rows = [[c.value for c in r] for r in wb["指标"].iter_rows()]
    assert rows[0][1] == "长沙市"
    assert ["接入率", "已接入企业", 1, None] in rows  # A connected, B not
    assert ["数据异常预警", "待研判的异常线索", 1, None] in rows  # A's refused releases (issue 32)
    divisions = [c.value for c in wb["分区划"]["A"]]
    assert divisions[1:] == ["芙蓉区", "岳麓区"]
    assert client.get("/command/430211/export/").status_code == 404  # another city


def test_weekly_brief_is_a_background_job_and_a_pdf(w, client):
    client.force_login(w.province)
    resp = client.post("/command/430000/brief/")
    assert resp.status_code == 302
    brief = Brief.objects.get(division_code="430000")
    assert bytes(brief.pdf).startswith(b"%PDF") and brief.snapshot_id == w.snap.pk
    page = client.get("/command/430000/")
    assert f'href="/command/briefs/{brief.pk}/"' in page.content.decode()
    got = client.get(f"/command/briefs/{brief.pk}/")
    assert got.status_code == 200 and got["Content-Type"] == "application/pdf"
    client.force_login(w.outsider)
    assert client.get(f"/command/briefs/{brief.pk}/").status_code == 404


def test_scheduled_tasks_take_a_snapshot_and_brief_each_province(w):
    before = Snapshot.objects.count()
    out = tasks.snapshot()
    assert Snapshot.objects.count() == before + 1 and out["failed"] == []
    made = tasks.weekly_brief()["briefs"]
    assert [Brief.objects.get(pk=pk).division_code for pk in made] == ["430000"]


def test_trend_is_a_table_without_javascript_and_a_local_chart_with_it(w, client):
    client.force_login(w.province)
    html = client.get("/command/").content.decode()
    table = html.split('data-testid="trend-table"')[1].split("</table>")[0]
    assert "接入率" in table and "66.7" in table  # the data are there with no script at all
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert "/static/shouhu/vendor/echarts/echarts.min.js" in scripts
    assert all(s.startswith("/static/") for s in scripts)  # nothing from a CDN
    assert finders.find("shouhu/vendor/echarts/echarts.min.js")
    assert finders.find("shouhu/vendor/echarts/LICENSE")
    js = Path(finders.find("command/charts.js")).read_text(encoding="utf-8")
    assert 'locale: en ? "EN" : "ZH"' in js


def test_refresh_is_for_jurisdiction_admins(w, client):
    client.force_login(w.insp)
    assert client.post("/command/refresh/").status_code == 403
    client.force_login(w.city)
    before = Snapshot.objects.count()
    assert client.post("/command/refresh/", {"next_code": "430100"})["Location"] == "/command/430100/"
    assert Snapshot.objects.count() == before + 1


def test_management_command_takes_a_snapshot(w):
    from django.core.management import call_command

    out = io.StringIO()
    call_command("command-snapshot", stdout=out)
    assert re.match(r"snapshot \d+: \d+ figures in [\d.]+ s; failed: -", out.getvalue())


def test_every_label_and_definition_has_its_english():
    from django.utils import translation

    from shouhu.command.figures import CAPABILITIES, TABLE_COLUMNS

    han = re.compile(r"[\u4e00-\u9fff]")
    with translation.override("en"):
        texts = [str(label) for _k, label in TABLE_COLUMNS]
        for cap in CAPABILITIES:
            texts += [str(cap.title), str(cap.definition), str(cap.absent_note)]
            texts += [n.text for n in cap.numbers] + [str(r.label) for r in cap.rates]
    assert not [s for s in texts if han.search(s)]


def test_the_schedule_runs_the_snapshot_hourly_and_the_brief_weekly():
    from django.conf import settings

    from shouhu.config.celery import app

    tasks_ = {e["task"]: e["schedule"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "shouhu.command.snapshot" in tasks_ and "shouhu.command.weekly_brief" in tasks_
    assert {"shouhu.command.snapshot", "shouhu.command.weekly_brief"} <= set(app.tasks)


def test_old_hourly_snapshots_are_thinned_to_one_a_day(w):
    import datetime as dt

    from django.utils import timezone

    from shouhu.command import services

    day = timezone.now() - dt.timedelta(days=5)
    made = [services.snapshot_build(now=day + dt.timedelta(hours=h), day=day.date()) for h in range(3)]
    assert services.snapshot_prune() == 2
    assert Snapshot.objects.filter(pk__in=[s.pk for s in made]).get().pk == made[-1].pk
    assert Snapshot.objects.filter(pk__in=[w.snap.pk, w.earlier.pk]).count() == 2  # recent, one a day
