"""Issue 14.4/14.5/14.3: a replayed form key never makes a second record; scoring is deliberate;
every unhandled exception is logged with its traceback whatever DEBUG is."""

from __future__ import annotations

import importlib
import io
import logging
import logging.config
import re
import secrets

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import path

from shouhu.core.idempotency import FIELD
from shouhu.core.roles import Role
from shouhu.labelstore.models import LabelCheck

pytestmark = pytest.mark.django_db

LABEL = "产品名称：婴幼儿营养米粉\n配料：大米\n净含量：225克\n"


def _boom(request):
    raise RuntimeError("kaboom-14")


urlpatterns = [path("boom/", _boom)]


def test_same_post_twice_makes_one_record(principal_a):
    c = Client()
    c.force_login(principal_a)
    page = c.get("/labels/").content.decode()
    key = re.search(rf'name="{FIELD}" value="([0-9a-f]+)"', page).group(1)
    first = c.post("/labels/", {"text": LABEL, FIELD: key})
    assert first.status_code in (200, 302, 303)
    n = LabelCheck.objects.count()
    assert n == 1
    again = c.post("/labels/", {"text": LABEL, FIELD: key})
    assert LabelCheck.objects.count() == 1 and again.status_code in (302, 303, 409)
    # a new key (a new submission) is a new record
    c.post("/labels/", {"text": LABEL, FIELD: "f" * 32})
    assert LabelCheck.objects.count() == 2


def test_a_refused_post_releases_its_key(principal_a):
    c = Client()
    c.force_login(principal_a)
    r = c.post("/labels/", {"text": "", FIELD: "a" * 32})
    assert r.status_code == 422 and LabelCheck.objects.count() == 0
    c.post("/labels/", {"text": LABEL, FIELD: "a" * 32})
    assert LabelCheck.objects.count() == 1


def test_every_page_loads_the_submit_lock_script(principal_a):
    c = Client()
    c.force_login(principal_a)
    html = c.get("/labels/").content.decode()
    assert "shouhu/forms.js" in html and "onclick=" not in html


def test_no_fill_all_as_conform_button():
    from pathlib import Path

    import shouhu.licensing

    tpl = Path(shouhu.licensing.__file__).parent / "templates/licensing/verification_detail.html"
    text = tpl.read_text()
    assert (
        "fill-conform" not in text and "填为" not in text and "onclick" not in text and "oninput" not in text
    )


@pytest.mark.parametrize("module", ["shouhu.config.settings.base", "shouhu.config.settings.production"])
def test_unhandled_exception_is_logged_with_traceback(module, monkeypatch):
    monkeypatch.setenv("SHOUHU_SECRET_KEY", secrets.token_urlsafe(64))
    monkeypatch.setenv("SHOUHU_DATABASE_URL", "postgres://shouhu@127.0.0.1:5432/shouhu")
    monkeypatch.setenv("SHOUHU_ALLOWED_HOSTS", "shouhu.example")
    monkeypatch.setenv("SHOUHU_LEDGER_KEY", secrets.token_hex(32))
    conf = importlib.import_module(module).LOGGING
    logging.config.dictConfig(conf)
    try:
        stream = io.StringIO()
        for h in logging.getLogger("django.request").handlers:
            h.setStream(stream)
        with override_settings(ROOT_URLCONF=__name__, DEBUG=False):
            r = Client(raise_request_exception=False).get("/boom/")
        assert r.status_code == 500
        out = stream.getvalue()
        assert "Traceback" in out and "kaboom-14" in out
    finally:
        logging.config.dictConfig(settings.LOGGING)


def test_scores_show_each_scorers_act():
    from pathlib import Path

    import shouhu.licensing

    tpl = Path(shouhu.licensing.__file__).parent / "templates/licensing/verification_detail.html"
    assert 'data-testid="score-act"' in tpl.read_text() and "s.created_at" in tpl.read_text()
    assert Role.INSPECTOR  # scoring stays the inspector's own act (one score per inspector per item)
