"""Template helpers shared by every page: who is signed in, divisions by name, percentages, page links."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict
from django.utils.translation import gettext as _

from shouhu.codes import divisions
from shouhu.core.events import action_label as _action_label
from shouhu.core.roles import ROLE_LABELS, Role

register = template.Library()


@register.filter
def role_label(user: Any) -> str:
    """The user's role in the active language ("食品安全员" / "Food-safety officer")."""
    try:
        return str(ROLE_LABELS[Role(getattr(user, "role", ""))])
    except ValueError:
        return _("未分配角色")


@register.filter
def division_name(code: Any) -> str:
    """A GB/T 2260 code as its full name ("湖南省长沙市岳麓区"); unknown codes are shown as they are."""
    if not code:
        return ""
    try:
        return divisions.full_name(str(code))
    except (divisions.UnknownDivision, ValueError):
        return str(code)


@register.filter
def division_short(code: Any) -> str:
    """The division's own name only ("岳麓区"), for dense tables."""
    try:
        return divisions.get(str(code)).name
    except (divisions.UnknownDivision, ValueError):
        return str(code or "")


@register.simple_tag
def jurisdiction_label(user: Any) -> str:
    """What the user acts for: the enterprise, the jurisdiction, or the whole platform."""
    role = getattr(user, "role", "")
    if role == Role.PLATFORM_ADMIN:
        return _("全国")
    if getattr(user, "enterprise_id", None):
        return str(user.enterprise)
    if getattr(user, "division_code", ""):
        return division_name(user.division_code)
    return ""


@register.filter
def percent(value: Any, digits: int = 1) -> str:
    """0.725 → "72.5%"."""
    try:
        return f"{float(value) * 100:.{int(digits)}f}%"
    except (TypeError, ValueError):
        return "—"


@register.simple_tag(takes_context=True)
def url_with(context: template.Context, **changes: Any) -> str:
    """The current query string with some parameters replaced (pagination keeps the filters)."""
    request = context["request"]
    query: QueryDict = request.GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else request.path


@register.inclusion_tag("ui/_division_filter.html", takes_context=True)
def division_filter(context: template.Context, division: str) -> dict[str, Any]:
    """ "Only the enterprises of <division> · all divisions" above a list a figure opened narrowed to one
    division (`core.pages.division_param`); the link keeps the other filters and drops the page."""
    return {"division": division, "all_url": url_with(context, division=None, page=None)}


@register.filter
def action_label(code: Any) -> str:
    """A ledger action as words ("批次放行"), from the app's events.py; an unknown code as it is."""
    return _action_label(str(code))


@register.simple_tag
def idempotency_key() -> str:
    """A hidden one-time key for a POST form (core.idempotency): the server refuses a replay of it."""
    from django.utils.html import format_html

    from shouhu.core.idempotency import FIELD, new_key

    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_key())


@register.simple_tag(takes_context=True)
def nav_links(context: Any) -> list[dict[str, Any]]:
    """The main navigation for the signed-in user: only the links their role can open (core.nav)."""
    from shouhu.core.nav import links_for

    request = context.get("request")
    return links_for(getattr(request, "user", None), getattr(request, "resolver_match", None))


@register.filter(is_safe=True)
def zh(value: Any) -> str:
    """Chinese data in a page of another language, marked lang="zh-Hans" (core.i18n.mark_zh)."""
    from shouhu.core.i18n import mark_zh

    return mark_zh(value)


@register.filter
def vocab_label(entry: Any) -> str:
    """A rule-set vocabulary entry (zh, en) in the active language; Chinese when it has no English."""
    from django.utils.translation import get_language

    if entry is None:
        return ""
    en = getattr(entry, "en", None)
    if en and not (get_language() or "zh-hans").startswith("zh"):
        return str(en)
    return str(getattr(entry, "zh", entry))


@register.filter(is_safe=True)
def process_names(codes: Any) -> str:
    """Process codes of the rule set's vocabulary (`raw_noodle`) as their names (生面条 / raw noodles),
    joined; an unknown code is shown as it is."""
    from shouhu.core.regulation import engine

    processes = engine().vocabulary.processes
    names = [vocab_label(processes.get(str(c))) or str(c) for c in (codes or [])]
    return zh(_("、").join(names))
