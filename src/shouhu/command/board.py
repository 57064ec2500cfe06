"""One jurisdiction's board as plain data, laid out once for the page, the Excel export and the PDF brief:
panels (each capability's numbers with the list behind each, its rates, its definition, or why it is
absent), the table by division, the trend series and the breadcrumbs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.urls import reverse

from shouhu.core.access import Actor

from . import selectors
from .figures import CAPABILITIES, KEYS, RATES, TABLE_COLUMNS, Ctx, value_of
from .models import Snapshot


@dataclass
class Board:
    code: str
    name: str
    snapshot: Snapshot | None
    crumbs: list[tuple[str, str]]
    panels: list[dict[str, Any]] = field(default_factory=list)
    columns: list[dict[str, Any]] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    trend: dict[str, Any] = field(default_factory=dict)
    is_county: bool = False


def page_url(code: str) -> str:
    return reverse("command:division", args=[code]) if code else reverse("command:index")


def fmt(key: str, value: float | int | None) -> str:
    if value is None:
        return "—"
    if key in RATES:
        return f"{value * 100:.1f}%"
    return str(value)


def _panels(snap: Snapshot, code: str, totals: dict[str, int]) -> list[dict[str, Any]]:
    ctx = Ctx(code=code, as_of=snap.as_of)
    failed = set(snap.failed or [])
    out = []
    for cap in CAPABILITIES:
        present = cap.available and cap.key not in failed and any(k in totals for k in KEYS.get(cap.key, ()))
        panel: dict[str, Any] = {"key": cap.key, "title": cap.title, "present": present}
        if not cap.available:
            panel["absent"] = cap.absent_note
        elif not present:
            panel["absent"] = "failed" if cap.key in failed else "empty"
        definition = str(cap.definition)
        if "%(days)s" in definition:
            definition = definition % {"days": settings.SHOUHU_CONNECTION_WINDOW_DAYS}
        panel["definition"] = definition
        panel["numbers"] = [
            {
                "key": n.key,
                "label": n.text,
                "value": totals.get(n.key),
                "url": n.link(ctx) if n.link else "",
                "alert": bool(n.bad and totals.get(n.key)),
            }
            for n in cap.numbers
        ]
        panel["rates"] = [
            {
                "key": r.key,
                "label": r.label,
                "value": value_of(r.key, totals),
                "text": fmt(r.key, value_of(r.key, totals)),
            }
            for r in cap.rates
        ]
        out.append(panel)
    return out


def _trend(code: str) -> dict[str, Any]:
    """Each capability's trend line over the last snapshots (rates as percentages)."""
    lines = [(cap, cap.trend) for cap in CAPABILITIES if cap.available and cap.trend]
    keys: set[str] = set()
    for _cap, key in lines:
        keys |= {RATES[key].num, RATES[key].den} if key in RATES else {key}
    points = selectors.trend(code, keys)
    labels = [s.as_of.strftime("%m-%d") for s, _t in points]
    series = []
    for cap, key in lines:
        data = []
        for _s, t in points:
            v = value_of(key, t)
            data.append(None if v is None else (round(v * 100, 1) if key in RATES else v))
        label = RATES[key].label if key in RATES else next(n.text for n in cap.numbers if n.key == key)
        name = str(cap.title) if str(label) == str(cap.title) else f"{cap.title} · {label}"
        series.append({"name": name, "key": key, "rate": key in RATES, "data": data})
    return {"labels": labels, "series": series}


def board(actor: Actor, code: str) -> Board:
    code = selectors.jurisdiction_code(actor, code)
    snap = selectors.latest_snapshot()
    b = Board(
        code=code,
        name=selectors.division_label(code),
        snapshot=snap,
        crumbs=[(c, n, page_url(c)) for c, n in selectors.breadcrumbs(actor, code)],
        is_county=selectors.child_prefix_length(code) == 0,
    )
    if snap is None:
        return b
    totals = selectors.totals(snap, code)
    b.panels = _panels(snap, code, totals)
    b.columns = [{"key": k, "label": label} for k, label in TABLE_COLUMNS]
    for child in selectors.children(snap, code):
        b.rows.append(
            {
                "code": child.code,
                "name": child.name,
                "url": page_url(child.code),
                "enterprises_url": reverse("command:enterprises", args=[child.code]),
                "cells": [fmt(k, value_of(k, child.totals)) for k, _l in TABLE_COLUMNS],
                "values": [value_of(k, child.totals) for k, _l in TABLE_COLUMNS],
            }
        )
    b.trend = _trend(code)
    return b
