"""Reference data kept by administrators."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NamedReference(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class Region(NamedReference):
    code = models.CharField(_("code"), max_length=16, unique=True)

    class Meta(NamedReference.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class TherapeuticArea(NamedReference):
    class Meta(NamedReference.Meta):
        verbose_name = _("therapeutic area")
        verbose_name_plural = _("therapeutic areas")


class Product(NamedReference):
    therapeutic_area = models.ForeignKey(
        TherapeuticArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("therapeutic area"),
    )

    class Meta(NamedReference.Meta):
        verbose_name = _("product")
        verbose_name_plural = _("products")


class CostCenter(NamedReference):
    code = models.CharField(_("code"), max_length=32, unique=True)

    class Meta(NamedReference.Meta):
        verbose_name = _("cost center")
        verbose_name_plural = _("cost centers")


class Currency(models.Model):
    code = models.CharField(_("code"), max_length=3, primary_key=True)
    name = models.CharField(_("name"), max_length=64)
    symbol = models.CharField(_("symbol"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("currency")
        verbose_name_plural = _("currencies")
        ordering = ["code"]

    def __str__(self):
        return self.code


DEFAULT_CURRENCY = "RUB"
