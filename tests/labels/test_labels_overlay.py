"""Findings drawn on the image they were read from (issue 35.4): OCR boxes -> rectangles on the page."""

from __future__ import annotations

import io

import pytest

from shouhu.labels.overlay import page_marks, preview

TEXT = "产品名称：婴幼儿米粉\n增强免疫力，宝宝少生病"


def _result(**extra):
    line2 = TEXT.index("增强")
    return {
        "text": TEXT,
        "source": "image",
        "findings": [
            {"code": "claim.disease", "severity": "error", "span": {"start": line2 + 8, "end": line2 + 11}},
            {"code": "mandatory.missing.storage", "severity": "error", "span": None},
        ],
        "ocr": {
            "width": 1000,
            "height": 400,
            "lines": [
                {"text": TEXT[: line2 - 1], "box": [40, 40, 440, 80], "start": 0, "end": line2 - 1},
                {"text": TEXT[line2:], "box": [40, 100, 480, 140], "start": line2, "end": len(TEXT)},
            ],
        },
        **extra,
    }


def test_a_finding_is_boxed_on_its_part_of_the_ocr_line():
    (page,) = page_marks(_result())
    assert (page["width"], page["height"], page["image"]) == (1000, 400, None)
    assert len(page["lines"]) == 2
    (mark,) = page["marks"]  # the missing element has no place on the page
    assert mark["code"] == "claim.disease" and mark["finding"] == 0
    # 少生病 is characters 8-11 of an 11-character line 440 px wide: x 360..480, padded
    assert 350 <= mark["x"] <= 360 and 120 <= mark["w"] <= 135
    assert mark["y"] < 100 and mark["y"] + mark["h"] > 140


def test_pdf_pages_map_through_the_page_offset_and_text_layer_pages_have_no_boxes():
    r = _result()
    ocr = r.pop("ocr")
    r["source"] = "pdf"
    r["ocr"] = {
        "pages": [
            {"page": 1, "method": "text", "start": 0, "end": 0, "ocr": None},
            {"page": 2, "method": "ocr", "start": 0, "end": len(TEXT), "ocr": ocr},
        ]
    }
    (page,) = page_marks(r)
    assert page["page"] == 2 and len(page["marks"]) == 1


def test_preview_is_a_small_jpeg_of_the_page():
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (1000, 1500), "white").save(buf, "PNG")
    (p,) = preview(buf.getvalue(), _result())
    assert p["page"] == 1 and p["image"].startswith("data:image/jpeg;base64,")
    assert len(p["image"]) < 60_000
    assert preview(buf.getvalue(), {"source": "text"}) == []


@pytest.mark.slow
def test_real_ocr_boxes_put_the_claims_where_they_are_printed():
    """label_claims_3001.png prints 增强免疫力，宝宝少生病 on its last text line (y ~ 850 of 1500)."""
    from datetime import date
    from pathlib import Path

    from shouhu.labels import check_label

    data = (Path(__file__).resolve().parent.parent / "data" / "labels" / "label_claims_3001.png").read_bytes()
    result = check_label(data, as_of=date(2026, 11, 23)).to_dict()
    result["preview"] = preview(data, result)
    (page,) = page_marks(result)
    assert page["image"].startswith("data:image/jpeg") and (page["width"], page["height"]) == (1000, 1500)
    codes = {m["code"] for m in page["marks"]}
    assert {"claim.health_function", "claim.disease"} <= codes
    for m in page["marks"]:
        assert 780 < m["y"] + m["h"] / 2 < 1000 and m["x"] < 500
