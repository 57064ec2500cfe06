"""Enterprise identifiers: 统一社会信用代码 (GB 32100-2015) and SC food production licence numbers.

Pure functions (no Django) so that services, the API, imports and demo data share one check. Every
refusal is an :class:`IdentifierError` with a stable code and a message in Chinese and English that
names the field.

Decisions:

* USCC: the final GB 32100 check character is verified (a published algorithm, so a typo is caught).
  The GB 11714 check character embedded in the 9-character 主体标识码 is *not* enforced by
  :func:`validate_uscc`: codes for some subjects (e.g. 个体工商户 registered after 2015) carry a 主体标识码
  that is not a GB 11714 organisation code, so enforcing it would reject real, valid codes — which is why
  common real-world validators check only the final character. :func:`uscc_org_code_ok` reports it for
  callers who want the extra signal. The 6-digit division part must be digits but need not exist today:
  a code keeps the division it was issued under, even after that division is abolished.
* SC numbers: the check-digit algorithm is not public (DOMAIN.md §2), so only the structure, the food
  category and the division are validated; ``check_digit`` is carried, never verified.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass

from shouhu.codes import divisions

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 chars: no I, O, S, V, Z
_USCC_VALUE = {c: i for i, c in enumerate(USCC_ALPHABET)}
USCC_WEIGHTS = tuple(
    pow(3, i, 31) for i in range(17)
)  # 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28

_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)  # GB 11714-1997
_ORG_BODY_RE = re.compile(r"^[0-9A-Z]{8}$")

SPECIAL_DIETARY_CATEGORY = "130"  # 特殊膳食食品 (30) as a food (leading 1): 婴幼儿辅助食品 3001–3003
_SC_RE = re.compile(r"^SC(\d{3})(\d{6})(\d{4})(\d)$")


class IdentifierError(ValueError):
    """An identifier refused, with a stable ``code`` and messages in both languages."""

    def __init__(self, code: str, message_zh: str, message_en: str, field: str) -> None:
        super().__init__(f"{code}: {message_en}")
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en
        self.field = field


def _normalise(value: object) -> str:
    """Full-width to half-width (people paste from Chinese IMEs), strip spaces, upper-case."""
    text = unicodedata.normalize("NFKC", str(value or ""))
    return re.sub(r"\s+", "", text).upper()


# --- 统一社会信用代码 -------------------------------------------------------------------------------


def _uscc_error(code: str, zh: str, en: str) -> IdentifierError:
    return IdentifierError(
        f"uscc.{code}", f"统一社会信用代码{zh}", f"Unified social credit code: {en}", "uscc"
    )


def uscc_check_char(first17: str) -> str:
    """The GB 32100 check character for the first 17 characters: 31 − (Σ value·3^i mod 31), 31 → 0."""
    if len(first17) != 17 or any(c not in _USCC_VALUE for c in first17):
        raise ValueError("need 17 characters from the USCC alphabet")
    total = sum(_USCC_VALUE[c] * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def validate_uscc(value: str) -> str:
    """Return the normalised code, or raise :class:`IdentifierError` (field ``uscc``)."""
    s = _normalise(value)
    if not s:
        raise _uscc_error("empty", "不能为空", "required")
    if len(s) != 18:
        raise _uscc_error("length", f"应为18位（现为{len(s)}位）", f"must be 18 characters (got {len(s)})")
    bad = sorted({c for c in s if c not in _USCC_VALUE})
    if bad:
        chars = "".join(bad)
        raise _uscc_error(
            "charset",
            f"含有不允许的字符：{chars}（不使用 I、O、S、V、Z）",
            f"characters not allowed: {chars} (I, O, S, V, Z are never used)",
        )
    if not s[2:8].isdigit():
        raise _uscc_error(
            "division",
            "第3至8位（登记管理机关行政区划码）应为数字",
            "positions 3-8 (division code) must be digits",
        )
    if uscc_check_char(s[:17]) != s[17]:
        raise _uscc_error("check", "校验位错误", "wrong check character")
    return s


def org_code_check_char(first8: str) -> str:
    """GB 11714 check character of an organisation code body: 11 − (Σ value·w mod 11); 10 → X, 11 → 0."""
    if not _ORG_BODY_RE.match(first8):
        raise ValueError("need 8 characters 0-9/A-Z")
    total = sum(int(c, 36) * w for c, w in zip(first8, _ORG_WEIGHTS, strict=True))
    r = 11 - total % 11
    return "X" if r == 10 else "0" if r == 11 else str(r)


def uscc_org_code_ok(uscc: str) -> bool:
    """Whether the embedded 主体标识码 (positions 9–17) carries a valid GB 11714 check char. Informational."""
    body = validate_uscc(uscc)[8:17]
    return _ORG_BODY_RE.match(body[:8]) is not None and org_code_check_char(body[:8]) == body[8]


def make_uscc(rng: random.Random, division_code: str, *, dept: str = "9", kind: str = "1") -> str:
    """A valid USCC for demo data: 市场监管 (9) registered 企业 (1) by default, valid GB 11714 body."""
    division = divisions.get(division_code).code
    body8 = "".join(rng.choice(USCC_ALPHABET) for _ in range(8))
    first17 = f"{dept}{kind}{division}{body8}{org_code_check_char(body8)}"  # 0-9 or X: all in the alphabet
    return first17 + uscc_check_char(first17)


# --- SC 食品生产许可证编号 -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScNumber:
    category: str  # 3 digits: 1 = food / 2 = food additive, then the category (30 = 特殊膳食食品)
    division: str  # 6-digit GB/T 2260 code of the issuing jurisdiction
    sequence: str  # 4 digits
    check_digit: str  # 1 digit, not verifiable (algorithm not public)

    def __str__(self) -> str:
        return format_sc_number(self.category, self.division, self.sequence, self.check_digit)


def _sc_error(code: str, zh: str, en: str) -> IdentifierError:
    return IdentifierError(
        f"sc.{code}", f"食品生产许可证编号{zh}", f"Food production licence number: {en}", "sc_number"
    )


def _check_sc_category(category: str) -> None:
    if category[0] not in "12" or category[1:] == "00":
        raise _sc_error(
            "category",
            f"食品类别编码 {category} 无效（首位应为1食品或2食品添加剂，后两位为类别编号）",
            f"food category code {category} is invalid (1 = food or 2 = food additive, then a category number)",
        )


def _issuing_division_ok(code: str) -> bool:
    if not divisions.exists(code) or divisions.get(code).code != code:
        return False
    if code[:2] + "0000" in divisions.NON_MAINLAND:
        return False
    return not divisions.is_grouping(code)


def _check_sc_division(division: str) -> None:
    """Any current mainland division except grouping rows: county, prefecture (e.g. 东莞 441900, which has
    no counties, or a city bureau) or province (special foods are often licensed by the province)."""
    if not _issuing_division_ok(division):
        raise _sc_error(
            "division",
            f"行政区划代码 {division} 不是现行有效的发证地区划（GB/T 2260）",
            f"division code {division} is not a current GB/T 2260 issuing jurisdiction",
        )


def parse_sc_number(value: str) -> ScNumber:
    """Split and check an SC number (structure, category, division); the check digit is not verified."""
    s = _normalise(value)
    m = _SC_RE.match(s)
    if not m:
        raise _sc_error(
            "format",
            "格式应为 SC + 14位数字（类别3位 + 区划6位 + 顺序码4位 + 校验码1位）",
            "must be SC followed by 14 digits (category 3 + division 6 + sequence 4 + check 1)",
        )
    category, division, sequence, check = m.groups()
    _check_sc_category(category)
    _check_sc_division(division)
    return ScNumber(category, division, sequence, check)


def format_sc_number(category: str, division: str, sequence: str | int, check_digit: str | int) -> str:
    """Assemble an SC number; raises :class:`IdentifierError` if the parts are malformed."""
    seq = f"{int(sequence):04d}" if isinstance(sequence, int) else sequence
    number = f"SC{category}{division}{seq}{check_digit}"
    parse_sc_number(number)
    return number
