"""R2.2, R2.8: the diploma spelling (姓名拼音（全拼）) of a Chinese name.

Pure Python over pypinyin; no Django here, so the rules can be tested and benchmarked on their own.

    suggest(name, style)  the proposed spelling, as GB/T 28039-2011 《中国人名汉语拼音字母拼写规则》 writes it
    readings(name)        every reading of every character, proposal first, for the per-character chooser
    check(name, spelling) whether a typed spelling is a reading of the name, and if not, where it goes wrong
    formats(name, spelling, style)  how the rules write the readings a spelling stands for (the diploma format)

Spelling rules (GB/T 28039-2011 unless said otherwise):

- Surname and given name are two words, each with a capital initial: 刘德华 → Liu Dehua.
- A compound surname is one word: 欧阳修 → Ouyang Xiu. It is recognised only when characters are left over
  for the given name, so a two-character name is always surname + given name (单于 → Shan Yu, never
  Chanyu), and 欧文 stays Ou Wen. A name typed with one space ("单于 光", "刘王 秀英") takes the part before
  the space as the surname; two one-character surnames written together that way (双姓) are joined by a
  hyphen, as in the standard's example 刘王秀英 → Liu-Wang Xiuying.
- A syllable that starts with a, o or e and is not the first of its word gets an apostrophe: 上官婉儿 →
  Shangguan Wan'er.
- ü stays ü (吕 Lü, 女 nü). style="passport" writes it the way Chinese passports do: "yu" in lü and nü
  (吕 Lyu, 女 Nyu), but plain "u" in lüe and nüe (略 Lue, 虐 Nue), where no other syllable is spelled the same.
  Apostrophes are kept in both styles.
- Surnames are read as surnames (曾 Zeng, 单 Shan, 区 Ou ...; see `biye.names.surnames`), in simplified or
  traditional script (歐陽修 → Ouyang Xiu). Given names take pypinyin's reading in context, so phrases it knows
  are read as phrases (王重阳 → Wang Chongyang); a character it reads on its own takes its given-name reading
  where that differs (张长弓 → Zhang Changgong), and a few historical names have their own (郦食其 → Li Yiji);
  see `biye.names.given_names`.
- A name written with "·" (a transliterated minority or foreign name: 买买提·艾力) is written part by part, in
  the order given, each part one capitalised word: Maimaiti Aili. Such a name has no surname / given-name
  split the rules know of (the order and meaning of the parts follow the bearer's tradition), so its
  `Spelling.surname` is empty and `Spelling.given` holds all the parts. Names come in normalised: the
  callers (Django code) pass them through the project's one name normaliser, biye.core.cells.person_name,
  which makes every middle-dot look-alike (• ・ ． ‧, an ASCII "." between Chinese characters) the "·" read
  here. This module stays pure Python and imports nothing of the project.
- Words in Latin (or any non-Chinese) letters pass through unchanged except for a capital initial, and make
  the name a "parts" name as above: "Anna 李" → "Anna Li".

check() accepts any combination of each character's readings, whatever the spacing, case and
apostrophes, so both segmentations of a surname pass. ü may be typed ü, v, u: or yu (Lü, Lv, Lu:, Lyu),
and after j, q, x, y either u or ü. Plain "u" for ü after l or n is NOT accepted: lu and nu are other
syllables (卢 Lu is not 吕 Lü), and that is exactly the mistake a diploma must not carry; lue and nue are
accepted, as no other syllable is written so. Whether a reading is also written the way the diploma prints
it (case, spaces, the surname / given-name split, ü) is formats()'s question, not check()'s.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from pypinyin import Style, lazy_pinyin, pinyin
from pypinyin.seg.simpleseg import seg

from biye.names import given_names
from biye.names.surnames import COMPOUND, COMPOUND_LENGTHS, SINGLE

STYLES = ("gb", "passport")

# Kinds of Problem, for a UI that words them in its own language.
NO_MATCH = "no_match"  # this character's part of the spelling is not one of its readings
U_FOR_UMLAUT = "u_for_umlaut"  # lu / nu typed for lü / nü
MISSING = "missing"  # nothing left in the spelling for this character
EXTRA = "extra"  # letters left over after the last character
UNREADABLE = "unreadable"  # the name has a character with no known reading

_HAN_RANGES = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAN = re.compile(f"[{_HAN_RANGES}]")
_HAN_ONLY = re.compile(f"[{_HAN_RANGES}]+")
_DOT = "·"
_SPELLING_NOISE = re.compile(r"[\s'’‘`´′\-·.•・‧∙⋅_]+")
_VOWELS_NEEDING_APOSTROPHE = ("a", "o", "e")


class RomanizeError(ValueError):
    """The name cannot be romanised: it is empty, or has a character with no known reading."""


@dataclass(frozen=True, slots=True)
class Spelling:
    surname: str
    given: str

    @property
    def full(self) -> str:
        return " ".join(word for word in (self.surname, self.given) if word)

    def __str__(self) -> str:
        return self.full


@dataclass(frozen=True, slots=True)
class CharReadings:
    char: str
    readings: tuple[str, ...]  # tone-less pinyin with ü; the proposal first
    in_surname: bool

    @property
    def proposed(self) -> str:
        return self.readings[0]


@dataclass(frozen=True, slots=True)
class Problem:
    kind: str  # one of NO_MATCH, U_FOR_UMLAUT, MISSING, EXTRA, UNREADABLE
    position: int | None  # index of the character (see `readings()`), None for EXTRA
    char: str
    typed: str  # the part of the (normalised) spelling that was taken for this character
    expected: tuple[str, ...]  # the character's readings
    message: str  # English, for logs and the command line; a UI words it from the fields above

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, slots=True)
class CheckResult:
    ok: bool
    problems: tuple[Problem, ...] = ()
    # The reading taken for each character when ok (same order as `readings()`), for pre-selecting the chooser.
    matched: tuple[str, ...] = ()
    # Remarks that do not make the spelling wrong (a surname read in its everyday way, say).
    notes: tuple[str, ...] = ()


# --- parsing a name ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Part:
    text: str
    han: bool


@dataclass(frozen=True, slots=True)
class _Name:
    # A Chinese name: surname + given name (given may be empty). A "parts" name: parts, surname empty.
    surname: str = ""
    given: str = ""
    parts: tuple[_Part, ...] = ()


def _normalise(name: str) -> str:
    text = unicodedata.normalize("NFKC", name)
    return " ".join(text.split())


@lru_cache(maxsize=4096)
def _parse(name: str) -> _Name:
    text = _normalise(name)
    if not text:
        raise RomanizeError("The name is empty.")
    if _HAN_ONLY.fullmatch(text):  # the common case, kept fast
        _require_han(text)
        split = _surname_length(text)
        return _Name(surname=text[:split], given=text[split:])
    has_other_letters = any(ch.isalpha() and not _HAN.match(ch) for ch in text)
    if has_other_letters or _DOT in text:
        return _Name(parts=_split_parts(text))
    words = text.split(" ")
    for word in words:
        _require_han(word)
    if len(words) == 2:  # the person marked the surname with a space
        return _Name(surname=words[0], given=words[1])
    chars = "".join(words)
    split = _surname_length(chars)
    return _Name(surname=chars[:split], given=chars[split:])


def _surname_length(chars: str) -> int:
    for length in COMPOUND_LENGTHS:
        if len(chars) > length and chars[:length] in COMPOUND:
            return length
    return 1


def _split_parts(text: str) -> tuple[_Part, ...]:
    parts: list[_Part] = []
    for chunk in re.split(r"[\s·]+", text):
        # Chinese and other letters typed without a space between them still make separate words.
        for piece in re.split(f"([{_HAN_RANGES}]+)", chunk):
            if not piece:
                continue
            han = bool(_HAN_ONLY.fullmatch(piece))
            if not han and not any(ch.isalpha() for ch in piece):
                raise RomanizeError(f"{piece!r} in the name is neither Chinese nor a word in letters.")
            if han:
                _require_han(piece)
            parts.append(_Part(piece, han))
    if not parts:
        raise RomanizeError("The name is empty.")
    return tuple(parts)


def _require_han(text: str) -> None:
    for char in text:
        if not _HAN.match(char):
            raise RomanizeError(f"{char!r} in the name is neither a Chinese character nor a letter.")
        if not _heteronyms(char):
            raise RomanizeError(f"No reading is known for {char!r}; type the spelling by hand.")


# --- readings ---------------------------------------------------------------------------------------------


def _plain(reading: str) -> str:
    # ê (欸) is written e in names; everything else is already tone-less letters and ü.
    return reading.replace("ê", "e")


@lru_cache(maxsize=None)
def _heteronyms(char: str) -> tuple[str, ...]:
    """Every reading of one character, pypinyin's default for it first; () when pypinyin has none."""
    found = pinyin(char, style=Style.NORMAL, heteronym=True, v_to_u=True)[0]
    if found == [char]:
        return ()
    return tuple(dict.fromkeys(_plain(r) for r in found))


