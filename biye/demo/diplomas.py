"""The demo's certificates (issue 12), written through the diplomas section's own actions, in 机械与车辆学院,
whose 附件8 the conclusions demo has accepted (so its graduates are numbered, R4.6):

- the college's hand-out plan, and hand-outs in person (signed for online), by proxy with an authorisation and
  by post with a tracking number (R4.1);
- the 结业转毕业 graduate's diploma, which keeps the old certificate's number, handed out (R4.4, R4.6);
- directed and commissioned graduates: the Graduate School sends their diplomas to the dossier office, the
  archives confirm one, one graduate signs for the cover (R4.3);
- 单证 graduates: the college lists their 学位证书 (the only certificate they receive) and hands one out;
- a reprint asked for after signing: refused, recorded for the archives (R4.2);
- 硕博连读 graduates: study-certificate requests (附件9) submitted, signed, accepted, one issued with its
  verification code (R4.5). The combined students of the other colleges have no accepted conclusion: still
  enrolled, a request for them is refused.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from biye.core import submissions
from biye.core.errors import ActionRefused
from biye.core.models import Campaign, College, Person, Submission
from biye.diplomas import actions, study
from biye.diplomas.models import Certificate, Method

COLLEGE = "010"


def _diplomas(college: College, **filters):
    return (Certificate.objects.filter(student__college=college, void_at__isnull=True, **filters)
            .select_related("student__college", "student__person").order_by("student__number"))


def load(campaign: Campaign, *, gs: Person, archives: Person, staff: dict[str, tuple[Person, Person]]) -> None:
    """Call after the conclusions demo (numbers assigned when it accepted the college's 附件8)."""
    college = College.objects.get(code=COLLEGE)
    handler, dean = staff[COLLEGE]
    now = timezone.now()
    actions.set_handout_plan(campaign=campaign, college=college, by=handler, starts_at=now + dt.timedelta(days=1),
                             place="机械楼一层107室", methods=[Method.IN_PERSON, Method.PROXY, Method.POST],
                             note="请携带学生证和身份证；委托代领请带本人签字的授权书。")
    plain = [c for c in _diplomas(college, kind=Certificate.Kind.DIPLOMA, route=Certificate.Route.COLLEGE,
                                  conclusion="毕业") if c.student.person_id][:3]
    dossier = [c for c in _diplomas(college, kind=Certificate.Kind.DIPLOMA, route=Certificate.Route.DOSSIER)
               if c.student.person_id][:2]
    combined = [c.student for c in _diplomas(college, kind=Certificate.Kind.DIPLOMA, student__is_combined=True,
                                             conclusion="毕业")][:2]
    if len(plain) < 3 or len(dossier) < 2 or not combined:
        return  # a small roster (the backup test's) lacks the cases: the full demo has them all
    in_person, proxy, post = plain
    actions.hand_over(certificate=in_person, by=handler, method=Method.IN_PERSON)
    signed = actions.sign_for(certificate=in_person, by=in_person.student.person)
    actions.hand_over(certificate=proxy, by=handler, method=Method.PROXY, receiver="李明（同学）",
                      authorisation="授权书：本人委托李明代领毕业证书，已签字。")
    actions.hand_over(certificate=post, by=handler, method=Method.POST, tracking_number="SF1234567890123",
                      receiver=post.student.name)
    # After signing no reprint: the request is recorded and referred to the archives (学历证明书).
    try:
        actions.request_reprint(certificate=signed, by=signed.student.person, reason="证书遗失，申请补发。")
    except ActionRefused:
        pass
    converted = _diplomas(college, kind=Certificate.Kind.DIPLOMA, conclusion="结业转毕业").first()
    if converted is not None:
        actions.hand_over(certificate=converted, by=handler, method=Method.IN_PERSON)
    # Directed and commissioned graduates: diplomas to the dossier office, one confirmed, one cover signed.
    actions.send_to_dossier(campaign=campaign, by=gs)
    actions.confirm_dossier_receipt(certificate=dossier[0], by=archives)
    actions.sign_cover(certificate=dossier[1], by=dossier[1].student.person)
    # 单证 graduates: the 学位证书 only.
    actions.prepare_degree_certificates(campaign=campaign, college=college, by=handler)
    single = _diplomas(college, kind=Certificate.Kind.DEGREE, student__certificate_type="单证").first()
    if single is not None:
        actions.hand_over(certificate=single, by=handler, method=Method.IN_PERSON)
    # 硕博连读 graduates: 附件9 registered, submitted, signed, accepted; one certificate issued.
    requests = []
    for student in combined:
        enrolled = student.enrolled_on
        to_phd = dt.date(enrolled.year + 2, 3, 1)
        requests.append(study.register(campaign=campaign, college=college, by=handler, student=student, phase=study.Phase(
            master_number=f"1{student.number[1:]}", master_discipline=student.discipline.name_zh,
            master_from=enrolled, master_to=to_phd - dt.timedelta(days=1), to_phd_on=to_phd,
            finished_on=dt.date(campaign.year, 6, 30), note="申请出国留学所需")))
    s = submissions.submit(campaign=campaign, college=college, kind=Submission.Kind.STUDY_CERTIFICATES, by=handler,
                           version=None)
    s = submissions.sign_off(submission=s, by=dean, version=s.version)
    submissions.accept(submission=s, by=gs, version=s.version)
    study.issue(certificate=requests[0], by=gs)
