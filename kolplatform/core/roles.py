"""The roles of DESIGN.md §3.

Each role is a django Group with the same name (created by a migration)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    FIELD_STAFF = "field_staff", _("Field staff")
    MARKETING_MANAGER = "marketing_manager", _("Marketing manager")
    APPROVER = "approver", _("Approver")
    LEGAL = "legal", _("Legal")
    COMPLIANCE = "compliance", _("Compliance")
    FINANCE = "finance", _("Finance")
    ADMIN = "admin", _("Administrator")
    KOL = "kol", _("Expert (KOL)")


STAFF_ROLES = frozenset(Role) - {Role.KOL}
