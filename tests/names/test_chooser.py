"""R2.2: the per-character reading chooser shows each reading with its tone marks and a common word, the proposed
reading first, and keeps rare readings behind "更多读音" unless the name uses one. It works without script."""

from __future__ import annotations

import re

import pytest

from biye.names import reading_hints, romanize
from biye.names.models import NameRecord
from biye.names.surnames import SINGLE
from tests.conftest import make_student

URL = "/names/me/"


def _char_block(html: str, index: int) -> str:
    start = html.index(f'name="char-{index}"')
    start = html.rindex('<div class="field chooser-char"', 0, start)
    return html[start : html.index("</div>", start)]


@pytest.fixture
def shan(people):
    return make_student(people.campaign, people.college_a, people.discipline, name="单家军",
                        id_number="110101199503070077")


def test_R2_2_each_reading_shows_tone_marks_and_a_word_the_proposal_first(client, people, clock, shan):
    client.force_login(shan.person)
    html = client.get(URL).content.decode()
    surname = _char_block(html, 0)
    labels = re.findall(
        r'value="(\w+)"(?: checked)?> <span class="toned">([^<]+)</span> <span class="muted word">([^<]+)', surname
    )
    assert labels[:2] == [("shan", "shàn", "单县"), ("dan", "dān", "单独")]
    assert 'id="char-0-0" value="shan" checked' in surname


def test_R2_2_rare_readings_wait_behind_more_readings(client, people, clock, shan):
    client.force_login(shan.person)
    surname = _char_block(client.get(URL).content.decode(), 0)
    usual, more = surname.split('<details class="more-readings" id="char-0-more">')
    assert "更多读音" in more and 'value="chan"' in more and "chán" in more
    assert 'value="chan"' not in usual


def test_R2_2_a_rare_reading_the_name_uses_is_shown_open(client, people, clock, shan):
    client.force_login(shan.person)
    client.post(URL, {"op": "file", "spelling": "Chan Jiajun", "reason": "", "version": "0"})
    assert NameRecord.objects.get(student=shan).spelling == "Chan Jiajun"
    surname = _char_block(client.get(URL).content.decode(), 0)
    assert '<details class="more-readings" id="char-0-more" open>' in surname
    assert 'value="chan" checked' in surname


def test_R2_2_without_script_a_rare_reading_can_still_be_chosen(client, people, clock, shan):
    client.force_login(shan.person)
    html = client.post(URL, {"op": "compose", "char-0": "chan", "char-1": "jia", "char-2": "jun", "spelling": "",
                             "version": "0"}).content.decode()
    assert 'value="Chan Jiajun"' in html
    assert not NameRecord.objects.exists()


@pytest.mark.parametrize(
    ("char", "in_surname", "expected"),
    [
        ("和", False,
         [("he", ("hé", "hè"), "和平", False), ("hu", ("hú",), "", True), ("huo", ("huó", "huò"), "和面", False)]),
        ("长", False, [("chang", ("cháng",), "长城", False), ("zhang", ("zhǎng",), "成长", False)]),
        ("乐", True, [("yue", ("yuè",), "音乐", False), ("le", ("lè",), "快乐", False)]),
        ("率", False, [("lü", ("lǜ",), "效率", False), ("shuai", ("shuài",), "率领", False), ("lüe", ("lüè",), "", True)]),
    ],
)
def test_R2_2_hints_give_tones_a_word_and_rarity_in_the_readings_order(char, in_surname, expected):
    readings = romanize.readings(char + "明" if in_surname else "王" + char)
    found = next(r for r in readings if r.char == char)
    got = [(h.reading, h.toned, h.word, h.rare) for h in reading_hints.hints(found.char, found.readings, in_surname)]
    assert got == expected


def test_R2_2_a_character_without_a_table_entry_takes_a_word_from_the_phrase_data():
    [hint] = [h for h in reading_hints.hints("家", ("jia", "jie", "gu")) if h.reading == "jia"]
    assert hint.word and "家" in hint.word and not hint.rare
    assert [h.rare for h in reading_hints.hints("家", ("jia", "jie", "gu"))] == [False, True, True]


def test_R2_2_the_word_table_lists_only_readings_each_character_has():
    for char, words in reading_hints.WORDS.items():
        known = set(romanize.readings("王" + char)[1].readings)
        if char in SINGLE:
            known |= {*SINGLE[char].reading, *SINGLE[char].also}
        assert set(words) <= known, char
        for word in words.values():
            assert char in word, (char, word)


def test_R2_2_the_romanizer_and_its_tables_stay_pure_python():
    """House rule: romanize.py, surnames.py, given_names.py and reading_hints.py load without Django or biye.core."""
    import subprocess
    import sys

    code = (
        "import sys; import biye.names.romanize, biye.names.reading_hints; "
        "bad = [m for m in sys.modules if m == 'django' or m.startswith(('django.', 'biye.core'))]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    from pathlib import Path

    root = str(Path(__file__).resolve().parents[2])
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root,
                            env={"PYTHONPATH": root})
    assert result.returncode == 0, result.stdout + result.stderr
