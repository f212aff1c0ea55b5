def test_R0_1_campaign_gets_the_notice_calendar(people):
    from biye.core.models import DEFAULT_CALENDAR, Deadline

    kinds = set(Deadline.objects.filter(campaign=people.campaign).values_list("kind", flat=True))
    assert kinds == set(DEFAULT_CALENDAR)  # the notice's dates; the autumn round's wait for the Graduate School
    assert "autumn_defense" not in kinds and len(kinds) == len(Deadline.Kind) - 2
