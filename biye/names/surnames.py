"""R2.2: how surnames are read, where that differs from (or must not be left to) the everyday reading.

Two tables feed `biye.names.romanize`:

- `SINGLE`: one-character surnames whose surname reading is fixed here, because the everyday reading
  differs (曾 céng / Zēng, 单 dān / Shàn, 区 qū / Ōu ...) or because pypinyin's default for the character
  alone is not the surname reading (卜 bo / Bǔ, 阚 han / Kàn). A few are listed even though pypinyin reads
  them right today (沈, 任, 华 ...): they are the textbook examples and pinning them keeps proposals stable
  across pypinyin releases.
- `COMPOUND`: surnames of two or more characters written as one word (欧阳 Ouyang).

Readings are tone-less pinyin with "ü" (the spelling on the diploma has no tones). `also` lists other
readings the same character has *as a surname*, offered to the student after the proposal.

Sources (the `source` field names one or more of these):

- XH7: 《现代汉语词典》第7版 (2016), the character's sense "姓" or the compound-surname entry.
- BJX: 《百家姓》, which attests the surname. Every compound surname in its text is here, in its order, from
  万俟 to 第五: 61 of them, counting 归海 and 第五 (the usual count of "60 复姓" leaves one of them among the single
  surnames). It gives no readings, so for those the reading is the one in XH7 or in the usual annotated editions.
- History: the named dynastic history (or classic) where a surname is not in 《百家姓》.

Compound surnames not in 《百家姓》 are the well-known ones only, and only those whose first character is not
itself a common one-character surname followed by a common given-name character: 贺兰 or 王孙 are left out on
purpose, as 贺兰芳 and 王孙华 are far more often 贺 Lanfang and 王 Sunhua than a compound surname.

The entries were written from these works as we know them and cross-checked against pypinyin's own
dictionary; they have not been re-read page by page against a printed copy. Characters whose surname
reading we are not sure of are left out on purpose (长 as a one-character surname, 率, 藏): for those the
proposal is pypinyin's default and the student picks from all readings.
"""

from __future__ import annotations

from typing import NamedTuple

XH7 = "XH7"
BJX = "BJX"


class Surname(NamedTuple):
    chars: str
    reading: tuple[str, ...]  # one syllable per character
    source: str
    also: tuple[str, ...] = ()  # other surname readings of a one-character surname
    note: str = ""


def _one(char: str, reading: str, source: str, also: str = "", note: str = "") -> Surname:
    return Surname(char, (reading,), source, tuple(also.split()), note)


def _many(chars: str, reading: str, source: str, note: str = "") -> Surname:
    syllables = tuple(reading.split())
    if len(syllables) != len(chars):
        raise ValueError(f"{chars}: {len(chars)} characters but {len(syllables)} syllables")
    return Surname(chars, syllables, source, (), note)


