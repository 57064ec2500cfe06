"""Issue 14.3 for sweeps: a bad listing file is refused the same way by the page and the API — the same
code and message, nothing written (no sweep, no stored upload, no ledger entry) — because both go through
`services.label_sweep_create` → `shouhu.labels.batch.check_listing`, the one place the checks live."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shouhu.core.models import AuditEntry
from shouhu.labels import batch
from shouhu.labels.model import LabelInputError
from shouhu.labelstore.models import LabelSweep, SweepUpload

pytestmark = pytest.mark.django_db


def _xlsx(*rows):
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


BAD = [
    # (file name, bytes, code, a words the user reads)
    ("binary.csv", b"\xff\xfe\x00\x01\x02binary\x00\x00", "input.binary", "不是文本"),
    ("latin.csv", bytes(range(128, 256)) * 20, "input.binary", "不是文本"),
    ("header.csv", "标题,text\n".encode(), "input.no_rows", "只有表头"),
    ("blank-rows.csv", "标题,text\n,\n , \n".encode(), "input.no_rows", "只有表头"),
    ("empty.jsonl", b"\n\n", "input.no_rows", "只有表头"),
    ("columns.csv", b"id,price\n1,30\n", "input.no_text_column", "商品文字列"),
    ("columns.jsonl", b'{"id": 1, "price": 30}\n', "input.no_text_column", "商品文字列"),
    ("garbage.jsonl", b"not json\nneither\n", "file.unreadable", "JSON"),
    ("header.xlsx", _xlsx(["链接", "标题"]), "input.no_rows", "只有表头"),
    (
        "columns.xlsx",
        _xlsx(["链接", "价格"], ["https://shop.example/1", 30]),
        "input.no_text_column",
        "商品文字列",
    ),
    ("old.xlsx", b"\xd0\xcf\x11\xe0 old xls", "file.unreadable", "xlsx"),
    ("empty.csv", b"", "input.empty", "文件为空"),
]


def _nothing_written(before):
    assert LabelSweep.objects.count() == 0 and SweepUpload.objects.count() == 0
    assert AuditEntry.objects.count() == before


def _api(user, filename, content, **form):
    c = Client()
    c.force_login(user)
    f = io.BytesIO(content)
    f.name = filename
    return c.post("/api/v1/labels/sweeps", {"file": f, **form})


def _page(user, filename, content, **form):
    c = Client()
    c.force_login(user)
    return c.post("/labels/sweeps/", {"file": SimpleUploadedFile(filename, content), **form})


def _page_codes(r):
    return [e.code for errs in r.context["form"].errors.as_data().values() for e in errs]


@pytest.mark.parametrize(("filename", "content", "code", "words"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_listing_is_refused_alike_by_the_api_and_the_page(
    county_inspector, filename, content, code, words
):
    before = AuditEntry.objects.count()
    api = _api(county_inspector, filename, content)
    assert api.status_code == 422, api.content
    entry = api.json()["details"]["fields"][0]
    assert entry["code"] == code and entry["field"] == "file" and words in entry["message_zh"]
    assert entry["message_en"] and entry["message_en"] != entry["message_zh"]
    _nothing_written(before)
    page = _page(county_inspector, filename, content)
    if code == "input.empty":  # an empty upload is the form's own "no file" (Django never hands it on)
        assert page.status_code == 422 and LabelSweep.objects.count() == 0
        return
    assert page.status_code == 422
    assert words in page.content.decode() and entry["message"] in page.content.decode()
    assert _page_codes(page) == [code]
    _nothing_written(before)


def test_a_long_name_and_an_early_date_are_refused_alike(county_inspector):
    from shouhu.labelstore.forms import rules_first_effective

    good = "标题,text\n米粉,婴幼儿米粉\n".encode()
    api = _api(county_inspector, "list.csv", good, name="排" * 3000)
    assert api.status_code == 422 and api.json()["details"]["fields"][0]["code"] == "name.too_long"
    page = _page(county_inspector, "list.csv", good, name="排" * 3000)
    assert page.status_code == 422 and _page_codes(page) == ["name.too_long"]
    first = rules_first_effective()
    early = first.replace(year=first.year - 1).isoformat()
    api = _api(county_inspector, "list.csv", good, as_of=early)
    assert api.status_code == 422 and first.isoformat() in api.json()["details"]["fields"][0]["message_zh"]
    assert LabelSweep.objects.count() == 0


def test_too_many_rows_is_refused_with_the_limit(county_inspector, monkeypatch):
    monkeypatch.setattr(batch, "MAX_SWEEP_ROWS", 3)
    rows = "id,text\n" + "".join(f"{i},婴儿米粉\n" for i in range(4))
    api = _api(county_inspector, "list.csv", rows.encode())
    assert api.status_code == 422
    entry = api.json()["details"]["fields"][0]
    assert entry["code"] == "input.too_many_rows" and "3" in entry["message_zh"]
    page = _page(county_inspector, "list.csv", rows.encode())
    assert page.status_code == 422 and _page_codes(page) == ["input.too_many_rows"]
    assert LabelSweep.objects.count() == 0
    ok = "id,text\n" + "".join(f"{i},婴儿米粉\n" for i in range(3))
    assert _api(county_inspector, "list.csv", ok.encode()).status_code == 202


def test_the_sweep_form_states_the_row_limit(county_inspector):
    c = Client()
    c.force_login(county_inspector)
    assert "100000" in c.get("/labels/sweeps/").content.decode()
    assert batch.MAX_SWEEP_ROWS == 100_000


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300), st.sampled_from([".csv", ".jsonl", ".xlsx"]))
def test_any_bytes_are_either_a_counted_listing_or_a_coded_refusal(data, suffix):
    """check_listing never raises anything but LabelInputError, and what it accepts `read_rows` can read."""
    try:
        rows = batch.check_listing(data, suffix)
    except LabelInputError as exc:
        assert exc.code and exc.message_zh and exc.message_en
        return
    assert rows >= 1
