"""Configuration in Django admin: users with their complaint role (an outside overseer with
the scopes of complaints they oversee), departments and respondents.

Categories, demands and priorities are fixed codes (``complaints.choices``) with translated
labels, so they are not edited here.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from complaintdesk.complaints.models import Department, Membership, OverseerScope, Respondent
from complaintdesk.desk import privacy_admin  # noqa: F401 - registers customers and the audit log
from complaintdesk.security.forms import ThrottledAdminAuthenticationForm

User = get_user_model()


class MembershipInline(admin.StackedInline):
    model = Membership
    can_delete = True
    extra = 0
    max_num = 1
    fields = ("role", "department", "respondent")


class OverseerScopeInline(admin.TabularInline):
    """The complaints an outside overseer sees: each row is one scope (every filled field
    must match); a user with the overseer role and no row sees nothing."""

    model = OverseerScope
    extra = 0
    fields = ("label", "respondent", "item", "platform", "channel", "category")
    autocomplete_fields = ("respondent",)


class UserWithRoleAdmin(UserAdmin):
    inlines = [MembershipInline, OverseerScopeInline]
    list_display = ("username", "email", "role", "department", "is_active", "is_staff")
    list_select_related = ("membership", "membership__department")
    list_filter = ("is_active", "is_staff", "membership__role", "membership__department")

    @admin.display(description=Membership._meta.get_field("role").verbose_name)
    def role(self, user: object) -> str:
        membership = getattr(user, "membership", None)
        return membership.get_role_display() if membership else "—"

    @admin.display(description=Membership._meta.get_field("department").verbose_name)
    def department(self, user: object) -> str:
        membership = getattr(user, "membership", None)
        return str(membership.department) if membership and membership.department else "—"


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, UserWithRoleAdmin)


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "is_special_team")
    search_fields = ("code", "name")
    ordering = ("code",)


@admin.register(Respondent)
class RespondentAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "platform", "department", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("code", "name", "contact_name")
    ordering = ("name",)


# The admin's sign-in goes through the same throttle as the desk's (docs/security.md).
admin.site.login_form = ThrottledAdminAuthenticationForm
