"""Claim families added after studying unseen3 (data/grammar.yaml, 2026-12-03.2), as families: every template
filled with any of its words is found under its code, and the same words in a clean frame are not. The
words and templates are this file's own (none is a sentence of an evaluation split)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shouhu.labels import check_label

from .conftest import TODAY

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def claims(text: str) -> set[str]:
    res = check_label(text, as_of=TODAY, skip=("mandatory",))
    return {f.code for f in res.findings if f.code.startswith("claim.")}


# ---- how far ahead of a rival ------------------------------------------------------------------------------
RIVALS = ["其他米饼", "普通米粉", "市面上的果泥", "进口辅食", "别家的溶豆", "传统面条"]
AHEAD = ["高出一大截", "多出30%", "强出好几倍", "甩出几条街", "高一个档次", "高了一截", "丰富出两倍"]


@SETTINGS
@given(
    st.sampled_from(["和{r}比，{w}{a}", "跟{r}相比，{w}{a}", "相比{r}，{w}{a}", "与{r}比起来，{w}{a}"]),
    st.sampled_from(RIVALS),
    st.sampled_from(["营养", "铁含量", "口感", "钙"]),
    st.sampled_from(AHEAD),
)
def test_a_rival_left_far_behind_is_a_comparison_claim(template, r, w, a):
    text = template.format(r=r, w=w, a=a)
    assert "claim.absolute_or_false" in claims(text), text


@SETTINGS
@given(st.sampled_from(RIVALS))
def test_a_rival_named_for_usage_is_no_claim(r):
    for text in (f"和{r}一样，用温水冲调即可", f"可与{r}混合食用", f"冲调方法与{r}相同"):
        assert not claims(text), text


# ---- nothing matches us ----------------------------------------------------------------------------------
@SETTINGS
@given(
    st.sampled_from(["没有一款", "没有哪家", "找不到一款", "没有任何一款", "没有谁"]),
    st.sampled_from(["比得上", "比得过", "赶得上", "能比得上"]),
    st.sampled_from(["我们", "我家", "咱家", "它", "这款"]),
)
def test_none_said_to_match_us_is_a_comparison_claim(none, verb, us):
    text = f"同价位的米粉里，{none}{verb}{us}"
    assert "claim.absolute_or_false" in claims(text), text


def test_hard_to_match_breast_milk_is_no_claim_of_ours():
    assert not claims("没有一款辅食能比得上母乳，6月龄前请坚持母乳喂养")
    assert not claims("任何辅食都不能代替母乳")


# ---- the neighbour's child -------------------------------------------------------------------------------
@SETTINGS
@given(
    st.sampled_from(["隔壁家", "邻居家的", "楼下", "小区里的", "班上的", "亲戚家"]),
    st.sampled_from(["宝宝", "孩子", "同龄娃", "小朋友", "同龄宝宝"]),
    st.sampled_from(["高出半个头", "壮实", "聪明", "长得快", "个子高"]),
)
def test_taller_or_smarter_than_the_neighbours_child_is_a_function_claim(n, child, better):
    text = f"吃了三个月，宝宝比{n}{child}{better}"
    assert "claim.health_function" in claims(text), text


def test_a_comparison_with_the_childs_own_food_is_no_function_claim():
    assert not claims("颗粒比宝宝平时吃的米糊稍粗，请注意观察")


# ---- the ill child as the eater; relief promised after an illness --------------------------------------------
SICK = ["积食", "厌食", "消化不良", "腹泻", "便秘", "湿疹", "拉肚子"]


@SETTINGS
@given(
    st.sampled_from(SICK),
    st.sampled_from(SICK),
    st.sampled_from(["宝宝", "孩子", "娃"]),
    st.sampled_from(["胃口就开了", "好得快", "很管用", "舒服了", "立马见效"]),
)
def test_the_ill_child_eating_it_and_getting_better_is_a_disease_claim(a, b, child, outcome):
    text = f"{a}、{b}的{child}吃了{outcome}"
    assert "claim.disease" in claims(text), text


@SETTINGS
@given(
    st.sampled_from(SICK),
    st.sampled_from(["{s}时也能吃，帮助{r}", "{s}期间喝上两顿，很快就能{r}", "{s}的时候来一碗，马上{r}"]),
    st.sampled_from(["缓解", "止住", "好转", "减轻", "康复"]),
)
def test_an_illness_named_and_relief_promised_is_a_disease_claim(s, template, r):
    text = template.format(s=s, r=r)
    assert "claim.disease" in claims(text), text


@SETTINGS
@given(st.sampled_from(SICK))
def test_advice_for_an_ill_child_is_no_disease_claim(s):
    for text in (
        f"宝宝{s}期间请暂停添加，好转后再少量添加",
        f"如出现{s}，请立即停止食用并咨询医生",
        f"宝宝{s}时请及时就医",
    ):
        assert "claim.disease" not in claims(text), text


# ---- the constitution said to change ---------------------------------------------------------------------
@SETTINGS
@given(
    st.sampled_from(["体质", "抵抗力", "身体素质", "免疫力"]),
    st.sampled_from(["明显变强", "越来越好", "提高了", "一下子上来了", "变好"]),
)
def test_the_constitution_said_to_improve_is_a_function_claim(subject, change):
    assert "claim.health_function" in claims(f"坚持吃半年，{subject}{change}")


def test_taste_or_texture_improving_is_no_function_claim():
    assert not claims("新配方冲调后口感明显变好，更细腻")


# ---- English function verbs ------------------------------------------------------------------------------
@SETTINGS
@given(
    st.sampled_from(["Boosts", "Supports", "Strengthens", "Helps build", "Promotes", "Protects"]),
    st.sampled_from(["", "little ", "your baby's ", "healthy "]),
    st.sampled_from(["tummies' defences", "immunity", "brain development", "strong bones", "eyesight"]),
)
def test_an_english_function_verb_and_its_target_is_a_function_claim(verb, adj, target):
    text = f"婴儿有机米粉\n{verb} {adj}{target} every day"
    assert "claim.health_function" in claims(text), text


def test_english_label_wording_is_no_function_claim():
    for text in ("Fortified with iron and zinc", "Protect from direct sunlight", "Store in a cool dry place"):
        assert not claims(f"婴儿有机米粉\n{text}"), text


# ---- disguised words: look-alikes and spacing -------------------------------------------------------------
def test_look_alike_characters_and_letter_spacing_hide_no_claim():
    assert "claim.health_function" in claims("兔疫力加倍，宝宝少操心")
    assert "claim.health_function" in claims("增强免疫カ")
    assert "claim.disease" in claims("宝宝拉 肚 子就吃这个")
    assert not claims("兔子造型米饼，宝宝抓握方便")


def test_the_new_guarded_frames_never_match_where_their_needs_is_absent():
    """A guarded frame is skipped on a text without its `needs`: every match must contain a `needs` match."""
    import re

    from shouhu.labels import grammar

    samples = [
        "积食、厌食的宝宝吃了胃口就开了",
        "腹泻时也能吃，帮助缓解",
        "拉肚子期间喝上两顿，很快就能止住",
        "坚持吃半年，体质明显变强",
        "没有一款比得上我们",
        "哪家都比不过咱家",
        "boosts little tummies' defences",
    ]
    for guarded in grammar.guarded_frames().values():
        for frame, needs, _negatable in guarded:
            pat, need = re.compile(frame), re.compile(needs)
            for s in samples:
                for m in pat.finditer(s):
                    assert need.search(m.group()), (frame[:40], s)
