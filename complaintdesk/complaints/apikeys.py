"""Creating and revoking API keys (service functions used by the ``apikey`` command)."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.choices import Role
from complaintdesk.complaints.errors import InvalidInput, NotFound
from complaintdesk.complaints.models import ApiKey, Customer, Department, Membership, Respondent
from complaintdesk.complaints.models.people import hash_api_key

KEY_PREFIX = "cdk_"


def _respondent(role: str, code: str | None) -> Respondent | None:
    if role != Role.RESPONDENT:
        return None
    if not code:
        raise InvalidInput(_("Respondent keys need --respondent."))
    respondent = Respondent.objects.filter(code=code).first()
    if respondent is None:
        raise NotFound(_("No respondent with code %(code)s.") % {"code": code})
    return respondent


@transaction.atomic
def apikey_create(
    *,
    name: str,
    role: str,
    username: str | None = None,
    department_code: str | None = None,
    respondent_code: str | None = None,
) -> tuple[ApiKey, str]:
    """A new key and its secret, shown once. Without ``username`` a user for the key is made;
    a respondent's key acts for the respondent ``respondent_code``."""
    if role not in Role.values:
        raise InvalidInput(_("Unknown role %(role)s.") % {"role": role})
    respondent = _respondent(role, respondent_code)
    department = None
    if department_code:
        department = Department.objects.filter(code=department_code).first()
        if department is None:
            raise NotFound(_("No department with code %(code)s.") % {"code": department_code})
    if role == Role.DEPARTMENT and department is None and not username:
        raise InvalidInput(_("Department staff keys need --department."))
    user_model = get_user_model()
    if username:
        user = user_model.objects.filter(username=username).first()
        if user is None:
            raise NotFound(_("No user named %(user)s.") % {"user": username})
    else:
        user = user_model.objects.create_user(username=f"key-{name}-{secrets.token_hex(3)}")
        user.set_unusable_password()
        user.save()
        if role == Role.CUSTOMER:
            Customer.objects.create(name=name, user=user)
        else:
            Membership.objects.create(
                user=user, role=role, department=department, respondent=respondent
            )
    raw = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey.objects.create(name=name, prefix=raw[:12], key_hash=hash_api_key(raw), user=user)
    return key, raw


def apikey_revoke(*, prefix: str) -> int:
    return ApiKey.objects.filter(prefix=prefix, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
