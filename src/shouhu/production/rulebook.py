"""What the rules engine says about production: intake tests, banned materials, release items, deadlines.

The one place where production asks `shouhu.rules` (through `core.regulation.engine(as_of)`); the
services never carry a limit, an item list or a deadline of their own. What lives here is only the link
between the enterprise's vocabulary (a material tagged `rice`) and a rule id (`xize2017.art45.rice-pb-cd`);
what the rule requires, and its citation, always come from the rule data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from shouhu.core import regulation
from shouhu.rules import limits as rule_limits

# material tag -> the rule deciding what each incoming lot of it needs (进货查验)
INTAKE_RULES: dict[str, str] = {
    "rice": "xize2017.art45.rice-pb-cd",  # 第四十五条: lead and cadmium per batch (cereal products)
    "dairy": "xize2017.art43.melamine",  # 第四十三条: melamine
    "soy": "xize2017.art44.soy-urease",  # 第四十四条: urease activity per batch
    "nutrient_pack": "xize2017.art45.nutrient-pack-pb-as",  # 第四十五条 + 表8
    "meat": "xize2017.art44.meat-inspection",  # 第四十四条: inspection & quarantine certificate
    "pork": "xize2017.art44.meat-inspection",  # … and designated slaughterhouse for pork
}
IMPORTED_RULE = "xize2017.art40.imported-materials"  # 第四十条: entry-exit certificate per batch
# rules listing banned ingredients (params.ingredients, in the material-tag vocabulary)
BANNED_RULES = (
    "xize2017.art43.no-irradiated",
    "xize2017.art43.no-hydrogenated-fat",
    "gb10769-2025.banned-ingredients",
    "gb10770-2025.banned-ingredients",
)
SPICE_RULE = "xize2017.art46.no-spices-canned-meat-fish"  # params.banned: [香辛料]
ZH_TAGS = {"香辛料": "spice", "蜂蜜": "honey", "辐照原料": "irradiated", "氢化油脂": "hydrogenated_fat"}
RECORD_RULE = "xize2017.annex1.record{:02d}"
TAG_ZH = {
    "honey": _("蜂蜜"),
    "irradiated": _("经辐照处理的原辅料"),
    "hydrogenated_fat": _("氢化油脂"),
    "spice": _("香辛料"),
}
XIZE = "《婴幼儿辅助食品生产许可审查细则（2017版）》"
_CN_DIGITS = "零一二三四五六七八九"


def engine(as_of: date | None = None) -> Any:
    return regulation.engine(as_of)


def _cite(rule: Any) -> str:
    source = rule.source
    return source["cite"] if isinstance(source, dict) else source.cite()


def _cn(n: int) -> str:
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CN_DIGITS[tens] + "十")
    return head + (_CN_DIGITS[ones] if ones or not head else "")


def article_cite(article: int, on: date | None = None) -> str:
    """The citation of a 细则 article, from the rule set (the literal is only a fallback for messages)."""
    try:
        return engine(on).rule(f"xize2017.art{article}").source.cite()
    except Exception:  # the engine not loaded: still name the rule in the message
        return f"{XIZE}第{_cn(article)}条"


def _rule(eng: Any, rule_id: str, on: date) -> Any | None:
    """The rule if it is in force on `on` and not superseded, else None."""
    try:
        rule = eng.rule(rule_id)
    except KeyError:
        return None
    in_force = getattr(eng, "in_force", None)
    if callable(in_force):
        return rule if in_force(rule_id) else None
    return rule if rule.in_force(on) else None


def validate_profile(profile: dict[str, Any], on: date) -> None:
    """Raise the engine's ProfileError (naming the bad key and the valid values) for a bad profile."""
    engine(on).validate_profile(profile)


def applies(eng: Any, rule: Any, profile: dict[str, Any]) -> bool:
    """Does `rule` apply to a product profile? The engine decides (`applicable`); a profile the engine
    cannot read (e.g. a bare licence category) falls back to the rule's own category/attr/process test."""
    try:
        return rule.id in {r.id for r in eng.applicable(profile)}
    except ValueError:  # ProfileError
        return _match(getattr(rule, "applies_when", None), profile)


