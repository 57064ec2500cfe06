"""The UI is Chinese unless the user switches; the browser's Accept-Language does not decide."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_chinese_by_default_even_for_an_english_browser():
    html = Client().get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="zh-hans"' in html or "登录" in html


def test_switcher_choice_is_honoured():
    c = Client()
    c.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    html = c.get("/login/").content.decode()
    assert "Log in" in html or 'lang="en"' in html
    c.post("/i18n/setlang/", {"language": "zh-hans", "next": "/login/"})
    assert "登录" in c.get("/login/").content.decode()


def test_project_static_files_are_served():
    assert Client().get("/static/shouhu/shouhu.css").status_code == 200
