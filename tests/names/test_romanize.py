"""R2.2, R2.8: the proposed diploma spelling, the per-character readings and the check of a typed spelling.

Pure functions; no database. The big table of names is tests/names/names_cases.tsv.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from biye.core.cells import person_name
from biye.names import romanize, surnames
from biye.names.romanize import (
    EXTRA,
    MISSING,
    NO_MATCH,
    U_FOR_UMLAUT,
    UNREADABLE,
    RomanizeError,
    Spelling,
    check,
    formats,
    readings,
    suggest,
)

CASES_FILE = Path(__file__).with_name("names_cases.tsv")


def _cases() -> list:
    cases = []
    for number, line in enumerate(CASES_FILE.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        name, style, expected, source = line.split("\t")
        assert source.strip(), f"line {number}: every case names its source"
        # Callers hand the romanizer normalised names (core.cells.person_name); the table holds names as typed.
        cases.append(pytest.param(person_name(name), style, expected, id=f"{number}-{name}-{style}"))
    return cases


CASES = _cases()


def test_R2_2_case_table_is_big_enough():
    assert len(CASES) >= 150


@pytest.mark.parametrize(("name", "style", "expected"), CASES)
def test_R2_2_suggest_spells_names_as_the_rules_do(name, style, expected):
    assert suggest(name, style).full == expected


@pytest.mark.parametrize(("name", "style", "expected"), CASES)
def test_R2_2_every_proposal_passes_its_own_check(name, style, expected):
    result = check(name, expected)
    assert result.ok, result.problems
    assert result.notes == ()  # the proposal is already written the way the rules write it


# --- surname rules -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "surname"),
    [
        ("曾国藩", "Zeng"), ("单田芳", "Shan"), ("区小婷", "Ou"), ("解缙", "Xie"), ("仇英", "Qiu"),
        ("朴树", "Piao"), ("翟志刚", "Zhai"), ("查良镛", "Zha"), ("乐嘉", "Yue"), ("覃静", "Qin"),
        ("缪晓东", "Miao"), ("种师道", "Chong"), ("尉缭", "Wei"), ("谌容", "Chen"), ("薄文", "Bo"),
        ("都敏", "Du"), ("隗嚣", "Wei"), ("阚泽", "Kan"), ("盖聂", "Ge"),
    ],
)
def test_R2_2_polyphonic_surname_uses_surname_reading(name, surname):
    assert suggest(name).surname == surname


def test_R2_2_polyphonic_surname_differs_from_everyday_reading():
    # The same character inside a given name keeps pypinyin's everyday reading: 曾 is a surname only first.
    assert suggest("曾曾").full == "Zeng Ceng"
    assert suggest("单单").full == "Shan Dan"


@pytest.mark.parametrize(
    ("name", "surname", "given"),
    [
        ("欧阳修", "Ouyang", "Xiu"), ("司马光", "Sima", "Guang"), ("诸葛亮", "Zhuge", "Liang"),
        ("上官婉儿", "Shangguan", "Wan'er"), ("令狐冲", "Linghu", "Chong"), ("慕容复", "Murong", "Fu"),
        ("尉迟恭", "Yuchi", "Gong"), ("万俟卨", "Moqi", "Xie"), ("澹台灭明", "Tantai", "Mieming"),
        ("长孙无忌", "Zhangsun", "Wuji"), ("东方朔", "Dongfang", "Shuo"), ("皇甫谧", "Huangfu", "Mi"),
        ("公孙胜", "Gongsun", "Sheng"), ("夏侯惇", "Xiahou", "Dun"), ("宇文泰", "Yuwen", "Tai"),
        ("司徒雷登", "Situ", "Leideng"), ("轩辕明", "Xuanyuan", "Ming"), ("端木蕻良", "Duanmu", "Hongliang"),
        ("单于光", "Chanyu", "Guang"), ("乐正克", "Yuezheng", "Ke"), ("夹谷明", "Jiagu", "Ming"),
        ("谷梁赤", "Guliang", "Chi"), ("子车明", "Ziju", "Ming"), ("爱新觉罗溥仪", "Aixinjueluo", "Puyi"),
    ],
)
def test_R2_2_compound_surname_one_word(name, surname, given):
    assert suggest(name) == Spelling(surname=surname, given=given)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("欧文", "Ou Wen"), ("马光", "Ma Guang"), ("司光明", "Si Guangming"), ("司马光", "Sima Guang")],
)
def test_R2_2_single_surname_that_starts_a_compound_stays_single(name, expected):
    assert suggest(name).full == expected


@pytest.mark.parametrize(("name", "expected"), [("单于", "Shan Yu"), ("司马", "Si Ma"), ("欧阳", "Ou Yang")])
def test_R2_2_two_character_name_is_never_a_compound_surname(name, expected):
    assert suggest(name).full == expected


def test_R2_2_space_marks_the_surname_and_double_surnames_take_a_hyphen():
    assert suggest("单 于光") == Spelling("Shan", "Yuguang")
    assert suggest("欧阳 修") == Spelling("Ouyang", "Xiu")
    assert suggest("刘王 秀英") == Spelling("Liu-Wang", "Xiuying")


def test_R2_2_surname_table_entries_all_have_a_source_and_one_syllable_per_character():
    assert len(surnames.COMPOUND) >= 60
    for table in (surnames.SINGLE, surnames.COMPOUND):
        for chars, entry in table.items():
            assert entry.source, chars
            assert len(entry.reading) == len(chars), chars
            assert all(s.isalpha() and s == s.lower() for s in entry.reading), chars


def test_R2_2_traditional_forms_share_the_simplified_entry():
    assert surnames.COMPOUND["歐陽"] is surnames.COMPOUND["欧阳"]
    assert surnames.COMPOUND["鍾離"] is surnames.COMPOUND["鐘離"] is surnames.COMPOUND["钟离"]
    assert surnames.SINGLE["單"] is surnames.SINGLE["单"]
    assert "種" not in surnames.SINGLE  # 种 Chong is written 种 in traditional script too; 種 is zhǒng


def test_R2_2_traditional_name_readings_and_check_follow_the_surname_rules():
    assert [c.proposed for c in readings("歐陽修")] == ["ou", "yang", "xiu"]
    assert [c.in_surname for c in readings("歐陽修")] == [True, True, False]
    assert readings("覃靜")[0].readings[:2] == ("qin", "tan")
    assert check("歐陽修", "Ouyang Xiu").notes == ()
    assert check("單雄信", "Shan Xiongxin").ok
    [problem] = check("單雄信", "Shen Xiongxin").problems
    assert (problem.kind, problem.char) == (NO_MATCH, "單")


def test_R2_2_surname_table_covers_the_surnames_named_in_the_requirement():
    for char in "曾单区解仇朴翟查乐覃缪种尉谌薄都隗阚盖":
        assert char in surnames.SINGLE, char


# --- writing rules -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [("上官婉儿", "Shangguan Wan'er"), ("李思安", "Li Si'an"), ("刘晓鸥", "Liu Xiao'ou"), ("陈嘉恩", "Chen Jia'en")],
)
def test_R2_2_apostrophe_before_a_o_e_inside_a_word(name, expected):
    assert suggest(name).full == expected


@pytest.mark.parametrize(("name", "expected"), [("王安", "Wang An"), ("欧阳恩", "Ouyang En"), ("金恩熙", "Jin Enxi")])
def test_R2_2_no_apostrophe_at_the_start_of_a_word(name, expected):
    assert suggest(name).full == expected


@pytest.mark.parametrize(("name", "expected"), [("吕布", "Lü Bu"), ("王略", "Wang Lüe"), ("王女娟", "Wang Nüjuan")])
def test_R2_2_gb_style_keeps_u_umlaut(name, expected):
    assert suggest(name).full == expected
    assert suggest(name, style="gb").full == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [("吕布", "Lyu Bu"), ("王女娟", "Wang Nyujuan"), ("闾丘明", "Lyuqiu Ming")],
)
def test_R2_8_passport_style_writes_yu(name, expected):
    assert suggest(name, style="passport").full == expected
    assert "ü" not in suggest(name, style="passport").full


@pytest.mark.parametrize(("name", "expected"), [("王略", "Wang Lue"), ("张虐", "Zhang Nue"), ("吕略", "Lyu Lue")])
def test_R2_8_passport_style_writes_lue_and_nue_not_lyue(name, expected):
    # The passport rule writes ü as yu only where plain u would make another syllable: there is no "lue" but lüe.
    assert suggest(name, style="passport").full == expected
    assert check(name, expected).ok and formats(name, expected, "passport") == (expected,)


def test_R2_8_passport_style_leaves_u_after_j_q_x_y_alone():
    assert suggest("徐娟", style="passport").full == "Xu Juan"


def test_R2_2_unknown_style_is_refused():
    with pytest.raises(ValueError):
        suggest("吕布", style="wade-giles")


@pytest.mark.parametrize("dot", ["·", "•", "・", "．", ".", "‧", "･", "\u0387"])
def test_R2_2_dot_name_written_part_by_part_whatever_the_dot(dot):
    spelling = suggest(person_name(f"买买提{dot}艾力"))
    assert spelling.full == "Maimaiti Aili"
    # Documented: a "·" name has no surname/given split; the parts are all in `given`, in written order.
    assert spelling.surname == ""
    assert spelling.given == "Maimaiti Aili"


def test_R2_2_spelling_str_and_full_agree():
    spelling = suggest("欧阳修")
    assert str(spelling) == spelling.full == "Ouyang Xiu"
    assert suggest("李").full == "Li"
    with pytest.raises(dataclasses.FrozenInstanceError):
        spelling.surname = "Ou"


def test_R2_2_given_name_character_read_alone_takes_its_name_reading_but_keeps_the_others():
    assert [c.proposed for c in readings("张长弓")] == ["zhang", "chang", "gong"]
    assert "zhang" in readings("张长弓")[1].readings  # still offered in the chooser
    assert check("张长弓", "Zhang Zhanggong").ok  # a reading of 长, so not refused
    assert suggest("王长江").given == "Changjiang"  # a phrase pypinyin knows keeps its reading


def test_R2_2_historical_name_with_a_reading_of_its_own():
    assert suggest("郦食其").full == "Li Yiji"
    assert readings("郦食其")[1].readings[0] == "yi" and "shi" in readings("郦食其")[1].readings
    assert check("郦食其", "Li Shiqi").ok  # the everyday readings remain readings
    assert suggest("郦食").full == "Li Shi"  # only the whole name carries the special reading


def test_R2_2_given_name_tables_have_a_source_and_one_syllable_per_character():
    from biye.names import given_names

    for char, entry in given_names.CHAR.items():
        assert entry.source and len(entry.reading) == len(char) == 1, char
    for name, entry in given_names.PERSON.items():
        assert entry.source and 1 <= len(entry.reading) < len(name), name
        assert all(s.isalpha() and s == s.lower() for s in entry.reading), name


def test_R2_2_phrase_reading_in_given_name():
    assert suggest("王重阳").given == "Chongyang"  # 重阳 as a phrase, not zhong + yang


@pytest.mark.parametrize(
    ("name", "expected"), [("John Smith", "John Smith"), ("anna 李", "Anna Li"), ("McDonald", "McDonald")]
)
def test_R2_2_foreign_letters_pass_through_capitalised(name, expected):
    assert suggest(name).full == expected


@pytest.mark.parametrize("name", ["", "   ", "李1", "李?明", "·"])
def test_R2_2_names_that_cannot_be_romanised_are_refused(name):
    with pytest.raises(RomanizeError):
        suggest(name)


def test_R2_2_character_without_a_known_reading_is_refused():
    # A private-use code point stands in for a rare character missing from pypinyin's dictionary.
    with pytest.raises(RomanizeError):
        suggest("李\U000f0000")


# --- readings() -------------------------------------------------------------------------------------------


def test_R2_2_readings_proposal_first_then_the_others_without_duplicates():
    chars = readings("曾重阳")
    assert [c.char for c in chars] == ["曾", "重", "阳"]
    assert chars[0].readings[0] == "zeng" and "ceng" in chars[0].readings
    assert chars[1].readings[0] == "chong" and "zhong" in chars[1].readings
    assert chars[2].readings == ("yang",)
    for c in chars:
        assert len(set(c.readings)) == len(c.readings)
        assert c.proposed == c.readings[0]


def test_R2_2_readings_mark_the_surname_characters():
    assert [c.in_surname for c in readings("欧阳修")] == [True, True, False]
    assert [c.in_surname for c in readings("刘德华")] == [True, False, False]
    assert [c.in_surname for c in readings("买买提·艾力")] == [False] * 5


def test_R2_2_readings_offer_other_surname_readings_right_after_the_proposal():
    # 覃 is Qin or Tan as a surname; the second surname reading comes before everyday-only readings.
    assert readings("覃静")[0].readings[:2] == ("qin", "tan")
    assert readings("黑明")[0].readings[:2] == ("he", "hei")


def test_R2_2_readings_follow_the_proposal_in_compounds_and_use_u_umlaut():
    assert [c.proposed for c in readings("单于光")] == ["chan", "yu", "guang"]
    assert [c.proposed for c in readings("单于")] == ["shan", "yu"]
    assert readings("吕布")[0].readings == ("lü",)
    assert "lü" in readings("绿")[0].readings


def test_R2_2_readings_skip_letters_and_dots():
    assert [c.char for c in readings("Anna 李")] == ["李"]
    assert [c.char for c in readings("买买提·艾力")] == list("买买提艾力")


# --- check() ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "spelling"),
    [
        ("刘德华", "Liu Dehua"),
        ("刘德华", "liu dehua"),  # case
        ("刘德华", "LIU DEHUA"),
        ("刘德华", "Liudehua"),  # missing space
        ("刘德华", "Liu De Hua"),  # extra spaces
        ("刘德华", "  Liu   Dehua "),
        ("上官婉儿", "Shangguan Waner"),  # missing apostrophe
        ("上官婉儿", "Shang Guan Wan’er"),  # typographic apostrophe
        ("吕布", "Lü Bu"),
        ("吕布", "Lv Bu"),  # ü typed v
        ("吕布", "Lu: Bu"),  # ü typed u:
        ("吕布", "Lyu Bu"),  # passport style
        ("吕布", "LYU BU"),
        ("王略", "Wang Lyue"),
        ("徐娟", "Xü Jüan"),  # ü dots after x, j are not wrong
        ("单于光", "Chanyu Guang"),  # compound segmentation
        ("单于光", "Shan Yuguang"),  # single-surname segmentation
        ("欧阳修", "Ou Yangxiu"),
        ("曾国藩", "Ceng Guofan"),  # a reading of 曾, though not the surname one (see the note test)
        ("王重阳", "Wang Zhongyang"),  # the other reading of 重
        ("张朝阳", "Zhang Chaoyang"),  # 朝 chao, though pypinyin proposes zhao
        ("贾平凹", "Jia Pingwa"),  # 凹 wa, the writer's own reading
        ("买买提·艾力", "Maimaiti Aili"),
        ("买买提·艾力", "Maimaiti·Aili"),
        ("买买提·艾力", "Maimaiti-Aili"),
        ("刘王 秀英", "Liu-Wang Xiuying"),
        ("Anna 李", "anna li"),
        ("O'Neil 王", "ONeil Wang"),
        ("万宇", "Wanyu"),  # wan+yu, not wa+nyu
    ],
)
def test_R2_2_check_accepts_readings_with_tolerance(name, spelling):
    result = check(name, spelling)
    assert result.ok, result.problems
    assert result.problems == ()
    assert len(result.matched) == len(readings(name))


def test_R2_2_check_reports_the_readings_it_matched():
    assert check("王重阳", "Wang Zhongyang").matched == ("wang", "zhong", "yang")
    assert check("王重阳", "Wang Chongyang").matched == ("wang", "chong", "yang")
    assert check("单于光", "Shan Yuguang").matched == ("shan", "yu", "guang")


def test_R2_2_check_notes_a_surname_read_the_everyday_way():
    result = check("曾国藩", "Ceng Guofan")
    assert result.ok
    assert any("曾" in note and "Zeng" in note for note in result.notes)
    assert not any("usually" in note for note in check("覃静", "Tan Jing").notes)  # Tan is a surname reading too


def test_R2_2_check_notes_a_reading_written_against_the_rules():
    assert check("刘德华", "liu de hua").notes == ("The rules write this reading as Liu Dehua.",)
    assert check("刘德华", "Liu Dehua").notes == ()
    assert check("单于光", "Shan Yuguang").notes == ()
    assert check("吕布", "Lyu Bu").notes == ()


def test_R2_2_check_flags_the_wrong_character():
    result = check("李小明", "Li Xiaomimg")
    assert not result.ok
    [problem] = result.problems
    assert (problem.kind, problem.position, problem.char, problem.typed) == (NO_MATCH, 2, "明", "mimg")
    assert "ming" in problem.expected
    assert "明" in str(problem)


def test_R2_2_check_flags_a_wrong_surname():
    [problem] = check("曾国藩", "Zhang Guofan").problems
    assert (problem.kind, problem.position, problem.char, problem.typed) == (NO_MATCH, 0, "曾", "zhang")


def test_R2_2_check_flags_plain_u_for_u_umlaut_after_l_and_n():
    # lu and nu are other syllables (卢 Lu is not 吕 Lü), so this common slip is a problem, not a tolerance.
    [problem] = check("吕布", "Lu Bu").problems
    assert (problem.kind, problem.char, problem.typed) == (U_FOR_UMLAUT, "吕", "lu")
    [problem] = check("王女娟", "Wang Nujuan").problems
    assert (problem.kind, problem.char) == (U_FOR_UMLAUT, "女")
    # lue and nue are no other syllable: they are the passport's lüe and nüe, so they are a reading.
    assert check("王略", "Wang Lue").ok and check("王略", "Wang Lüe").ok


def test_R2_2_check_flags_a_missing_syllable():
    [problem] = check("李小明", "Li Xiao").problems
    assert (problem.kind, problem.position, problem.char, problem.typed) == (MISSING, 2, "明", "")


def test_R2_2_check_flags_letters_left_over():
    [problem] = check("刘德华", "Liu Dehuaa").problems
    assert (problem.kind, problem.typed, problem.position) == (EXTRA, "a", None)


def test_R2_2_check_points_at_the_first_of_several_mistakes():
    result = check("刘德华", "Lio Dehue")
    assert not result.ok
    assert result.problems[0].char == "刘"


def test_R2_2_check_accepts_any_reading_of_each_character_and_nothing_else():
    # dan is an everyday reading of 单, so it passes (with no surname note: 单于 is read as a compound here);
    # shen is no reading of 单 at all.
    assert check("单于光", "Danyu Guang").ok
    [problem] = check("单于光", "Shenyu Guang").problems
    assert (problem.kind, problem.char, problem.typed) == (NO_MATCH, "单", "shen")


def test_R2_2_check_compares_foreign_words_too():
    assert check("Anna 李", "Anna Li").ok
    [problem] = check("Anna 李", "Anne Li").problems
    assert problem.char == "Anna" and problem.position is None


def test_R2_2_check_of_an_unreadable_name_is_not_ok():
    result = check("李\U000f0000", "Li X")
    assert not result.ok
    assert result.problems[0].kind == UNREADABLE


def test_R2_2_caches_can_be_cleared_without_changing_answers():
    before = suggest("曾国藩")
    romanize.clear_caches()
    assert suggest("曾国藩") == before


@pytest.mark.parametrize(
    ("name", "typed", "style", "expected"),
    [
        ("单家军", "shan jiajun", "gb", ("Shan Jiajun",)),  # case
        ("单家军", "SHAN JIAJUN", "gb", ("Shan Jiajun",)),
        ("单家军", "Shan Jia Jun", "gb", ("Shan Jiajun",)),  # spacing
        ("单家军", "ShanJiajun", "gb", ("Shan Jiajun",)),  # surname / given-name split
        ("单家军", "Shan Jiajun", "gb", ("Shan Jiajun",)),
        ("上官婉儿", "shangguan waner", "gb", ("Shangguan Wan'er", "Shang Guanwan'er")),
        ("吕布", "Lv Bu", "gb", ("Lü Bu",)),  # the campaign's way of writing ü
        ("吕布", "Lv Bu", "passport", ("Lyu Bu",)),
        ("欧阳修", "ou yang xiu", "gb", ("Ouyang Xiu", "Ou Yangxiu")),  # 欧 + 阳修 is a name too
        ("单于光", "Shan Yuguang", "gb", ("Shan Yuguang", "Shanyu Guang")),
        ("单家军", "Dan Jiajun", "gb", ("Dan Jiajun",)),  # another reading is still a reading
        ("单家军", "Shan Jiajin", "gb", ()),  # not a reading: check()'s to say where
    ],
)
def test_R2_8_formats_are_the_diploma_spelling_of_the_readings_typed(name, typed, style, expected):
    assert formats(name, typed, style) == expected


def test_R2_8_every_proposal_is_in_its_own_diploma_format():
    for param in CASES:
        name, style, expected = param.values
        assert expected in formats(name, expected, style), (name, style, expected)


@pytest.mark.parametrize(
    ("name", "typed", "char", "shown"),
    [
        ("曾国藩", "Zheng Guofang", "曾", "zheng"),  # two mistakes: the first, and only its syllable
        ("曾国藩", "Zeng Gofang", "国", "go"),
        ("欧阳修", "Oyang Xiu", "欧", "o"),
        ("李小明", "Lee Siaoming", "李", "lee"),
        ("张伟", "Zang Wie", "张", "zang"),
    ],
)
def test_R2_2_several_mistakes_point_at_the_first_wrong_character_and_only_its_letters(name, typed, char, shown):
    [problem] = check(name, typed).problems
    assert (problem.kind, problem.char, problem.typed) == (NO_MATCH, char, shown)


# 《百家姓》's compound surnames as its text runs, from 万俟司马 to 第五言福 (single surnames between them left out).
BAIJIAXING_COMPOUNDS = (
    "万俟 司马 上官 欧阳 夏侯 诸葛 闻人 东方 赫连 皇甫 尉迟 公羊 澹台 公冶 宗政 濮阳 淳于 单于 太叔 申屠 公孙 仲孙 "
    "轩辕 令狐 钟离 宇文 长孙 慕容 鲜于 闾丘 司徒 司空 亓官 司寇 子车 颛孙 端木 巫马 公西 漆雕 乐正 壤驷 公良 "
    "拓跋 夹谷 宰父 谷梁 段干 百里 东郭 南门 呼延 归海 羊舌 微生 梁丘 左丘 东门 西门 南宫 第五"
).split()


def test_R2_2_compound_surname_table_has_every_compound_of_baijiaxing_with_its_source():
    assert len(BAIJIAXING_COMPOUNDS) == 61
    for chars in BAIJIAXING_COMPOUNDS:
        entry = surnames.COMPOUND[chars]
        assert entry.chars == chars and surnames.BJX in entry.source
        assert suggest(chars + "明").surname == "".join(entry.reading).capitalize()
    others = [e for e in set(surnames.COMPOUND.values()) if e.chars not in BAIJIAXING_COMPOUNDS]
    assert {"独孤", "完颜", "纳兰", "太史", "尉迟"} - set(BAIJIAXING_COMPOUNDS) <= {e.chars for e in others}
    assert all(e.source.startswith("History: ") for e in others)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("归海一刀", "Guihai Yidao"), ("太史慈", "Taishi Ci"), ("侯莫陈崇", "Houmochen Chong"), ("斛律光", "Hulü Guang"),
     ("歸海一刀", "Guihai Yidao"), ("贺兰芳", "He Lanfang"), ("王孙华", "Wang Sunhua")],
)
def test_R2_2_other_common_compound_surnames_and_the_ones_left_out_on_purpose(name, expected):
    assert suggest(name).full == expected
