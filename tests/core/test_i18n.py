"""Issue 2 §1 and §7: Chinese first, English selectable. The msgids are Chinese; the English catalog
(biye/locale/en) translates every one of them, and the committed .mo says exactly what the .po says."""

from __future__ import annotations

import ast
import gettext
import html as htmllib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

LC_MESSAGES = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PO, MO = LC_MESSAGES / "django.po", LC_MESSAGES / "django.mo"
TEMPLATES = Path(settings.BASE_DIR) / "templates"
CJK = re.compile(r"[\u3400-\u9fff]")
PLACEHOLDER = re.compile(r"%(?:\([a-z_]+\))?[-+ 0#]*\d*(?:\.\d+)?[sdf%]")


def visible_text(html: str) -> str:
    """What a reader sees: no scripts, no tags, so no attribute values such as <option value="硕士">."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return htmllib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def choose(client, language: str) -> None:
    """What the header's language button does."""
    resp = client.post(reverse("set_language"), {"language": language, "next": "/"})
    assert resp.status_code == 302


def page(client, url: str) -> str:
    resp = client.get(url)
    assert resp.status_code == 200
    return visible_text(resp.content.decode())


# --- pages ------------------------------------------------------------------------------------------------


def test_chinese_is_the_default_language_without_a_choice(client, people):
    html = client.get(reverse("login")).content.decode()
    assert 'lang="zh-hans"' in html
    text = visible_text(html)
    assert "登录研究生毕业工作系统" in text and "密码" in text
    assert "Log in" not in text and "Password" not in text
    assert "English" in text  # the switch offers the other language


def test_english_login_page_after_choosing_english(client, db):
    choose(client, "en")
    html = client.get(reverse("login")).content.decode()
    assert 'lang="en"' in html
    text = visible_text(html)
    assert "Log in to the Graduate School graduation system" in text
    assert "Username (student or staff number)" in text and "Password" in text
    assert "中文" in text  # the switch back names Chinese in Chinese
    for chinese in ("登录", "密码", "用户名", "研究生毕业工作"):
        assert chinese not in text


def test_english_wrong_password_message(client, people):
    choose(client, "en")
    resp = client.post(reverse("login"), {"username": "handler_a", "password": "wrong"})
    text = visible_text(resp.content.decode())
    assert "The username or password is wrong; please try again." in text
    assert "用户名或密码不正确" not in text


def test_R0_3_student_checklist_in_english(client, people):
    client.force_login(people.student_a1.person)
    choose(client, "en")
    text = page(client, reverse("student_home"))
    for english in (
        "My graduation checklist",
        "Diploma photo collection",
        "Submit your name in pinyin (full spelling)",
        "Confirm the English name on your diploma",
        "Deadline: 2020-06-12 24:00",
        "Master's",  # the level's label, while the stored value stays 硕士
        "See my student record and the problems the system found",
    ):
        assert english in text, english
    for chinese in ("我的毕业事项", "截止", "去办理", "学历电子注册图像采集", "硕士", "首页", "退出"):
        assert chinese not in text, chinese
    assert "曾国藩" in text  # names are data, never translated


def test_R2_10_student_record_in_english_keeps_data_chinese(client, people):
    from biye.core.models import Finding

    Finding.objects.create(student=people.student_a1, code=Finding.Code.ID_CHECKSUM, detail="校验位应为 8")
    client.force_login(people.student_a1.person)
    choose(client, "en")
    text = page(client, reverse("my_record"))
    assert "My student record" in text
    assert "Wrong check digit in the resident ID number" in text
    assert "Resident ID card" in text and "Non-directed" in text and "Dual-certificate" in text
    for chinese in ("我的学籍信息", "身份证号码校验位错误", "居民身份证", "非定向", "双证", "培养方式"):
        assert chinese not in text, chinese
    people.student_a1.refresh_from_db()
    assert people.student_a1.training_type == "非定向" and people.student_a1.certificate_type == "双证"


def test_R0_3_college_home_in_english(client, people):
    client.force_login(people.handler_a)
    choose(client, "en")
    text = page(client, reverse("college_home", args=[people.college_a.code]))
    for english in (
        "Progress by task",
        "Graduate School contact",
        "Student number",
        "Training type",
        "Directed",
        "With problems found by the system",
        "Page 1 of 1, 2 in all",
    ):
        assert english in text, english
    for chinese in ("学生名单", "学号", "培养方式", "定向", "筛选", "研究生院联系人", "共 2 条"):
        assert chinese not in text, chinese


def test_R5_2_graduate_school_overview_in_english(client, people):
    client.force_login(people.gs)
    choose(client, "en")
    text = page(client, reverse("gs_overview"))
    for english in (
        "Progress by college",
        "One progress bar per cell",
        "Online photo collection",
        "Edit the calendar",
        "Search the audit trail",
        "Diploma photo collection",
    ):
        assert english in text, english
    for chinese in ("各学院进度", "每格", "线上图像采集", "修改日程", "学历电子注册图像采集", "人数", "日程"):
        assert chinese not in text, chinese


def test_photo_list_titles_follow_each_requests_language(client, people):
    """The list titles are built at import time: they must still change with the reader's language."""
    client.force_login(people.handler_a)
    url = reverse("photos:list", args=["a"])
    assert "附件1：未采集图像，本次必须采集" in page(client, url)
    choose(client, "en")
    text = page(client, url)
    assert "Attachment 1 (附件1): no photo on file, must be photographed" in text
    assert "附件1：未采集图像" not in text


