"""Files in, JSON out; bad input is a clear error for that file and the others still run."""

from __future__ import annotations

import json
import os

import pytest

from shouhu.labels.cli import main
from shouhu.labels.inputs import read_bytes
from shouhu.labels.model import LabelInputError


def run(capsys, *argv):
    rc = main(list(argv))
    return rc, capsys.readouterr().out


def test_check_json_one_object_per_file(tmp_path, capsys, full_label):
    good = tmp_path / "good.txt"
    good.write_text(full_label, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text(full_label + "\n让宝宝更聪明", encoding="utf-8")
    fields = tmp_path / "fields.json"
    fields.write_text(
        json.dumps(
            {"product_name": "婴幼儿米粉", "ingredients": "大米粉、蜂蜜", "standard_code": "GB 10769—2025"},
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    rc, out = run(
        capsys, "check", str(good), str(bad), str(fields), str(empty), "--json", "--as-of", "2026-11-23"
    )
    data = json.loads(out)
    assert [d["file"] for d in data] == [str(good), str(bad), str(fields), str(empty)]
    assert all({"file", "findings", "error"} <= set(d) for d in data)
    assert data[0]["findings"] == [] and data[0]["error"] is None
    assert [f["code"] for f in data[1]["findings"]] == ["claim.health_function"]
    assert "ingredient.banned" in {f["code"] for f in data[2]["findings"]}
    assert data[3]["error"]["code"] == "input.empty"
    assert rc == 2


def test_check_human_output_and_exit_codes(tmp_path, capsys, full_label):
    p = tmp_path / "a.txt"
    p.write_text(full_label, encoding="utf-8")
    assert run(capsys, "check", str(p), "--as-of", "2026-11-23")[0] == 0
    p.write_text(full_label + "\n预防贫血", encoding="utf-8")
    rc, out = run(capsys, "check", str(p), "--as-of", "2026-11-23")
    assert rc == 1 and "claim.disease" in out and "依据" in out


@pytest.mark.parametrize(
    ("data", "suffix", "code"),
    [
        (b"", ".txt", "input.empty"),
        (b"   \n\t ", ".txt", "input.empty"),
        (os.urandom(4096), ".txt", "input.binary"),
        (b"\x00\x01\x02binary", ".bin", "input.binary"),
        ("婴".encode() * 400_000, ".txt", "input.too_large"),
        (b"\x89PNG\r\n\x1a\nnot really a png", ".png", "image.unreadable"),
        (b"hello", ".jpg", "image.unreadable"),
        (b"{not json", ".json", "json.invalid"),
        (b"[1, 2]", ".json", "json.shape"),
    ],
)
def test_bad_input_is_a_clear_error(data, suffix, code):
    with pytest.raises(LabelInputError) as exc:
        inp = read_bytes(data, suffix=suffix)
        if isinstance(inp.payload, bytes):
            from shouhu.labels.ocr import decode

            decode(inp.payload)
    assert exc.value.code == code
    assert exc.value.message_zh and exc.value.message_en


def test_gb18030_text_is_read():
    inp = read_bytes("产品名称：婴幼儿米粉".encode("gb18030"), suffix=".txt")
    assert inp.payload == "产品名称：婴幼儿米粉"


def test_batch_csv_and_jsonl_write_reports(tmp_path, capsys):
    csv_path = tmp_path / "listings.csv"
    csv_path.write_text(
        "id,title,description\n"
        "1,婴儿米粉 GB 10769—2025,益智配方 增强免疫力\n"
        "2,婴儿米粉 GB 10769—2025,不含蜂蜜 添加铁、锌\n"
        "3,,\n"
        '4,=HYPERLINK("x"),宝宝辅食 预防贫血\n',
        encoding="utf-8",
    )
    rc, _out = run(
        capsys,
        "batch",
        str(csv_path),
        "--as-of",
        "2026-11-23",
        "--out",
        str(tmp_path / "out"),
        "--no-progress",
    )
    assert rc == 1
    outdir = tmp_path / "out"
    summary = json.loads((outdir / "summary.json").read_text("utf-8"))
    assert summary["rows"] == 4
    assert summary["rows_with_errors"] == 1
    assert summary["rows_by_code"]["claim.health_function"] == 1
    assert "claim.disease" in summary["rows_by_code"]
    rows = [json.loads(x) for x in (outdir / "results.jsonl").read_text("utf-8").splitlines()]
    assert rows[1]["findings"] == [] and rows[2]["error"]["code"] == "input.empty"
    html = (outdir / "summary.html").read_text("utf-8")
    assert "<mark" in html and "claim.health_function" in html
    from openpyxl import load_workbook

    wb = load_workbook(outdir / "summary.xlsx")
    values = [c.value for row in wb["明细 Findings"].iter_rows() for c in row if isinstance(c.value, str)]
    assert not any(v.startswith("=") for v in values)  # no formula injection from listing text

    jl = tmp_path / "listings.jsonl"
    jl.write_text('{"id": "a", "text": "宝宝米粉 让宝宝更聪明"}\n{broken\n', encoding="utf-8")
    rc, _ = run(
        capsys, "batch", str(jl), "--as-of", "2026-11-23", "--out", str(tmp_path / "o2"), "--no-progress"
    )
    s2 = json.loads((tmp_path / "o2" / "summary.json").read_text("utf-8"))
    assert s2["rows"] == 2 and s2["rows_with_errors"] == 1 and s2["rows_with_findings"] == 1


def _workbook(path, rows):
    from openpyxl import Workbook

    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    wb.save(path)


def test_batch_reads_an_excel_listing_export(tmp_path, capsys):
    """Regulators exchange Excel: the first sheet's first non-empty row is the header; numeric IDs keep
    no '.0'; blank rows are not listings."""
    from shouhu.labels.batch import read_rows

    xlsx = tmp_path / "网店商品.xlsx"
    _workbook(
        xlsx,
        [
            [None, None, None],
            ["编号", "商品名称", "卖点"],
            [1001.0, "婴儿米粉 GB 10769—2025", "益智配方 增强免疫力"],
            [None, None, None],
            [1002, "婴儿米粉 GB 10769—2025", "不含蜂蜜 添加铁、锌"],
        ],
    )
    rows = list(read_rows(xlsx))
    assert [r["编号"] for r in rows] == ["1001", "1002"]
    rc, _ = run(
        capsys, "batch", str(xlsx), "--as-of", "2026-11-23", "--out", str(tmp_path / "o"), "--no-progress"
    )
    assert rc == 1
    summary = json.loads((tmp_path / "o" / "summary.json").read_text("utf-8"))
    assert summary["rows"] == 2 and summary["rows_with_findings"] == 1
    results = [json.loads(x) for x in (tmp_path / "o" / "results.jsonl").read_text("utf-8").splitlines()]
    assert results[0]["id"] == "1001" and "益智配方" in results[0]["text"]


@pytest.mark.parametrize("content", [b"\xd0\xcf\x11\xe0 legacy xls", b"PK\x03\x04 not really a zip"])
def test_batch_refuses_an_unreadable_workbook(tmp_path, capsys, content):
    bad = tmp_path / "listings.xlsx"
    bad.write_bytes(content)
    assert main(["batch", str(bad), "--out", str(tmp_path / "o"), "--no-progress"]) == 2
    assert "Excel" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_no_django_imported(tmp_path):
    """The label checker is pure Python: checking a label must not pull in Django."""
    import subprocess
    import sys

    code = (
        "import sys, datetime\n"
        "from shouhu.labels.cli import main\n"
        "from shouhu.labels import check_label\n"
        "check_label('婴儿米粉 益智 SC13033010500217 GB 10769—2025', as_of=datetime.date(2026, 11, 23))\n"
        "assert 'django' not in sys.modules, [m for m in sys.modules if m.startswith('django')]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tmp_path)
