"""Seeded generators of realistic Chinese demo data: enterprises, addresses, people, phones, products.

Demos and benchmarks need data that looks like the real thing (a reviewer reading "岳麓区麓兴路627号"
should not be distracted) yet is invented and reproducible: every function takes a ``random.Random``
and draws only from it, so the same seed gives the same output. Word lists live in ``names.yaml``.
"""

from __future__ import annotations

import random
import re
import string
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from shouhu.codes import divisions

WORDS_FILE = Path(__file__).with_name("names.yaml")

PRODUCT_CATEGORIES = ("3001", "3002", "3003")

_PROVINCE_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市")
_COUNTY_SUFFIXES = ("自治县", "自治旗", "林区", "特区", "区", "县", "市", "旗")


@cache
def _words() -> dict[str, Any]:
    return yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))


def _strip_suffix(name: str, suffixes: tuple[str, ...]) -> str:
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def place_stem(code: str) -> str:
    """Short place name used in enterprise names: "湖南" for 湖南省, "长沙" for 长沙市, "岳麓" for 岳麓区."""
    div = divisions.get(code)
    if div.level == "province":
        return _strip_suffix(div.name, _PROVINCE_SUFFIXES)
    stem = _strip_suffix(div.name, _COUNTY_SUFFIXES if div.level == "county" else ("市", "地区", "盟"))
    # 石柱土家族自治县 -> 石柱, 恩施土家族苗族自治州 -> 恩施
    return stem[:2] if "族" in stem else stem


def _prefix_division(code: str) -> str:
    """The province or the (real) prefecture whose short name prefixes an enterprise name."""
    chain = [*divisions.ancestors(code), divisions.get(code)]
    cities = [d for d in chain if d.level == "city" and d.name.endswith("市")]
    return cities[0].code if cities else chain[0].code


def enterprise_name(rng: random.Random, division_code: str) -> str:
    """地名 + 字号 + 行业 + 组织形式, e.g. "长沙禾苗婴幼儿食品有限公司" for a division in 长沙."""
    w = _words()["enterprise"]
    province = (*divisions.ancestors(division_code), divisions.get(division_code))[0]
    place = rng.choice([province.code, _prefix_division(division_code)])
    return (
        f"{place_stem(place)}{rng.choice(w['trade_names'])}{rng.choice(w['industry'])}{rng.choice(w['form'])}"
    )


def _pick_county(rng: random.Random, code: str) -> divisions.Division:
    counties = divisions.counties_in(code)
    return rng.choice(counties) if counties else divisions.get(code)  # 东莞 441900 has no counties


def street_address(rng: random.Random, division_code: str, *, full: bool = False) -> str:
    """An address inside the county (or inside a random county of a city/province), e.g. "岳麓区麓兴路627号".

    With ``full=True`` the province and city are prefixed ("湖南省长沙市岳麓区…").
    """
    w = _words()["address"]
    county = _pick_county(rng, division_code)
    stem = place_stem(county.code)
    road_chars = [c for c in stem if c not in "区县市旗"] or list(stem)  # 道县 -> 道
    if rng.random() < 0.5:
        road = f"{rng.choice(road_chars)}{rng.choice(w['road_middle'])}{rng.choice(w['road_suffix'])}"
    else:
        road = f"{rng.choice(w['road_generic'])}{rng.choice(w['road_suffix'])}"
    number = f"{rng.randint(1, 999)}号"
    if rng.random() < 0.4:
        detail = f"{stem}{rng.choice(w['park'])}{road}{number}{rng.choice(w['building'])}"
    else:
        detail = f"{road}{number}"
    head = divisions.full_name(county.code) if full else county.name
    return head + detail


def person_name(rng: random.Random) -> str:
    """A common surname and a one- or two-character given name."""
    w = _words()["person"]
    given_len = 1 if rng.random() < 0.3 else 2
    return rng.choice(w["surnames"]) + "".join(rng.choice(w["given_chars"]) for _ in range(given_len))


def mobile_number(rng: random.Random) -> str:
    """An 11-digit mainland mobile number with an allocated prefix (13x, 15x, 18x, …)."""
    prefix = rng.choice(_words()["mobile_prefixes"])
    return f"{prefix}{''.join(rng.choice(string.digits) for _ in range(8))}"


_FIELD_RE = re.compile(r"\{(\w+)\}")


def product_name(rng: random.Random, category: str) -> str:
    """A product name for 婴幼儿辅助食品 category 3001, 3002 or 3003; fields in one name never repeat a word."""
    if category not in PRODUCT_CATEGORIES:
        raise ValueError(f"unknown product category {category!r}; expected one of {PRODUCT_CATEGORIES}")
    spec = _words()["products"][category]
    template: str = rng.choice(spec["templates"])
    used: set[str] = set()
    values: dict[str, str] = {}
    for field in _FIELD_RE.findall(template):
        choices = [c for c in spec[field] if c not in used] or spec[field]
        values[field] = rng.choice(choices)
        used.add(values[field])
    return template.format(**values)