def test_switching_back_to_chinese(client, people):
    client.force_login(people.gs)
    choose(client, "en")
    assert "Progress by college" in page(client, reverse("gs_overview"))
    choose(client, "zh-hans")
    text = page(client, reverse("gs_overview"))
    assert "各学院进度" in text and "Progress by college" not in text


# --- the catalog ------------------------------------------------------------------------------------------


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file: flags, msgctxt, msgid, msgid_plural and msgstr(s)."""
    entries: list[dict] = []
    entry: dict = {}
    field = None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if "msgid" in entry:
                entries.append(entry)
            entry, field = {}, None
        elif line.startswith("#,"):
            entry.setdefault("flags", set()).update(f.strip() for f in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif m := re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$', line):
            field = m.group(1)
            entry[field] = ast.literal_eval(m.group(2))
        else:
            entry[field] += ast.literal_eval(line)
    return entries


def expected_catalog(entries: list[dict]) -> dict:
    """What GNUTranslations should hold for these entries (context joined by EOT, plurals by index)."""
    catalog: dict = {}
    for e in entries:
        key = f"{e['msgctxt']}\x04{e['msgid']}" if "msgctxt" in e else e["msgid"]
        if "msgid_plural" in e:
            for field, value in e.items():
                if m := re.fullmatch(r"msgstr\[(\d+)\]", field):
                    catalog[(key, int(m.group(1)))] = value
        else:
            catalog[key] = e["msgstr"]
    return catalog


def msgstrs(e: dict) -> list[str]:
    return [v for k, v in e.items() if k.startswith("msgstr")]


def test_english_catalog_has_no_empty_or_fuzzy_msgstr():
    entries = [e for e in read_po(PO) if e["msgid"]]
    assert len(entries) > 400  # every page's words, not a stub
    empty = [e["msgid"] for e in entries if any(not s.strip() for s in msgstrs(e))]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e.get("flags", ())]
    assert empty == [] and fuzzy == []


def test_english_catalog_keeps_every_placeholder():
    placeholder = PLACEHOLDER
    wrong = [
        (e["msgid"], s)
        for e in read_po(PO)
        if e["msgid"]
        for s in msgstrs(e)
        if sorted(placeholder.findall(s)) != sorted(placeholder.findall(e.get("msgid_plural", e["msgid"])))
        and "python-format" in e.get("flags", ())
    ]
    assert wrong == []


def test_english_msgstrs_are_english():
    """Chinese may stay in an English text as an official term in brackets or a value to type, but every text
    that has Chinese words gets English words, and one without (a separator, a pattern) gets no Chinese."""
    untranslated = []
    for e in read_po(PO):
        if not e["msgid"]:
            continue
        source = PLACEHOLDER.sub("", e["msgid"])
        for s in msgstrs(e):
            text = PLACEHOLDER.sub("", s)
            english = bool(re.search(r"[A-Za-z]{2,}", text)) and s != e["msgid"]
            if (CJK.search(source) and not english) or (not CJK.search(source) and CJK.search(text)):
                untranslated.append((e["msgid"], s))
    assert untranslated == []


def test_committed_mo_says_what_the_po_says():
    translations = gettext.GNUTranslations(MO.open("rb"))
    expected = expected_catalog(read_po(PO))
    # msgfmt leaves POT-Creation-Date out of the compiled header; the header is checked on its own below.
    header, expected_header = translations._catalog.pop(""), expected.pop("")
    assert translations._catalog == expected
    assert "Language: en" in header and "Plural-Forms: nplurals=2; plural=(n != 1);" in header
    assert re.sub(r"POT-Creation-Date: [^\n]*\n", "", expected_header) == header


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
def test_po_compiles_cleanly_to_the_committed_mo(tmp_path):
    """The same check `biye compilemessages` runs (placeholders included), then the same catalog."""
    out = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "--check-header", "-o", str(out), str(PO)], check=True)
    fresh = gettext.GNUTranslations(out.open("rb"))._catalog
    committed = gettext.GNUTranslations(MO.open("rb"))._catalog
    assert fresh == committed


# --- the templates ----------------------------------------------------------------------------------------

FINISHED = ["base.html", "_nav.html", "core", "registration", "names", "photos"]
# A language's own name stays in that language on the switch.
ALLOWED = {"中文"}


def untranslated_chinese(source: str) -> list[str]:
    blanked = re.sub(r"\{%\s*blocktranslate\b.*?\{%\s*endblocktranslate\s*%\}", " ", source, flags=re.S)
    blanked = re.sub(r"\{%\s*translate\s+(\"[^\"]*\"|'[^']*')[^%]*%\}", " ", blanked)
    blanked = re.sub(r"_\((\"[^\"]*\"|'[^']*')\)", " ", blanked)
    blanked = re.sub(r"\{#.*?#\}", " ", blanked, flags=re.S)
    return [w for w in re.findall(r"[\u3400-\u9fff]+", blanked) if w not in ALLOWED]


def test_templates_of_finished_sections_have_no_chinese_outside_translate_tags():
    files = []
    for name in FINISHED:
        path = TEMPLATES / name
        files.extend(sorted(path.rglob("*.html")) if path.is_dir() else [path])
    assert len(files) > 20
    found = {str(f.relative_to(TEMPLATES)): words for f in files if (words := untranslated_chinese(f.read_text()))}
    assert found == {}


def test_chinese_is_shown_even_to_an_english_browser_until_english_is_chosen(client, db):
    html = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="zh-hans"' in html and "登录研究生毕业工作系统" in html
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    html = client.get("/login/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert 'lang="en"' in html
