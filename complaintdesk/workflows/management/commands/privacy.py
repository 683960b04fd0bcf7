"""``complaintdesk privacy export|erase|retention``: personal-data requests (PIPL Art. 45, 47)
and one pass of the retention policy (the worker runs it daily)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from complaintdesk.complaints.errors import DomainError
from complaintdesk.privacy.selectors import customer_find
from complaintdesk.workflows.privacy import (
    ErasureHeld,
    personal_data_erase,
    personal_data_export,
    retention_apply,
)


class Command(BaseCommand):
    help = "Export or erase one customer's personal data, or apply the retention policy."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="write a zip of everything held about a customer")
        export.add_argument("--customer", required=True, help="id, phone or e-mail")
        export.add_argument("--out", required=True, type=Path, help="the zip file to write")
        erase = sub.add_parser("erase", help="anonymise a customer everywhere")
        erase.add_argument("--customer", required=True, help="id, phone or e-mail")
        sub.add_parser("retention", help="anonymise closed complaints past the retention period")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "retention":
            report = retention_apply()
            self.stdout.write(
                f"complaints anonymised {report.complaints}, customers anonymised "
                f"{report.customers}, idempotency records deleted "
                f"{report.idempotency_deleted}, sent mails' links redacted "
                f"{report.links_redacted}"
            )
            return
        try:
            customer = customer_find(options["customer"])
            if action == "export":
                request = personal_data_export(customer=customer, out=options["out"], actor=None)
                self.stdout.write(
                    f"exported customer #{customer.pk}: {request.complaints} complaints, "
                    f"{request.details['files']} files, {options['out']} "
                    f"(sha256 {request.details['sha256']})"
                )
                return
            request = personal_data_erase(customer=customer, actor=None)
        except ErasureHeld as held:
            raise CommandError(str(held.message)) from held
        except DomainError as error:
            raise CommandError(str(error.message)) from error
        self.stdout.write(
            f"erased customer #{customer.pk}: {request.complaints} complaints anonymised"
        )