def _context_readings(text: str) -> list[str]:
    """One reading per character, chosen in context (pypinyin's phrase dictionary)."""
    return [_plain(r) for r in lazy_pinyin(text, style=Style.NORMAL, v_to_u=True)]


def _surname_syllables(surname: str) -> list[str]:
    compound = COMPOUND.get(surname)
    if compound is not None:
        return list(compound.reading)
    syllables = []
    for char in surname:
        single = SINGLE.get(char)
        syllables.append(single.reading[0] if single else _heteronyms(char)[0])
    return syllables


_GIVEN_CHARS = frozenset(given_names.CHAR)


def _name_syllables(text: str) -> list[str]:
    """A given name, or a part of a "·" name: read in context, a character read alone as names read it."""
    syllables = _context_readings(text)
    if _GIVEN_CHARS.isdisjoint(text):  # the common case: no second segmentation
        return syllables
    at = 0
    for word in seg(text):  # the words lazy_pinyin read; a phrase it knows keeps its reading
        if len(word) == 1 and word in given_names.CHAR:
            syllables[at] = given_names.CHAR[word].reading[0]
        at += len(word)
    return syllables


def _given_syllables(surname: str, given: str) -> list[str]:
    person = given_names.PERSON.get(surname + given)
    if person is not None and len(person.reading) == len(given):
        return list(person.reading)
    return _name_syllables(given)


