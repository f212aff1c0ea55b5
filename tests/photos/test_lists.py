"""R1.1, R1.2: 附件1 and 附件2, as pages (scoped, paginated) and as .xlsx that reads back with python-calamine."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from biye.core.models import Student
from biye.photos import actions
from biye.photos.exports import HEADERS
from tests.conftest import at, make_student, page_rows
from tests.photos.conftest import login, read_back

# The spec's header row, written out so that a change to the code cannot silently change the contract.
EXPECTED_HEADERS = ["序号", "学号", "姓名", "性别", "证件号码", "学院", "专业", "培养层次", "入学年份", "采集状态"]


def test_R1_1_list_a_is_no_photo_and_enrolled_by_the_cutoff_year(people, lists, client):
    login(client, people.gs)
    html = client.get("/photos/list/a/").content.decode()
    for s in (lists.a1, lists.a2, lists.b1):
        assert s.number in html
    for s in (lists.late, people.student_a1, people.student_b1):
        assert s.number not in html


def test_R1_2_list_b_is_everyone_with_a_photo(people, lists, client):
    login(client, people.gs)
    html = client.get("/photos/list/b/").content.decode()
    assert all(s.number in html for s in (people.student_a1, people.student_a2, people.student_b1))
    assert all(s.number not in html for s in (lists.a1, lists.late))
    assert "入学时已采集" in html


def test_R1_1_college_sees_its_own_students_only_and_not_another_college(people, lists, client):
    login(client, people.handler_a)
    html = client.get("/photos/list/a/").content.decode()
    assert lists.a1.number in html and lists.b1.number not in html
    assert client.get("/photos/list/a/?college=03").status_code == 404
    assert client.get("/photos/list/a/xlsx/?college=03").status_code == 404


def test_R1_1_graduate_school_filters_by_college(people, lists, client):
    login(client, people.gs)
    html = client.get("/photos/list/a/?college=03").content.decode()
    assert lists.b1.number in html and lists.a1.number not in html


@pytest.mark.parametrize("person", ["student_a1", "vendor", "advisor", "archives"])
def test_R1_1_lists_are_for_colleges_and_the_graduate_school(people, client, person):
    who = getattr(people, person)
    login(client, who.person if hasattr(who, "person") else who)
    assert client.get("/photos/list/a/").status_code == 403
    # The vendor downloads the lists (photo status only) from its own page; nobody else outside the colleges.
    assert client.get("/photos/list/b/xlsx/").status_code == (200 if person == "vendor" else 403)


def test_R1_1_list_a_export_reads_back_with_exact_headers(people, lists, client):
    login(client, people.handler_a)
    response = client.get("/photos/list/a/xlsx/")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    rows = read_back(response.content)
    assert rows[0] == EXPECTED_HEADERS == HEADERS
    body = rows[1:]
    assert [r[1] for r in body] == [lists.a1.number, lists.a2.number]
    assert body[0][0] == 1 and body[0][2:] == [
        "翟志刚", "男", "110101199503070018", "计算机学院", "计算机科学与技术", "硕士", "2018", "未采集"
    ]


def test_R1_2_list_b_export_shows_how_each_was_collected(people, lists):
    actions.record_paper_photo(student=people.student_a2, by=people.handler_a, received_on=dt.date(2020, 6, 15),
                               now=at(2020, 6, 15, 12))
    out = io.BytesIO()
    from biye.core.models import Campaign, Student
    from biye.photos.exports import write_list

    write_list(out, which="b", students=Student.objects.all(), campaign=Campaign.current(), college=None)
    rows = {r[1]: r[9] for r in read_back(out.getvalue())[1:]}
    assert rows[people.student_a1.number] == "入学时已采集"
    assert rows[people.student_a2.number] == "已采集（影像中心 2020-06-15，学院2020-06-15收到纸质照片）"
    assert lists.a1.number not in rows


def test_R1_1_export_command_writes_list_a_for_one_college(people, lists, tmp_path):
    target = tmp_path / "a.xlsx"
    stdout = io.StringIO()
    call_command("export", "photo-list-a", "--college", "03", "--campaign", "2020", "-o", str(target), stdout=stdout)
    rows = read_back(target.read_bytes())
    assert rows[0] == EXPECTED_HEADERS
    assert [r[1] for r in rows[1:]] == [lists.b1.number]
    assert "1 行" in stdout.getvalue()


def test_R1_1_export_command_refuses_unknown_name_and_college(people, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="photo-list-a"):
        call_command("export", "photo-list-x", "-o", str(tmp_path / "x.xlsx"))
    with pytest.raises(CommandError, match="99"):
        call_command("export", "photo-list-a", "--college", "99", "-o", str(tmp_path / "x.xlsx"))


def test_R1_1_a_name_starting_with_equals_is_written_as_text(people, lists):
    from biye.core.models import Campaign, Student
    from biye.photos.exports import write_list

    Student.objects.filter(pk=lists.a1.pk).update(name="=HYPERLINK(\"http://x\")")
    out = io.BytesIO()
    write_list(out, which="a", students=Student.objects.all(), campaign=Campaign.current(), college=None)
    import zipfile

    sheet = zipfile.ZipFile(io.BytesIO(out.getvalue())).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
    names = {r[1]: r[2] for r in read_back(out.getvalue())[1:]}
    assert names[lists.a1.number] == "=HYPERLINK(\"http://x\")"


@pytest.mark.parametrize("which", ["a", "b", "other"])
def test_R1_1_list_pages_take_the_same_queries_as_students_grow(people, client, django_assert_max_num_queries, which):
    login(client, people.handler_a)

    def add(n: int) -> None:
        for i in range(n):
            make_student(people.campaign, people.college_a, people.discipline, login=False,
                         photo_on_file=(i % 3 == 0), enrolled_on=dt.date(2017 + i % 3, 9, 1))

    expected = {"a": lambda s: not s.photo_on_file and s.enrolled_on.year <= 2018,
                "b": lambda s: s.photo_on_file,
                "other": lambda s: not s.photo_on_file and s.enrolled_on.year > 2018}[which]

    def listed() -> int:
        return sum(1 for s in Student.objects.filter(campaign=people.campaign, college=people.college_a) if expected(s))

    add(6)
    with django_assert_max_num_queries(12):
        small = client.get(f"/photos/list/{which}/")
    assert len(page_rows(small)) == listed() > 0
    add(60)
    with django_assert_max_num_queries(12):
        large = client.get(f"/photos/list/{which}/")
    assert large.context["page"].paginator.count == listed() > len(page_rows(small))
    assert len(page_rows(large)) == min(listed(), large.context["page"].paginator.per_page)


@pytest.mark.parametrize("which", ["a", "b"])
def test_R1_1_list_xlsx_takes_the_same_queries_as_students_grow(
    people, client, django_assert_max_num_queries, which
):
    login(client, people.gs)

    def add(n: int) -> None:
        for i in range(n):
            make_student(people.campaign, people.college_a, people.discipline, login=False,
                         photo_on_file=(i % 2 == 0), enrolled_on=dt.date(2017, 9, 1))

    add(4)
    with django_assert_max_num_queries(10):
        assert client.get(f"/photos/list/{which}/xlsx/").status_code == 200
    add(80)
    with django_assert_max_num_queries(10):
        response = client.get(f"/photos/list/{which}/xlsx/")
    assert response.status_code == 200
    assert len(read_back(response.content)) > 40


def test_R1_5_college_pages_show_whom_to_ask_at_the_graduate_school(people, client):
    """Every page that asks a college to act shows its division's Graduate School contact."""
    client.force_login(people.handler_a)
    for url in ("/photos/list/a/", f"/photos/students/{people.student_a1.pk}/paper/"):
        html = client.get(url).content.decode()
        assert "研究生院联系人" in html and "张老师" in html and "info@example.edu.cn" in html, url
