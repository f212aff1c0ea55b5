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
    out, _ = run(stdin="买买提·艾力\n\n  王重阳  \n")
    assert out.splitlines() == ["买买提·艾力\tMaimaiti Aili", "王重阳\tWang Chongyang"]


def test_R2_2_command_reports_unromanisable_names_and_fails_after_printing_the_rest():
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 of 2"):
        call_command("romanize", "李1", "刘德华", stdout=out, stderr=err)
    assert out.getvalue() == "刘德华\tLiu Dehua\n"
    assert "李1" in err.getvalue()


def test_R2_2_command_refuses_an_unknown_style():
    with pytest.raises(CommandError):
        call_command("romanize", "--style", "wade", "吕布", stdout=io.StringIO())
