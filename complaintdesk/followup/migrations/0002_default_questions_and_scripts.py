"""Shipped survey wording per industry and return-call scripts per category, in Chinese and
English. Admins edit or replace them; this only adds what is missing."""

from django.db import migrations

ZH = "zh-hans"
EN = "en"

QUESTIONS = [
    # (industry, language, intro, rating, comment, remedy)
    ("", ZH, "感谢您抽出时间。您的评价只用于改进我们的服务。",
     "您对这次投诉的处理满意吗？", "还有什么想告诉我们的吗？（选填）", "您觉得给出的补偿方案公平吗？"),
    ("", EN, "Thank you for your time. Your answer is used only to improve our service.",
     "How satisfied are you with how we handled your complaint?",
     "Anything else you would like to tell us? (optional)",
     "Was the remedy we offered fair?"),
    ("ecommerce", ZH, "感谢您抽出时间。您的评价会同步给店铺和售后团队。",
     "您对这次售后处理满意吗？", "商品、物流或客服方面还有什么建议？（选填）",
     "您觉得退款、换货或补偿方案公平吗？"),
    ("ecommerce", EN, "Thank you for your time. Your answer goes to the shop and after-sales team.",
     "How satisfied are you with our after-sales handling?",
     "Any advice about the product, delivery or service? (optional)",
     "Was the refund, exchange or compensation fair?"),
    ("education", ZH, "感谢您抽出时间。您的评价会转给课程和教学团队。",
     "您对这次问题的处理满意吗？", "对课程、老师或学习服务还有什么建议？（选填）",
     "您觉得补课、退费或延期等方案公平吗？"),
    ("education", EN, "Thank you for your time. Your answer goes to the course and teaching team.",
     "How satisfied are you with how we handled the problem?",
     "Any advice about the course, the teacher or learning support? (optional)",
     "Was the make-up lesson, refund or extension fair?"),
    ("delivery", ZH, "感谢您抽出时间。您的评价会转给商家和配送团队。",
     "您对这次问题的处理满意吗？", "对商家或骑手配送还有什么想说的？（选填）",
     "您觉得退款或补偿公平吗？"),
    ("delivery", EN, "Thank you for your time. Your answer goes to the restaurant and delivery team.",
     "How satisfied are you with how we handled the problem?",
     "Anything to tell us about the restaurant or the rider? (optional)",
     "Was the refund or compensation fair?"),
    ("insurance", ZH, "感谢您抽出时间。您的评价会转给理赔与客户服务团队。",
     "您对这次投诉的处理满意吗？", "对理赔流程或服务还有什么建议？（选填）",
     "您觉得理赔或补偿结果公平吗？"),
    ("insurance", EN, "Thank you for your time. Your answer goes to the claims and service team.",
     "How satisfied are you with how we handled your complaint?",
     "Any advice about the claims process or our service? (optional)",
     "Was the claim settlement or compensation fair?"),
]

SCRIPTS = [
    # (category, language, body)
    ("", ZH,
     "1. 问候并自我介绍：“您好，我是××客服，就您之前反映的问题（投诉编号）做个回访，"
     "占用您两分钟方便吗？”\n"
     "2. 确认结果：“之前给您的处理方案，现在落实了吗？问题还有没有再出现？”\n"
     "3. 了解感受：“您对这次处理还满意吗？有什么我们可以做得更好的？”\n"
     "4. 如问题复发：记录具体情况，告知将重新处理并在约定时间内答复。\n"
     "5. 如有新问题：记录并告知将作为新的投诉受理，给出编号。\n"
     "6. 致谢：“感谢您的耐心和支持，祝您生活愉快。”"),
    ("", EN,
     "1. Greet and introduce yourself: \"Hello, this is … from customer service, calling back "
     "about the problem you reported (complaint number). Do you have two minutes?\"\n"
     "2. Check the result: \"Has what we agreed been done? Has the problem come back?\"\n"
     "3. Ask how they feel: \"Are you satisfied with how we handled it? What could we do "
     "better?\"\n"
     "4. If the problem is back: note the details, say we will work on it again and when they "
     "will hear from us.\n"
     "5. If there is a new problem: note it and say it will be taken as a new complaint, with "
     "its number.\n"
     "6. Thank them: \"Thank you for your patience.\""),
    ("quality", ZH,
     "1. 问候并说明来意（投诉编号、商品名称）。\n"
     "2. 确认退换货或维修是否完成，新商品是否正常使用。\n"
     "3. 询问对处理速度和结果是否满意。\n"
     "4. 如同一问题再次出现：请客户描述并拍照，告知将重新处理。\n"
     "5. 致谢，提醒客户保留凭证。"),
    ("quality", EN,
     "1. Greet and say why you call (complaint number, product).\n"
     "2. Check that the return, exchange or repair is done and the new item works.\n"
     "3. Ask whether they are satisfied with the speed and the result.\n"
     "4. If the same fault is back: ask for a description and photos; say we will handle it "
     "again.\n"
     "5. Thank them and suggest keeping the receipts."),
    ("logistics", ZH,
     "1. 问候并说明来意（投诉编号、订单号）。\n"
     "2. 确认包裹是否已完好签收，补发或赔付是否到位。\n"
     "3. 询问对配送和处理是否满意。\n"
     "4. 如仍未收到或再次出现问题：记录物流单号，告知将重新处理。\n"
     "5. 致谢。"),
    ("logistics", EN,
     "1. Greet and say why you call (complaint number, order number).\n"
     "2. Check that the parcel arrived intact and that any resend or payment reached them.\n"
     "3. Ask whether they are satisfied with delivery and handling.\n"
     "4. If it still has not arrived or went wrong again: note the tracking number; say we "
     "will handle it again.\n"
     "5. Thank them."),
    ("billing", ZH,
     "1. 问候并说明来意（投诉编号）。\n"
     "2. 确认退款或更正的款项是否已到账，金额是否正确。\n"
     "3. 询问对处理结果是否满意。\n"
     "4. 如仍有扣款异常：记录日期和金额，告知财务将重新核对。\n"
     "5. 致谢。"),
    ("billing", EN,
     "1. Greet and say why you call (complaint number).\n"
     "2. Check that the refund or correction has arrived and the amount is right.\n"
     "3. Ask whether they are satisfied with the outcome.\n"
     "4. If a charge is still wrong: note the date and amount; say finance will check again.\n"
     "5. Thank them."),
]


def add_defaults(apps, schema_editor):
    SurveyQuestions = apps.get_model("followup", "SurveyQuestions")
    CallScript = apps.get_model("followup", "CallScript")
    for industry, language, intro, rating, comment, remedy in QUESTIONS:
        SurveyQuestions.objects.get_or_create(
            industry=industry,
            language=language,
            defaults={"intro": intro, "rating_question": rating, "comment_question": comment,
                      "remedy_question": remedy},
        )
    for category, language, body in SCRIPTS:
        CallScript.objects.get_or_create(
            category=category, language=language, defaults={"body": body}
        )


def remove_defaults(apps, schema_editor):
    SurveyQuestions = apps.get_model("followup", "SurveyQuestions")
    CallScript = apps.get_model("followup", "CallScript")
    for industry, language, *_rest in QUESTIONS:
        SurveyQuestions.objects.filter(industry=industry, language=language).delete()
    for category, language, _body in SCRIPTS:
        CallScript.objects.filter(category=category, language=language).delete()


class Migration(migrations.Migration):
    dependencies = [("followup", "0001_returns_surveys_confirmations")]

    operations = [migrations.RunPython(add_defaults, remove_defaults)]
