"""Shipped reply templates (话术): acknowledge the feeling, apologise where due, say what
happens next and by when. Admins edit or replace them; this only adds missing codes."""

from django.db import migrations

ZH = "zh-hans"
EN = "en"

TEMPLATES = [
    # (code, kind, category, language, name, subject, body)
    ("ack-general", "acknowledgement", "", ZH, "受理回执（通用）",
     "【已受理】您的投诉 ${number}",
     "${customer_name}，您好：\n\n"
     "我们已收到您的投诉，编号 ${number}。遇到这样的情况让您费心了，我们非常理解您的心情，"
     "给您带来不便，深表歉意。\n\n"
     "接下来：专人会核实您反映的情况，并在 ${due_date} 前给您答复。"
     "如需补充说明或凭证，请直接回复本邮件（请保留邮件标题中的编号），内容会自动归入此投诉；"
     "也可以随时在这里查看进度：${tracking_link}\n\n"
     "感谢您的耐心与信任。\n客户服务中心"),
    ("ack-logistics", "acknowledgement", "logistics", ZH, "受理回执（物流配送）",
     "【已受理】您的投诉 ${number}",
     "${customer_name}，您好：\n\n"
     "我们已收到您关于配送问题的投诉，编号 ${number}。包裹迟迟未到或出现问题确实让人着急，"
     "对此我们深表歉意。\n\n"
     "接下来：我们会立即联系承运方查询物流轨迹，并在 ${due_date} 前告诉您核实结果和处理方案。"
     "如有签收照片、快递单号等，请直接回复本邮件补充。\n查看进度：${tracking_link}\n\n客户服务中心"),
    ("ack-quality", "acknowledgement", "quality", ZH, "受理回执（商品质量）",
     "【已受理】您的投诉 ${number}",
     "${customer_name}，您好：\n\n"
     "我们已收到您关于商品质量的投诉，编号 ${number}。买到有问题的商品一定很失望，"
     "非常抱歉给您带来这样的体验。\n\n"
     "接下来：请回复本邮件附上问题部位的照片或视频，质检人员会尽快核实，"
     "并在 ${due_date} 前给您退换货或其他处理方案。\n查看进度：${tracking_link}\n\n客户服务中心"),
    ("ack-billing", "acknowledgement", "billing", ZH, "受理回执（收费扣款）",
     "【已受理】您的投诉 ${number}",
     "${customer_name}，您好：\n\n"
     "我们已收到您关于收费或扣款的投诉，编号 ${number}。涉及费用的问题我们格外重视，给您带来困扰深表歉意，"
     "理解您的担心。\n\n"
     "接下来：财务同事会逐笔核对相关款项，并在 ${due_date} 前向您说明结果；"
     "如确属我方多收或错扣，将全额退还。\n查看进度：${tracking_link}\n\n客户服务中心"),
    ("ack-general-en", "acknowledgement", "", EN, "Acknowledgement (general)",
     "[Received] Your complaint ${number}",
     "Dear ${customer_name},\n\n"
     "We have received your complaint, reference ${number}. We understand how frustrating "
     "this must be, and we are sorry for the trouble it has caused you.\n\n"
     "What happens next: a member of our team will look into it and reply by ${due_date}. "
     "To add details or evidence, simply reply to this email and keep the reference in the "
     "subject; your reply is added to the complaint. You can follow it here: "
     "${tracking_link}\n\n"
     "Thank you for your patience.\nCustomer Service"),
    ("progress-general", "progress", "", ZH, "进度通知（通用）",
     "【处理进度】投诉 ${number}：${status}",
     "${customer_name}，您好：\n\n"
     "您的投诉 ${number} 目前状态为“${status}”。${reason}\n\n"
     "我们会继续跟进，并在 ${due_date} 前给您明确答复。如有疑问，请直接回复本邮件。\n\n"
     "客户服务中心"),
    ("progress-general-en", "progress", "", EN, "Progress update (general)",
     "[Update] Complaint ${number}: ${status}",
     "Dear ${customer_name},\n\n"
     "Your complaint ${number} is now: ${status}. ${reason}\n\n"
     "We will keep working on it and give you a clear answer by ${due_date}. "
     "If you have any question, just reply to this email.\n\nCustomer Service"),
    ("resolution-general", "resolution", "", ZH, "处理结果（通用）",
     "【处理结果】投诉 ${number}",
     "${customer_name}，您好：\n\n"
     "关于您的投诉 ${number}，我们已完成核实。再次为此事给您带来的不便致歉。\n\n"
     "处理方案：${remedy}\n\n"
     "如您对结果有任何不满意，请在 7 天内直接回复本邮件，我们会重新处理。"
     "感谢您的反馈，它帮助我们改进。\n\n客户服务中心"),
    ("resolution-general-en", "resolution", "", EN, "Resolution (general)",
     "[Resolved] Complaint ${number}",
     "Dear ${customer_name},\n\n"
     "We have finished looking into your complaint ${number}. We apologise again for the "
     "inconvenience.\n\n"
     "What we will do: ${remedy}\n\n"
     "If you are not satisfied with this outcome, reply to this email within 7 days and we "
     "will look at it again. Thank you for helping us improve.\n\nCustomer Service"),
    ("reply-general", "reply", "", ZH, "客服回复（通用）",
     "回复：投诉 ${number}",
     "${customer_name}，您好：\n\n${reply}\n\n"
     "如需补充，请直接回复本邮件（投诉编号 ${number}）。\n客户服务中心"),
    ("reply-general-en", "reply", "", EN, "Agent's reply (general)",
     "Re: complaint ${number}",
     "Dear ${customer_name},\n\n${reply}\n\n"
     "To add anything, just reply to this email (reference ${number}).\nCustomer Service"),
]


def add_templates(apps, schema_editor):
    ReplyTemplate = apps.get_model("notify", "ReplyTemplate")
    for code, kind, category, language, name, subject, body in TEMPLATES:
        ReplyTemplate.objects.get_or_create(
            code=code,
            language=language,
            defaults={"kind": kind, "category": category, "name": name, "subject": subject,
                      "body": body},
        )


def remove_templates(apps, schema_editor):
    ReplyTemplate = apps.get_model("notify", "ReplyTemplate")
    for code, _kind, _category, language, *_rest in TEMPLATES:
        ReplyTemplate.objects.filter(code=code, language=language).delete()


class Migration(migrations.Migration):
    dependencies = [("notify", "0001_outbox_templates_webhooks")]

    operations = [migrations.RunPython(add_templates, remove_templates)]