_SINGLE = [
    # The surnames named in R2.2 and the other well-known "surname reading" characters.
    _one("曾", "zeng", f"{XH7}; {BJX}", note="everyday céng"),
    _one("单", "shan", f"{XH7}; {BJX}", note="everyday dān; chán only in 单于"),
    _one("区", "ou", f"{XH7}", note="everyday qū"),
    _one("解", "xie", f"{XH7}; {BJX}", note="everyday jiě"),
    _one("仇", "qiu", f"{XH7}; {BJX}", note="everyday chóu"),
    _one("朴", "piao", f"{XH7}", note="everyday pǔ; the Korean surname"),
    _one("翟", "zhai", f"{XH7}; {BJX}", also="di", note="dí is the rarer surname reading"),
    _one("查", "zha", f"{XH7}", note="everyday chá"),
    _one("乐", "yue", f"{XH7}; {BJX}", also="le", note="Lè is also a surname"),
    _one("覃", "qin", f"{XH7}", also="tan", note="Tán is also a surname"),
    _one("缪", "miao", f"{XH7}; {BJX}", note="everyday móu / miù"),
    _one("种", "chong", f"{XH7}", note="everyday zhǒng"),
    _one("尉", "wei", f"{XH7}; {BJX}", note="yù only in 尉迟"),
    _one("谌", "chen", f"{XH7}", also="shen", note="Shèn is also a surname"),
    _one("薄", "bo", f"{XH7}; {BJX}", note="everyday báo"),
    _one("都", "du", f"{XH7}; {BJX}", note="everyday dōu"),
    _one("隗", "wei", f"{XH7}; {BJX}", also="kui", note="Kuí is also a surname"),
    _one("阚", "kan", f"{XH7}; {BJX}", note="pypinyin's default for the character alone is hǎn"),
    _one("盖", "ge", f"{XH7}; {BJX}", also="gai", note="Gài is also a surname today"),
    _one("召", "shao", f"{XH7}", note="everyday zhào"),
    _one("繁", "po", f"{XH7}", note="everyday fán"),
    _one("员", "yun", f"{XH7}", note="everyday yuán"),
    _one("秘", "bi", f"{XH7}", note="everyday mì"),
    _one("冼", "xian", f"{XH7}"),
    _one("洗", "xian", f"{XH7}", note="everyday xǐ"),
    _one("黑", "he", f"{XH7}", note="everyday hēi"),
    _one("能", "nai", f"{XH7}", note="everyday néng"),
    _one("佴", "nai", f"{XH7}", note="everyday èr"),
    _one("那", "na", f"{XH7}"),
    _one("宿", "su", f"{XH7}; {BJX}", note="also xiǔ / xiù in everyday words"),
    _one("折", "she", f"{XH7}", note="everyday zhé"),
    _one("燕", "yan", f"{XH7}; {BJX}", note="surname Yān, everyday yàn"),
    _one("任", "ren", f"{XH7}; {BJX}", note="surname Rén, everyday rèn"),
    _one("华", "hua", f"{XH7}; {BJX}", note="surname Huà, everyday huá"),
    _one("纪", "ji", f"{XH7}; {BJX}", note="surname Jǐ, everyday jì"),
    _one("过", "guo", f"{XH7}", note="surname Guō, everyday guò"),
    _one("郇", "xun", f"{XH7}", note="pypinyin's default for the character alone is huán"),
    _one("粘", "nian", f"{XH7}", note="everyday zhān"),
    _one("句", "gou", f"{XH7}", note="everyday jù"),
    _one("眭", "sui", f"{XH7}"),
    _one("逄", "pang", f"{XH7}; {BJX}"),
    _one("蕃", "pi", f"{XH7}", note="everyday fān"),
    _one("褚", "chu", f"{XH7}; {BJX}", note="zhǔ in other senses"),
    _one("石", "shi", f"{XH7}; {BJX}", note="dàn is a unit of measure"),
    _one("牟", "mou", f"{XH7}; {BJX}", note="Móu; mù is the place name 牟平, not the surname"),
    _one("红", "hong", f"{XH7}", note="gōng only in 女红"),
    _one("沈", "shen", f"{XH7}; {BJX}", note="surname Shěn; chén is an old reading of 沉"),
    _one("贾", "jia", f"{XH7}; {BJX}", note="surname Jiǎ, gǔ means merchant"),
    _one("柏", "bai", f"{XH7}; {BJX}", note="surname Bǎi, bó / bò in other words"),
    _one("晟", "cheng", f"{XH7}", note="surname Chéng, everyday shèng"),
    _one("亓", "qi", f"{XH7}"),
    _one("万", "wan", f"{XH7}; {BJX}", note="mò only in 万俟"),
    _one("卜", "bu", f"{XH7}; {BJX}", note="pypinyin's default for the character alone is bo"),
    _one("车", "che", f"{XH7}; {BJX}", note="jū is the chess piece"),
    _one("曲", "qu", f"{XH7}; {BJX}", note="surname Qū, qǔ means song"),
    _one("叶", "ye", f"{XH7}; {BJX}"),
    _one("莘", "shen", f"{XH7}", note="xīn in 莘庄"),
    _one("盛", "sheng", f"{XH7}; {BJX}", note="chéng means to fill"),
    _one("重", "chong", f"{XH7}", note="everyday zhòng"),
    _one("宓", "mi", f"{XH7}; {BJX}"),
    _one("乜", "nie", f"{XH7}", note="pypinyin's default for the character alone is miē"),
    _one("祭", "zhai", f"{XH7}", note="everyday jì"),
    _one("蔚", "yu", f"{XH7}; {BJX}", note="surname Yù, everyday wèi"),
    _one("宁", "ning", f"{XH7}; {BJX}", note="surname Nìng"),
    _one("炅", "gui", f"{XH7}", note="everyday jiǒng"),
    _one("颉", "xie", f"{XH7}", note="jié in 仓颉"),
    _one("缑", "gou", f"{XH7}; {BJX}"),
    _one("葛", "ge", f"{XH7}; {BJX}", note="surname Gě, everyday gé"),
    _one("占", "zhan", f"{XH7}", note="surname Zhān"),
    _one("相", "xiang", f"{XH7}; {BJX}", note="surname Xiàng"),
    _one("谷", "gu", f"{XH7}; {BJX}", note="yù only in 吐谷浑"),
]

