"""Where the demo lives: the province's cities and counties, readable usernames, bureau names.

Pinyin handles make the printed accounts memorable (`changsha_reviewer`, `yuelu_inspector`); the division
helpers choose which cities and counties get regulators and the first enterprises.
"""

from __future__ import annotations

import math

from shouhu.codes import divisions

# Pinyin for the default province's cities and the counties that get an inspector account, so usernames
# read `changsha_reviewer`, `yuelu_inspector`. Other provinces fall back to codes (`d440100_reviewer`).
PINYIN = {
    "430100": "changsha", "430104": "yuelu", "430102": "furong",
    "430200": "zhuzhou", "430211": "tianyuan", "430202": "hetang",
    "430300": "xiangtan", "430302": "yuhu", "430304": "yuetang",
    "430400": "hengyang", "430407": "shigu", "430408": "zhengxiang",
    "430500": "shaoyang", "430502": "shuangqing", "430582": "shaodong",
    "430600": "yueyang", "430602": "yueyanglou", "430681": "miluo",
    "430700": "changde", "430702": "wuling", "430703": "dingcheng",
    "430800": "zhangjiajie", "430802": "yongding", "430821": "cili",
    "430900": "yiyang", "430903": "heshan", "430902": "ziyang",
    "431000": "chenzhou", "431002": "beihu", "431003": "suxian",
    "431100": "yongzhou", "431103": "lengshuitan", "431102": "lingling",
    "431200": "huaihua", "431202": "hecheng", "431221": "zhongfang",
    "431300": "loudi", "431302": "louxing", "431382": "lianyuan",
    "433100": "xiangxi", "433101": "jishou", "433123": "fenghuang",
}  # fmt: skip


def handle(code: str) -> str:
    return PINYIN.get(code, f"d{code}")


def cities_of(province: str) -> list[str]:
    """City-level units of a province in code order (grouping rows such as 市辖区 when it has no others)."""
    prov = divisions.get(province)
    if prov.level != "province":
        raise ValueError(f"{province} is not a province-level division")
    kids = [d for d in divisions.children(prov.code) if d.level == "city"]
    real = [d.code for d in kids if not divisions.is_grouping(d.code) and divisions.counties_in(d.code)]
    return real or [d.code for d in kids if divisions.counties_in(d.code)]


def primary_counties(city: str, n: int) -> list[str]:
    """The counties of a city that get inspectors (and the first enterprises): named ones first."""
    counties = [d.code for d in divisions.counties_in(city)]
    named = [c for c in counties if c in PINYIN]
    named.sort(key=lambda c: list(PINYIN).index(c))
    return (named + [c for c in counties if c not in named])[:n]


def city_count(n_enterprises: int, available: int) -> int:
    """>= 3 cities (fewer only if the province has fewer), one more per 25 enterprises."""
    return min(available, max(3, math.ceil(n_enterprises / 25)))


def bureau(code: str) -> str:
    """The market-regulation bureau of a division: 长沙市市场监督管理局, 岳麓区市场监督管理局."""
    div = divisions.get(code)
    name = divisions.full_name(code) if divisions.is_grouping(code) else div.name
    return f"{name}市场监督管理局"
