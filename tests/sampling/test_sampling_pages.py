"""Issue 27 on the pages: the 抽样单 on a phone, a sample's results, the import off the request, the
coverage matrix, statistics with Excel, the public results page and the regulator's navigation."""

from __future__ import annotations

import io

import pytest
from django.test import Client

from shouhu.sampling.models import LabResult, Sample
from shouhu.sampling.services import ResultRow, results_record, sample_publish

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_regulator_nav_links_to_sampling_and_public_results(world):
    page = _client(world.insp).get("/").content.decode()
    assert "/sampling/" in page and "/sampling/results/" in page
    assert '/sampling/"' not in _client(world.principal).get("/").content.decode()


def test_sample_form_on_a_phone_saves_the_batch_by_trace_code(world, plan):
    task = plan.tasks.get(enterprise=world.a, kind="coverage")
    c = _client(world.insp)
    form = c.get(f"/sampling/tasks/{task.pk}/sample/").content.decode()
    assert 'name="trace_code"' in form and 'capture="environment"' in form and "备样数量" in form
    resp = c.post(
        f"/sampling/tasks/{task.pk}/sample/",
        {
            "trace_code": world.cereal_batch.trace_code,
            "quantity": "6",
            "backup_quantity": "3",
            "unit": "盒",
            "lab_name": "湖南省食品质量监督检验研究院",
            "sampler_name": "张抽样",
            "sampler_signed": "on",
            "enterprise_signer": "李厂长",
            "enterprise_signed": "on",
        },
    )
    sample = Sample.objects.get()
    assert resp.status_code == 302 and resp["Location"] == f"/sampling/samples/{sample.pk}/"
    detail = c.get(resp["Location"]).content.decode()
    assert world.cereal_batch.number in detail and "送达检验机构期限" in detail


def test_sample_form_refuses_another_enterprises_batch_on_the_page(world, plan):
    task = plan.tasks.get(enterprise=world.a, kind="coverage")
    resp = _client(world.insp).post(
        f"/sampling/tasks/{task.pk}/sample/",
        {
            "trace_code": world.other_batch.trace_code,
            "quantity": "6",
            "backup_quantity": "3",
            "lab_name": "检验所",
            "sampler_name": "张",
            "sampler_signed": "on",
            "enterprise_signer": "李",
            "enterprise_signed": "on",
        },
    )
    assert resp.status_code == 422 and "不是被抽样企业" in resp.content.decode()
    assert not Sample.objects.exists()


def test_results_entered_on_the_page_show_the_verdict_and_the_no_limit_flag(world, received):
    c = _client(world.insp)
    c.post(
        f"/sampling/samples/{received.pk}/",
        {"action": "results", "rows": "铅 | 0.35 | mg/kg\n钙 | 320 | mg/100g | 合格", "report_no": "JC-9"},
    )
    page = c.get(f"/sampling/samples/{received.pk}/").content.decode()
    assert "限量不在规则数据中" in page and "≤0.2" in page and "不合格" in page


def test_import_csv_judges_all_rows_or_writes_none(world, received):
    c = _client(world.insp)
    good = f"抽样单编号,检验项目,检测值,单位,单项结论\n{received.number},铅,0.05,mg/kg,\n{received.number},钙,300,mg/100g,合格\n"
    bad = good + f"{received.number},组胺,3,mg/100g,\n"
    resp = c.post("/sampling/import/", {"file": _file(bad, "bad.csv")}, follow=True)
    assert "第3行" in resp.content.decode() and not LabResult.objects.exists()
    resp = c.post("/sampling/import/", {"file": _file(good, "good.csv")}, follow=True)
    assert "已导入 2 项检验结果" in resp.content.decode() and LabResult.objects.count() == 2


def _file(text: str, name: str) -> io.BytesIO:
    f = io.BytesIO(text.encode())
    f.name = name
    return f


def test_public_page_names_the_failed_enterprise_and_batch_without_login(world, received):
    results_record(actor=world.insp, sample_id=received.pk, rows=[ResultRow("铅", "0.35", "mg/kg")])
    sample_publish(actor=world.insp, sample_id=received.pk)
    page = Client().get("/sampling/results/").content.decode()
    assert world.a.name in page and world.cereal_batch.number in page and "铅 0.35 mg/kg" in page


def test_coverage_and_statistics_pages_with_excel_export(world, received):
    results_record(actor=world.insp, sample_id=received.pk, rows=[ResultRow("铅", "0.05", "mg/kg")])
    c = _client(world.insp)
    cov = c.get("/sampling/coverage/").content.decode()
    assert world.a.name in cov and 'data-cell="sampled"' in cov and world.b.name not in cov
    stats = c.get("/sampling/statistics/").content.decode()
    assert "100.0" in stats
    xlsx = c.get("/sampling/statistics/?format=xlsx")
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(xlsx.content))
    assert wb.sheetnames == ["按品种", "按检验项目", "按辖区"] and wb["按检验项目"]["C2"].value == "铅"
    assert _client(world.principal).get("/sampling/coverage/").status_code == 403
