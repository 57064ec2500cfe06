"""USCC (GB 32100-2015) and SC licence numbers: checks, messages and generator properties."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shouhu.codes import divisions
from shouhu.codes import identifiers as ids
from shouhu.codes.identifiers import IdentifierError

# Published examples: the GB 32100 sample code and a real enterprise's code.
VALID = ["91350100M000100Y43", "91110000600037341L"]


def test_weights_are_powers_of_three_mod_31():
    assert ids.USCC_WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    assert len(ids.USCC_ALPHABET) == len(set(ids.USCC_ALPHABET)) == 31
    assert not set("IOSVZ") & set(ids.USCC_ALPHABET)


@pytest.mark.parametrize("code", VALID)
def test_valid_codes(code):
    assert ids.validate_uscc(code) == code
    assert ids.uscc_check_char(code[:17]) == code[17]
    assert ids.uscc_org_code_ok(code)


def test_normalisation():
    assert ids.validate_uscc("  91350100m000100y43 ") == "91350100M000100Y43"
    assert ids.validate_uscc("９１３５０１００Ｍ０００１００Ｙ４３") == "91350100M000100Y43"  # full-width


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "uscc.empty"),
        (None, "uscc.empty"),
        ("91350100M000100Y4", "uscc.length"),
        ("91350100M000100Y433", "uscc.length"),
        ("91350100M000100I43", "uscc.charset"),
        ("913501O0M000100Y43", "uscc.charset"),
        ("9135A100M000100Y43", "uscc.division"),
        ("91350100M000100Y44", "uscc.check"),
    ],
)
def test_uscc_errors(value, code):
    with pytest.raises(IdentifierError) as exc:
        ids.validate_uscc(value)
    err = exc.value
    assert err.code == code
    assert err.field == "uscc"
    assert err.message_zh.startswith("统一社会信用代码")
    assert err.message_en.startswith("Unified social credit code")
    assert isinstance(err, ValueError)


def test_check_message_in_both_languages():
    with pytest.raises(IdentifierError) as exc:
        ids.validate_uscc("91350100M000100Y44")
    assert exc.value.message_zh == "统一社会信用代码校验位错误"
    assert exc.value.message_en == "Unified social credit code: wrong check character"


def test_org_code_check_char_gb11714_example():
    assert ids.org_code_check_char("D2143569") == "X"


def test_embedded_org_code_not_enforced():
    # A USCC whose 主体标识码 fails GB 11714 but whose final character is right is still accepted.
    first17 = "92430104" + "MA4L0000" + "1"
    code = first17 + ids.uscc_check_char(first17)
    assert ids.validate_uscc(code) == code
    assert ids.uscc_org_code_ok(code) is (ids.org_code_check_char("MA4L0000") == "1")


counties = st.sampled_from([d.code for d in divisions.all_divisions() if d.level == "county"])
seeds = st.integers(min_value=0, max_value=2**32)


@settings(max_examples=200)
@given(seeds, counties)
def test_generated_codes_validate(seed, county):
    code = ids.make_uscc(random.Random(seed), county)
    assert ids.validate_uscc(code) == code
    assert code[2:8] == county
    assert ids.uscc_org_code_ok(code)


@settings(max_examples=200)
@given(seeds, counties, st.integers(0, 17), st.sampled_from(ids.USCC_ALPHABET))
def test_any_single_substitution_is_detected(seed, county, pos, char):
    """Holds for every position: 31 is prime and every weight 3^i is non-zero mod 31."""
    code = ids.make_uscc(random.Random(seed), county)
    if code[pos] == char:
        return
    with pytest.raises(IdentifierError):
        ids.validate_uscc(code[:pos] + char + code[pos + 1 :])


def test_single_substitution_exhaustive_on_published_codes():
    for code in VALID:
        for pos in range(18):
            for char in ids.USCC_ALPHABET + "IOSVZ":
                if char != code[pos]:
                    with pytest.raises(IdentifierError):
                        ids.validate_uscc(code[:pos] + char + code[pos + 1 :])


@settings(max_examples=200)
@given(seeds, counties, st.integers(0, 15))
def test_adjacent_transpositions_in_first_17_are_detected(seed, county, pos):
    """(w_i − w_{i+1})(a − b) = −2·3^i·(a − b) ≢ 0 mod 31. Swaps with the check char itself are not covered."""
    code = ids.make_uscc(random.Random(seed), county)
    a, b = code[pos], code[pos + 1]
    if a == b:
        return
    with pytest.raises(IdentifierError):
        ids.validate_uscc(code[:pos] + b + a + code[pos + 2 :])


def test_make_uscc_is_deterministic():
    assert ids.make_uscc(random.Random(7), "430104") == ids.make_uscc(random.Random(7), "430104")


def test_make_uscc_rejects_unknown_division():
    with pytest.raises(divisions.UnknownDivision):
        ids.make_uscc(random.Random(1), "999999")


# --- SC numbers -------------------------------------------------------------------------------


def test_parse_sc_number():
    sc = ids.parse_sc_number("SC13043010400017")
    assert sc == ids.ScNumber("130", "430104", "0001", "7")
    assert str(sc) == "SC13043010400017"
    assert ids.parse_sc_number(" sc13043010400017 ") == sc


@pytest.mark.parametrize(
    "number",
    [
        "SC13043010400017",  # county
        "SC13043010000015",  # prefecture
        "SC13043000000013",  # province (special foods licensed by the province)
        "SC13044190000011",  # 东莞: a prefecture without counties
        "SC13042900400019",  # 仙桃: county-level city directly under the province
        "SC20143010400012",  # food additive
    ],
)
def test_sc_numbers_accepted(number):
    assert str(ids.parse_sc_number(number)) == number


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("", "sc.format"),
        ("SC1304301040001", "sc.format"),
        ("SC130430104000170", "sc.format"),
        ("QS13043010400017", "sc.format"),
        ("SC13A43010400017", "sc.format"),
        ("SC03043010400017", "sc.category"),
        ("SC30043010400017", "sc.category"),
        ("SC10043010400017", "sc.category"),
        ("SC13099999900017", "sc.division"),
        ("SC13011010000017", "sc.division"),  # 110100 市辖区 is a grouping, not a jurisdiction
        ("SC13042900000017", "sc.division"),  # 429000 省直辖县级行政区划
        ("SC13081000000017", "sc.division"),  # Hong Kong: no SC licences
        ("SC13054042200017", "sc.division"),  # 540422 米林县, abolished (now 540481 米林市)
    ],
)
def test_sc_errors(number, code):
    with pytest.raises(IdentifierError) as exc:
        ids.parse_sc_number(number)
    assert exc.value.code == code
    assert exc.value.field == "sc_number"
    assert exc.value.message_zh.startswith("食品生产许可证编号")
    assert exc.value.message_en.startswith("Food production licence number")


def test_check_digit_not_verified():
    for digit in "0123456789":
        assert ids.parse_sc_number(f"SC1304301040001{digit}").check_digit == digit


def test_format_sc_number():
    assert ids.format_sc_number("130", "430104", 1, 7) == "SC13043010400017"
    assert ids.format_sc_number("130", "430104", "0001", "7") == "SC13043010400017"
    with pytest.raises(IdentifierError) as exc:
        ids.format_sc_number("130", "430199", 1, 7)
    assert exc.value.code == "sc.division"
    with pytest.raises(IdentifierError):
        ids.format_sc_number("130", "430104", 12345, 7)


issuing = st.sampled_from(
    [
        d.code
        for d in divisions.all_divisions()
        if d.code[:2] not in {"71", "81", "82"} and not divisions.is_grouping(d.code)
    ]
)


@settings(max_examples=200)
@given(st.sampled_from(["130", "101", "201", "132"]), issuing, st.integers(0, 9999), st.integers(0, 9))
def test_sc_format_parse_round_trip(category, division, sequence, check):
    number = ids.format_sc_number(category, division, sequence, check)
    assert len(number) == 16
    assert ids.parse_sc_number(number) == ids.ScNumber(category, division, f"{sequence:04d}", str(check))
