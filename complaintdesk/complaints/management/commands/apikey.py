"""``complaintdesk apikey create|list|revoke``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from complaintdesk.complaints.apikeys import apikey_create, apikey_revoke
from complaintdesk.complaints.choices import Role
from complaintdesk.complaints.errors import DomainError
from complaintdesk.complaints.models import ApiKey


class Command(BaseCommand):
    help = "Create, list or revoke API keys."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="print a new key (shown once)")
        create.add_argument("--name", required=True)
        create.add_argument("--role", required=True, choices=Role.values)
        create.add_argument("--user", help="act as this existing user instead of a new one")
        create.add_argument("--department", help="department code, for department staff")
        create.add_argument("--respondent", help="respondent code, for a respondent's key")
        sub.add_parser("list", help="list keys")
        revoke = sub.add_parser("revoke", help="revoke a key by its prefix")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            try:
                key, raw = apikey_create(
                    name=options["name"],
                    role=options["role"],
                    username=options.get("user"),
                    department_code=options.get("department"),
                    respondent_code=options.get("respondent"),
                )
            except DomainError as exc:
                raise CommandError(str(exc.message)) from exc
            self.stdout.write(raw)
            self.stderr.write(f"{key.name}: acts as {key.user.get_username()}; store it now.")
        elif action == "list":
            for key in ApiKey.objects.select_related("user"):
                state = "revoked" if key.revoked_at else "active"
                self.stdout.write(f"{key.prefix}…\t{key.name}\t{key.user.get_username()}\t{state}")
        else:
            if not apikey_revoke(prefix=options["prefix"]):
                raise CommandError(f"No active key starts with {options['prefix']}.")
            self.stdout.write("revoked")
