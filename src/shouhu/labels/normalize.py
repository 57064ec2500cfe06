"""Offset-preserving normalisation of label text.

Labels arrive with full-width punctuation, mixed dashes and OCR's stray spaces. Every pattern in the
checker runs on a normalised copy whose characters map one-to-one onto the original, so a match at
[start, end) in the copy is the same stretch of the original text: spans need no re-mapping.
"""

from __future__ import annotations

import functools
import re

_MAP: dict[int, str] = {}
# Full-width ASCII (U+FF01..U+FF5E) -> ASCII.
for _cp in range(0xFF01, 0xFF5F):
    _MAP[_cp] = chr(_cp - 0xFEE0)
_MAP.update(
    {
        0x3000: " ",  # ideographic space
        0x00A0: " ",
        0x2002: " ",
        0x2003: " ",
        0x2009: " ",
        0x200B: " ",  # zero-width space: kept as one char so offsets hold
        0xFEFF: " ",
        0x2014: "-",  # — (em dash, as in "GB 10769—2025")
        0x2013: "-",  # –
        0x2015: "-",  # ―
        0x2212: "-",  # −
        0x2010: "-",
        0x2011: "-",
        0x3001: "、",  # keep the enumeration comma (it means "and" inside lists)
        0x300A: "<",  # 《
        0x300B: ">",  # 》
        0x3010: "[",  # 【
        0x3011: "]",  # 】
        0x2018: "'",
        0x2019: "'",
        0x201C: '"',
        0x201D: '"',
        0x00D7: "x",  # ×
        0x2103: "C",  # ℃ -> keeps one char
        0x00B7: ".",  # ·
        0x2022: ".",
        0x3002: "。",
        0x0009: " ",
        0x000D: " ",  # CR: "\r\n" stays one line break
        0x000B: "\n",
        0x000C: "\n",
        0x2028: "\n",
        0x2029: "\n",
        0x0085: "\n",
    }
)
# Traditional characters of claim, ingredient and field words read as simplified (one character for one,
# so offsets hold): "補腦", "預防過敏", "嬰兒" (issue 35, added 2026-12-03 as an evasion family).
_TRADITIONAL = "腦脑 聰聪 補补 護护 視视 過过 腸肠 預预 療疗 濕湿 頂顶 級级 專专 發发 燒烧 藥药 醫医 癒愈 瀉泻 體体 質质 強强 營营 養养 長长 齒齿 純纯 絕绝 對对 無无 為为 實实 極极 優优 勝胜 僅仅 獨独 銷销 選选 嬰婴 兒儿 寶宝 貝贝 適适 齡龄 個个 歲岁 國国 標标 準准 號号 許许 證证 產产 廠厂 鈣钙 鐵铁 鋅锌 維维 糧粮 穀谷 麥麦 餅饼 魚鱼 雞鸡 鴨鸭 豬猪 蝦虾 氫氢 輻辐 劑剂 鹽盐 淨净 貯贮 條条 麵面 湯汤 顆颗 塊块 類类 裝装 說说 製制 區区 話话 電电 線线 務务 碼码 驗验 檢检 測测 認认 獎奖 權权 險险 風风 積积 癢痒 膚肤 髮发 頭头 齊齐 壯壮 記记 憶忆 學学 習习 開开 潛潜 動动 讓让 變变 歡欢 樂乐 脹胀 氣气 嘔呕 覺觉 鬧闹 幫帮 進进 萬万 們们 這这 還还 與与 從从 來来 時时 間间 會会 東东 後后 乾干 麼么 導导 贏赢 將将 別别 蟲虫 腫肿 壓压 惡恶 傷伤 癥症 瘡疮 嬌娇 潤润 緩缓 衛卫 錯错 勁劲 種种 軟软 鬆松 飽饱 飯饭 餵喂 嚐尝 燉炖 煙烟 殺杀 禦御 擋挡 縮缩 減减 蘭兰 亞亚 歐欧 業业 賣卖 價价 貨货 網网 紅红 廣广 牆墙 緊紧 滿满 閉闭 蓋盖 劃划 異异 狀状 態态 麗丽 礎础 細细 膩腻 鮮鲜 濃浓 經经 驚惊 嚇吓"
_MAP.update({ord(p[0]): p[1] for p in _TRADITIONAL.split()})
# ASCII letters are lower-cased here too (str.lower() could change length for some scripts).
for _cp, _ch in list(_MAP.items()):
    if "A" <= _ch <= "Z":
        _MAP[_cp] = _ch.lower()
_MAP.update({c: chr(c + 32) for c in range(ord("A"), ord("Z") + 1)})
_TABLE = str.maketrans(_MAP)
_CHARS: dict[str, str] = {chr(k): v for k, v in _MAP.items()}
# str.translate is slow on CJK text (a dict look-up per character); only a few characters of a label
# need folding, so find those in C and replace just them.
_NEEDS = re.compile("[" + "".join(re.escape(c) for c in sorted(_CHARS)) + "]")


@functools.lru_cache(maxsize=512)
def normalize(text: str) -> str:
    """Return `text` with full-width forms, dashes and odd spaces folded and ASCII lower-cased; the result
    has the same length, so offsets into it are offsets into `text`. Cached: parser and checks share it."""
    if text.isascii():
        return text.translate(_TABLE)  # CPython's fast path
    return _NEEDS.sub(lambda m: _CHARS[m.group()], text)


_WS = re.compile(r"\s+")
_PUNCT = re.compile(r"[\s,，。.;；:：、()（）\[\]【】\"'!！?？]+")


def squash(text: str) -> str:
    """Fold a phrase for comparison ignoring punctuation and spaces (e.g. the particulate warning)."""
    return _PUNCT.sub("", normalize(text))


def clean_value(text: str) -> str:
    """Collapse whitespace in a field value for display and comparison."""
    return _WS.sub(" ", text).strip()