# Every compound surname of 《百家姓》's text in its order, then well-attested others (see the sources above).
_COMPOUND = [
    _many("万俟", "mo qi", f"{BJX}; {XH7} (万 Mò)"),
    _many("司马", "si ma", BJX),
    _many("上官", "shang guan", BJX),
    _many("欧阳", "ou yang", BJX),
    _many("夏侯", "xia hou", BJX),
    _many("诸葛", "zhu ge", f"{BJX}; {XH7} (葛 Gě)"),
    _many("闻人", "wen ren", BJX),
    _many("东方", "dong fang", BJX),
    _many("赫连", "he lian", BJX),
    _many("皇甫", "huang fu", BJX),
    _many("尉迟", "yu chi", f"{BJX}; {XH7} (尉 Yù)"),
    _many("公羊", "gong yang", BJX),
    _many("澹台", "tan tai", f"{BJX}; {XH7} (澹 Tán)"),
    _many("公冶", "gong ye", BJX),
    _many("宗政", "zong zheng", BJX),
    _many("濮阳", "pu yang", BJX),
    _many("淳于", "chun yu", BJX),
    _many("单于", "chan yu", f"{BJX}; {XH7} (单 chán)"),
    _many("太叔", "tai shu", BJX),
    _many("申屠", "shen tu", BJX),
    _many("公孙", "gong sun", BJX),
    _many("仲孙", "zhong sun", BJX),
    _many("轩辕", "xuan yuan", BJX),
    _many("令狐", "ling hu", f"{BJX}; {XH7} (令 Líng)"),
    _many("钟离", "zhong li", BJX),
    _many("宇文", "yu wen", BJX),
    _many("长孙", "zhang sun", BJX, note="长 zhǎng, not cháng"),
    _many("慕容", "mu rong", BJX),
    _many("鲜于", "xian yu", BJX, note="鲜 xiān"),
    _many("闾丘", "lü qiu", BJX),
    _many("司徒", "si tu", BJX),
    _many("司空", "si kong", BJX),
    _many("亓官", "qi guan", BJX),
    _many("司寇", "si kou", BJX),
    _many("子车", "zi ju", BJX, note="车 jū as in the annotated editions; pypinyin says chē"),
    _many("颛孙", "zhuan sun", BJX),
    _many("端木", "duan mu", BJX),
    _many("巫马", "wu ma", BJX),
    _many("公西", "gong xi", BJX),
    _many("漆雕", "qi diao", BJX),
    _many("乐正", "yue zheng", BJX, note="乐 yuè; pypinyin says lè"),
    _many("壤驷", "rang si", BJX),
    _many("公良", "gong liang", BJX),
    _many("拓跋", "tuo ba", BJX),
    _many("夹谷", "jia gu", BJX),
    _many("宰父", "zai fu", BJX, note="父 fǔ"),
    _many("谷梁", "gu liang", BJX, note="also written 穀梁"),
    _many("段干", "duan gan", BJX),
    _many("百里", "bai li", BJX),
    _many("东郭", "dong guo", BJX),
    _many("南门", "nan men", BJX),
    _many("呼延", "hu yan", BJX),
    _many("归海", "gui hai", BJX),
    _many("羊舌", "yang she", BJX),
    _many("微生", "wei sheng", BJX),
    _many("梁丘", "liang qiu", BJX),
    _many("左丘", "zuo qiu", BJX),
    _many("东门", "dong men", BJX),
    _many("西门", "xi men", BJX),
    _many("南宫", "nan gong", BJX),
    _many("第五", "di wu", BJX),
    # Not in 《百家姓》; each is the surname of a well-known historical clan or person.
    _many("叔孙", "shu sun", "History: 《史记》 叔孙通"),
    _many("独孤", "du gu", "History: 《周书》 独孤信"),
    _many("完颜", "wan yan", "History: 《金史》 (the Jin imperial clan)"),
    _many("耶律", "ye lü", "History: 《辽史》 (the Liao imperial clan)"),
    _many("纳兰", "na lan", "History: 《清史稿》 纳兰性德"),
    _many("爱新觉罗", "ai xin jue luo", "History: 《清史稿》 (the Qing imperial clan)"),
    _many("太史", "tai shi", "History: 《三国志》 太史慈"),
    _many("公仪", "gong yi", "History: 《史记》 循吏列传 公仪休"),
    _many("公叔", "gong shu", "History: 《史记》 商君列传 公叔座"),
    _many("北宫", "bei gong", "History: 《孟子》 公孙丑上 北宫黝"),
    _many("南郭", "nan guo", "History: 《韩非子》 内储说上 南郭处士"),
    _many("东野", "dong ye", "History: 《庄子》 达生 东野稷"),
    _many("尔朱", "er zhu", "History: 《魏书》 尔朱荣"),
    _many("屈突", "qu tu", "History: 《隋书》 屈突通"),
    _many("乞伏", "qi fu", "History: 《晋书》 载记 乞伏国仁"),
    _many("秃发", "tu fa", "History: 《晋书》 载记 秃发乌孤"),
    _many("斛律", "hu lü", "History: 《北齐书》 斛律光"),
    _many("侯莫陈", "hou mo chen", "History: 《周书》 侯莫陈崇"),
]


