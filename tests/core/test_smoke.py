def test_R0_1_campaign_gets_the_notice_calendar(people):
    from biye.core.models import Deadline

    kinds = set(Deadline.objects.filter(campaign=people.campaign).values_list("kind", flat=True))
    assert kinds == {k.value for k in Deadline.Kind}
