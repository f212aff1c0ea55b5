"""R1.4 (issue 9): the vendor learns nothing it did not send. Its preview and report show what its own file said
and whether each row matched; a row that matched no student says "不匹配" and never which part, and no 学号, 学院
or name comes from the record. The Graduate School's view keeps the detail."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.photos.conftest import login, xlsx_file
from tests.photos.test_vendor_pages import in_window

WITH_ID = ["学号", "证件号码", "姓名", "采集时间", "采集方式"]


def _preview(client, person, rows) -> str:
    login(client, person)
    response = client.post("/photos/vendor/", {"file": SimpleUploadedFile("结果.xlsx", xlsx_file(WITH_ID, rows))})
    assert response.status_code == 200
    return response.content.decode()


def test_R1_4_a_row_with_only_the_id_number_does_not_show_the_students_number_or_college(
    people, lists, client, window_now
):
    lists.a1.id_number = "11010119950307009X"
    lists.a1.save()
    html = _preview(client, people.vendor, [["", "11010119950307009X", lists.a1.name, in_window(window_now), "线上"]])
    assert "将导入 <strong>1</strong> 行" in html
    assert lists.a1.number not in html and lists.a1.college.name not in html
    # What the file said, its ID number masked unless the campaign lets the vendor see them (issue 16).
    assert "110101********009X" in html and "11010119950307009X" not in html
    gs_html = _preview(client, people.gs, [["", "11010119950307009X", lists.a1.name, in_window(window_now), "线上"]])
    assert lists.a1.number in gs_html and lists.a1.college.name in gs_html  # the Graduate School sees the record


def test_R1_4_a_wrong_pairing_says_no_match_without_saying_which_part(people, lists, client, window_now):
    lists.b1.id_number = "110101199001010011"
    lists.b1.save()
    rows = [
        [lists.a1.number, "110101199001010011", lists.a1.name, in_window(window_now), "线上"],  # a1's 学号, b1's ID
        [lists.a2.number, "", "错名", in_window(window_now), "线上"],  # a known 学号, another name
        ["3199999999", "", "查无此人", in_window(window_now), "线上"],  # no such 学号
    ]
    html = _preview(client, people.vendor, rows)
    assert html.count("不匹配") == 3
    for leak in ("不是同一名学生", "与学籍姓名不符", "不在2020届名单中", lists.b1.name, lists.a2.name,
                 lists.b1.number, lists.a1.college.name):
        assert leak not in html
    gs_html = _preview(client, people.gs, rows)
    assert "学号与证件号码不是同一名学生" in gs_html and "与学籍姓名不符" in gs_html
