"""Image label checks off the request (issue 12, point 1): the header is checked first, the OCR runs in a
capped child process, the request answers 202 with a status URL, and other clients keep being served.
"""

from __future__ import annotations

import io
import os
import struct
import time
import zlib
from datetime import date

import factories as t
import pytest
from django.test import Client

from shouhu.core import jobs
from shouhu.labels import LabelInputError
from shouhu.labels.ocr import OCR_PIXELS, decode, ocr_size, probe


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header announces width x height but carries no pixels (a decompression bomb's shape)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


def _text_png(side: int) -> bytes:
    """A side x side PNG of text lines: small as a file (it compresses), large once decoded."""
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("L", (side, side), 255)
    draw = ImageDraw.Draw(img)
    try:
        font = ImageFont.truetype("DejaVuSans.ttf", 48)
    except OSError:
        font = ImageFont.load_default()
    for y in range(100, side - 100, 400):
        draw.text((100, y), "Ingredients: rice flour, iron, zinc, vitamin B1 " * 2, fill=0, font=font)
    out = io.BytesIO()
    img.save(out, "PNG", optimize=True)
    return out.getvalue()


def test_an_oversized_header_is_refused_before_any_pixel_is_decoded():
    bomb = _png_header_only(50_000, 50_000)  # 2.5 GP announced in 57 bytes
    with pytest.raises(LabelInputError) as exc:
        probe(bomb)
    assert exc.value.code == "image.too_large"


def test_images_are_shrunk_to_what_ocr_needs():
    assert ocr_size(750, 5000) == (750, 5000)  # a long listing image keeps its small print
    w, h = ocr_size(6300, 6300)
    assert w * h <= OCR_PIXELS and w > 2500
    from PIL import Image

    big = io.BytesIO()
    Image.new("RGB", (4000, 3000), "white").save(big, "JPEG")
    arr = decode(big.getvalue())
    assert arr.shape[0] * arr.shape[1] <= OCR_PIXELS and arr.shape[2] == 3


def test_a_child_over_its_time_or_memory_is_stopped_not_the_caller():
    started = time.monotonic()
    status, info = jobs.run_isolated("time:sleep", 30, memory_mb=512, timeout=1)
    assert (status, info["code"]) == ("error", "job.timeout") and time.monotonic() - started < 15
    status, info = jobs.run_isolated("builtins:bytearray", 2_000_000_000, memory_mb=400, timeout=60)
    assert (status, info["code"]) == ("error", "job.memory")
    assert jobs.run_isolated("builtins:len", b"abc", memory_mb=400, timeout=60) == ("ok", 3)


@pytest.mark.django_db
def test_unreadable_pixels_fail_the_job_visibly(principal_a):
    """A header that passes the probe but pixels that do not decode: the job fails with the input's
    code; the request itself answered 202."""
    c = Client()
    c.force_login(principal_a)
    upload = io.BytesIO(_png_header_only(100, 100)[:-12] + b"\x00" * 12)
    upload.name = "label.png"
    r = c.post("/api/v1/labels/checks/image", {"image": upload})
    if r.status_code == 422:  # Pillow's verify() caught it on the request: refused even earlier
        assert r.json()["details"]["fields"][0]["code"].startswith("image.")
        return
    assert r.status_code == 202
    job = c.get(r.json()["status_url"]).json()
    assert job["status"] == "failed" and job["error"]["details"]["fields"][0]["code"].startswith("image.")


@pytest.mark.django_db
def test_a_job_is_only_visible_to_who_queued_it(principal_a, officer_b):
    from pathlib import Path

    proof = Path(__file__).resolve().parents[1] / "data" / "labels" / "label_claims_3001.pdf"
    upload = io.BytesIO(proof.read_bytes())
    upload.name = "proof.pdf"
    mine = Client()
    mine.force_login(principal_a)
    r = mine.post("/api/v1/labels/checks/image", {"image": upload})
    assert r.status_code == 202, r.content
    url = r.json()["status_url"]
    assert mine.get(url).json()["status"] == "done"
    other = Client()
    other.force_login(officer_b)
    assert other.get(url).status_code == 404
    assert mine.get("/api/v1/labels/checks/jobs/nope").status_code == 404


@pytest.mark.django_db
def test_a_full_queue_is_429_with_retry_after(principal_a, settings, monkeypatch):
    settings.SHOUHU_JOBS = settings.SHOUHU_JOBS | {"mode": "pool", "queue": 0}
    c = Client()
    c.force_login(principal_a)
    upload = io.BytesIO(_text_png(400))
    upload.name = "label.png"
    r = c.post("/api/v1/labels/checks/image", {"image": upload})
    assert r.status_code == 429 and r.json()["code"] == "rate_limited"
    assert int(r["Retry-After"]) > 0


def _oversized_image_while_shoppers_look_up(principal_a, product, settings, bound_for) -> None:
    """The issue's 6300x6300 PNG of text: queued in well under a second, OCR'd in a capped child, while
    another client's public look-ups keep answering (each within `bound_for(highest load seen)`)."""
    settings.SHOUHU_JOBS = settings.SHOUHU_JOBS | {"mode": "pool", "workers": 1, "queue": 2}
    batch = t.make_batch(product, status="released", released_on=date.today(), certificate_no="HG-1")
    data = _text_png(6300)
    assert len(data) < 2 * 1024 * 1024
    c = Client()
    c.force_login(principal_a)
    assert c.get("/api/v1/labels/checks").status_code == 200  # warm: URL conf and API loaded
    assert Client().get(f"/api/v1/trace/public/{batch.trace_code}").status_code == 200
    upload = io.BytesIO(data)
    upload.name = "big.png"
    started = time.monotonic()
    r = c.post("/api/v1/labels/checks/image", {"image": upload, "as_of": "2026-11-23"})
    assert r.status_code == 202, r.content
    queued_in = time.monotonic() - started
    assert queued_in < 5, queued_in  # the header check only (generous on a loaded CI machine)
    url = r.json()["status_url"]
    slowest, lookups, n, slowest_at = 0.0, 0, 0, None
    loads = [os.getloadavg()[0]]
    deadline = time.monotonic() + 300
    job = {}
    while time.monotonic() < deadline:
        n += 1
        shopper = Client(REMOTE_ADDR=f"10.0.{n // 200}.{n % 200 + 1}")
        t0 = time.monotonic()
        got = shopper.get(f"/api/v1/trace/public/{batch.trace_code}")
        took = time.monotonic() - t0
        if took > slowest:
            slowest, slowest_at = took, (n, job.get("status"))
        assert got.status_code == 200, got.content
        lookups += 1
        loads.append(os.getloadavg()[0])
        job = c.get(url).json()
        if job["status"] in (jobs.DONE, jobs.FAILED):
            break
        time.sleep(0.2)
    assert job["status"] in (jobs.DONE, jobs.FAILED), job
    if job["status"] == jobs.FAILED:  # OCR found no label text: a clear input error, not a crash
        assert job["error"]["details"]["fields"][0]["code"].startswith(("image.", "input.", "ocr."))
    bound = bound_for(max(loads) / (os.cpu_count() or 1))
    assert lookups >= 3 and slowest < bound, (lookups, slowest, slowest_at, max(loads), os.getloadavg())
    if job["status"] == jobs.DONE:
        assert "Ingredients" in c.get(f"/api/v1/labels/checks/{job['check']}").json()["result"]["text"]


@pytest.mark.django_db(transaction=True)
def test_an_oversized_image_does_not_stop_other_clients(principal_a, product, settings):
    """In the default suite: the look-ups keep answering while the OCR job runs — none waits for the job
    (it takes tens of seconds; a look-up queued behind it, or behind a lock it holds, would take as long).
    Their 1 s budget is a wall-clock figure, checked by the `timing` variant below (`make bench`), as every
    wall-clock budget is (docs/architecture.md, rule 10): on a shared two-core CI machine the other xdist
    worker and PostgreSQL take the cores and a single look-up can exceed 1 s without waiting for anything."""
    _oversized_image_while_shoppers_look_up(principal_a, product, settings, lambda per_core: 10.0)


@pytest.mark.timing
@pytest.mark.django_db(transaction=True)
def test_look_ups_answer_within_1_s_during_an_oversized_image(principal_a, product, settings):
    """1 s each on a machine with a core to spare; on an overloaded one (load average above the core
    count) the bound scales with the highest load seen while the job ran."""
    _oversized_image_while_shoppers_look_up(
        principal_a, product, settings, lambda per_core: max(1.0, per_core)
    )
