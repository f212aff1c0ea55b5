"""Reads of the pinyin section (R2.1, R2.5, R2.6, R2.8), always starting from core.scoping, and the pure helpers
the filing page needs around the romanizer (the per-character chooser, problems worded in Chinese)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from biye.core import cells, concerned, scoping
from biye.core.models import Campaign, Person, Student
from biye.names import reading_hints, romanize
from biye.names.models import NameRecord

# --- whom the section concerns, and the states of a record, as expressions on Student --------------------

DUAL = concerned.receives_diploma()  # who files a pinyin
FILED = Q(name_record__spelling__gt="")
NOT_FILED = ~FILED | Q(name_record__isnull=True)
WITH_REASON = Q(name_record__reason__gt="")
CONFIRMED = Q(name_record__confirmed_at__isnull=False)
NOT_CONFIRMED = Q(name_record__confirmed_at__isnull=True)
CHANGED = Q(name_record__changed_after_confirmation=True)

# The list filters of R2.5/R2.6 (value → label, expression).
STATUSES: dict[str, tuple[object, Q]] = {
    "not_filed": (gettext_lazy("未填报"), NOT_FILED),
    "filed": (gettext_lazy("已填报"), FILED),
    "with_reason": (gettext_lazy("附原因填报"), FILED & WITH_REASON),
    "not_confirmed": (gettext_lazy("未确认"), NOT_CONFIRMED),
    "confirmed": (gettext_lazy("已确认"), CONFIRMED),
    "changed": (gettext_lazy("确认后被修改"), CHANGED),
}

# R2.8: what may put a wrong or unconfirmed name on an English diploma.
RISKS: dict[str, tuple[object, Q]] = {
    "not_filed": STATUSES["not_filed"],
    "not_confirmed": STATUSES["not_confirmed"],
    "with_reason": STATUSES["with_reason"],
    "changed": STATUSES["changed"],
}
ANY_RISK = NOT_CONFIRMED | WITH_REASON | CHANGED


def diploma_name_expression() -> Case:
    """R2.8: the English diploma name as a column: the confirmed spelling, else empty."""
    return Case(
        When(CONFIRMED, then=F("name_record__spelling")), default=Value(""), output_field=CharField()
    )


def english_diploma_name(student: Student) -> str:
    """R2.8: the name printed on the English diploma: the confirmed spelling, or "" while there is none."""
    record = NameRecord.objects.filter(student=student, confirmed_at__isnull=False).only("spelling").first()
    return record.spelling if record else ""


def record_of(student: Student) -> NameRecord | None:
    return NameRecord.objects.filter(student=student).select_related("filed_by", "confirmed_by").first()


def name_list(
    person: Person, *, campaign: Campaign | None, college_id: int | None = None, status: str = "", search: str = ""
) -> QuerySet[Student]:
    """The dual-certificate students this person may see, with their pinyin state as columns (no query per row)."""
    qs = scoping.students_for(person).filter(DUAL)
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    if college_id is not None:
        qs = qs.filter(college_id=college_id)
    if status in STATUSES:
        qs = qs.filter(STATUSES[status][1])
    elif status == "risk":
        qs = qs.filter(ANY_RISK)
    search = search.strip()
    if search:
        qs = qs.filter(Q(number__icontains=search) | Q(name__icontains=search))
    return (
        qs.select_related("college", "name_record", "name_record__filed_by", "name_record__confirmed_by")
        .annotate(
            pinyin=Coalesce(F("name_record__spelling"), Value(""), output_field=CharField()),
            diploma_name=diploma_name_expression(),
        )
        .order_by("number")
    )


def fill_preview(person: Person, *, campaign: Campaign, college_id: int) -> tuple[int, int]:
    """按建议补全, before it is done: how many empty spellings it would fill, and how many are left to fill by
    hand (留学生, names the romanizer cannot read) — what fill_blanks_with_proposal will do."""
    blanks = scoping.students_for(person).filter(DUAL, NOT_FILED, campaign=campaign, college_id=college_id)
    fill = hand = 0
    for name, international in blanks.values_list("name", "is_international"):
        if not international and proposal(name, campaign.pinyin_style):
            fill += 1
        else:
            hand += 1
    return fill, hand


def risk_counts(person: Person, *, campaign: Campaign | None) -> list[dict]:
    """R2.8: per college this person may see, how many dual-certificate students carry each risk. One query."""
    qs = scoping.students_for(person).filter(DUAL)
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    aggregates = {key: Count("pk", filter=expr) for key, (_label, expr) in RISKS.items()}
    rows = qs.order_by().values("college_id").annotate(total=Count("pk"), **aggregates)
    by_college = {row["college_id"]: row for row in rows}
    colleges = scoping.colleges_for(person).filter(pk__in=by_college.keys()).order_by("code")
    return [{"college": c, **by_college[c.pk]} for c in colleges]


def status_counts(person: Person, *, campaign: Campaign | None, college_id: int) -> dict[str, int]:
    """Counts behind the college list's filters, in one query."""
    qs = scoping.students_for(person).filter(DUAL, college_id=college_id)
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    aggregates = {key: Count("pk", filter=expr) for key, (_label, expr) in STATUSES.items()}
    return qs.aggregate(total=Count("pk"), **aggregates)


