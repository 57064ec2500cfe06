"""Browser end-to-end over the label check page (标签标识审查): an enterprise pastes a label before printing
or uploads a photo of it, and sees every finding highlighted in place with its citation; bad input says
why on the page instead of doing nothing."""

from __future__ import annotations

import json
from pathlib import Path

import factories as t
import pytest

from shouhu.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "e2e-pass-123456"
DATA = Path(__file__).resolve().parents[1] / "data" / "labels"
LABEL = (
    "产品名称：婴幼儿有机大米米粉\n配料：大米粉、蜂蜜粉、碳酸钙\n"
    "益智配方，让宝宝更聪明\n本品不含香精，1岁以下婴儿不宜食用蜂蜜。"
)


@pytest.fixture
def principal():
    ent = t.make_enterprise(t.COUNTY, name="岳麓禾苗婴幼儿食品有限公司")
    return t.make_user(
        Role.PRINCIPAL, enterprise=ent, username="e2e_label_user", password=PASSWORD, display_name="赵志强"
    )


def _open_check_page(session) -> None:
    page = session.page
    session.login("e2e_label_user", PASSWORD)
    session.nav("标签审查").click()
    page.wait_for_url("**/labels/")
    assert page.locator("h1").inner_text() == "标签标识审查"


def test_pasted_label_is_checked_and_findings_are_highlighted_in_place(browsing, principal):
    session = browsing()
    page = session.page
    _open_check_page(session)
    page.fill("#id_text", LABEL)
    page.select_option("#id_category", "3001")
    page.get_by_role("button", name="检查").click()
    result = page.get_by_test_id("label-result")
    result.wait_for()
    assert page.url.endswith("/labels/"), "htmx swapped the result in; the page did not reload"

    marks = result.locator("[data-testid=label-text] mark")
    marked = [(m.get_attribute("data-code"), m.inner_text()) for m in marks.all()]
    assert marked == [
        ("ingredient.banned", "蜂蜜粉"),
        ("claim.health_function", "益智"),
        ("claim.health_function", "更聪明"),
    ], "exactly the offending words are marked, in reading order; the honey warning is not"
    assert "1岁以下婴儿不宜食用蜂蜜" in result.get_by_test_id("label-text").inner_text()

    rows = result.locator("tbody tr")
    codes = {r.get_attribute("data-code") for r in rows.all()}
    assert {"ingredient.banned", "claim.health_function"} <= codes
    honey_row = result.locator("tr[data-code='ingredient.banned']")
    assert "GB 10769" in honey_row.inner_text(), "each finding cites its rule"

    # the check is stored: it is listed under recent checks after a reload
    page.reload()
    assert "婴幼儿有机大米米粉" in page.locator("table").last.inner_text()


UPLOADS = [m for m in json.loads((DATA / "images.json").read_text("utf-8")) if m["expected"]]


@pytest.mark.parametrize(
    "meta",
    [next(m for m in UPLOADS if "pdf" not in m), next(m for m in UPLOADS if m.get("pdf") == "text")],
    ids=["photo", "pdf-proof"],
)
def test_uploaded_label_image_is_read_and_checked(browsing, principal, meta):
    session = browsing()
    page = session.page
    _open_check_page(session)
    page.set_input_files("#id_image", str(DATA / meta["file"]))
    page.fill("#id_as_of", meta["as_of"])
    page.get_by_role("button", name="检查").click()
    result = page.get_by_test_id("label-result")
    result.wait_for(timeout=60_000)  # the OCR model loads on the server's first image
    codes = {r.get_attribute("data-code") for r in result.locator("tbody tr").all()}
    assert codes == set(meta["expected"])
    assert result.locator("[data-testid=label-text] mark").count() >= len(meta["expected"])


def test_bad_input_says_why_on_the_page(browsing, principal, tmp_path):
    session = browsing()
    page = session.page
    _open_check_page(session)
    page.get_by_role("button", name="检查").click()  # nothing pasted, nothing uploaded
    error = page.get_by_test_id("label-error")
    error.wait_for()
    assert error.inner_text().strip(), "an empty submission explains itself"

    broken = tmp_path / "label.png"
    broken.write_bytes((DATA / "label_clean_3001.png").read_bytes()[:300])
    page.set_input_files("#id_image", str(broken))
    page.get_by_role("button", name="检查").click()
    page.get_by_text("图片无法读取").wait_for()
    assert page.get_by_test_id("label-result").count() == 0


@pytest.fixture
def inspector():
    return t.make_user(
        Role.INSPECTOR, division_code=t.COUNTY, username="e2e_label_inspector", password=PASSWORD
    )


def test_regulator_sweeps_listings_and_watches_the_result_arrive(browsing, inspector, tmp_path, monkeypatch):
    """The sweep runs in the background (Celery in production): the page shows it queued, then updates
    itself when the task has finished, with the violating listings highlighted and the Excel report."""
    from shouhu.labelstore import services, tasks
    from shouhu.labelstore.models import LabelSweep

    monkeypatch.setattr(tasks.run_sweep, "delay", lambda pk: None)  # a worker that has not started yet
    listings = tmp_path / "十一月网店.csv"
    listings.write_text(
        "id,title,text\n"
        "A1,宝宝米粉,婴儿米粉 益智配方 让宝宝更聪明 GB 10769—2025\n"
        "A2,宝宝果泥,婴幼儿苹果泥 不含蜂蜜 GB 10770—2025\n"
        "A3,宝宝米饼,宝宝米饼 添加槐花蜂蜜 GB 10769—2025\n",
        "utf-8",
    )
    session = browsing()
    page = session.page
    session.login("e2e_label_inspector", PASSWORD)
    session.nav("网络标签排查").click()
    page.fill("#id_name", "十一月网店排查")
    page.set_input_files("#id_file", str(listings))
    with page.expect_navigation():
        page.get_by_role("button", name="开始排查").click()
    live = page.locator("#sweep-live")
    assert live.get_attribute("data-status") == "queued"
    assert "排队中" in page.locator(".sh-subtitle").inner_text()

    sweep = LabelSweep.objects.get(name="十一月网店排查")
    services.label_sweep_run(sweep.pk)  # the worker picks it up
    page.wait_for_selector("#sweep-live[data-status=done]", timeout=15_000)  # no reload: the page polls
    assert page.get_by_test_id("sweep-rows").inner_text() == "3"
    assert page.get_by_test_id("sweep-findings").inner_text() == "2"
    marked = sorted(m.inner_text() for m in page.locator("tbody mark").all())
    assert "更聪明" in marked and any("蜂蜜" in m for m in marked), marked
    assert "蜂蜜" not in "".join(page.locator("tbody tr", has_text="A2").all_inner_texts()), (
        "the listing that says 不含蜂蜜 is not among the findings"
    )
    with page.expect_download() as dl:
        page.get_by_role("link", name="下载 Excel 报告").click()
    assert dl.value.suggested_filename.endswith(".xlsx")
