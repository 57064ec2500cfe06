"""The to-do count (`{% todo_count user as n %}`: one COUNT query) and role names for obligation pages."""

from __future__ import annotations

from typing import Any

from django import template

from shouhu.workflow.obligations.selectors import todo_count as _todo_count

register = template.Library()


@register.simple_tag
def todo_count(user: Any) -> int:
    return _todo_count(user)


@register.filter
def role_name(role: str) -> str:
    """A role code by its label in the active language (officer: 食品安全员); unknown codes as they are."""
    from shouhu.core.roles import ROLE_LABELS, Role

    try:
        return str(ROLE_LABELS[Role(role)])
    except ValueError:
        return role