# --- the romanizer, as the filing page uses it -------------------------------------------------------------


def proposal(name: str, style: str) -> str:
    """The proposed spelling, or "" when the name has a character the romanizer cannot read."""
    name = cells.person_name(name)  # the romanizer reads normalised names
    try:
        return romanize.suggest(name, style).full
    except romanize.RomanizeError:
        return ""


def problems_in_chinese(name: str, spelling: str) -> list[str]:
    """Where `spelling` is not a reading of `name`, said so a student knows what to fix; [] when it is."""
    name = cells.person_name(name)  # the romanizer reads normalised names
    result = romanize.check(name, spelling)
    if result.ok:
        return []
    return [_problem_text(p) for p in result.problems]


def _problem_text(p: romanize.Problem) -> str:
    expected = pgettext("list separator", "、").join(p.expected)
    where = _("第 %(n)s 个字“%(char)s”") % {"n": p.position + 1, "char": p.char} if p.position is not None else p.char
    if p.kind == romanize.U_FOR_UMLAUT:
        return _("%(where)s：“%(typed)s”是另一个音节，应为 %(expected)s（ü 可写作 ü、v 或 yu）。") % {
            "where": where, "typed": p.typed, "expected": expected}
    if p.kind == romanize.MISSING:
        return _("%(where)s：没有对应的拼音（读音：%(expected)s）。") % {"where": where, "expected": expected}
    if p.kind == romanize.EXTRA:
        return _("最后一个字之后多出了“%(typed)s”。") % {"typed": p.typed}
    if p.kind == romanize.UNREADABLE:
        return _("姓名中有系统无法识别读音的字，请手工填写拼音并说明原因。")
    return _("%(where)s：“%(typed)s”不是它的读音（读音：%(expected)s）。") % {
        "where": where, "typed": p.typed, "expected": expected}


def diploma_format(name: str, spelling: str, style: str) -> str:
    """R2.2, R2.8: when `spelling` is a reading of `name` but not written as the diploma prints it (case, spaces,
    the surname / given-name split, ü), the spelling in the diploma format; "" when it is written so, and when it
    is not a reading at all (that is `problems_in_chinese`'s to say)."""
    written = " ".join(spelling.split())
    formats = romanize.formats(cells.person_name(name), written, style)
    if not formats or written in formats:
        return ""
    return formats[0]


# Letters of the Latin script (with their accents), one word after another, a space, hyphen or apostrophe between.
_PASSPORT_NAME = re.compile(r"^[^\W\d_]+(?:[ '\-][^\W\d_]+)*$")


