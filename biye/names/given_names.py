"""R2.2: how given names are read where pypinyin's reading of the character alone is not a name's reading.

Two small tables feed `biye.names.romanize`, each entry with its source (see `biye.names.surnames` for XH7):

- `CHAR`: a character in a given name that pypinyin reads on its own (not inside a phrase it knows) with a
  reading that names almost never carry: 张长弓 is Zhang Changgong, not "Zhanggong"; 王晟 is Wang Sheng, not
  "Cheng" (chéng is the surname); 阿不都·买买提 is Abudu Maimaiti. Inside a phrase pypinyin knows (长孙 in a
  given name, say) the phrase wins. Also applied to the parts of a "·" name.
- `PERSON`: full names of historical people whose given name has a reading that exists only for that name
  (XH7 marks these "用于人名"): 郦食其 Li Yiji, 秦桧 Qin Hui. A namesake today is proposed the same spelling,
  and the student can still choose any other reading of each character.

Readings are tone-less pinyin with "ü", one syllable per character of the given name.
"""

from __future__ import annotations

from typing import NamedTuple


class GivenReading(NamedTuple):
    reading: tuple[str, ...]
    source: str


CHAR: dict[str, GivenReading] = {
    "长": GivenReading(("chang",), "XH7 长 cháng; zhǎng (to grow, elder) is not a given-name reading in use"),
    "晟": GivenReading(("sheng",), "XH7 晟 shèng 光明; chéng only as a surname"),
    "都": GivenReading(("du",), "XH7 都 dū (city, capital), the reading in names and in transliterations such as "
                                "阿不都 Abudu; dōu is the adverb 'all'"),
}


def _person(reading: str, source: str, *names: str) -> dict[str, GivenReading]:
    entry = GivenReading(tuple(reading.split()), source)
    return dict.fromkeys(names, entry)


# Keyed by the whole name as written (simplified and traditional); the reading is the given name's.
PERSON: dict[str, GivenReading] = {
    **_person("yi ji", "XH7 食 yì 用于人名 郦食其; 《史记》 郦生陆贾列传", "郦食其", "酈食其"),
    **_person("yi ji", "XH7 食 yì 用于人名 审食其; 《史记》 吕太后本纪", "审食其", "審食其"),
    **_person("mi di", "《汉书》 金日磾传, 日 read mì (颜师古注); English: Jin Midi", "金日磾"),
    **_person("hui", "XH7 桧 huì 用于人名 秦桧; English: Qin Hui", "秦桧", "秦檜"),
    **_person("yao", "XH7 陶 yáo 皋陶; English: Gao Yao", "皋陶"),
    **_person("shen", "曾参 Zēng Shēn (曾子), 参 shēn; English: Zeng Shen", "曾参", "曾參"),
    **_person("shen", "曹参 Cáo Shēn, 《史记》 曹相国世家; English: Cao Shen", "曹参", "曹參"),
}

for _name, _entry in PERSON.items():
    if len(_entry.reading) > len(_name) - 1:
        raise ValueError(f"{_name}: the given name has fewer characters than {_entry.reading}")
