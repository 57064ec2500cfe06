"""Registry display helpers: licence status badges, expiry warnings, categories and ledger changes.

Ledger actions are labelled by core (`{% load ui %}{{ entry.action|action_label }}`, from
registry/events.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django import template
from django.apps import apps
from django.db import models
from django.utils import formats
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shouhu.core.models import AuditEntry
from shouhu.core.regulation import today
from shouhu.registry.models import LicenceStatus

register = template.Library()

# 细则 2017 第二条 / 表1: the three categories of 婴幼儿辅助食品 (labels only; the rules engine owns the rest).
CATEGORY_LABELS = {
    "3001": gettext_lazy("婴幼儿谷类辅助食品"),
    "3002": gettext_lazy("婴幼儿罐装辅助食品"),
    "3003": gettext_lazy("辅食营养补充品"),
}

STATUS_BADGES = {
    LicenceStatus.ACTIVE: "text-bg-success",
    LicenceStatus.SUSPENDED: "text-bg-warning",
    LicenceStatus.REVOKED: "text-bg-danger",
    LicenceStatus.EXPIRED: "text-bg-secondary",
}

# Snapshot keys not worth a row in a history table: the row's own id and its parent's.
# A site is shown by name elsewhere; its bare id in a history row says nothing.
_HIDDEN_FIELDS = {
    "id",
    "enterprise_id",
    "licence_id",
    "person_id",
    "principal_id",
    "manufacturer_id",
    "site_id",
}
# Fields with their own history of decisions (suspension, revocation): a change there is not a correction.
_NOT_CORRECTIONS = {"status"}


@register.filter
def category_label(code: str) -> str:
    label = CATEGORY_LABELS.get(str(code))
    return f"{code} {label}" if label else str(code)


@register.filter
def category_name(code: str) -> str:
    return str(CATEGORY_LABELS.get(str(code), code))


@register.simple_tag
def status_badge(licence: Any) -> str:
    """A coloured badge for a licence's status, in the active language."""
    status = licence.status
    css = STATUS_BADGES.get(status, "text-bg-light")
    return format_html('<span class="badge {}">{}</span>', css, LicenceStatus(status).label)


@register.simple_tag
def expiry_badge(expires_on: date | None, warn_days: int = 90) -> str:
    """ "还剩 N 天" in amber within `warn_days`, "已过期" in red after the date, nothing otherwise."""
    if not expires_on:
        return ""
    days = (expires_on - today()).days
    if days < 0:
        return format_html('<span class="badge text-bg-danger">{}</span>', _("已过期"))
    if days <= warn_days:
        return format_html(
            '<span class="badge text-bg-warning">{}</span>', _("还剩 %(days)d 天") % {"days": days}
        )
    return ""


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    before: str
    after: str


def _model_for(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, attname: str) -> models.Field | None:
    """The model's concrete field stored under `attname` (snapshots key FKs by `<name>_id`).

    Other keys (a service may record related rows, e.g. a licence's `items`) have no field: None.
    """
    if model is None:
        return None
    for field in model._meta.concrete_fields:
        if attname in (field.attname, field.name):
            return field
    return None


def _label(field: models.Field | None, attname: str) -> str:
    if field is None:
        return attname
    if (
        field.is_relation
        and field.related_model is not None
        and field.verbose_name == field.name.replace("_", " ")
    ):
        return str(field.related_model._meta.verbose_name)  # FKs without their own label: the target's
    return str(field.verbose_name)


