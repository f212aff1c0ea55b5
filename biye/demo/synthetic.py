"""A deterministic, realistic student roster (学籍名单) for the demo, tests and benchmarks.

`generate_rows(n)` yields n rows keyed by the roster's Chinese headers (R0.2). The same arguments always give the
same rows. Names include polyphonic surnames (曾 单 区 解 仇 朴 翟 查), compound surnames (欧阳 司马 …), minority
names with "·" and international students with names in letters; 居民身份证 numbers carry a computed check digit
and agree with the row's birth date and gender, except in the rows `flaws` asks to spoil on purpose.

Plain Python (no Django), so a benchmark can import it before any settings exist.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import random
from collections.abc import Iterable, Iterator, Sequence
from os import PathLike
from typing import BinaryIO, NamedTuple

from stdnum.cn import ric

ROSTER_HEADERS: tuple[str, ...] = (
    "学号", "姓名", "性别", "民族", "出生日期", "证件类型", "证件号码", "学院代码", "学院名称", "专业代码",
    "专业名称", "培养层次", "学习形式", "培养方式", "证书类型", "是否留学生", "入学日期", "学制", "最长学习年限",
    "预计毕业", "导师工号", "导师姓名", "是否硕博连读", "是否已采集图像",
)


class CollegeSpec(NamedTuple):
    code: str
    name: str
    division: str  # a division code of DIVISIONS


class DisciplineSpec(NamedTuple):
    code: str
    name_zh: str
    name_en: str  # "" on purpose for a few, so the R2.10 finding "no English name" shows
    college: str  # the college code that trains it
    professional: bool = False  # 专业学位: masters only in this roster


COLLEGES: tuple[CollegeSpec, ...] = (
    CollegeSpec("010", "机械与车辆学院", "MECH"),
    CollegeSpec("020", "宇航学院", "MECH"),
    CollegeSpec("030", "机电学院", "MECH"),
    CollegeSpec("050", "光电学院", "INFO"),
    CollegeSpec("060", "信息与电子学院", "INFO"),
    CollegeSpec("070", "自动化学院", "INFO"),
    CollegeSpec("080", "计算机学院", "INFO"),
    CollegeSpec("090", "材料学院", "SCI"),
    CollegeSpec("100", "化学与化工学院", "SCI"),
    CollegeSpec("110", "数学与统计学院", "SCI"),
    CollegeSpec("120", "物理学院", "SCI"),
    CollegeSpec("130", "管理与经济学院", "HUM"),
    CollegeSpec("140", "人文与社会科学学院", "HUM"),
    CollegeSpec("150", "外国语学院", "HUM"),
    CollegeSpec("160", "法学院", "HUM"),
)

# National discipline codes (学位授予和人才培养学科目录) with their usual English names.
DISCIPLINES: tuple[DisciplineSpec, ...] = (
    DisciplineSpec("080200", "机械工程", "Mechanical Engineering", "010"),
    DisciplineSpec("082300", "交通运输工程", "Transportation Engineering", "010"),
    DisciplineSpec("085500", "机械", "Mechanical Engineering", "010", True),
    DisciplineSpec("080100", "力学", "Mechanics", "020"),
    DisciplineSpec("082500", "航空宇航科学与技术", "Aeronautical and Astronautical Science and Technology", "020"),
    DisciplineSpec("082600", "兵器科学与技术", "Armament Science and Technology", "030"),
    DisciplineSpec("083700", "安全科学与工程", "", "030"),
    DisciplineSpec("080300", "光学工程", "Optical Engineering", "050"),
    DisciplineSpec("080400", "仪器科学与技术", "Instrument Science and Technology", "050"),
    DisciplineSpec("080900", "电子科学与技术", "Electronic Science and Technology", "060"),
    DisciplineSpec("081000", "信息与通信工程", "Information and Communication Engineering", "060"),
    DisciplineSpec("085400", "电子信息", "Electronic Information", "060", True),
    DisciplineSpec("081100", "控制科学与工程", "Control Science and Engineering", "070"),
    DisciplineSpec("081200", "计算机科学与技术", "Computer Science and Technology", "080"),
    DisciplineSpec("083500", "软件工程", "Software Engineering", "080"),
    DisciplineSpec("083900", "网络空间安全", "Cyberspace Security", "080"),
    DisciplineSpec("080500", "材料科学与工程", "Materials Science and Engineering", "090"),
    DisciplineSpec("070300", "化学", "Chemistry", "100"),
    DisciplineSpec("081700", "化学工程与技术", "Chemical Engineering and Technology", "100"),
    DisciplineSpec("070100", "数学", "Mathematics", "110"),
    DisciplineSpec("071400", "统计学", "Statistics", "110"),
    DisciplineSpec("070200", "物理学", "Physics", "120"),
    DisciplineSpec("120100", "管理科学与工程", "Management Science and Engineering", "130"),
    DisciplineSpec("020200", "应用经济学", "Applied Economics", "130"),
    DisciplineSpec("125100", "工商管理", "Business Administration", "130", True),
    DisciplineSpec("030300", "社会学", "Sociology", "140"),
    DisciplineSpec("130500", "设计学", "", "140"),
    DisciplineSpec("050200", "外国语言文学", "Foreign Languages and Literatures", "150"),
    DisciplineSpec("030100", "法学", "Law", "160"),
)

# Surnames weighted roughly by how common they are; the rarer polyphonic and compound ones are also placed on a
# fixed schedule below so that every roster of a few hundred rows holds each of them.
_COMMON_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
POLYPHONIC_SURNAMES = ("曾", "单", "区", "解", "仇", "朴", "翟", "查")
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "司徒", "东方", "皇甫", "夏侯")
_MALE_CHARS = "伟强磊军洋勇杰涛明超辉刚健鹏浩宇轩博文斌志峰亮俊凯昊然晨阳鑫睿哲瑞航毅楠帆兴旭东震嘉"
_FEMALE_CHARS = "芳娜敏静丽艳娟霞燕玲婷雪琳颖慧倩欣怡佳悦琪璐瑶晶莹蕾蓉萍洁妍曼菲丹彤月露雯薇"
_UYGHUR_MALE = ("买买提", "艾力", "阿不都", "艾尔肯", "努尔兰", "迪力夏提", "阿里木", "伊力哈木")
_UYGHUR_FEMALE = ("阿依古丽", "古丽娜尔", "热依拉", "迪丽娜尔", "帕提古丽", "米热古丽", "阿依努尔", "再努尔")
_UYGHUR_FATHER = ("艾力", "吐尔逊", "买买提", "阿不都热合曼", "吾买尔", "依明", "司马义", "克里木")
_FOREIGN_MALE = ("John Smith", "Nguyen Van Hung", "Ahmed Hassan", "Daniel Becker", "Kwame Mensah", "Ivan Petrov")
_FOREIGN_FEMALE = ("Maria Garcia", "Tran Thi Mai", "Aisha Rahman", "Anna Kowalski", "Siti Nurhaliza", "Olga Ivanova")

# Area codes of ID numbers (行政区划代码) by ethnicity, so a Uyghur student is not born in Hangzhou.
_HAN_AREAS = ("110108", "120103", "130102", "210102", "320102", "330106", "340104", "350102", "360102",
              "370102", "410105", "420106", "430104", "440106", "510107", "610113", "620102", "230103")
_MINORITY_AREAS = {
    "维吾尔族": ("650102", "653101", "652901"),
    "回族": ("640102", "620102"),
    "蒙古族": ("150102", "152502"),
    "壮族": ("450103", "450203"),
    "满族": ("210102", "130802"),
    "朝鲜族": ("222401",),
    "土家族": ("433101", "422801"),
    "苗族": ("522601", "433101"),
    "藏族": ("540102", "513321"),
    "彝族": ("532301", "513401"),
}
_MINORITIES = tuple(e for e in _MINORITY_AREAS if e != "维吾尔族")
# stdnum knows many area codes only from the year they were introduced; for an earlier birth date these codes,
# valid all along, stand in so that a number meant to be valid is valid.
_LONG_LIVED_AREAS = ("110108", "120103", "222401", "513401", "653101")


def id_number(area: str, birth: dt.date, sequence: int) -> str:
    """A 居民身份证 number: area, birth date, 3-digit sequence (odd = male) and the computed check digit."""
    body = f"{area}{birth:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")  # the function expects a placeholder check digit


@functools.cache
def _area_existed(area: str, year: int) -> bool:
    """stdnum checks the area code against the birth year; asking once per pair keeps 100,000 rows fast."""
    return ric.is_valid(id_number(area, dt.date(year, 6, 1), 1))


def _spoil_check_digit(number: str) -> str:
    good = number[-1]
    return number[:-1] + ("0" if good != "0" else "1")


def generate_rows(
    n: int,
    *,
    campaign_year: int = 2020,
    seed: int = 2020,
    colleges: Sequence[CollegeSpec] = COLLEGES,
    disciplines: Sequence[DisciplineSpec] = DISCIPLINES,
    flaws: int = 0,
) -> Iterator[dict[str, object]]:
    """n roster rows. Dates are `datetime.date`, 学制/最长学习年限 are numbers, everything else is text.

    `flaws` spoils that many 居民身份证 rows, spread over the roster, cycling through: a wrong check digit, a
    gender that disagrees with the number, a birth date that disagrees, and a number already used by another row.
    """
    rng = random.Random(seed)
    college_names = {c.code: c.name for c in colleges}
    usable = [d for d in disciplines if d.college in college_names]
    if not usable:
        raise ValueError("no discipline belongs to one of the given colleges")
    # Advisors per college: about eight students each, so an advisor sees a short, real list.
    share = {code: sum(1 for d in usable if d.college == code) / len(usable) for code in college_names}
    advisors_in = {code: max(2, round(n * s / 8)) for code, s in share.items()}
    number_width = max(5, len(str(n)))
    flaw_at = {(k + 1) * n // (flaws + 1) for k in range(flaws)} if flaws else set()
    pending_flaws = 0
    flaw_kinds = ("checksum", "gender", "birth", "duplicate")
    flaws_done = 0
    last_resident_id = ""

    for i in range(n):
        row = _one_row(rng, i, campaign_year, usable, college_names, advisors_in, number_width, seed)
        if i in flaw_at:
            pending_flaws += 1
        if pending_flaws and row["证件类型"] == "居民身份证" and last_resident_id:
            kind = flaw_kinds[flaws_done % len(flaw_kinds)]
            if kind == "checksum":
                row["证件号码"] = _spoil_check_digit(str(row["证件号码"]))
            elif kind == "gender":
                row["性别"] = "女" if row["性别"] == "男" else "男"
            elif kind == "birth":
                row["出生日期"] = row["出生日期"] + dt.timedelta(days=1)  # type: ignore[operator]
            else:
                row["证件号码"] = last_resident_id
            pending_flaws -= 1
            flaws_done += 1
        if row["证件类型"] == "居民身份证":
            last_resident_id = str(row["证件号码"])
        yield row


def _name(rng: random.Random, surname: str, male: bool) -> str:
    chars = _MALE_CHARS if male else _FEMALE_CHARS
    given = rng.choice(chars) + (rng.choice(chars) if rng.random() < 0.7 else "")
    return surname + given


def _advisor(seed: int, college: str, index: int, width: int) -> tuple[str, str]:
    # A private generator per advisor keeps the name stable whatever rows come before.
    r = random.Random(f"advisor-{seed}-{college}-{index}")
    return f"{college}{index:0{width}d}", _name(r, r.choice(_COMMON_SURNAMES), r.random() < 0.7)


def _one_row(
    rng: random.Random,
    i: int,
    year: int,
    disciplines: Sequence[DisciplineSpec],
    college_names: dict[str, str],
    advisors_in: dict[str, int],
    number_width: int,
    seed: int,
) -> dict[str, object]:
    slot = i % 40
    international = i % 97 == 50
    male = rng.random() < 0.58
    ethnicity = "汉族"
    if slot == 27:  # a Uyghur name written with the middle dot
        ethnicity = "维吾尔族"
        name = rng.choice(_UYGHUR_MALE if male else _UYGHUR_FEMALE) + "·" + rng.choice(_UYGHUR_FATHER)
    else:
        if slot == 7:
            surname = POLYPHONIC_SURNAMES[(i // 40) % len(POLYPHONIC_SURNAMES)]
        elif slot == 17:
            surname = COMPOUND_SURNAMES[(i // 40) % len(COMPOUND_SURNAMES)]
        elif rng.random() < 0.03:
            surname = rng.choice(POLYPHONIC_SURNAMES)
        else:
            surname = rng.choice(_COMMON_SURNAMES)
        name = _name(rng, surname, male)
        if rng.random() < 0.08:
            ethnicity = rng.choice(_MINORITIES)
    if international:
        name = rng.choice(_FOREIGN_MALE if male else _FOREIGN_FEMALE)
        ethnicity = "其他"

    discipline = rng.choice(disciplines)
    doctor = not discipline.professional and rng.random() < 0.28
    combined = doctor and rng.random() < 0.2
    if slot == 33:  # an in-service master of the old single-certificate kind
        doctor, combined = False, False
    part_time = slot == 33 or rng.random() < (0.35 if discipline.professional else 0.06)
    if international:
        part_time = False

    # Schooling years and the enrollment year that makes this the graduating year; some run late.
    if doctor:
        schooling, max_years = (5, 7) if combined else (4, 6)
    elif discipline.professional:
        schooling, max_years = (3, 5) if part_time else (2, 4)
    else:
        schooling, max_years = (3, 5)
    delay = 0 if rng.random() < 0.88 else rng.choice((1, 1, 2))
    enrolled_year = year - schooling - delay
    if slot == 33:
        enrolled_year = min(enrolled_year, year - 4)
    elif i % 83 == 41 and not doctor and not part_time:
        # 提前毕业: a few full-time masters finish a year early, enrolled after the photo cutoff year.
        enrolled_year = year - 1
    enrolled = dt.date(enrolled_year, 9, 1) if rng.random() < 0.95 else dt.date(enrolled_year, 3, 1)
    term = "秋季" if enrolled.month == 3 or rng.random() < 0.05 else "夏季"

    if part_time:
        training = "定向" if rng.random() < 0.85 else "委培"
    else:
        r = rng.random()
        training = "非定向" if r < 0.85 else ("定向" if r < 0.97 else "委培")
    # Before 2017 part-time study led to the degree certificate alone (单证).
    certificate = "单证" if part_time and enrolled.year <= 2016 else "双证"

    age_at_entry = rng.randint(22, 26) if not doctor else rng.randint(24, 30)
    if part_time:
        age_at_entry += rng.randint(2, 10)
    birth = dt.date(enrolled.year - age_at_entry, rng.randint(1, 12), rng.randint(1, 28))

    if international:
        id_type = "护照"
        id_no = f"{rng.choice('CEGKNPT')}{rng.randrange(10**7, 10**8)}"
    elif i % 211 == 100:
        id_type = "港澳居民来往内地通行证"
        id_no = f"{rng.choice('HM')}{rng.randrange(10**7, 10**8)}"
    elif i % 211 == 200:
        id_type = "台湾居民来往大陆通行证"
        id_no = f"{rng.randrange(10**7, 10**8)}"
    else:
        id_type = "居民身份证"
        area = rng.choice(_MINORITY_AREAS.get(ethnicity, _HAN_AREAS))
        sequence = rng.randrange(0, 500) * 2 + (1 if male else 0)
        if not _area_existed(area, birth.year):
            area = _LONG_LIVED_AREAS[sequence % len(_LONG_LIVED_AREAS)]
        id_no = id_number(area, birth, sequence)

    level_digit = "3" if doctor else "2"
    number = f"{level_digit}{enrolled.year}{discipline.college}{i:0{number_width}d}"
    advisor_count = advisors_in[discipline.college]
    advisor_no, advisor_name = _advisor(
        seed, discipline.college, rng.randrange(advisor_count), max(3, len(str(advisor_count)))
    )
    return {
        "学号": number,
        "姓名": name,
        "性别": "男" if male else "女",
        "民族": ethnicity,
        "出生日期": birth,
        "证件类型": id_type,
        "证件号码": id_no,
        "学院代码": discipline.college,
        "学院名称": college_names[discipline.college],
        "专业代码": discipline.code,
        "专业名称": discipline.name_zh,
        "培养层次": "博士" if doctor else "硕士",
        "学习形式": "非全日制" if part_time else "全日制",
        "培养方式": training,
        "证书类型": certificate,
        "是否留学生": "是" if international else "否",
        "入学日期": enrolled,
        "学制": schooling,
        "最长学习年限": max_years,
        "预计毕业": term,
        "导师工号": advisor_no,
        "导师姓名": advisor_name,
        "是否硕博连读": "是" if combined else "否",
        "是否已采集图像": "是" if _photographed_at_entry(rng, enrolled.year, year, i) else "否",
    }


def _photographed_at_entry(rng: random.Random, enrolled_year: int, year: int, i: int) -> bool:
    """R1.1, R1.3: whether the roster says a photo was taken at entry. Entrants after the photo cutoff year
    (year - 2, Campaign.of_year) were photographed at enrollment, except some who missed it (and so need the
    college's inclusion request); of the older entrants only some have a photo on file."""
    r = rng.random()  # drawn once either way, so the rows after this one stay the same
    if enrolled_year > year - 2:
        return r >= 0.3
    return r < 0.4


def write_xlsx(target: str | PathLike[str] | BinaryIO, rows: Iterable[dict[str, object]]) -> None:
    """Write rows under ROSTER_HEADERS to an .xlsx file (a path or a binary file object).

    Text is always written as text, so a value such as "=1+1" stays a string and never becomes a formula;
    dates are real Excel dates, numbers are numbers. Rows stream out in constant memory.
    """
    import xlsxwriter  # imported here so that reading rows needs nothing but the standard library and stdnum

    options = {"constant_memory": True}
    if not isinstance(target, (str, PathLike)):
        options["in_memory"] = True
    book = xlsxwriter.Workbook(target, options)
    sheet = book.add_worksheet("学籍")
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for col, header in enumerate(ROSTER_HEADERS):
        sheet.write_string(0, col, header)
    for r, row in enumerate(rows, start=1):
        for col, header in enumerate(ROSTER_HEADERS):
            value = row.get(header, "")
            if isinstance(value, dt.date):
                sheet.write_datetime(r, col, dt.datetime(value.year, value.month, value.day), date_format)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                sheet.write_number(r, col, value)
            else:
                sheet.write_string(r, col, "" if value is None else str(value))
    book.close()


def xlsx_bytes(rows: Iterable[dict[str, object]]) -> bytes:
    """The rows as the bytes of an .xlsx workbook, as an upload would deliver them."""
    buffer = io.BytesIO()
    write_xlsx(buffer, rows)
    return buffer.getvalue()
