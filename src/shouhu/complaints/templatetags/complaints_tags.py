"""`{% public_articles as articles %}`: the published consumer alerts and 科普, for the portal and the look-up."""

from __future__ import annotations

from typing import Any

from django import template

from .. import selectors

register = template.Library()


@register.simple_tag
def public_articles(limit: int = 5) -> list[Any]:
    return selectors.public_articles(limit=limit)