def _display(field: models.Field | None, value: Any, names: dict | None = None) -> str:
    """A stored JSON value as a person reads it: choices by label, dates in the active locale."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field is not None and field.is_relation and field.related_model is not None:
        if names is not None and (field.related_model._meta.label, str(value)) in names:
            return names[(field.related_model._meta.label, str(value))]
        return _related_name(field.related_model, value)
    if isinstance(value, (list, dict)):
        return _readable(value) or "—"
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        parsed = parse_datetime(value)
        return formats.date_format(parsed, "DATETIME_FORMAT") if parsed else value
    if isinstance(field, models.DateField) and isinstance(value, str):
        parsed_date = parse_date(value)
        return formats.date_format(parsed_date, "DATE_FORMAT") if parsed_date else value
    return str(value)


# Keys of recorded structures that are for machines (a rule id is shown beside its citation elsewhere).
_MACHINE_KEYS = {"rule", "rule_id", "id", "code"}


def _readable(value: Any) -> str:
    """A recorded list or mapping (test results, required checks) as words: no brackets, quotes or
    True/False; `passed`/`ok` as 合格 / 不合格."""
    if isinstance(value, bool):
        return str(_("是") if value else _("否"))
    if isinstance(value, list):
        parts = [_readable(v) for v in value]
        return (
            "；".join(p for p in parts if p)
            if any(isinstance(v, (list, dict)) for v in value)
            else _("、").join(p for p in parts if p)
        )
    if isinstance(value, dict):
        words = []
        for key, item in value.items():
            if key in _MACHINE_KEYS or item in (None, "", [], {}):
                continue
            if key in ("passed", "ok") and isinstance(item, bool):
                words.append(str(_("合格") if item else _("不合格")))
            else:
                words.append(_readable(item))
        return " ".join(words)
    return "" if value is None else str(value)


def _related_name(model: type[models.Model], pk: Any) -> str:
    """A foreign key in a snapshot as the row it points to (its name or number), not its id."""
    obj = model._base_manager.filter(pk=pk).first() if pk not in (None, "") else None
    return str(obj) if obj is not None else str(pk)


@register.filter
def changes(entry: AuditEntry) -> list[Change]:
    """The fields an entry changed (all fields for a creation), labelled and formatted for display."""
    model = _model_for(entry.object_type)
    out = []
    for attname, before, after in entry.changed_fields:
        if attname in _HIDDEN_FIELDS:
            continue
        field = _field(model, attname)
        names = getattr(entry, "fk_names", None)
        out.append(
            Change(
                attname, _label(field, attname), _display(field, before, names), _display(field, after, names)
            )
        )
    return out


def prime_fk_names(entries: Any) -> None:
    """Name every foreign key the entries' snapshots hold with one query per related model (not one per
    value), so a history page's query count does not grow with its rows."""
    wanted: dict[type[models.Model], set[str]] = {}
    for entry in entries:
        model = _model_for(entry.object_type)
        for attname, before, after in entry.changed_fields:
            field = _field(model, attname)
            if attname in _HIDDEN_FIELDS or field is None or not field.is_relation or not field.related_model:
                continue
            wanted.setdefault(field.related_model, set()).update(
                str(v) for v in (before, after) if v not in (None, "")
            )
    names: dict[tuple[str, str], str] = {}
    for model, pks in wanted.items():
        for obj in model._base_manager.filter(pk__in=pks):
            names[(model._meta.label, str(obj.pk))] = str(obj)
    for entry in entries:
        entry.fk_names = names


@register.simple_tag
def corrections(history: list[AuditEntry], obj: models.Model) -> list[Change]:
    """Fields of `obj` whose current value differs from the one first registered (细则第七十条: the
    original stays visible next to the correction)."""
    label = obj._meta.label
    first = next(
        (e for e in history if e.object_type == label and e.object_id == str(obj.pk) and e.after), None
    )
    if first is None:
        return []
    out = []
    for attname, original in first.after.items():
        if attname in _HIDDEN_FIELDS | _NOT_CORRECTIONS or attname not in {
            f.attname for f in obj._meta.concrete_fields
        }:
            continue
        field = _field(type(obj), attname)
        current = getattr(obj, attname)
        shown_original, shown_current = _display(field, original), _display(field, _json(current))
        if shown_original != shown_current:
            out.append(Change(attname, _label(field, attname), shown_original, shown_current))
    return out


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
