"""Shipped reply snippets (话术) for the desk's reply box: one per category in Chinese and in
English, a few for one industry, and a few that also move the complaint on. Each names the
feeling, owns what is ours to own, says what happens next and by when. Admins edit, switch
off or add to them; this only adds missing codes."""

from django.db import migrations

ZH = "zh-hans"
EN = "en"

# (code, category, industry, language, name, body, set_status, status_reason, add_tags)
SNIPPETS = [
    ("snip-quality", "quality", "", ZH, "商品质量：致歉并说明处理",
     "非常抱歉，您购买的商品（订单 ${order_number}）出现了质量问题，换作是我们也会很失望。"
     "我们已登记投诉 ${number}，质检同事会核实您反映的情况，并在 ${due_date} 前给您退货、换货"
     "或按 ${amount} 处理的明确方案。如方便，请补充问题部位的照片或视频，可以更快确认。"
     "再次感谢${customer_name}的耐心。", "", "", ""),
    ("snip-misdescription", "misdescription", "", ZH, "描述不符：认可问题并核实",
     "收到的商品或服务和页面介绍不一致，确实让人觉得被误导，我们非常理解您的不满。"
     "我们已就订单 ${order_number} 调取当时的商品页面和宣传内容进行核对，"
     "在 ${due_date} 前告诉您核实结果；确属描述不符的，将按规定为您退款（${amount}）或赔偿。"
     "谢谢${customer_name}指出这个问题。", "", "", ""),
    ("snip-logistics", "logistics", "", ZH, "物流配送：已催办",
     "包裹迟迟没有到或出了问题，真的让人着急，给您添麻烦了，非常抱歉。"
     "我们已联系承运方查询订单 ${order_number} 的物流轨迹，并要求加急处理；"
     "${due_date} 前会告诉您包裹的确切情况，丢件或损坏的将为您补发或退款（${amount}）。"
     "有任何新情况，${customer_name}也可以直接回复我们。", "", "", ""),
    ("snip-service", "service", "", ZH, "服务态度：诚恳致歉",
     "让您在沟通中受了委屈，我们真诚地向您道歉，这不是我们希望您经历的服务。"
     "投诉 ${number} 已转给相关负责人，我们会调查当时的情况并严肃处理，"
     "${due_date} 前向您反馈处理结果。谢谢${customer_name}愿意告诉我们，这能帮助我们改进。",
     "", "", ""),
    ("snip-billing", "billing", "", ZH, "收费扣款：逐笔核对",
     "涉及费用的问题我们格外重视，理解您看到这笔扣款时的担心。"
     "财务同事正在逐笔核对订单 ${order_number} 的收费记录（涉及金额 ${amount}），"
     "${due_date} 前给您明细和结论；如确属多收或错扣，将全额原路退还。"
     "感谢${customer_name}的耐心等待。", "", "", ""),
    ("snip-contract", "contract", "", ZH, "合同履约：核对约定",
     "约定好的内容没有兑现，您感到失望完全可以理解，非常抱歉。"
     "我们正在核对订单 ${order_number} 当时的约定和实际履行情况，"
     "${due_date} 前给您书面答复，并说明我们将如何补救。谢谢${customer_name}的信任。",
     "", "", ""),
    ("snip-technical", "technical", "", ZH, "技术故障：已转技术排查",
     "功能用不了、页面打不开确实耽误事，给您带来不便非常抱歉。"
     "技术同事已在排查投诉 ${number} 反映的问题，${due_date} 前告诉您原因和修复进展。"
     "如果方便，请告诉我们手机型号、App 版本和出错的时间，能帮助更快定位。"
     "感谢${customer_name}的耐心。", "", "", ""),
    ("snip-account-security", "account_security", "", ZH, "账户安全：先保护账户",
     "账户和个人信息的安全是头等大事，理解您此刻的不安。"
     "我们已对相关账户采取保护措施，安全团队正在核查投诉 ${number} 所述情况，"
     "${due_date} 前告诉您核查结果；如有损失，会按实际情况为您处理。"
     "请${customer_name}暂时不要向任何人透露验证码或密码。", "", "", ""),
    ("snip-other", "", "", ZH, "通用：已受理并跟进",
     "谢谢您告诉我们这个问题，给您带来的不便我们深表歉意。"
     "投诉 ${number} 已由专人跟进，我们会在 ${due_date} 前给您明确答复。"
     "如有补充，${customer_name}可以随时回复我们。", "", "", ""),
    ("snip-education-refund", "", "education", ZH, "在线教育：课程退费",
     "课程没有达到您的预期，还要为退费来回沟通，真的很抱歉。"
     "我们已调取课程订单 ${order_number} 的上课记录，会按未上课时和合同约定计算可退金额"
     "（您主张 ${amount}），${due_date} 前把计算明细发给您确认。谢谢${customer_name}的耐心。",
     "", "", ""),
    ("snip-delivery-order", "", "delivery", ZH, "外卖配送：餐品问题",
     "用餐时遇到这样的情况一定很扫兴，我们非常抱歉。"
     "我们已联系商家和骑手核实订单 ${order_number} 的情况，"
     "${due_date} 前给您处理结果，核实后可为您退款（${amount}）或补偿。"
     "谢谢${customer_name}及时反馈。", "", "", ""),
    ("snip-ask-evidence", "", "", ZH, "请客户补充凭证（转为等待客户）",
     "为了尽快帮您处理投诉 ${number}，还需要您补充一些材料："
     "订单 ${order_number} 的截图、问题部位的照片或视频，以及您希望的处理方式。"
     "收到后我们会马上继续处理。谢谢${customer_name}的配合。",
     "waiting_customer", "请补充订单截图和问题照片，收到后我们会继续处理。", "待补充材料"),
    ("snip-refund-agreed", "", "", ZH, "同意退款（加标签）",
     "经核实，我们同意为您办理退款 ${amount}（订单 ${order_number}），"
     "款项会在 3 至 7 个工作日内原路退回。给您带来的不便，我们再次表示歉意，"
     "也感谢${customer_name}的耐心。", "", "", "退款"),
    ("snip-quality-en", "quality", "", EN, "Quality: apology and next step",
     "We are sorry the item you bought (order ${order_number}) turned out faulty; we would "
     "be disappointed too. Your complaint ${number} is registered and our quality team will "
     "check it and give you a clear answer by ${due_date}: a return, an exchange or a refund "
     "of ${amount}. Photos or a short video of the fault would help us decide faster. "
     "Thank you for your patience, ${customer_name}.", "", "", ""),
    ("snip-misdescription-en", "misdescription", "", EN, "Not as described: we check",
     "Receiving something different from what the page promised feels misleading, and we "
     "understand your frustration. We are comparing order ${order_number} with the product "
     "page and advertising as they were at the time, and will tell you what we found by "
     "${due_date}. If it was not as described, we will refund ${amount} or compensate you. "
     "Thank you for pointing this out, ${customer_name}.", "", "", ""),
    ("snip-logistics-en", "logistics", "", EN, "Delivery: chased",
     "Waiting for a parcel that does not arrive is stressful, and we are sorry for the "
     "trouble. We have asked the carrier to trace order ${order_number} urgently and will "
     "tell you exactly where it is by ${due_date}; a lost or damaged parcel will be resent "
     "or refunded (${amount}). ${customer_name}, just reply if anything changes.", "", "", ""),
    ("snip-service-en", "service", "", EN, "Service: sincere apology",
     "We are truly sorry for how you were treated; that is not the service we want anyone to "
     "receive. Complaint ${number} is with the manager responsible, who will look into what "
     "happened and act on it, and we will tell you the outcome by ${due_date}. Thank you for "
     "telling us, ${customer_name}; it helps us improve.", "", "", ""),
    ("snip-billing-en", "billing", "", EN, "Charges: checked line by line",
     "We take anything to do with money seriously, and we understand your concern about this "
     "charge. Our finance team is checking every payment on order ${order_number} (${amount}) "
     "and will send you the details and our conclusion by ${due_date}. Anything charged in "
     "error will be refunded in full. Thank you for your patience, ${customer_name}.",
     "", "", ""),
    ("snip-contract-en", "contract", "", EN, "Contract: checking what was agreed",
     "It is disappointing when what was agreed is not delivered, and we are sorry. We are "
     "checking what was agreed for order ${order_number} against what happened, and will "
     "answer you in writing by ${due_date}, saying how we will put it right. Thank you for "
     "your trust, ${customer_name}.", "", "", ""),
    ("snip-technical-en", "technical", "", EN, "Technical fault: with our engineers",
     "We are sorry the service is not working for you. Our engineers are looking into the "
     "fault described in complaint ${number} and will tell you the cause and the fix by "
     "${due_date}. Your phone model, app version and the time of the error would help us "
     "find it faster. Thank you for your patience, ${customer_name}.", "", "", ""),
    ("snip-account-security-en", "account_security", "", EN, "Account security: protected first",
     "The safety of your account and data comes first, and we understand how unsettling this "
     "is. We have protected the account concerned, and our security team is examining "
     "complaint ${number}; you will hear what we found by ${due_date}, and any loss will be "
     "dealt with. ${customer_name}, please do not share codes or passwords with anyone.",
     "", "", ""),
    ("snip-other-en", "", "", EN, "General: registered and followed up",
     "Thank you for telling us about this, and we are sorry for the inconvenience. Complaint "
     "${number} is being followed up by a member of our team, and you will have a clear "
     "answer by ${due_date}. ${customer_name}, you can reply at any time to add anything.",
     "", "", ""),
    ("snip-ask-evidence-en", "", "", EN, "Ask the customer for evidence (waiting for customer)",
     "To settle complaint ${number} quickly we need a little more from you: a screenshot of "
     "order ${order_number}, photos or a video of the problem, and what you would like us to "
     "do. We will carry on as soon as we have them. Thank you, ${customer_name}.",
     "waiting_customer", "Please send the order screenshot and photos; we will carry on as "
     "soon as we have them.", "evidence requested"),
]


def add_snippets(apps, schema_editor):
    ReplyTemplate = apps.get_model("notify", "ReplyTemplate")
    for (code, category, industry, language, name, body, set_status, status_reason,
         add_tags) in SNIPPETS:
        ReplyTemplate.objects.get_or_create(
            code=code,
            language=language,
            defaults={
                "kind": "macro", "category": category, "industry": industry, "name": name,
                "subject": name, "body": body, "set_status": set_status,
                "status_reason": status_reason, "add_tags": add_tags,
            },
        )


def remove_snippets(apps, schema_editor):
    ReplyTemplate = apps.get_model("notify", "ReplyTemplate")
    for code, _category, _industry, language, *_rest in SNIPPETS:
        ReplyTemplate.objects.filter(code=code, language=language).delete()


class Migration(migrations.Migration):
    dependencies = [("notify", "0006_macros_and_desk_notices")]

    operations = [migrations.RunPython(add_snippets, remove_snippets)]
