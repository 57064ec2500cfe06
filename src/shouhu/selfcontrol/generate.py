"""The first risk-control list, generated from the enterprise's licensed categories and varieties.

The points are the requirements the rules engine finds in force for the enterprise's products (表1 and
表5–7 rows, the 细则's articles, the product standards), the same generator licensing's on-site checklists
use (the kernel's `rules` template source). Each becomes a risk point in the group its 细则 scoring part
maps to, with the group's default check frequency and owner role from rule data
(`selfcontrol.risk-groups`, [check]), the requirement's text as its control measure, and its citation.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from shouhu.core import regulation
from shouhu.production.selectors import enterprise_profiles
from shouhu.registry.models import LicenceItem
from shouhu.workflow.checklists.sources import rules_source

FREQUENCIES = ("daily", "weekly", "monthly")
OWNER_ROLES = ("officer", "director", "principal", "qa")
OTHER_GROUP = {"label": "其他", "frequency": "monthly", "owner_role": "director"}


def groups(as_of: date | None = None) -> dict[str, Mapping[str, Any]]:
    return dict(regulation.param("selfcontrol.risk-groups", as_of) or {})


def profiles_of(enterprise_id: int) -> list[dict[str, Any]]:
    """Product profiles with a variety (the rules generator names products by category and variety)."""
    varieties = {}
    for cat, variety in LicenceItem.objects.filter(licence__enterprise_id=enterprise_id).values_list(
        "category", "variety"
    ):
        varieties.setdefault(cat, variety)
    out = []
    for p in enterprise_profiles(enterprise_id):
        profile = dict(p)
        if not profile.get("variety"):
            profile["variety"] = varieties.get(str(profile.get("category")), "")
        if profile.get("variety"):
            out.append(profile)
    return out


def points_for(profiles: list[dict[str, Any]], as_of: date) -> list[dict[str, Any]]:
    spec = rules_source({"profiles": profiles}, as_of)
    table = groups(as_of)
    points = []
    for item in spec.items:
        group = table.get(item.group) or OTHER_GROUP
        points.append(
            {
                "point_id": item.item_id,
                "group": item.group or "other",
                "group_label": str(group["label"]),
                "title": item.title,
                "measures": item.text or item.title,
                "owner_role": str(group["owner_role"]),
                "frequency": str(group["frequency"]),
                "citation": item.citation,
                "rule_id": item.item_id,
                "retired": False,
            }
        )
    return points


def diff(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """What changed between two versions' points: added, retired, changed (field by field)."""
    a = {p["point_id"]: p for p in old}
    b = {p["point_id"]: p for p in new}
    added = [b[k] for k in b if k not in a and not b[k].get("retired")]
    retired = [b[k] for k in b if b[k].get("retired") and (k not in a or not a[k].get("retired"))]
    retired += [a[k] for k in a if k not in b]
    changed = []
    for k in b:
        if k in a and not b[k].get("retired"):
            fields = {
                f: {"old": a[k].get(f), "new": b[k].get(f)}
                for f in sorted(set(a[k]) | set(b[k]))
                if f != "retired" and a[k].get(f) != b[k].get(f)
            }
            if fields:
                changed.append({"point_id": k, "title": b[k].get("title"), "fields": fields})
    return {"added": added, "retired": retired, "changed": changed}
