"""The UI is Chinese unless the user switches; the browser's Accept-Language does not decide."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_chinese_by_default_even_for_an_english_browser():
    html = Client().get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="zh-Hans"' in html


def test_switcher_choice_is_honoured():
    c = Client()
    c.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert '<html lang="en"' in c.get("/login/").content.decode()
    c.post("/i18n/setlang/", {"language": "zh-hans", "next": "/login/"})
    assert '<html lang="zh-Hans"' in c.get("/login/").content.decode()


def test_project_static_files_are_served():
    assert Client().get("/static/shouhu/shouhu.css").status_code == 200
