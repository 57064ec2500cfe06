"""One i18n mechanism: Chinese msgids through gettext, English from the catalog (decision 0002).

Code never writes Chinese-slash-English string pairs or `(zh, en)` tuples. It marks a Chinese msgid with
`gettext_lazy` and, where both languages must be kept (the API error shape's `message_zh` and
`message_en`, a document that carries both), renders that one msgid in each language here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.utils import translation
from django.utils.functional import Promise

ZH = "zh-hans"
EN = "en"


def render(
    message: str | Promise, params: Mapping[str, Any] | None = None, language: str | None = None
) -> str:
    """`message` (a msgid, lazy or not) with `%(name)s` params, in `language` (default: the active one)."""
    if language is None:
        text = str(message)
        return text % dict(params) if params else text
    with translation.override(language):
        return render(message, params)


def both(message: str | Promise, params: Mapping[str, Any] | None = None) -> tuple[str, str]:
    """The same message in Chinese and in English: `(zh, en)`, both from the one msgid."""
    return render(message, params, ZH), render(message, params, EN)


def is_english() -> bool:
    return (translation.get_language() or ZH).lower().startswith("en")


_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def mark_zh(value: Any) -> str:
    """Chinese data (a name, an address, a rule's text) in a page of another language, escaped and marked
    `<span lang="zh-Hans">` so screen readers and fonts treat it as Chinese; otherwise the value, escaped."""
    from django.utils.html import conditional_escape, format_html

    text = "" if value is None else value
    if (translation.get_language() or ZH).lower().startswith("zh") or not _CJK.search(str(text)):
        return conditional_escape(text)
    return format_html('<span lang="zh-Hans">{}</span>', text)
