"""Demo data for outside oversight and the case library: an overseer of the education
complaints (the two education respondents), one opinion answered and one waiting, and two
published cases, one marked for training, made from resolved complaints to which the customer
had added their name, phone, email and bank card, so the anonymiser has something to do."""

from __future__ import annotations

from complaintdesk.cases.services import CaseReview
from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import Role, Status
from complaintdesk.complaints.models import Complaint, OverseerScope, Respondent
from complaintdesk.complaints.services import message_add
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
#: The two cases: which demo complaint (by title), what the customer added, what was learnt.
CASES = (
    (
        "申请退还剩余课时费用",
        "我是{name}，电话{phone}，合同编号见附件。退款请退到我的银行卡 6222 0212 3456 7890 123，"
        "有问题打我电话或发邮件到 parent.{code}@example.com。",
        "当天回电，三个工作日内按未上课时折算退款，家长确认满意。",
        "首次答复只用了模板话术，没有回应家长提出的换老师问题。",
        "先回应客户的具体诉求，再说明流程；退费按合同折算并把计算过程告诉客户。",
        ["退费", "首次答复"],
    ),
    (
        "自动续费没有提醒",
        "我叫{name}，手机{phone}。扣款的是尾号 7788 的卡，请原路退回，并关闭自动续费。",
        "核实后当天退款并关闭自动续费，主动说明了原因。",
        "续费前没有提醒，开通时也没有单独确认自动续费。",
        "自动续费前7天短信提醒，开通时单独勾选同意；投诉集中时上报产品部门。",
        ["自动续费", "收费"],
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
    done = [Status.RESOLVED, Status.CLOSED]
    for index, (title, added, well, wrong, lesson, tags) in enumerate(CASES):
        complaint = (
            Complaint.objects.filter(title=title, status__in=done, customer__isnull=False)
            .select_related("customer")
            .order_by("id")
            .first()
        )
        if complaint is None or complaint.customer is None:
            continue
        customer = complaint.customer
        message_add(
            complaint=complaint,
            actor=Actor(user_id=None, role=Role.CUSTOMER, customer_id=customer.pk),
            body=added.format(name=customer.name, phone=customer.phone, code=customer.pk),
            internal=False,
        )
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