def _proposal(parsed: _Name) -> list[list[str]]:
    """Syllables of each word, in order. For a Chinese name: [surname syllables, given syllables]."""
    if parsed.parts:
        return [_name_syllables(p.text) if p.han else [p.text] for p in parsed.parts]
    words = [_surname_syllables(parsed.surname)]
    if parsed.given:
        words.append(_given_syllables(parsed.surname, parsed.given))
    return words


# --- writing ----------------------------------------------------------------------------------------------


def _capitalised(word: str) -> str:
    return word[:1].upper() + word[1:]


_PASSPORT_PLAIN_U = ("lüe", "nüe")  # no syllable "lue" or "nue" without ü, so the passport rule drops the dots


def styled(syllable: str, style: str) -> str:
    """One tone-less syllable as `style` writes it: "passport" writes lü / nü as lyu / nyu, lüe / nüe as lue / nue."""
    if style != "passport" or "ü" not in syllable:
        return syllable
    if syllable in _PASSPORT_PLAIN_U:
        return syllable.replace("ü", "u")
    return syllable.replace("ü", "yu")


def _pinyin_word(syllables: list[str], style: str) -> str:
    pieces = []
    for i, syllable in enumerate(syllables):
        syllable = styled(syllable, style)
        if i and syllable.startswith(_VOWELS_NEEDING_APOSTROPHE):
            pieces.append("'")
        pieces.append(syllable)
    return _capitalised("".join(pieces))


