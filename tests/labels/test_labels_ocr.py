"""Label images rendered by tests/data/labels/render_images.py, read by OCR and checked."""

from __future__ import annotations

import importlib.util
import json
from datetime import date
from pathlib import Path

import pytest

from shouhu.labels import check_label

from .conftest import DATA

IMAGES = [m for m in json.loads((DATA / "images.json").read_text("utf-8")) if "pdf" not in m]


@pytest.mark.slow
@pytest.mark.parametrize("meta", IMAGES, ids=[m["file"] for m in IMAGES])
def test_image_label_findings_match_the_text(meta):
    res = check_label((DATA / meta["file"]).read_bytes(), as_of=date.fromisoformat(meta["as_of"]))
    assert res.source == "image"
    assert sorted(res.codes) == meta["expected"]
    assert res.fields["licence_number"].value.startswith("SC130")
    assert res.ocr is not None and res.ocr["lines"]
    for line in res.ocr["lines"]:  # every box maps onto the checked text
        assert res.text[line["start"] : line["end"]] == line["text"]


# the phone-photo degradation lives with its benchmark (bench/labels_photos.py): one definition
_spec = importlib.util.spec_from_file_location(
    "labels_photos", Path(__file__).resolve().parents[2] / "bench" / "labels_photos.py"
)
labels_photos = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(labels_photos)


@pytest.mark.slow
@pytest.mark.parametrize("meta", IMAGES[:2], ids=[m["file"] for m in IMAGES[:2]])
def test_photo_of_a_label_gives_the_same_findings(meta):
    """Users upload photos, not renders: tilt, blur, noise and JPEG loss must not change the verdict."""
    photo = labels_photos.photo_like((DATA / meta["file"]).read_bytes())  # tilted 4°, 70%, JPEG q50
    res = check_label(photo, as_of=date.fromisoformat(meta["as_of"]))
    assert sorted(res.codes) == meta["expected"]
    assert res.fields["licence_number"].value.startswith("SC130")


def test_unreadable_image_via_cli(tmp_path, capsys):
    from shouhu.labels.cli import main

    p = tmp_path / "broken.png"
    p.write_bytes((DATA / IMAGES[0]["file"]).read_bytes()[:200])
    assert main(["check", str(p), "--json"]) == 2
    out = json.loads(capsys.readouterr().out)
    assert out[0]["error"]["code"] == "image.unreadable"


@pytest.mark.slow
def test_blank_image_is_a_clear_error():
    import io

    from PIL import Image

    from shouhu.labels import LabelInputError

    buf = io.BytesIO()
    Image.new("RGB", (400, 300), "white").save(buf, "PNG")
    with pytest.raises(LabelInputError) as exc:
        check_label(buf.getvalue(), as_of=date(2026, 11, 23))
    assert exc.value.code == "image.no_text"
