"""Professional activity of an expert: the evidence grading looks at."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProfessionalActivity(models.Model):
    class Kind(models.TextChoices):
        PUBLICATION = "publication", _("Publication")
        CONGRESS_TALK = "congress_talk", _("Congress talk")
        TRIAL = "trial", _("Clinical trial")
        MEMBERSHIP = "membership", _("Membership")

    expert = models.ForeignKey(
        "experts.Expert", on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=500)
    venue = models.CharField(_("journal / congress / organisation"), max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    link = models.URLField(_("link"), blank=True)

    class Meta:
        verbose_name = _("professional activity")
        verbose_name_plural = _("professional activities")
        ordering = ["-year", "kind", "id"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"
