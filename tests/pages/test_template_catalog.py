"""Every UI string of every template has its English in the catalog.

Fast and without a browser: each template is parsed by Django's own template engine, and every
{% translate %} / {% blocktranslate %} message (and every _("…") literal in a tag argument) must have a
non-empty entry in the compiled English catalog. Chinese text outside translation tags is caught by the
browser walk (tests/e2e/test_english_pages.py) and by the check below that no template text node holds
Chinese outside a translation tag, a comment or an element marked lang="zh-Hans".
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import engines
from django.template.base import Node, TextNode
from django.templatetags.i18n import BlockTranslateNode, TranslateNode
from django.utils import translation

SRC = Path(__file__).resolve().parents[2] / "src" / "shouhu"
TEMPLATES = sorted(p for p in SRC.rglob("templates/**/*.html"))
HAN = re.compile(r"[\u4e00-\u9fff]")
LITERAL = re.compile(r"""_\((["'])(.+?)\1\)""")
# Documents that are Chinese by law (the 审查报告 and 核查记录 print as the official Chinese record) and
# the bare error pages (shown when the application itself has failed, so both languages side by side).
CHINESE_DOCUMENTS = {
    "licensing/print_report.html",
    "licensing/print_verification.html",
    "licensing/_print_style.html",
    "500.html",
}


def _name(path: Path) -> str:
    return str(path).split("/templates/", 1)[1]


def _nodes(nodelist):
    return nodelist.get_nodes_by_type(Node)


def _messages(path: Path) -> list[tuple[str | None, str | tuple[str, int]]]:
    template = engines["django"].from_string(path.read_text(encoding="utf-8")).template
    found: list[tuple[str | None, str | tuple[str, int]]] = []
    for node in _nodes(template.nodelist):
        if isinstance(node, TranslateNode) and node.filter_expression.var.literal:
            context = node.message_context.var if node.message_context else None
            found.append((context, str(node.filter_expression.var.literal)))
        elif isinstance(node, BlockTranslateNode):
            singular, _vars = node.render_token_list(node.singular)
            context = node.message_context.var if node.message_context else None
            found.append((context, (singular, 0) if node.plural else singular))
    for _quote, literal in LITERAL.findall(path.read_text(encoding="utf-8")):
        if HAN.search(literal):
            found.append((None, literal))
    return found


@pytest.fixture(scope="module")
def catalog():
    with translation.override("en"):
        yield translation.trans_real.translation("en")._catalog


@pytest.mark.parametrize("path", TEMPLATES, ids=_name)
def test_every_template_message_has_english(path, catalog):
    missing = []
    for context, msgid in _messages(path):
        if isinstance(msgid, tuple):  # a plural: the catalog keys its forms (msgid, n)
            key = (f"{context}\x04{msgid[0]}" if context else msgid[0], msgid[1])
        else:
            key = f"{context}\x04{msgid}" if context else msgid
        if not catalog.get(key):
            missing.append(msgid)
    assert not missing, f"{_name(path)}: no English in the catalog for {sorted(set(missing))}"


@pytest.mark.parametrize("path", [p for p in TEMPLATES if _name(p) not in CHINESE_DOCUMENTS], ids=_name)
def test_no_chinese_text_outside_translation_tags(path):
    template = engines["django"].from_string(path.read_text(encoding="utf-8")).template
    stray = []
    for node in _nodes(template.nodelist):
        if isinstance(node, TextNode) and HAN.search(node.s):
            # text inside an element marked lang="zh-Hans" (a language's own name, a Chinese value) is fine
            text = re.sub(r"<(\w+)[^>]*\blang=\"zh-Hans\"[^>]*>.*?</\1>", "", node.s, flags=re.S)
            text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
            text = re.sub(r"\bvalue=\"[^\"]*\"", "", text)  # a submitted value is data, not words
            if HAN.search(text):
                stray.append(text.strip()[:80])
    assert not stray, f"{_name(path)}: Chinese outside {{% translate %}}: {stray}"
