"""R0.2, R1.4 (issue 9): text is checked once, in the cell reader and in one form field: control characters,
bidirectional overrides and isolates, and zero-width characters are refused in every text field of every import
(with the row and column) and every form. (Seen: a right-to-left override in a college name was imported and
reversed the text in every dropdown.)"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from biye.core.models import Campaign, College, Student
from biye.names.forms import SpellingForm
from biye.photos.forms import InclusionRequestForm

RLO = "\u202e"


@pytest.mark.parametrize(("column", "value"), [
    ("学院名称", f"计算机{RLO}院学"),
    ("专业名称", "软件\u2066工程"),
    ("姓名", "张\u200b三"),
    ("导师姓名", "李\u200f四"),
    ("学号", "3120\x0019"),
])
def test_R0_2_roster_cell_with_an_invisible_character_is_a_row_error_naming_row_and_column(people, client, column, value):
    from tests.roster.conftest import roster_rows, to_xlsx

    rows = roster_rows(3)
    rows[1][column] = value
    client.force_login(people.gs)
    response = client.post("/roster/", {"file": SimpleUploadedFile("r.xlsx", to_xlsx(rows))})
    report = response.context["report"]
    assert [(e.row, e.column) for e in report.errors] == [(3, column)]
    assert "U+" in report.errors[0].problem and "控制字符" in report.errors[0].problem
    assert RLO not in response.content.decode()
    assert Student.objects.count() == 3 and not College.objects.filter(name__contains=RLO).exists()


def test_R0_2_campaign_settings_form_refuses_an_invisible_character_and_stores_nothing(people, client):
    client.force_login(people.gs)
    campaign = Campaign.current()
    data = {"label": campaign.label, "photo_cutoff_year": campaign.photo_cutoff_year, "photo_fee": campaign.photo_fee,
            "vendor_name": f"易拍{RLO}数码", "vendor_phone": campaign.vendor_phone,
            "vendor_address": campaign.vendor_address, "school_code": campaign.school_code,
            "pinyin_style": campaign.pinyin_style, "seen": ""}
    response = client.post("/gs/campaign/", data)
    assert response.status_code == 200 and "U+202E" in response.content.decode()
    assert Campaign.objects.get(pk=campaign.pk).vendor_name == campaign.vendor_name


def test_R0_2_every_text_form_field_refuses_invisible_characters_but_a_textarea_keeps_its_line_breaks():
    form = InclusionRequestForm({"reason": "入学时未采集\r\n第二行"})
    assert form.is_valid()
    form = InclusionRequestForm({"reason": "入学时\u200d未采集"})
    assert not form.is_valid() and "U+200D" in form.errors["reason"][0]
    form = SpellingForm({"spelling": f"Zhang{RLO} San", "reason": "", "version": 1})
    assert not form.is_valid() and "U+202E" in str(form.errors)
