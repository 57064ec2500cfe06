"""Issue 14.3 on the label pages: bad input gets a clear message, changes nothing, and the limits are stated."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from shouhu.labelstore.forms import rules_first_effective
from shouhu.labelstore.models import LabelCheck, LabelSweep

pytestmark = pytest.mark.django_db

LABEL = "产品名称：婴幼儿营养米粉\n配料：大米\n"


def client(user):
    c = Client()
    c.force_login(user)
    return c


def _sweep(c, content: bytes, name="排查", filename="list.csv", **extra):
    return c.post("/labels/sweeps/", {"name": name, "file": SimpleUploadedFile(filename, content), **extra})


def test_form_states_its_limits(principal_a, county_inspector):
    html = client(principal_a).get("/labels/").content.decode()
    assert "20000" in html and "20MB" in html and 'maxlength="20000"' in html
    html = client(county_inspector).get("/labels/sweeps/").content.decode()
    assert "50MB" in html and 'maxlength="200"' in html and "表头" in html


def test_a_240000_character_label_is_refused_visibly(principal_a):
    c = client(principal_a)
    r = c.post("/labels/", {"text": "米" * 240_000}, HTTP_HX_REQUEST="true")
    assert (
        r.status_code == 422
        and "20000" in r.content.decode()
        and 'data-testid="label-error"' in r.content.decode()
    )
    assert LabelCheck.objects.count() == 0


@pytest.mark.parametrize("as_of", ["202601-01-01", "2026-02-30", "0001-01-01", "2999-01-01"])
def test_an_invalid_date_in_the_label_check_shows_in_the_panel(principal_a, as_of):
    r = client(principal_a).post("/labels/", {"text": LABEL, "as_of": as_of}, HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert r.status_code == 422 and 'data-testid="label-error"' in html and "检查日期" in html
    assert LabelCheck.objects.count() == 0


def test_an_as_of_before_the_rules_is_refused(principal_a, county_inspector):
    first = rules_first_effective()
    early = first.replace(year=first.year - 1).isoformat()
    r = client(principal_a).post("/labels/", {"text": LABEL, "as_of": early}, HTTP_HX_REQUEST="true")
    assert r.status_code == 422 and first.isoformat() in r.content.decode()
    assert LabelCheck.objects.count() == 0
    r = _sweep(client(county_inspector), "标题,text\n米粉,婴幼儿米粉\n".encode(), as_of=early)
    assert r.status_code == 422 and LabelSweep.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"\xff\xfe\x00\x01\x02binary\x00\x00", "list.csv", "不是文本"),
        (bytes(range(128, 256)) * 20, "list.csv", "不是文本"),
        ("标题,text\n".encode(), "list.csv", "只有表头"),
        (b"\n\n", "list.jsonl", "只有表头"),
    ],
)
def test_unreadable_or_empty_listings_make_no_sweep(county_inspector, content, filename, message):
    r = _sweep(client(county_inspector), content, filename=filename)
    assert r.status_code == 422 and message in r.content.decode()
    assert LabelSweep.objects.count() == 0


def test_a_3000_character_sweep_name_is_refused(county_inspector):
    r = _sweep(client(county_inspector), "标题,text\n米粉,婴幼儿米粉\n".encode(), name="排" * 3000)
    assert r.status_code == 422 and "200" in r.content.decode() and LabelSweep.objects.count() == 0


def test_a_good_listing_still_makes_a_sweep(county_inspector):
    r = _sweep(client(county_inspector), "标题,text\n米粉,婴幼儿米粉\n".encode())
    assert r.status_code == 302 and LabelSweep.objects.count() == 1