def _match(pred: Any, profile: dict[str, Any]) -> bool:
    """The subset of the rule-data predicate language needed when the engine cannot read a profile."""
    if not pred:
        return True
    if "all" in pred:
        return all(_match(p, profile) for p in pred["all"])
    if "any" in pred:
        return any(_match(p, profile) for p in pred["any"])
    if "not" in pred:
        return not _match(pred["not"], profile)
    if "category" in pred:
        return str(profile.get("category")) in {str(c) for c in pred["category"]}
    if "attr" in pred:
        return bool((profile.get("attributes") or {}).get(pred["attr"]))
    if "process" in pred:
        return pred["process"] in (profile.get("processes") or [])
    return True


@dataclass(frozen=True)
class Requirement:
    """What one rule requires of an incoming lot."""

    rule_id: str
    title: str
    cite: str
    items: tuple[str, ...] = ()
    micro: tuple[dict[str, Any], ...] = ()  # sampling plans: item, n, c, m, M, unit, method, cite
    certificate: str = ""  # a document the lot must carry: entry_exit_certificate / slaughter_certificate


@dataclass(frozen=True)
class Refusal:
    """A material the rules forbid, with the rule that forbids it."""

    rule_id: str
    tag: str
    cite: str
    text: str


def intake_requirements(
    *, tags: Iterable[str], imported: bool, profiles: list[dict[str, Any]], on: date
) -> list[Requirement]:
    """Per-lot tests and documents for a material with `tags`, for an enterprise making `profiles`."""
    eng = engine(on)
    tags = set(tags)
    out: dict[str, Requirement] = {}
    for tag in sorted(tags):
        rule_id = INTAKE_RULES.get(tag)
        if not rule_id or rule_id in out:
            continue
        rule = _rule(eng, rule_id, on)
        if rule is None or not any(applies(eng, rule, _with_tag_attrs(p, tags)) for p in profiles or [{}]):
            continue
        params = rule.params or {}
        micro = tuple(_micro(eng, mid, on) for mid in params.get("micro", []) or [])
        certificate = ""
        if rule_id == INTAKE_RULES["meat"]:
            certificate = "slaughter_certificate" if "pork" in tags else "inspection_certificate"
        out[rule_id] = Requirement(
            rule_id=rule_id,
            title=getattr(rule, "title", "") or rule_id,
            cite=_cite(rule),
            items=tuple(params.get("items", []) or []),
            micro=tuple(m for m in micro if m),
            certificate=certificate,
        )
    if imported:
        rule = _rule(eng, IMPORTED_RULE, on)
        if rule is not None:
            out[IMPORTED_RULE] = Requirement(
                rule_id=IMPORTED_RULE,
                title=getattr(rule, "title", ""),
                cite=_cite(rule),
                certificate="entry_exit_certificate",
            )
    return list(out.values())


def _with_tag_attrs(profile: dict[str, Any], tags: set[str]) -> dict[str, Any]:
    """A material's own tags make the attribute-conditioned rules apply (dairy → contains_dairy …)."""
    attrs = dict(profile.get("attributes") or {})
    if "dairy" in tags:
        attrs["contains_dairy"] = True
    if "soy" in tags:
        attrs["contains_soy"] = True
    if tags & {"meat", "pork", "fish"}:
        attrs["contains_meat_or_fish"] = True
    processes = list(profile.get("processes") or [])
    if "nutrient_pack" in tags and "nutrient_pack" not in processes:
        processes.append("nutrient_pack")
    return {**profile, "attributes": attrs, "processes": processes}


