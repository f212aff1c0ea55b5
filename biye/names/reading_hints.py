"""R2.2: how the per-character chooser shows a reading, so that a student recognises it: with its tone marks and a
common word that has it (单 shàn 单县 / dān 单独), and which readings are rare enough to keep behind "更多读音".

Pure Python over pypinyin, like `biye.names.romanize`; the spelling itself never carries tones.

Where the words come from:
- `WORDS`, written here for the characters whose readings matter most in names: the surnames of
  `biye.names.surnames.SINGLE` and the characters given names most often carry with several readings. For a
  character listed here, the readings listed are the usual ones; the others are rare. A surname reading that
  has no everyday word is shown as "姓X" (the surname X).
- Otherwise, a two-character word from pypinyin's phrase data whose both characters are common (GB 2312 level 1);
  a reading with no such word is rare, unless it is the proposal, the character's first reading in pypinyin,
  or another surname reading of a surname.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pypinyin import Style, pinyin
from pypinyin.contrib.tone_convert import to_normal

from biye.names.surnames import SINGLE


def _w(text: str) -> dict[str, str]:
    """"shan 单县 dan 单独" → {"shan": "单县", "dan": "单独"}."""
    items = text.split()
    return dict(zip(items[0::2], items[1::2]))


# Tone-less reading → a word (or, for a surname reading with no everyday word, "姓X").
WORDS: dict[str, dict[str, str]] = {
    # surnames (see biye.names.surnames)
    "曾": _w("zeng 曾孙 ceng 曾经"),
    "单": _w("shan 单县 dan 单独"),
    "区": _w("ou 姓区 qu 地区"),
    "解": _w("xie 姓解 jie 解决"),
    "仇": _w("qiu 姓仇 chou 仇人"),
    "朴": _w("piao 姓朴 pu 朴素"),
    "翟": _w("zhai 姓翟 di 墨翟"),
    "查": _w("zha 姓查 cha 检查"),
    "乐": _w("yue 音乐 le 快乐"),
    "覃": _w("qin 姓覃 tan 覃思"),
    "缪": _w("miao 姓缪 mou 绸缪 miu 纰缪"),
    "种": _w("chong 姓种 zhong 种子"),
    "尉": _w("wei 尉官 yu 尉迟"),
    "谌": _w("chen 姓谌 shen 姓谌"),
    "薄": _w("bo 薄弱 bao 薄饼"),
    "都": _w("du 首都 dou 都是"),
    "隗": _w("wei 姓隗 kui 姓隗"),
    "阚": _w("kan 姓阚"),
    "盖": _w("ge 姓盖 gai 盖子"),
    "召": _w("shao 姓召 zhao 召开"),
    "繁": _w("po 姓繁 fan 繁荣"),
    "员": _w("yun 姓员 yuan 人员"),
    "秘": _w("bi 秘鲁 mi 秘密"),
    "冼": _w("xian 姓冼"),
    "洗": _w("xian 姓洗 xi 洗衣"),
    "黑": _w("he 姓黑 hei 黑色"),
    "能": _w("nai 姓能 neng 能力"),
    "佴": _w("nai 姓佴"),
    "宿": _w("su 宿舍 xiu 星宿"),
    "折": _w("she 姓折 zhe 折叠"),
    "燕": _w("yan 燕子"),
    "任": _w("ren 任务"),
    "华": _w("hua 中华"),
    "纪": _w("ji 纪律"),
    "过": _w("guo 经过"),
    "郇": _w("xun 姓郇"),
    "粘": _w("nian 姓粘 zhan 粘贴"),
    "句": _w("gou 姓句 ju 句子"),
    "蕃": _w("pi 姓蕃 fan 蕃衍"),
    "褚": _w("chu 姓褚"),
    "石": _w("shi 石头"),
    "牟": _w("mou 牟取 mu 牟平"),
    "红": _w("hong 红色 gong 女红"),
    "沈": _w("shen 姓沈"),
    "贾": _w("jia 姓贾 gu 商贾"),
    "柏": _w("bai 柏树 bo 柏林"),
    "晟": _w("cheng 姓晟 sheng 晟（光明）"),
    "万": _w("wan 一万 mo 万俟"),
    "卜": _w("bu 占卜 bo 萝卜"),
    "车": _w("che 汽车 ju 车马炮"),
    "曲": _w("qu 歌曲"),
    "叶": _w("ye 树叶"),
    "莘": _w("shen 姓莘 xin 莘庄"),
    "盛": _w("sheng 盛开 cheng 盛饭"),
    "重": _w("chong 重庆 zhong 重要"),
    "宓": _w("mi 姓宓 fu 宓妃"),
    "乜": _w("nie 姓乜 mie 乜斜"),
    "祭": _w("zhai 姓祭 ji 祭祀"),
    "蔚": _w("yu 蔚县 wei 蔚蓝"),
    "宁": _w("ning 宁静"),
    "炅": _w("gui 姓炅 jiong 炅（光明）"),
    "颉": _w("xie 颉颃 jie 仓颉"),
    "葛": _w("ge 诸葛"),
    "占": _w("zhan 占领"),
    "相": _w("xiang 相信"),
    "谷": _w("gu 山谷 yu 吐谷浑"),
    # characters given names often carry, with more than one reading
    "长": _w("chang 长城 zhang 成长"),
    "和": _w("he 和平 huo 和面"),
    "行": _w("xing 行走 hang 银行"),
    "朝": _w("zhao 朝阳 chao 朝代"),
    "会": _w("hui 开会 kuai 会计"),
    "传": _w("chuan 传承 zhuan 传记"),
    "调": _w("diao 调查 tiao 协调"),
    "觉": _w("jue 觉悟 jiao 睡觉"),
    "省": _w("sheng 节省 xing 反省"),
    "藏": _w("cang 收藏 zang 西藏"),
    "率": _w("shuai 率领 lü 效率"),
    "参": _w("can 参加 shen 人参 cen 参差"),
    "降": _w("jiang 降落 xiang 投降"),
    "伯": _w("bo 伯父"),
    "强": _w("qiang 坚强 jiang 倔强"),
    "便": _w("bian 方便 pian 便宜"),
    "校": _w("xiao 学校 jiao 校对"),
    "将": _w("jiang 将来"),
    "少": _w("shao 少年"),
    "好": _w("hao 好人"),
    "数": _w("shu 数学"),
    "冲": _w("chong 冲锋"),
    "差": _w("cha 差别 chai 出差 ci 参差"),
    "角": _w("jiao 角落 jue 主角"),
    "为": _w("wei 为人"),
    "正": _w("zheng 正直"),
    "发": _w("fa 发展"),
    "奇": _w("qi 奇迹 ji 奇数"),
    "给": _w("gei 送给 ji 供给"),
    "弹": _w("dan 子弹 tan 弹琴"),
    "斗": _w("dou 奋斗"),
    "露": _w("lu 露水 lou 露面"),
    "莞": _w("guan 东莞 wan 莞尔"),
    "娜": _w("na 安娜 nuo 婀娜"),
    "艾": _w("ai 艾草 yi 自怨自艾"),
    "乾": _w("qian 乾坤"),
    "阿": _w("a 阿姨 e 阿胶"),
    "大": _w("da 伟大 dai 大夫"),
    "度": _w("du 温度 duo 揣度"),
    "期": _w("qi 期望"),
    "殷": _w("yin 殷勤 yan 殷红"),
    "纶": _w("lun 经纶 guan 纶巾"),
    "菲": _w("fei 芳菲"),
    "思": _w("si 思想"),
}


@dataclass(frozen=True, slots=True)
class ReadingHint:
    reading: str  # tone-less, with ü: the value the chooser sends
    toned: tuple[str, ...]  # the same reading with tone marks ("hé", "hè" for he); () when pypinyin has none
    word: str  # a common word with this reading; "" when none is known
    rare: bool  # shown behind "更多读音" unless it is the one chosen


def hints(char: str, readings: tuple[str, ...], in_surname: bool = False) -> tuple[ReadingHint, ...]:
    """One hint per reading, in the order given (the proposal first, as `romanize.readings` gives them)."""
    toned = _toned(char)
    table = WORDS.get(char)
    also = SINGLE[char].also if in_surname and char in SINGLE else ()
    usual = {readings[0], *also} if readings else set()
    result = []
    for reading in readings:
        forms = tuple(t for t, plain in toned if plain == reading)
        if table is not None:
            word = table.get(reading, "")
            rare = reading not in usual and reading not in table
        else:
            word = _phrase_word(char, forms)
            first = toned[0][1] if toned else ""
            rare = reading not in usual and reading != first and not word
        result.append(ReadingHint(reading, forms, word, rare))
    return tuple(result)


@lru_cache(maxsize=4096)
def _toned(char: str) -> tuple[tuple[str, str], ...]:
    """(toned, tone-less) for every reading pypinyin knows of `char`, in its order."""
    found = pinyin(char, style=Style.TONE, heteronym=True)[0]
    if found == [char]:
        return ()
    pairs = [(t, to_normal(t, v_to_u=True).replace("ê", "e")) for t in found]
    # A neutral-tone form (jia beside jiā) says nothing the toned one does not.
    return tuple((t, plain) for t, plain in pairs if t != plain or sum(p == plain for _t, p in pairs) == 1)


def _common(char: str) -> bool:
    """In GB 2312's first level: the 3,755 characters it sorts as the most used."""
    try:
        encoded = char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(encoded) == 2 and 0xB0 <= encoded[0] <= 0xD7


@lru_cache(maxsize=1)
def _phrase_index() -> dict[tuple[str, str], str]:
    """(character, toned reading) → a two-character word of common characters with it. The phrase data has no
    word frequencies; a word whose other character appears in the most phrases is taken as the most familiar."""
    from collections import Counter

    from pypinyin.phrases_dict import phrases_dict

    pairs = [(p, r) for p, r in phrases_dict.items() if len(p) == 2 and _common(p[0]) and _common(p[1])]
    seen_in = Counter(char for phrase, _r in pairs for char in phrase)
    index: dict[tuple[str, str], tuple[int, str]] = {}
    for phrase, readings in pairs:
        for at, (char, reading) in enumerate(zip(phrase, readings)):
            key, rank = (char, reading[0]), (-seen_in[phrase[1 - at]], phrase)
            if key not in index or rank < index[key]:
                index[key] = rank
    return {key: phrase for key, (_n, phrase) in index.items()}


def _phrase_word(char: str, toned: tuple[str, ...]) -> str:
    index = _phrase_index()
    for form in toned:
        word = index.get((char, form))
        if word:
            return word
    return ""
