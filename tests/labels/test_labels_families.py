"""The claim families of issue 35 as families, not sentences: every template of a family, filled with any of
its product nouns, brands, subjects and degree words, must be found under its code; the same words in a
clean or negated frame must not be. The words and templates are this file's own (none is a sentence of
an evaluation split); the grammar they exercise is data/grammar.yaml."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shouhu.labels import check_label

from .conftest import TODAY

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def claims(text: str) -> set[str]:
    res = check_label(text, as_of=TODAY, skip=("mandatory",))
    return {f.code for f in res.findings if f.code.startswith(("claim.", "ingredient."))}


def banned(text: str) -> bool:
    return "ingredient.banned" in check_label(text, as_of=TODAY, skip=("mandatory.missing",)).codes


# ---- comparisons: other products, brands, home cooking, breast milk / formula ----------------------------
QUALIFIERS = [
    "其他",
    "其它",
    "普通",
    "市面上",
    "进口",
    "国产",
    "同类",
    "别家",
    "传统",
    "市售",
    "国外",
    "一般",
]
NOUNS = ["米粉", "果泥", "肉泥", "溶豆", "营养包", "面条", "米饼", "辅食", "品牌", "产品", "牌子"]
BRANDS = ["嘉宝", "亨氏", "小皮", "喜宝", "英氏", "贝因美", "国际大牌", "进口大品牌", "某大牌", "洋品牌"]
MILK = ["母乳", "配方奶", "奶粉"]
HOMEMADE = ["妈妈手工做的辅食", "自己在家熬的米糊", "自制米糊", "家里做的果泥"]
QUALITIES = ["细腻", "营养丰富", "安全", "好吃", "全面", "易冲调"]

rival = st.one_of(
    st.builds(lambda q, n: q + n, st.sampled_from(QUALIFIERS), st.sampled_from(NOUNS)),
    st.sampled_from(BRANDS),
    st.sampled_from(HOMEMADE),
)
COMPARISON_TEMPLATES = [
    "比{r}更{q}",
    "比{r}还要{q}",
    "营养比{r}高",
    "{r}都比不上",
    "连{r}也不如它",
    "完胜{r}",
    "媲美{r}",
    "口感不输{r}",
    "远超{r}",
    "一袋抵得上三袋{r}",
    "营养是{r}的十倍",
]


@SETTINGS
@given(st.sampled_from(COMPARISON_TEMPLATES), rival, st.sampled_from(QUALITIES))
def test_every_comparison_template_with_any_rival_is_found(template, r, q):
    text = template.format(r=r, q=q)
    assert "claim.absolute_or_false" in claims(text), text


MILK_TEMPLATES = ["比{m}更有营养", "营养不输{m}", "超过{m}", "{m}也比不上", "媲美{m}"]


@SETTINGS
@given(st.sampled_from(MILK_TEMPLATES), st.sampled_from(MILK))
def test_comparison_with_breast_milk_or_formula_is_found(template, m):
    text = template.format(m=m)
    assert "claim.absolute_or_false" in claims(text), text


def test_as_good_as_breast_milk_is_found_but_formula_in_usage_wording_is_not():
    for text in ("和母乳一样好吸收", "跟母乳差不多", "与母乳相媲美"):
        assert "claim.absolute_or_false" in claims(text), text
    for text in ("冲调方法与配方奶相同", "和奶粉一样用温水冲调"):
        assert "claim.absolute_or_false" not in claims(text), text


CLEAN_WITH_RIVALS = [
    "可与{r}搭配食用",
    "冲调后超过2小时的{r}请丢弃",
    "水温高于70℃会破坏{r}中的营养",
    "本品不能代替{r}",
    "与{r}相比，请以实物为准",
    "{r}请咨询客服",
]


@SETTINGS
@given(st.sampled_from(CLEAN_WITH_RIVALS), st.one_of(rival, st.sampled_from(MILK)))
def test_the_same_rivals_in_a_clean_frame_are_no_comparison(template, r):
    text = template.format(r=r)
    assert "claim.absolute_or_false" not in claims(text), text


# ---- outcome promises: growth, weight, brain, teeth, sleep, digestion -------------------------------------
SUBJECTS = ["", "宝宝", "孩子", "我家娃", "小家伙"]
ADVERBS = ["", "特别", "明显", "越来越", "非常"]
OUTCOMES = [
    "身高一直排在前列",
    "体重涨了两斤",
    "个子比同龄人高出半个头",
    "反应{a}快",
    "学东西{a}快",
    "脑袋瓜{a}灵",
    "小牙长得早又整齐",
    "睡觉{a}踏实了",
    "入睡快，不闹觉",
    "消化吸收更好",
    "不再挑食",
    "力气{a}大",
    "越吃越聪明",
    "长得又高又壮",
]


@SETTINGS
@given(st.sampled_from(SUBJECTS), st.sampled_from(OUTCOMES), st.sampled_from(ADVERBS))
def test_outcome_promises_are_health_claims(subject, outcome, adverb):
    text = f"吃了两个月，{subject}{outcome.format(a=adverb)}"
    assert "claim.health_function" in claims(text), text


@SETTINGS
@given(
    st.sampled_from(
        [
            "身高体重请参考儿童生长标准",
            "如体重增长缓慢请咨询医生",
            "适合出牙期宝宝啃咬",
            "睡前一小时请勿喂食",
            "规格：长10cm 宽5cm 高15cm",
            "更高标准的生产车间",
            "质地细腻，易于吞咽",
        ]
    )
)
def test_growth_sleep_and_teeth_words_in_plain_statements_are_no_claim(text):
    assert "claim.health_function" not in claims(text), text


# ---- disease: illness kept away, relieved, the doctor seen less --------------------------------------------
ILLNESSES = [
    "感冒",
    "发烧",
    "咳嗽",
    "湿疹",
    "红屁屁",
    "积食",
    "便秘",
    "腹泻",
    "胀气",
    "过敏",
    "手足口",
    "奶癣",
]
AWAY = ["都绕着走", "慢慢消下去了", "明显少了", "好多了", "找不上门"]
VERBS = ["预防", "远离", "告别", "缓解", "摆脱", "赶走"]


@SETTINGS
@given(st.sampled_from(ILLNESSES), st.sampled_from(AWAY), st.sampled_from(VERBS), st.booleans())
def test_illness_kept_away_or_relieved_is_a_disease_claim(illness, away, verb, verb_first):
    text = f"{verb}{illness}" if verb_first else f"吃了以后{illness}{away}"
    assert "claim.disease" in claims(text), text


@SETTINGS
@given(st.sampled_from(["去儿科的次数屈指可数", "很少去医院", "从没去过医院", "打针吃药的次数少多了"]))
def test_the_doctor_seen_less_is_a_disease_claim(text):
    assert "claim.disease" in claims(text), text


@SETTINGS
@given(
    st.sampled_from(ILLNESSES),
    st.sampled_from(
        ["如宝宝出现{i}，请停止食用并咨询医生", "{i}期间暂停食用", "如出现{i}请减少用量", "本品不能治疗{i}"]
    ),
)
def test_illness_in_a_warning_or_a_denial_is_no_claim(illness, template):
    text = template.format(i=illness)
    assert "claim.disease" not in claims(text), text


# ---- absolute and superlative words in their forms ---------------------------------------------------------
ABSOLUTES = [
    "全国独家",
    "仅此一款",
    "行业首创",
    "品质一流",
    "极致细腻",
    "口碑榜首",
    "宝妈圈yyds",
    "最受宝妈信赖",
    "最接近母乳",
    "医学级配方",
    "销量遥遥领先",
    "全网首发",
]


@SETTINGS
@given(st.sampled_from(ABSOLUTES), st.sampled_from(["", "，宝宝爱吃", " 6月+ "]))
def test_absolute_words_are_found_in_any_copy(word, tail):
    text = f"{word}{tail}"
    assert "claim.absolute_or_false" in claims(text), text


@SETTINGS
@given(
    st.sampled_from(
        ["最好现冲现吃", "每日最多食用2袋", "最佳食用温度40℃", "宝宝第一口辅食", "首次食用请少量尝试"]
    )
)
def test_usage_words_that_look_absolute_are_not(text):
    assert "claim.absolute_or_false" not in claims(text), text


# ---- negation: a banned ingredient named in a negation is no ingredient ------------------------------------
HONEY = ["蜂蜜", "蜂蜜粉", "槐花蜜", "土蜂蜜"]
NEGATIONS = [
    "本店所有婴幼儿米粉均不加{h}",
    "婴儿辅食不含{h}",
    "宝宝果泥无{h}",
    "我们的宝宝米饼没放{h}",
    "千万别给一岁内宝宝喂{h}",
    "一岁内宝宝不要吃{h}",
    "宝宝们，本店成人款{h}与婴儿食品分开发货",
    "婴儿米粉 {h}零添加",
    "婴幼儿辅食 拒绝{h}",
]


@SETTINGS
@given(st.sampled_from(NEGATIONS), st.sampled_from(HONEY))
def test_honey_named_in_a_negation_is_no_ingredient(template, honey):
    text = template.format(h=honey)
    assert not banned(text), text


@SETTINGS
@given(
    st.sampled_from(
        ["婴儿米粉 配料：大米粉、{h}", "宝宝溶豆 添加{h}更香甜", "婴幼儿果泥 加了一点{h}", "宝宝米饼 {h}风味"]
    ),
    st.sampled_from(HONEY),
)
def test_honey_used_in_an_infant_product_is_still_found(template, honey):
    text = template.format(h=honey)
    assert banned(text), text


# ---- evasions: symbols or emoji inside a claim word, traditional characters, English ----------------------
@SETTINGS
@given(
    st.sampled_from(
        [
            ("益{s}智", "claim.health_function"),
            ("免{s}疫力", "claim.health_function"),
            ("告别便{s}秘", "claim.disease"),
            ("全网zui{s}好", "claim.absolute_or_false"),
        ]
    ),
    st.sampled_from(["❤", "★", "✨", "🌟", "♥", "·", " "]),
)
def test_a_symbol_or_emoji_inside_a_claim_word_is_read_through(template, sep):
    text, code = template[0].format(s=sep), template[1]
    assert code in claims(text), text


def test_traditional_characters_are_read_as_simplified_and_the_span_is_the_original():
    res = check_label("補腦益智，預防過敏", as_of=TODAY, skip=("mandatory",))
    assert {f.span.text for f in res.findings} == {"補腦", "益智", "預防過敏"}
    assert "claim.absolute_or_false" in claims("比其他品牌更細膩")
    assert (
        "ingredient.banned"
        in check_label("嬰兒米粉 蜂蜜風味", as_of=TODAY, skip=("mandatory.missing",)).codes
    )


@SETTINGS
@given(
    st.sampled_from(
        [
            ("grows big and strong", "claim.health_function"),
            ("helps baby sleep through the night", "claim.health_function"),
            ("the closest to breast milk", "claim.absolute_or_false"),
            ("tastier than other brands", "claim.absolute_or_false"),
            ("more nutritious than homemade purees", "claim.absolute_or_false"),
        ]
    )
)
def test_english_families(case):
    text, code = case
    assert code in claims(text), text
    assert not claims("Best before: see the bottom of the can. Store in a cool dry place")


def test_a_guarded_frame_never_matches_where_its_needs_is_absent():
    """Guarded frames are skipped on texts without their `needs`; that may only save time, never lose a
    match: every match of the frame must contain a `needs` match (checked on the frame's own parts)."""
    import re

    from shouhu.labels import grammar

    for code, guarded in grammar.guarded_frames().items():
        for frame, needs, _negatable in guarded:
            pat, need = re.compile(frame), re.compile(needs)
            samples = (
                [
                    t.format(r=r, q="细腻", m="母乳")
                    for t in COMPARISON_TEMPLATES + MILK_TEMPLATES
                    for r in ["其他米粉", "嘉宝", "妈妈手工做的辅食"]
                ]
                + [f"吃了以后{i}{a}" for i in ILLNESSES for a in AWAY]
                + ["grows big and strong", "6 months+"]
            )
            for s in samples:
                for m in pat.finditer(s):
                    assert need.search(m.group()), (code, frame[:40], s)


@SETTINGS
@given(
    st.sampled_from(
        [
            "婴儿米粉 全系列绝无{h}",
            "宝宝米粉 {h}：无",
            "婴儿辅食 我们家的米粉里找不到一滴{h}",
            "婴儿米粉 请放心，不会加{h}",
        ]
    ),
    st.sampled_from(HONEY),
)
def test_more_ways_of_saying_there_is_no_honey(template, honey):
    text = template.format(h=honey)
    assert not banned(text), text


def test_the_required_breast_milk_statement_is_no_superlative_but_the_product_best_is():
    assert "claim.absolute_or_false" not in claims("母乳是婴儿最好的食物，提倡母乳喂养")
    assert "claim.absolute_or_false" in claims("本品是宝宝最好的选择")
    assert "claim.absolute_or_false" in claims("仅次于母乳的营养")


@SETTINGS
@given(
    st.sampled_from(
        [
            ("{c}界的爱马仕", "claim.absolute_or_false"),
            ("{c}界天花板", "claim.absolute_or_false"),
            ("同类{c}中含铁量最高", "claim.absolute_or_false"),
            ("一罐顶别人家三罐{c}", "claim.absolute_or_false"),
        ]
    ),
    st.sampled_from(["米粉", "果泥", "辅食", "营养包"]),
)
def test_rank_by_metaphor_or_within_rivals(case, noun):
    text, code = case[0].format(c=noun), case[1]
    assert code in claims(text), text


@SETTINGS
@given(st.sampled_from(["冬天", "换季", "半年", "一个月"]), st.sampled_from(["感冒", "发烧", "生病", "咳嗽"]))
def test_a_season_without_illness_is_a_disease_claim(season, illness):
    text = f"吃了以后一整个{season}都没{illness}"
    assert "claim.disease" in claims(text), text
    assert "claim.disease" in claims(f"再也不用担心宝宝{illness}")


def test_a_growth_stage_is_no_claim_but_promoting_growth_is():
    assert "claim.health_function" not in claims("生长发育期的宝宝需要铁")
    assert "claim.health_function" in claims("促进生长发育")


@SETTINGS
@given(
    st.sampled_from(
        [
            ("{i}宝宝的福音", "claim.disease"),
            ("{i}反反复复的宝宝一定要试试", "claim.disease"),
            ("{i}一扫而光", "claim.disease"),
            ("同等价位找不到更好的", "claim.absolute_or_false"),
            ("比外面买的辅食营养更全", "claim.absolute_or_false"),
            ("宝宝吃了长得结结实实", "claim.health_function"),
            ("宝宝肉肉长起来了", "claim.health_function"),
        ]
    ),
    st.sampled_from(["湿疹", "积食", "鼻炎", "便秘"]),
)
def test_round_five_families(case, illness):
    text, code = case[0].format(i=illness), case[1]
    assert code in claims(text), text
