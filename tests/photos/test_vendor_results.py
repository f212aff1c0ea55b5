"""R1.4: the vendor's result file — who was collected, when and how."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from biye.core.errors import ActionRefused
from biye.core.models import AuditEvent, Student
from biye.photos import actions
from biye.photos.imports import parse_vendor_file
from biye.photos.models import PhotoCollection
from tests.conftest import at
from tests.photos.conftest import HEADERS, csv_file, xlsx_file

IN_WINDOW = at(2020, 6, 14, 9)


def run(data: bytes, by, name: str = "结果.xlsx", now=IN_WINDOW, **kw):
    from biye.core.models import Campaign

    return actions.import_vendor_results(
        campaign=Campaign.current(), rows=parse_vendor_file(data, name), file_name=name, by=by, now=now, **kw
    )


def test_R1_4_vendor_file_with_unknown_student_imports_the_rest_and_reports_it(people, lists):
    data = xlsx_file(HEADERS, [
        [lists.a1.number, lists.a1.name, "2020-06-10 10:15:00", "线上"],
        ["3199999999", "查无此人", "2020-06-10 11:00", "线上"],
        [lists.b1.number, lists.b1.name, "2020/6/11 16:30", "线上"],
    ])
    report = run(data, people.vendor)
    assert [(o.row, o.label) for o in report.rejected] == [(3, "3199999999")]
    assert report.rejected[0].message.startswith("不匹配")  # the vendor is not told whether the 学号 exists
    assert [o.student.pk for o in report.taken] == [lists.a1.pk, lists.b1.pk]
    a1 = Student.objects.get(pk=lists.a1.pk)
    assert a1.photo_on_file is True
    c = PhotoCollection.objects.get(student=a1)
    assert (c.method, c.source_file, c.recorded_by) == ("线上", "结果.xlsx", people.vendor)
    assert c.collected_at == at(2020, 6, 10, 10, 15)
    assert Student.objects.get(pk=lists.b1.pk).photo_on_file is True
    assert not Student.objects.filter(number="3199999999").exists()


def test_R1_4_name_that_does_not_match_the_roster_is_reported_not_taken(people, lists):
    # The Graduate School is told which part did not match (the vendor only "不匹配": test_vendor_privacy.py).
    report = run(xlsx_file(HEADERS, [[lists.a1.number, "翟志钢", "2020-06-10 10:00", "线上"]]), people.gs)
    assert len(report.rejected) == 1 and "与学籍姓名不符" in report.rejected[0].message
    assert Student.objects.get(pk=lists.a1.pk).photo_on_file is False
    assert not PhotoCollection.objects.exists()


def test_R1_4_student_identified_by_id_number_alone(people, lists):
    lists.a2.id_number = "11010119950307009X"
    lists.a2.save()
    data = xlsx_file(["证件号码", "姓名", "采集时间", "采集方式"],
                     [["11010119950307009x", lists.a2.name, "2020-06-12 23:59:59", "线上"]])
    report = run(data, people.vendor)
    assert [o.student.pk for o in report.taken] == [lists.a2.pk]
    assert Student.objects.get(pk=lists.a2.pk).photo_on_file is True


def test_R1_4_number_and_id_number_of_different_students_is_reported(people, lists):
    data = xlsx_file(["学号", "证件号码", "姓名", "采集时间", "采集方式"],
                     [[lists.a1.number, "110101199001010000", lists.a1.name, "2020-06-10 10:00", "线上"]])
    report = run(data, people.gs)
    assert report.rejected[0].message == "学号与证件号码不是同一名学生，请向影像中心核对这一行的学号和证件号码"
    assert not PhotoCollection.objects.exists()


def test_R1_4_importing_the_same_file_twice_changes_nothing(people, lists):
    data = xlsx_file(HEADERS, [[lists.a1.number, lists.a1.name, "2020-06-10 10:00", "线上"],
                               [lists.a2.number, lists.a2.name, "2020-06-15 10:00", "影像中心"]])
    first = run(data, people.vendor, now=at(2020, 6, 16, 8))
    assert len(first.taken) == 2
    events = AuditEvent.objects.count()
    rows = list(PhotoCollection.objects.values_list("student_id", "collected_at", "method", "recorded_at"))
    second = run(data, people.vendor, now=at(2020, 6, 16, 9))
    assert (len(second.taken), len(second.unchanged), len(second.rejected)) == (0, 2, 0)
    assert {o.message for o in second.unchanged} == {"已导入过，无变化"}
    assert AuditEvent.objects.count() == events
    assert list(PhotoCollection.objects.values_list("student_id", "collected_at", "method", "recorded_at")) == rows


def test_R1_4_later_collection_replaces_earlier_and_earlier_does_not_replace_later(people, lists):
    run(xlsx_file(HEADERS, [[lists.a1.number, lists.a1.name, "2020-06-10 10:00", "线上"]]), people.vendor)
    later = run(xlsx_file(HEADERS, [[lists.a1.number, lists.a1.name, "2020-06-15 14:00", "影像中心"]]),
                people.vendor, name="补采.xlsx", now=at(2020, 6, 16))
    assert len(later.taken) == 1
    c = PhotoCollection.objects.get(student=lists.a1)
    assert (c.method, c.collected_at, c.source_file) == ("影像中心", at(2020, 6, 15, 14), "补采.xlsx")
    event = AuditEvent.objects.filter(action="photos.vendor_result", student=lists.a1).first()
    assert event.before["method"] == "线上" and event.after["method"] == "影像中心"

    earlier = run(xlsx_file(HEADERS, [[lists.a1.number, lists.a1.name, "2020-06-11 09:00", "线上"]]),
                  people.vendor, now=at(2020, 6, 17))
    assert len(earlier.taken) == 0 and "早于已记录的采集时间" in earlier.unchanged[0].message
    assert PhotoCollection.objects.get(student=lists.a1).collected_at == at(2020, 6, 15, 14)


def test_R1_4_two_rows_of_one_student_in_one_file_keep_the_later(people, lists):
    data = xlsx_file(HEADERS, [[lists.a1.number, lists.a1.name, "2020-06-16 10:00", "影像中心"],
                               [lists.a1.number, lists.a1.name, "2020-06-10 10:00", "线上"]])
    report = run(data, people.vendor, now=at(2020, 6, 17))
    assert [o.row for o in report.taken] == [2] and [o.row for o in report.unchanged] == [3]
    assert PhotoCollection.objects.get(student=lists.a1).method == "影像中心"


def test_R1_4_list_b_student_collected_again_keeps_photo_and_gets_the_new_one(people):
    s = people.student_a1
    report = run(xlsx_file(HEADERS, [[s.number, s.name, "2020-06-11 08:00", "线上"]]), people.vendor)
    assert len(report.taken) == 1
    assert PhotoCollection.objects.get(student=s).collected_at == at(2020, 6, 11, 8)
    assert AuditEvent.objects.get(action="photos.vendor_result", student=s).before["photo_on_file"] is True


def test_R1_4_student_on_neither_list_is_not_taken_until_included(people, lists):
    report = run(xlsx_file(HEADERS, [[lists.late.number, lists.late.name, "2020-06-10 10:00", "线上"]]),
                 people.vendor)
    assert "须由学院申请、研究生院批准列入" in report.rejected[0].message
    assert Student.objects.get(pk=lists.late.pk).photo_on_file is False


def test_R1_4_file_without_a_required_column_is_rejected_whole(people, lists):
    data = xlsx_file(["学号", "姓名", "采集时间"], [[lists.a1.number, lists.a1.name, "2020-06-10 10:00"]])
    with pytest.raises(ActionRefused) as e:
        parse_vendor_file(data, "结果.xlsx")
    assert "采集方式" in e.value.message
    data = xlsx_file(["姓名", "采集时间", "采集方式"], [[lists.a1.name, "2020-06-10 10:00", "线上"]])
    with pytest.raises(ActionRefused) as e:
        parse_vendor_file(data, "结果.xlsx")
    assert "学号/证件号码" in e.value.message


def test_R1_4_unreadable_file_is_rejected_with_a_message(people):
    with pytest.raises(ActionRefused):
        parse_vendor_file(b"PK\x03\x04 not really a workbook", "结果.xlsx")
    with pytest.raises(ActionRefused) as e:
        parse_vendor_file(b"\x89PNG\r\n", "照片.png")
    assert ".xlsx" in e.value.message


def test_R1_4_gb18030_csv_with_bad_cells_reports_each_row(people, lists):
    data = csv_file(HEADERS, [[lists.a1.number, lists.a1.name, "2020-06-10 10:00", "线上"],
                              [lists.a2.number, lists.a2.name, "昨天", "线上"],
                              [lists.b1.number, lists.b1.name, "2020-06-10 10:00", "邮寄"]], encoding="gb18030")
    report = run(data, people.vendor, name="结果.csv")
    assert [o.row for o in report.taken] == [2]
    assert [(o.row, o.message) for o in report.rejected] == [
        (3, "采集时间“昨天”无法识别，应写作 2020-06-10 14:30"),
        (4, "采集方式“邮寄”无法识别，应为“线上”或“影像中心”（可写作“线上采集”“影像中心采集”）"),
    ]


def test_R1_4_every_taken_row_is_audited(people, lists):
    run(xlsx_file(HEADERS, [[lists.a1.number, lists.a1.name, "2020-06-10 10:00", "线上"]]), people.vendor)
    event = AuditEvent.objects.get(action="photos.vendor_result")
    assert event.student == lists.a1 and event.actor == people.vendor
    assert event.before["photo_on_file"] is False and event.after["photo_on_file"] is True
    assert "第 2 行" in event.note


def test_R1_4_only_vendor_or_graduate_school_may_import(people, lists):
    data = xlsx_file(HEADERS, [[lists.a1.number, lists.a1.name, "2020-06-10 10:00", "线上"]])
    for person in (people.handler_a, people.student_a1.person, people.archives):
        with pytest.raises(PermissionDenied):
            run(data, person)
    with pytest.raises(PermissionDenied):
        run(data, people.vendor, reason="晚到的结果")
    assert not PhotoCollection.objects.exists()


def test_R1_4_dry_run_writes_nothing(people, lists):
    report = run(xlsx_file(HEADERS, [[lists.a1.number, lists.a1.name, "2020-06-10 10:00", "线上"]]),
                 people.vendor, dry_run=True)
    assert len(report.taken) == 1
    assert not PhotoCollection.objects.exists() and not AuditEvent.objects.exists()
    assert Student.objects.get(pk=lists.a1.pk).photo_on_file is False
