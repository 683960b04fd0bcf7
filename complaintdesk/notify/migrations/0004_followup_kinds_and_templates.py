"""Follow-up mail: the kinds of the survey invitation and its reminder, the low-score staff
notice, and the shipped Chinese and English templates of both mails. Admins edit them; this
only adds missing codes."""

from django.db import migrations, models

ZH = "zh-hans"
EN = "en"

TEMPLATES = [
    # (code, kind, language, name, subject, body)
    ("survey-general", "survey", ZH, "结果确认与满意度调查",
     "【请您确认】投诉 ${number} 的问题解决了吗？",
     "${customer_name}，您好：\n\n"
     "关于您的投诉 ${number}，我们已经给出了处理结果。想跟您确认一件事：问题真的解决了吗？\n\n"
     "请点开下面的链接告诉我们，不到一分钟：\n${survey_link}\n\n"
     "· 如果已经解决，欢迎为这次处理打个分、留句话，每一条意见都会有人认真读；\n"
     "· 如果还没有解决，请告诉我们哪里还不对，我们会重新处理，并重新向您承诺答复时间。\n\n"
     "请在 ${due_date} 前告诉我们。到时如果没有收到您的回复，我们会视为问题已经解决并结案；"
     "之后再遇到问题，也随时欢迎联系我们。\n"
     "这个链接只能提交一次；提交后页面会给您一个新链接，评价期内可以随时修改。\n\n"
     "谢谢您给我们改进的机会。\n客户服务中心"),
    ("survey-general-en", "survey", EN, "Confirmation and satisfaction survey",
     "[Please confirm] Is complaint ${number} solved?",
     "Dear ${customer_name},\n\n"
     "We have given our answer to your complaint ${number}, and we would like to check one "
     "thing with you: is the problem really solved?\n\n"
     "Please tell us through this link; it takes less than a minute:\n${survey_link}\n\n"
     "- If it is solved, we would be grateful for a rating and a word on how we handled it; "
     "every comment is read by a person.\n"
     "- If it is not, tell us what is still wrong and we will work on it again, with a new "
     "promise of when you will hear from us.\n\n"
     "Please let us know by ${due_date}. If we have not heard from you by then, we will take "
     "it that the problem is solved and close the complaint; you are always welcome to "
     "contact us again.\n"
     "The link works once; after you answer, the page gives you a new link to change your "
     "answer while the survey is open.\n\n"
     "Thank you for giving us the chance to do better.\nCustomer Service"),
    ("survey-reminder-general", "survey_reminder", ZH, "满意度调查提醒",
     "【温馨提醒】投诉 ${number}：方便为我们的处理打个分吗？",
     "${customer_name}，您好：\n\n"
     "前几天我们就投诉 ${number} 给您发过一封确认邮件，还没有收到您的回复。"
     "不多打扰，只想请您花一分钟告诉我们这次处理得怎么样：\n${survey_link}\n\n"
     "如果问题仍然没有解决，也请在页面上直接告诉我们，我们会马上重新跟进。\n"
     "欢迎在 ${due_date} 前回复。这是我们就此事的最后一次提醒。\n\n"
     "感谢您的耐心。\n客户服务中心"),
    ("survey-reminder-general-en", "survey_reminder", EN, "Survey reminder",
     "[Reminder] Complaint ${number}: how did we do?",
     "Dear ${customer_name},\n\n"
     "A few days ago we wrote to you about complaint ${number} and have not heard back yet. "
     "We will not take much of your time: could you tell us in a minute how we handled it?\n"
     "${survey_link}\n\n"
     "If the problem is still not solved, please say so on the page and we will pick it up "
     "again straight away.\n"
     "Answers are welcome until ${due_date}. This is the only reminder we will send about it."
     "\n\nThank you for your patience.\nCustomer Service"),
]


def add_templates(apps, schema_editor):
    ReplyTemplate = apps.get_model("notify", "ReplyTemplate")
    for code, kind, language, name, subject, body in TEMPLATES:
        ReplyTemplate.objects.get_or_create(
            code=code,
            language=language,
            defaults={"kind": kind, "category": "", "name": name, "subject": subject,
                      "body": body},
        )


def remove_templates(apps, schema_editor):
    ReplyTemplate = apps.get_model("notify", "ReplyTemplate")
    for code, _kind, language, *_rest in TEMPLATES:
        ReplyTemplate.objects.filter(code=code, language=language).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('notify', '0003_extension_notice'),
    ]

    operations = [
        migrations.AlterField(
            model_name='notification',
            name='kind',
            field=models.CharField(choices=[('assigned', 'Assigned to you'), ('escalated', 'Escalated'), ('clock_warning', 'Deadline approaching'), ('clock_breached', 'Deadline missed'), ('low_score', 'Low satisfaction score')], max_length=20, verbose_name='kind'),
        ),
        migrations.AlterField(
            model_name='outboundemail',
            name='kind',
            field=models.CharField(choices=[('acknowledgement', 'Acknowledgement of receipt'), ('reply', "Agent's reply"), ('progress', 'Progress update'), ('resolution', 'Resolution'), ('extension', 'Deadline extension notice'), ('staff', 'Staff notification'), ('survey', 'Confirmation and satisfaction survey'), ('survey_reminder', 'Survey reminder')], max_length=20, verbose_name='kind'),
        ),
        migrations.AlterField(
            model_name='replytemplate',
            name='kind',
            field=models.CharField(choices=[('acknowledgement', 'Acknowledgement of receipt'), ('progress', 'Progress update'), ('resolution', 'Resolution'), ('reply', "Agent's reply"), ('extension', 'Deadline extension notice'), ('survey', 'Confirmation and satisfaction survey'), ('survey_reminder', 'Survey reminder')], max_length=20, verbose_name='kind'),
        ),
        migrations.RunPython(add_templates, remove_templates),
    ]