def passport_spelling_problem(spelling: str) -> str:
    """留学生: the name as it is on the passport. Not a pinyin, so no reading check; only a sane shape:
    Latin letters, single spaces, a hyphen or apostrophe inside a name. "" when it is fine."""
    written = " ".join(spelling.split())
    latin = all(not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN") for ch in written)
    if not latin or not _PASSPORT_NAME.match(written) or sum(ch.isalpha() for ch in written) < 2:
        return _("请按护照个人资料页上的英文姓名填写：只用拉丁字母，词与词之间空一格，可含连字符（-）和撇号（'），例如 NGUYEN VAN AN。")
    return ""


@dataclass(frozen=True)
class CharChoice:
    index: int
    char: str
    readings: tuple[str, ...]
    hints: tuple[reading_hints.ReadingHint, ...] = ()  # one per reading: tone marks, a word, whether rare

    @property
    def field_name(self) -> str:
        return f"char-{self.index}"


@dataclass(frozen=True)
class Chooser:
    """The per-character chooser (R2.2): each character's readings, and how chosen readings become a spelling.

    `words` follows the proposal's words: ("han", character indexes, hyphenated) for pinyin words, ("text",
    word) for a part written in letters. The page's script composes the same way from the same data."""

    chars: tuple[CharChoice, ...]
    words: tuple[tuple, ...]

    def compose(self, chosen: dict[int, str], style: str) -> str:
        out = []
        for word in self.words:
            if word[0] == "text":
                out.append(word[1])
                continue
            syllables = [_styled(chosen.get(i) or self.chars[i].readings[0], style) for i in word[1]]
            if word[2]:
                out.append("-".join(s[:1].upper() + s[1:] for s in syllables))
            else:
                joined = "".join(("'" + s) if k and s[:1] in "aoe" else s for k, s in enumerate(syllables))
                out.append(joined[:1].upper() + joined[1:])
        return " ".join(out)

    def as_json(self, style: str) -> dict:
        return {
            "style": style,
            "words": [
                {"text": w[1]} if w[0] == "text" else {"chars": list(w[1]), "hyphen": w[2]} for w in self.words
            ],
        }


def _styled(syllable: str, style: str) -> str:
    return romanize.styled(syllable, style)


def chooser_for(name: str, style: str) -> Chooser | None:
    """The chooser for `name`, or None when the name cannot be read (then the spelling is typed freely)."""
    name = cells.person_name(name)  # the romanizer reads normalised names
    try:
        chars = romanize.readings(name)
        words = romanize.suggest(name, style).full.split(" ")
    except romanize.RomanizeError:
        return None
    plan: list[tuple] = []
    i = 0
    for word in words:
        target = re.sub(r"['\-]", "", word).lower()
        run: list[int] = []
        acc = ""
        while i < len(chars) and len(acc) < len(target):
            syllable = _styled(chars[i].proposed, style)
            if not target.startswith(acc + syllable):
                break
            acc += syllable
            run.append(i)
            i += 1
        if run and acc == target:
            plan.append(("han", tuple(run), "-" in word))
        else:  # a word in letters, even one that happens to begin like the next syllable
            i -= len(run)
            plan.append(("text", word))
    if i != len(chars):
        return None
    return Chooser(
        chars=tuple(
            CharChoice(k, c.char, c.readings, reading_hints.hints(c.char, c.readings, c.in_surname))
            for k, c in enumerate(chars)
        ),
        words=tuple(plan),
    )


def selected_readings(name: str, spelling: str, chooser: Chooser) -> dict[int, str]:
    """Which reading of each character the current spelling uses (the proposal where it is not a reading)."""
    name = cells.person_name(name)  # the romanizer reads normalised names
    result = romanize.check(name, spelling) if spelling else None
    if result is not None and result.ok and len(result.matched) == len(chooser.chars):
        return dict(enumerate(result.matched))
    return {c.index: c.readings[0] for c in chooser.chars}
