from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from kolplatform.core.roles import STAFF_ROLES, Role


class User(AbstractUser):
    """A person who signs in: a staff member (by role groups) or a KOL (linked to an Expert)."""

    middle_name = models.CharField(_("middle name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    department = models.CharField(_("department"), max_length=200, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=[("ru", "Русский"), ("en", "English")], default="ru"
    )
    regions = models.ManyToManyField("core.Region", blank=True, verbose_name=_("regions"))
    products = models.ManyToManyField("core.Product", blank=True, verbose_name=_("products"))

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return self.get_full_name() or self.username

    def get_full_name(self):
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)

    @cached_property
    def role_names(self) -> frozenset[str]:
        """Names of the role groups of this user (one query, cached per instance)."""
        if not self.is_authenticated:
            return frozenset()
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_names.intersection(roles)) or (
            self.is_superuser and Role.KOL not in roles
        )

    @property
    def is_kol(self) -> bool:
        return Role.KOL in self.role_names

    @property
    def is_staff_member(self) -> bool:
        return self.is_superuser or bool(self.role_names & STAFF_ROLES)
