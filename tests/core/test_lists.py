"""Issue 8, the pages a handler works in: every list says which filter is active, sorts by its columns
(server-side, only its own), exports to Excel what it shows (scope and filter), and prints every row.
The advisor sees each advisee's pinyin and photo status and what to remind them of; the archives' list has
学院, search and filters."""

from __future__ import annotations

import datetime as dt

from tests.conftest import make_student, page_rows
from tests.photos.conftest import read_back


def test_R0_3_college_students_sort_by_column_both_ways(client, people):
    client.force_login(people.handler_a)
    url = "/college/07/"
    by_name = [s.name for s in page_rows(client.get(url, {"sort": "name"}))]
    assert by_name == sorted(by_name)
    assert [s.name for s in page_rows(client.get(url, {"sort": "-name"}))] == by_name[::-1]
    html = client.get(url, {"sort": "name"}).content.decode()
    assert 'aria-sort="ascending"' in html and "sort=-name" in html  # the header sorts the other way next
    # anything but a column name falls back to the default order, never reaching the database as given
    assert [s.number for s in page_rows(client.get(url, {"sort": "id_number"}))] == sorted(
        [people.student_a1.number, people.student_a2.number])


def test_R0_3_college_students_export_has_the_page_scope_and_active_filter(client, people):
    client.force_login(people.handler_a)
    html = client.get("/college/07/", {"training_type": "定向"}).content.decode()
    assert "当前筛选" in html and "培养方式：定向" in html
    response = client.get("/college/07/", {"training_type": "定向", "format": "xlsx"})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    sheet = read_back(response.content)
    assert sheet[0][:3] == ["学号", "姓名", "学院"]
    assert [r[0] for r in sheet[1:]] == [people.student_a2.number]
    assert client.get("/college/03/", {"format": "xlsx"}).status_code == 404  # another college's export


def test_R0_3_college_home_print_view_lists_every_student_without_navigation(client, people):
    client.force_login(people.handler_a)
    html = client.get("/college/07/", {"format": "print"}).content.decode()
    assert 'class="main-nav"' not in html and "计算机学院" in html and "经办人签字" in html
    assert people.student_a1.number in html and people.student_a2.number in html
    assert people.student_b1.number not in html


def test_R1_advisor_sees_each_advisees_pinyin_photo_and_what_to_remind(client, people, django_assert_max_num_queries):
    from biye.names import actions
    from tests.conftest import at

    for i in range(5):
        make_student(people.campaign, people.college_a, people.discipline, name="李娜", login=False,
                     advisor=people.advisor, photo_on_file=False, enrolled_on=dt.date(2016, 9, 1))
    actions.file_pinyin(student=people.student_a1, by=people.student_a1.person, spelling="Zeng Guofan", version=None,
                        now=at(2020, 6, 10))
    client.force_login(people.advisor)
    with django_assert_max_num_queries(15):
        response = client.get("/advisor/")
        rows = page_rows(response)
    assert len(rows) == 6
    html = response.content.decode()
    row = html.split(f'id="advisee-{people.student_a1.number}"')[1].split("</tr>")[0]
    assert "Zeng Guofan" in row and "已填报，未确认" in row and "入学时已采集" in row and "确认姓名拼音" in row
    assert "完成学历电子注册图像采集" in html and "请您协助" in html
    sheet = read_back(client.get("/advisor/", {"format": "xlsx"}).content)
    assert sheet[0][5:9] == ["姓名拼音（全拼）", "拼音状态", "图像采集", "请您提醒"] and len(sheet) == 7


def test_R4_3_archives_list_has_college_search_filters_and_export(client, people, django_assert_max_num_queries):
    directed_b = make_student(people.campaign, people.college_b, people.discipline, name="委培生", login=False,
                              training_type="委培")
    client.force_login(people.archives)
    with django_assert_max_num_queries(12):
        rows = page_rows(client.get("/archives/"))
    assert {s.pk for s in rows} == {people.student_a2.pk, directed_b.pk}
    html = client.get("/archives/", {"college": "03"}).content.decode()
    assert "学院：03 机械与车辆学院" in html or "学院：机械与车辆学院" in html
    assert [s.pk for s in page_rows(client.get("/archives/", {"college": "03"}))] == [directed_b.pk]
    assert [s.pk for s in page_rows(client.get("/archives/", {"q": "委培生"}))] == [directed_b.pk]
    assert [s.pk for s in page_rows(client.get("/archives/", {"training_type": "定向"}))] == [people.student_a2.pk]
    sheet = read_back(client.get("/archives/", {"college": "03", "format": "xlsx"}).content)
    assert [r[:3] for r in sheet[1:]] == [[directed_b.number, "委培生", "机械与车辆学院"]]
    assert "<th" in html and "学院" in html.split("<thead>")[1].split("</thead>")[0]
