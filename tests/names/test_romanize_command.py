"""R2.2: `biye romanize` prints NAME<TAB>SPELLING for names given as arguments or on stdin."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command


def run(*args: str, stdin: str | None = None) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    options = {"stdout": out, "stderr": err}
    if stdin is not None:
        options["stdin"] = io.StringIO(stdin)
    call_command("romanize", *args, **options)
    return out.getvalue(), err.getvalue()


def test_R2_2_command_spells_each_name_argument_on_its_own_line():
    out, err = run("曾国藩", "欧阳修", "上官婉儿")
    assert out.splitlines() == ["曾国藩\tZeng Guofan", "欧阳修\tOuyang Xiu", "上官婉儿\tShangguan Wan'er"]
    assert err == ""


def test_R2_8_command_passport_style_writes_yu():
    out, _ = run("--style", "passport", "吕布")
    assert out == "吕布\tLyu Bu\n"
    out, _ = run("吕布")
    assert out == "吕布\tLü Bu\n"


def test_R2_2_command_reads_one_name_per_line_from_stdin():
    out, _ = run(stdin="买买提·艾力\n  王重阳  \n")
    assert out.splitlines() == ["买买提·艾力\tMaimaiti Aili", "王重阳\tWang Chongyang"]


def test_R2_2_command_keeps_one_output_line_per_input_line_blank_lines_included():
    # Pasted back beside the roster column, line n of the output must still be row n.
    out, err = run(stdin="曾国藩\n\n   \n吕布\n")
    assert out.splitlines() == ["曾国藩\tZeng Guofan", "\t", "\t", "吕布\tLü Bu"]
    assert err == ""


def test_R2_2_command_strips_ascii_fullwidth_spaces_tabs_and_crlf_around_a_name():
    out, _ = run(stdin="  刘德华  \r\n\t欧阳修\t\n\u3000李　四\u3000\n")
    assert out.splitlines() == ["刘德华\tLiu Dehua", "欧阳修\tOuyang Xiu", "李　四\tLi Si"]


def test_R2_2_command_output_has_exactly_one_tab_per_line_even_for_a_tab_inside_an_argument():
    out, _ = run("刘\t德华", "Anna\n李")
    assert out.splitlines() == ["刘 德华\tLiu Dehua", "Anna 李\tAnna Li"]


def test_R2_2_command_unromanisable_name_keeps_its_line_with_an_empty_spelling_and_fails_at_the_end():
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="2 个姓名"):
        call_command("romanize", stdin=io.StringIO("李1\n刘德华\n𠮷田\n"), stdout=out, stderr=err)
    assert out.getvalue().splitlines() == ["李1\t", "刘德华\tLiu Dehua", "𠮷田\t"]
    assert "第 1 行 李1" in err.getvalue()
    assert "第 3 行 𠮷田" in err.getvalue()


def test_R2_2_command_reads_gb18030_from_a_byte_stream():
    stdin = io.TextIOWrapper(io.BytesIO("曾国藩\r\n单田芳".encode("gb18030")), encoding="utf-8")
    out = io.StringIO()
    call_command("romanize", stdin=stdin, stdout=out)
    assert out.getvalue().splitlines() == ["曾国藩\tZeng Guofan", "单田芳\tShan Tianfang"]


def test_R2_2_command_refuses_stdin_that_is_not_text():
    stdin = io.TextIOWrapper(io.BytesIO(b"\x80abc\n"), encoding="utf-8")
    with pytest.raises(CommandError, match="GB18030"):
        call_command("romanize", stdin=stdin, stdout=io.StringIO())


@pytest.mark.parametrize(
    ("name", "expected"),
    [("曾國藩", "Zeng Guofan"), ("歐陽修", "Ouyang Xiu"), ("John Smith", "John Smith"), ("刘䶮", "Liu Yan")],
)
def test_R2_2_command_traditional_rare_and_latin_names(name, expected):
    out, _ = run(name)
    assert out == f"{name}\t{expected}\n"


def test_R2_2_command_refuses_an_unknown_style():
    with pytest.raises(CommandError):
        call_command("romanize", "--style", "wade", "吕布", stdout=io.StringIO())
