"""The shared list helpers in `core.templatetags.ui`: the division filter line above a list a command-view
figure opened, whose "all divisions" link keeps the other filters and drops the division and the page."""

from __future__ import annotations

from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation


def _render(query: str, division: str) -> str:
    request = RequestFactory().get(f"/risk/tasks/{query}")
    with translation.override("en"):
        return Template("{% load ui %}{% division_filter division %}").render(
            Context({"request": request, "division": division})
        )


def test_the_division_line_names_the_division_and_links_to_all_with_the_other_filters():
    html = _render("?division=430104&year=2026&state=overdue&page=3", "430104")
    assert 'data-testid="division-filter"' in html
    assert 'lang="zh-Hans"' in html and "岳麓区" in html  # the name is Chinese data in an English page
    assert 'href="?year=2026&amp;state=overdue"' in html
    assert "Whole jurisdiction" in html


def test_no_line_without_a_division_and_the_link_falls_back_to_the_bare_list():
    assert _render("?year=2026", "").strip() == ""
    assert 'href="/risk/tasks/"' in _render("?division=430104", "430104")