def _surname_word(surname: str, syllables: list[str], style: str) -> str:
    if len(surname) > 1 and surname not in COMPOUND:
        # 双姓, two surnames side by side: each keeps its capital, joined by a hyphen.
        return "-".join(_pinyin_word([s], style) for s in syllables)
    return _pinyin_word(syllables, style)


def suggest(name: str, style: str = "gb") -> Spelling:
    """R2.2: the proposed diploma spelling of `name` ("gb" keeps ü, "passport" writes it yu)."""
    if style not in STYLES:
        raise ValueError(f"style must be one of {STYLES}, not {style!r}")
    parsed = _parse(name)
    words = _proposal(parsed)
    if parsed.parts:
        given = " ".join(
            _pinyin_word(syllables, style) if part.han else _capitalised(part.text)
            for part, syllables in zip(parsed.parts, words)
        )
        return Spelling(surname="", given=given)
    surname = _surname_word(parsed.surname, words[0], style)
    given = _pinyin_word(words[1], style) if parsed.given else ""
    return Spelling(surname=surname, given=given)


def readings(name: str) -> list[CharReadings]:
    """R2.2: each Chinese character of `name` with all its readings, the proposed one first.

    Letters in a foreign name and the "·" have no entry: they are not chosen, they are copied.
    """
    parsed = _parse(name)
    words = _proposal(parsed)
    result = []
    if parsed.parts:
        for part, syllables in zip(parsed.parts, words):
            if part.han:
                result.extend(_char_readings(char, proposed, False) for char, proposed in zip(part.text, syllables))
        return result
    for char, proposed in zip(parsed.surname, words[0]):
        result.append(_char_readings(char, proposed, True))
    if parsed.given:
        for char, proposed in zip(parsed.given, words[1]):
            result.append(_char_readings(char, proposed, False))
    return result


def _char_readings(char: str, proposed: str, in_surname: bool) -> CharReadings:
    also = SINGLE[char].also if in_surname and char in SINGLE else ()
    return CharReadings(char, tuple(dict.fromkeys((proposed, *also, *_heteronyms(char)))), in_surname)


# --- checking ---------------------------------------------------------------------------------------------


def _typed_forms(reading: str) -> tuple[str, ...]:
    """The ways a person may type `reading` and still mean it."""
    forms = [reading]
    if "ü" in reading:
        forms += [reading.replace("ü", other) for other in ("v", "u:", "yu")]
        if reading in _PASSPORT_PLAIN_U:
            forms.append(reading.replace("ü", "u"))
    elif reading[:1] in ("j", "q", "x", "y") and reading[1:2] == "u":
        # ju, qu, xu, yu are ü syllables written with u; typing the dots is not wrong.
        forms += [reading.replace("u", other, 1) for other in ("ü", "v")]
    return tuple(forms)


