"""R0.3, R5.2: progress is seen, not read — each college × task is a bar of done, late, blocked and to do with
the counts; the overview sorts by completion; the college home shows each task with its deadline."""

from __future__ import annotations

import datetime as dt

from biye.core.checklist import Counts
from tests.conftest import make_student


def test_R0_3_a_bar_splits_into_done_late_blocked_and_todo_that_add_up():
    before = Counts(applies=10, done=4, blocked=2, late=False)
    assert [(k, n) for k, n, _pct in before.segments] == [("done", 4), ("blocked", 2), ("todo", 4)]
    after = Counts(applies=10, done=4, blocked=2, late=True)
    assert [(k, n) for k, n, _pct in after.segments] == [("done", 4), ("late", 4), ("blocked", 2)]
    assert sum(p for _k, _n, p in after.segments) == 100
    assert Counts(applies=0, done=0, blocked=0, late=False).segments == []
    assert Counts(applies=3, done=None, blocked=0, late=False).completion == -1


def test_R5_2_overview_shows_bars_with_counts_and_sorts_by_completion(client, people):
    for _ in range(3):  # college B: 1 of 4 with a photo
        make_student(people.campaign, people.college_b, people.discipline, login=False, photo_on_file=False,
                     enrolled_on=dt.date(2016, 9, 1))
    client.force_login(people.gs)
    html = client.get("/gs/").content.decode()
    row_b = html.split('id="college-03"')[1].split("</tr>")[0]
    assert 'class="bar"' in row_b and "已完成 1" in row_b and "无法注册 3" in row_b
    least = client.get("/gs/", {"sort": "photo"}).context["rows"]
    assert [r[0].code for r in least] == ["03", "07"]  # least complete first
    most = client.get("/gs/", {"sort": "-photo"}).context["rows"]
    assert [r[0].code for r in most] == ["07", "03"]
    assert [r[0].code for r in client.get("/gs/", {"sort": "nonsense"}).context["rows"]] == ["03", "07"]


def test_R0_3_college_home_shows_each_task_as_a_bar_with_its_deadline(client, people):
    client.force_login(people.handler_a)
    html = client.get("/college/07/").content.decode()
    photo = html.split('id="progress-photo"')[1].split("</tr>")[0]
    assert "2020-06-20 24:00" in photo and 'class="bar"' in photo and "已完成 2" in photo
    pinyin = html.split('id="progress-pinyin_filing"')[1].split("</tr>")[0]
    assert "2020-06-12 24:00" in pinyin and "待完成 2" in pinyin and "看未完成" in pinyin
