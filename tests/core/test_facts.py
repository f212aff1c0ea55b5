"""Sections meet only in core: the 附件6 sheet reads the pinyin columns through core/facts.py (R2.3)."""

from __future__ import annotations

import datetime as dt

import pytest

from biye.core import facts
from biye.names import actions
from tests.conftest import at


def test_facts_registry_calls_the_provider_in_chunks_and_keeps_only_what_it_returns(monkeypatch):
    calls = []

    def doubled(ids):
        calls.append(len(ids))
        return {i: i * 2 for i in ids if i % 2 == 0}

    monkeypatch.setattr(facts, "_FACTS", {})
    facts.register("test.doubled", doubled, label="两倍")
    got = facts.values("test.doubled", range(1, 2001))
    assert calls == [900, 900, 200]
    assert got[2] == 4 and got[2000] == 4000 and 1 not in got and len(got) == 1000
    assert facts.label("test.doubled") == "两倍" and facts.keys() == ["test.doubled"]
    with pytest.raises(LookupError, match="no section publishes the fact 'names.nothing'"):
        facts.values("names.nothing", [1])


def test_R2_3_names_publishes_the_pinyin_columns_of_the_verification_sheet(people):
    a1, a2, b1 = people.student_a1, people.student_a2, people.student_b1
    actions.file_pinyin(student=a1, by=a1.person, spelling="Zeng Guofan", version=None, now=at(2020, 6, 10))
    actions.confirm_pinyin(student=a1, by=a1.person, version=None, now=at(2020, 6, 14, 23, 30))  # Beijing time
    actions.file_pinyin(student=b1, by=b1.person, spelling="Sin Tin Fong", reason="护照上的写法", version=None,
                        now=at(2020, 6, 10))
    actions.fill_pinyin(student=a2, by=people.handler_a, spelling="Ouyang Xiu", version=None, now=at(2020, 6, 15))
    actions.record_paper_confirmation(student=a2, by=people.handler_a, signed_on=dt.date(2020, 6, 13), version=None,
                                      now=at(2020, 6, 15, 9))
    actions.fill_pinyin(student=a2, by=people.handler_a, spelling="Ouyang Xiuu", reason="学生要求", version=None,
                        now=at(2020, 6, 16))
    ids = [a1.pk, a2.pk, b1.pk]
    rows = facts.table(["names.spelling", "names.status", "names.confirmation_method", "names.confirmed_on",
                        "names.filed_with_reason", "names.filled_by_college", "names.changed_after_confirmation"], ids)
    assert rows[a1.pk] == {"names.spelling": "Zeng Guofan", "names.status": "已确认",
                           "names.confirmation_method": "本人网上确认", "names.confirmed_on": dt.date(2020, 6, 14)}
    assert rows[a2.pk] == {"names.spelling": "Ouyang Xiuu", "names.status": "确认后被修改，待重新确认",
                           "names.filed_with_reason": "学生要求", "names.filled_by_college": True,
                           "names.changed_after_confirmation": True}
    assert rows[b1.pk] == {"names.spelling": "Sin Tin Fong", "names.status": "已填报，未确认",
                           "names.filed_with_reason": "护照上的写法"}


def test_R2_3_a_student_who_never_filed_has_the_status_not_filed_and_no_spelling(people):
    ids = [people.student_a1.pk]
    assert facts.values("names.status", ids) == {people.student_a1.pk: "未填报"}
    assert facts.values("names.spelling", ids) == {}


def test_R2_3_paper_confirmation_date_is_the_day_signed(people):
    a1 = people.student_a1
    actions.file_pinyin(student=a1, by=a1.person, spelling="Zeng Guofan", version=None, now=at(2020, 6, 10))
    actions.record_paper_confirmation(student=a1, by=people.handler_a, signed_on=dt.date(2020, 6, 12), version=None,
                                      now=at(2020, 6, 15, 9))
    assert facts.values("names.confirmed_on", [a1.pk]) == {a1.pk: dt.date(2020, 6, 12)}
    assert facts.values("names.confirmation_method", [a1.pk]) == {a1.pk: "纸质签字确认"}