@lru_cache(maxsize=None)
def _char_forms(char: str, readings_: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((form, reading) for reading in readings_ for form in _typed_forms(reading))


def _clean_spelling(spelling: str) -> str:
    return _SPELLING_NOISE.sub("", unicodedata.normalize("NFKC", spelling).lower())


@dataclass(frozen=True, slots=True)
class _Slot:
    char: str  # the character, or the foreign word as written
    forms: tuple[tuple[str, str], ...]  # (typed form, reading it stands for)
    expected: tuple[str, ...]
    position: int | None  # index among readings(); None for a foreign word


def _slots(name: str) -> list[_Slot]:
    parsed = _parse(name)
    chars = iter(readings(name))
    slots = []
    position = 0
    pieces = parsed.parts or (_Part(parsed.surname + parsed.given, True),)
    for part in pieces:
        if not part.han:
            word = _clean_spelling(part.text)
            slots.append(_Slot(part.text, ((word, part.text),), (part.text,), None))
            continue
        for _ in part.text:
            entry = next(chars)
            slots.append(_Slot(entry.char, _char_forms(entry.char, entry.readings), entry.readings, position))
            position += 1
    return slots


def check(name: str, spelling: str) -> CheckResult:
    """R2.2: is `spelling` a reading of `name`? If not, say which character it goes wrong at."""
    try:
        slots = _slots(name)
    except RomanizeError as error:
        return CheckResult(ok=False, problems=(Problem(UNREADABLE, None, "", "", (), str(error)),))
    typed = _clean_spelling(spelling)
    # forward[i]: offsets in `typed` reachable after matching the first i slots;
    # backward[i]: offsets from which slots i.. match the rest of `typed` exactly.
    forward: list[set[int]] = [{0}]
    for slot in slots:
        forward.append({at + len(f) for at in forward[-1] for f, _ in slot.forms if typed.startswith(f, at)})
    backward: list[set[int]] = [set() for _ in slots] + [{len(typed)}]
    for i in range(len(slots) - 1, -1, -1):
        backward[i] = {
            end - len(f)
            for end in backward[i + 1]
            for f, _ in slots[i].forms
            if end >= len(f) and typed.startswith(f, end - len(f))
        }
    if 0 in backward[0]:
        matched = _one_parse(slots, typed, backward)
        return CheckResult(ok=True, matched=matched, notes=_notes(name, matched, spelling))
    return CheckResult(ok=False, problems=_diagnose(slots, typed, forward, backward))


def _one_parse(slots: list[_Slot], typed: str, backward: list[set[int]]) -> tuple[str, ...]:
    # Walk forward taking, at each character, the first reading (the proposal comes first) that still lets
    # the rest of the spelling match.
    at, taken = 0, []
    for i, slot in enumerate(slots):
        for form, reading in slot.forms:
            if typed.startswith(form, at) and at + len(form) in backward[i + 1]:
                at += len(form)
                if slot.position is not None:
                    taken.append(reading)
                break
    return tuple(taken)


def _notes(name: str, matched: tuple[str, ...], spelling: str) -> tuple[str, ...]:
    notes = []
    parsed = _parse(name)
    if not parsed.parts and len(parsed.surname) == 1 and parsed.surname in SINGLE:
        usual = SINGLE[parsed.surname].reading[0]
        if matched and matched[0] != usual and matched[0] not in SINGLE[parsed.surname].also:
            usual, taken = _capitalised(usual), _capitalised(matched[0])
            notes.append(f"{parsed.surname} as a surname is usually read {usual}, not {taken}.")
    written = " ".join(spelling.split())
    spellings = {_respelled(parsed, matched, split, style) for split in _splits(parsed, matched) for style in STYLES}
    if written not in spellings:
        expected = _respelled(parsed, matched, _splits(parsed, matched)[0], "gb")
        notes.append(f"The rules write this reading as {expected}.")
    return tuple(notes)


def formats(name: str, spelling: str, style: str = "gb") -> tuple[str, ...]:
    """R2.2, R2.8: the ways the rules write, in `style`, the readings `spelling` stands for: the likelier surname /
    given-name split first (a name that may begin with a compound surname has two). The diploma prints the
    spelling exactly, so a reading written otherwise ("shan jiajun", "ShanJiajun", "Lv Bu") is not in the
    diploma format. () when `spelling` is not a reading of `name`."""
    if style not in STYLES:
        raise ValueError(f"style must be one of {STYLES}, not {style!r}")
    result = check(name, spelling)
    if not result.ok:
        return ()
    parsed = _parse(name)
    written = (_respelled(parsed, result.matched, split, style) for split in _splits(parsed, result.matched))
    return tuple(dict.fromkeys(written))


def _splits(parsed: _Name, matched: tuple[str, ...]) -> list[int]:
    """Where the surname may end, for the readings chosen: the likelier first."""
    if parsed.parts:
        return [0]
    split = len(parsed.surname)
    compound = COMPOUND.get(parsed.surname)
    if compound is not None and matched[:split] != compound.reading:
        # 单于光 read shan-yu-guang is the surname 单 and the given name 于光, not the compound 单于.
        return [1, split]
    return [split, 1] if compound is not None else [split]


def _respelled(parsed: _Name, matched: tuple[str, ...], split: int, style: str) -> str:
    """How the rules write the readings a person chose, with the surname ending at `split`."""
    if parsed.parts:
        chosen, words = iter(matched), []
        for part in parsed.parts:
            if part.han:
                words.append(_pinyin_word([next(chosen) for _ in part.text], style))
            else:
                words.append(_capitalised(part.text))
        return " ".join(words)
    chars = parsed.surname + parsed.given
    surname = _surname_word(chars[:split], list(matched[:split]), style)
    given = _pinyin_word(list(matched[split:]), style) if split < len(chars) else ""
    return " ".join(word for word in (surname, given) if word)


def _diagnose(
    slots: list[_Slot], typed: str, forward: list[set[int]], backward: list[set[int]]
) -> tuple[Problem, ...]:
    if forward[-1]:  # every character matched, with letters to spare
        rest = typed[max(forward[-1]) :]
        return (Problem(EXTRA, None, "", rest, (), f"Letters {rest!r} are left over after the last character."),)
    # One character wrong and the rest right: name that character and what was typed for it.
    for i, slot in enumerate(slots):
        spans = sorted((q - p, p, q) for p in forward[i] for q in backward[i + 1] if p <= q)
        if spans:
            _, p, q = spans[0]
            return (_problem(slot, typed[p:q]),)
    # Several mistakes: point at the first character that cannot be matched where the spelling stands.
    reached = max(i for i, offsets in enumerate(forward) if offsets)
    at = max(forward[reached])
    return (_problem(slots[reached], _first_syllable(typed[at:])),)


_SYLLABLE = re.compile(r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:[aeiouüv]|u:)+(?:ng|n|r)?")


def _first_syllable(rest: str) -> str:
    """What was meant for one character, out of the letters left when several are wrong: the first thing shaped
    like a syllable ("zhengguofang" → "zheng"), so that a message points at one character's part only."""
    found = _SYLLABLE.match(rest)
    if found is None:
        return rest[:6]
    end = found.end()
    if rest[end - 1 : end] in ("n", "r") and rest[end : end + 1] in tuple("aeiouüv"):
        end -= 1  # "n" or "r" before a vowel begins the next syllable: "xian" is fine, "xiane" is "xia"+"ne"
    if rest[end - 2 : end] == "ng" and rest[end : end + 1] in tuple("aeiouüv"):
        end -= 1
    return rest[:end]


def _problem(slot: _Slot, typed: str) -> Problem:
    readings_ = ", ".join(slot.expected)
    if not typed:
        message = f"{slot.char}: nothing is typed for it ({readings_})."
        return Problem(MISSING, slot.position, slot.char, "", slot.expected, message)
    for reading in slot.expected:
        if "ü" in reading and typed == reading.replace("ü", "u"):
            message = (
                f"{slot.char}: {typed!r} is a different syllable; {slot.char} is {reading} "
                f"(type {reading}, {reading.replace('ü', 'v')} or {reading.replace('ü', 'yu')})."
            )
            return Problem(U_FOR_UMLAUT, slot.position, slot.char, typed, slot.expected, message)
    message = f"{slot.char}: {typed!r} is not a reading of {slot.char} ({readings_})."
    return Problem(NO_MATCH, slot.position, slot.char, typed, slot.expected, message)


def clear_caches() -> None:
    """Forget cached lookups (the benchmark starts every round cold)."""
    for cached in (_parse, _heteronyms, _char_forms):
        cached.cache_clear()
