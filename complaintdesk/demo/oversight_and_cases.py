"""Demo data for outside oversight and the case library: an overseer of the education
complaints (the two education respondents), one opinion answered and one waiting, and two
published cases, one marked for training."""

from __future__ import annotations

from django.db.models import Q

from complaintdesk.cases.services import CaseReview
from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import Status
from complaintdesk.complaints.models import Complaint, OverseerScope, Respondent
from complaintdesk.workflows.cases import case_add, case_review, case_training
from complaintdesk.workflows.oversight import opinion_answer, opinion_give

#: What the overseer (a parents' representative) oversees: the education respondents.
OVERSEEN = (
    ("teacher-zhang", "张老师（少儿编程）的投诉"),
    ("course-ielts-sprint", "雅思冲刺班的投诉"),
)
OPINIONS = (
    (
        "家长反映的调课问题请说明是否提前通知，并给出今后的通知时限。",
        "已核实：本次调课提前一天短信通知，不符合提前48小时的规定；已补课并修订通知制度。",
    ),
    ("退费计算是否按未上课时折算？请公开计算方法。", ""),
)
NOTES = (
    (
        "当天回电并在三个工作日内完成退款，客户确认满意。",
        "首次答复只给了模板话术，没有回应客户提出的具体问题。",
        "先回应客户的具体诉求，再说明流程；模板只作参考。",
        ["首次答复", "退款"],
    ),
    (
        "核实后主动补偿，并把原因告诉了客户。",
        "商家举证超时，平台没有及时提醒。",
        "举证期限前一天提醒商家，超时按默认裁决处理。",
        ["举证", "商家"],
    ),
)


def overseer_scopes(overseer_user_id: int) -> None:
    for code, label in OVERSEEN:
        respondent = Respondent.objects.filter(code=code).first()
        if respondent is not None:
            OverseerScope.objects.create(
                user_id=overseer_user_id, label=label, respondent=respondent
            )


def opinions(overseer: Actor, supervisor: Actor) -> None:
    seen = Complaint.objects.filter(respondent__code__in=[c for c, _ in OVERSEEN]).order_by("id")
    for complaint, (text, answer) in zip(seen, OPINIONS, strict=False):
        opinion = opinion_give(actor=overseer, complaint=complaint, text=text)
        if answer:
            opinion_answer(actor=supervisor, opinion=opinion, answer=answer)


def cases(supervisor: Actor) -> None:
    resolved = Complaint.objects.filter(
        Q(status=Status.RESOLVED) | Q(status=Status.CLOSED)
    ).order_by("id")
    for index, (complaint, (well, wrong, lesson, tags)) in enumerate(
        zip(resolved, NOTES, strict=False)
    ):
        case = case_add(actor=supervisor, complaint=complaint)
        review = CaseReview(
            title=case.title,
            text=case.text,
            thread=[m["body"] for m in case.thread],
            went_well=well,
            went_wrong=wrong,
            lesson=lesson,
            tags=tags,
        )
        case = case_review(actor=supervisor, case=case, review=review, publish=True)
        if index == 0:
            case_training(actor=supervisor, case=case, for_training=True)


def load(actors: dict[str, Actor]) -> None:
    overseer, supervisor = actors["overseer"], actors["supervisor"]
    assert overseer.user_id is not None
    overseer_scopes(overseer.user_id)
    opinions(overseer, supervisor)
    cases(supervisor)
