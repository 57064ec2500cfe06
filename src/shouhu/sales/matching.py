"""Pure helpers of sales supervision: name and address similarity, a place's division, listing columns.

No Django. `similarity` compares a buyer (购货者) with a seller on character bigrams of the name (legal-form
words such as 有限公司 removed) and of the address; `place_division` reads a county out of a free-text
place ("湖南省长沙市岳麓区麓山南路", "长沙岳麓") or a 6-digit code; `map_columns` resolves a listing
export's header to the fields a sweep link reads, with the user's own mapping first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache

from shouhu.codes import divisions

LEGAL_FORMS = (
    "有限责任公司",
    "股份有限公司",
    "有限公司",
    "分公司",
    "公司",
    "个体工商户",
    "经营部",
    "商行",
    "超市",
    "店",
)
_SPACE = re.compile(r"[\s（）()·\-—_,，.。]+")


def normalise_name(name: str) -> str:
    text = _SPACE.sub("", name or "")
    for form in LEGAL_FORMS:
        text = text.replace(form, "")
    return text


def _bigrams(text: str) -> set[str]:
    text = _SPACE.sub("", text or "")
    if len(text) < 2:
        return {text} if text else set()
    return {text[i : i + 2] for i in range(len(text) - 1)}


def dice(a: str, b: str) -> float:
    x, y = _bigrams(a), _bigrams(b)
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))


def similarity(name_a: str, address_a: str, name_b: str, address_b: str) -> float:
    """0–1: the name weighs 0.6, the address 0.4 (an address missing on either side counts as the name)."""
    name = dice(normalise_name(name_a), normalise_name(name_b))
    if not (address_a or "").strip() or not (address_b or "").strip():
        return round(name, 3)
    return round(0.6 * name + 0.4 * dice(address_a, address_b), 3)


@cache
def _counties() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(county code, county name, names of its ancestors) for every county, longest names first."""
    out = []
    for d in divisions.all_divisions():
        if d.level != "county":
            continue
        names = tuple(a.name for a in divisions.ancestors(d.code) if not divisions.is_grouping(a.code))
        out.append((d.code, d.name, names))
    return tuple(sorted(out, key=lambda t: -len(t[1])))


def _short(name: str) -> str:
    for suffix in (
        "特别行政区",
        "维吾尔自治区",
        "壮族自治区",
        "回族自治区",
        "自治区",
        "省",
        "市",
        "区",
        "县",
    ):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


@cache
def place_division(place: str) -> str:
    """The county a place names, or "" when it names none or several equally well."""
    text = (place or "").strip()
    if len(text) == 6 and text.isdigit():
        return text if divisions.exists(text) else ""
    if not text:
        return ""
    best: list[tuple[int, str]] = []
    for code, name, ancestors in _counties():
        short = _short(name)
        if short in {_short(a) for a in ancestors}:
            short = name  # 长沙县 under 长沙市: "长沙" names the city, not the county
        if name not in text and short not in text:
            continue
        score = 2 if name in text else 1
        score += sum(2 if a in text else 1 if _short(a) in text else 0 for a in ancestors)
        best.append((score, code))
    if not best:
        return ""
    best.sort(reverse=True)
    if len(best) > 1 and best[0][0] == best[1][0]:
        return ""  # 鼓楼区 of several cities: ambiguous, never guessed
    return best[0][1]


# The fields a sweep link reads, with the header names it knows for each (CSV, JSONL or Excel).
FIELDS: dict[str, tuple[str, ...]] = {
    "shop_id": ("shop_id", "店铺ID", "店铺编号", "店铺id"),
    "shop_url": ("shop_url", "店铺链接", "店铺网址"),
    "shop_name": ("shop_name", "店铺名称", "店铺"),
    "platform": ("platform", "平台", "平台名称"),
    "operator": ("operator", "经营主体", "经营者名称"),
    "operator_uscc": ("operator_uscc", "统一社会信用代码", "信用代码"),
    "registered_address": ("registered_address", "登记地址", "经营地址"),
    "ship_from": ("ship_from", "发货地", "发货地址"),
    "pickup": ("pickup", "取货地址", "自提地址"),
}
SHOP_KEYS = ("shop_id", "shop_url")  # at least one names the shop


class ColumnError(ValueError):
    def __init__(self, code: str, detail: str, expected: tuple[str, ...], found: tuple[str, ...]) -> None:
        super().__init__(detail)
        self.code, self.detail, self.expected, self.found = code, detail, expected, found


def expected_columns() -> tuple[str, ...]:
    return tuple(name for names in FIELDS.values() for name in names)


def map_columns(header: Iterable[str], mapping: Mapping[str, str] | None = None) -> dict[str, str]:
    """field → header column. `mapping` (field → column) from the user comes first and must name columns
    of the file and fields we read; a file with no column for the shop is refused, listing what we expect."""
    cols = [c for c in header if c]
    found = tuple(cols)
    out: dict[str, str] = {}
    for field, column in (mapping or {}).items():
        if not column:
            continue
        if field not in FIELDS:
            raise ColumnError("field", field, tuple(FIELDS), found)
        if column not in cols:
            raise ColumnError("column", column, tuple(FIELDS), found)
        out[field] = column
    for field, names in FIELDS.items():
        if field not in out:
            hit = next((c for c in cols if c in names or c.lower() in names), None)
            if hit:
                out[field] = hit
    if not any(k in out for k in SHOP_KEYS):
        raise ColumnError("shop", "", expected_columns(), found)
    return out


def normalise_url(url: str) -> str:
    text = (url or "").strip().lower()
    text = re.sub(r"^[a-z]+://", "", text)
    text = text.split("?", 1)[0].split("#", 1)[0]
    return text.rstrip("/")


def read_listing_shops(payload: Mapping[str, object]) -> list[dict[str, str]]:
    """A core.jobs target (an isolated child, no database): each row of a listing export (`data`, its
    `suffix`) reduced to the mapped shop fields (`columns`: field → column), in file order."""
    import tempfile

    from shouhu.labels.batch import read_rows

    columns = dict(payload["columns"])  # type: ignore[call-overload]
    with tempfile.NamedTemporaryFile(suffix=str(payload["suffix"])) as fh:
        fh.write(bytes(payload["data"]))  # type: ignore[call-overload]
        fh.flush()
        return [
            {field: str(row.get(column) or "").strip() for field, column in columns.items()}
            for row in read_rows(fh.name)
        ]