def _micro(eng: Any, rule_id: str, on: date) -> dict[str, Any] | None:
    rule = _rule(eng, rule_id, on)
    if rule is None:
        return None
    p = rule.params
    return {
        "rule_id": rule_id,
        "item": p["item"],
        "n": int(p["n"]),
        "c": int(p["c"]),
        "m": float(p["m"]),
        "M": None if p.get("M") is None else float(p["M"]),
        "unit": p.get("unit", ""),
        "method": p.get("method", ""),
        "cite": _cite(rule),
    }


def banned(*, tags: Iterable[str], profiles: list[dict[str, Any]], on: date) -> list[Refusal]:
    """Rules forbidding a material with `tags` in any of `profiles` (no profiles: rules for every product)."""
    eng = engine(on)
    tags = set(tags)
    out: list[Refusal] = []
    for rule_id in BANNED_RULES:
        rule = _rule(eng, rule_id, on)
        if rule is None:
            continue
        hit = tags & set((rule.params or {}).get("ingredients", []) or [])
        if hit and (not profiles or any(applies(eng, rule, p) for p in profiles)):
            out.extend(Refusal(rule_id, t, _cite(rule), rule.text) for t in sorted(hit))
    if "spice" in tags:
        rule = _rule(eng, SPICE_RULE, on)
        if rule is not None and profiles and any(applies(eng, rule, p) for p in profiles):
            out.append(Refusal(SPICE_RULE, "spice", _cite(rule), rule.text))
    return out


@dataclass(frozen=True)
class ReleaseItem:
    """One 出厂检验 item the product's standard requires (附件3–5)."""

    rule_id: str
    name: str
    method: str
    cite: str
    optional: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def release_items(profile: dict[str, Any], on: date) -> list[ReleaseItem]:
    """The factory-release test items for a product profile, as of `on` (第六十一条, 附件3—5)."""
    out = []
    for item in engine(on).release_items(profile):
        stds = list(getattr(item, "method_standards", []) or [])
        method = "、".join(stds) if stds else str(getattr(item, "method", "") or "")
        out.append(
            ReleaseItem(
                rule_id=str(item.id),
                name=str(item.name),
                method=method,
                cite=_cite(item),
                optional=bool(getattr(item, "optional", False)),
                extra={
                    "standard": getattr(item, "standard", ""),
                    "confidence": getattr(item, "confidence", ""),
                },
            )
        )
    return out


def param_value(param_id: str, on: date) -> Any:
    return engine(on).parameter(param_id).value


def param_cite(param_id: str, on: date) -> str:
    return engine(on).parameter(param_id).source.cite()


def record_fields(number: int, on: date) -> tuple[str, str, list[str], str]:
    """(rule id, record name, required fields, citation) of 附件1 record `number`."""
    rule_id = RECORD_RULE.format(number)
    rule = engine(on).rule(rule_id)
    return rule_id, rule.params["name"], list(rule.params["fields"]), _cite(rule)


@dataclass(frozen=True)
class LimitCheck:
    """A release-test result judged against the product standard's limit (the one sampling judges by)."""

    rule_id: str
    passed: bool
    reason: str
    cite: str


def release_limit_check(profile: dict[str, Any], on: date, item: str, result: str) -> LimitCheck | None:
    """Judge a release-test result against the limit in rule data (`shouhu.rules.limits`, shared with
    supervision sampling). None when the rule data has no limit for the item or the result is qualitative
    ("符合"): the tester's conclusion stands. A unit unlike the limit's, or a sampling plan with the wrong
    number of values, raises `rules.limits.LimitInputError`."""
    lim = rule_limits.limit_for(engine(on), profile, item)
    if lim is None:
        return None
    number, unit = rule_limits.split_unit(result)
    try:
        values = rule_limits.parse_values(number)
    except rule_limits.LimitInputError:
        return None  # qualitative: the tester's conclusion
    if unit:
        rule_limits.check_unit(lim, unit)
    verdict = rule_limits.judge_values(lim, values)
    return LimitCheck(lim.rule_id, verdict.passed, f"{verdict.reason_zh}（{lim.text}）", lim.cite)
