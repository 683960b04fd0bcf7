"""Default routing rules for the departments the demo creates (cs, tech, legal, finance,
teaching, logistics; urgent and risk-flagged complaints go to the special team before any rule).
Admins edit them in the admin; a rule naming a department that does not exist is skipped."""

from typing import Any

from django.db import migrations

# (rank, name, conditions, department code)
DEFAULT_RULES: list[tuple[int, str, dict[str, str], str]] = [
    (10, "Technical faults to tech", {"category": "technical"}, "tech"),
    (20, "Account and data security to tech", {"category": "account_security"}, "tech"),
    (30, "Charges and payment to finance", {"category": "billing"}, "finance"),
    (40, "Delivery problems to logistics", {"category": "logistics"}, "logistics"),
    (
        50,
        "Course quality to teaching",
        {"category": "quality", "industry": "education"},
        "teaching",
    ),
    (
        55,
        "Course service to teaching",
        {"category": "service", "industry": "education"},
        "teaching",
    ),
    (60, "Contract disputes to legal", {"category": "contract"}, "legal"),
    (70, "Legal threats to legal", {"risk_flag": "legal_threat"}, "legal"),
    (75, "Regulator referrals to legal", {"risk_flag": "regulator"}, "legal"),
    (80, "False advertising to legal", {"category": "misdescription"}, "legal"),
    (1000, "Everything else to customer service", {}, "cs"),
]


def add_rules(apps: Any, schema_editor: Any) -> None:
    rule_model = apps.get_model("triage", "RoutingRule")
    for rank, name, conditions, department in DEFAULT_RULES:
        rule_model.objects.get_or_create(
            name=name, defaults={"rank": rank, "department_code": department, **conditions}
        )


def remove_rules(apps: Any, schema_editor: Any) -> None:
    rule_model = apps.get_model("triage", "RoutingRule")
    rule_model.objects.filter(name__in=[name for _, name, _, _ in DEFAULT_RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("triage", "0001_routing_rules")]

    operations = [migrations.RunPython(add_rules, remove_rules)]