# Traditional forms (繁体) of the characters above whose surname is written differently in traditional script,
# so that 歐陽修 is Ouyang Xiu and 單雄信 Shan Xiongxin as well. Left out on purpose: 种, 朴, 于, 沈, 曲, 卜,
# 谷 as a one-character surname — traditional texts write these surnames with the same character (種, 樸, 於,
# 瀋, 麴, 蔔 and 穀 are other words or other surnames); 穀 appears only in the compound 穀梁.
_TRADITIONAL = {
    "单": "單", "区": "區", "乐": "樂", "盖": "蓋", "缪": "繆", "华": "華", "纪": "紀", "过": "過", "车": "車",
    "叶": "葉", "宁": "寧", "贾": "賈", "阚": "闞", "员": "員", "谌": "諶", "万": "萬", "颉": "頡", "缑": "緱",
    "红": "紅", "欧": "歐", "阳": "陽", "马": "馬", "诸": "諸", "闻": "聞", "东": "東", "连": "連", "迟": "遲",
    "台": "臺", "孙": "孫", "轩": "軒", "辕": "轅", "钟": "鍾鐘", "离": "離", "长": "長", "鲜": "鮮", "闾": "閭",
    "颛": "顓", "驷": "駟", "夹": "夾", "门": "門", "独": "獨", "颜": "顏", "纳": "納", "兰": "蘭", "爱": "愛",
    "觉": "覺", "罗": "羅", "归": "歸", "仪": "儀", "尔": "爾", "秃": "禿", "发": "髮", "陈": "陳",
}
_TRADITIONAL_IN_COMPOUNDS_ONLY = {"谷": "穀"}


def _written_forms(chars: str) -> list[str]:
    """`chars` in simplified script, then every other way of writing it with the traditional forms above."""
    table = _TRADITIONAL if len(chars) == 1 else {**_TRADITIONAL, **_TRADITIONAL_IN_COMPOUNDS_ONLY}
    forms = [""]
    for char in chars:
        forms = [form + variant for form in forms for variant in char + table.get(char, "")]
    return forms


def _index(entries: list[Surname]) -> dict[str, Surname]:
    table: dict[str, Surname] = {}
    for entry in entries:
        if entry.chars in table:
            raise ValueError(f"{entry.chars} is listed twice")
        table[entry.chars] = entry
    for entry in entries:  # after every simplified entry, so that a traditional form never hides one
        for form in _written_forms(entry.chars)[1:]:
            table.setdefault(form, entry)
    return table


SINGLE: dict[str, Surname] = _index(_SINGLE)
COMPOUND: dict[str, Surname] = _index(_COMPOUND)
# Longest first, so that a four-character surname is tried before any two-character one.
COMPOUND_LENGTHS: tuple[int, ...] = tuple(sorted({len(chars) for chars in COMPOUND}, reverse=True))
