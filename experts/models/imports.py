"""Imports from the CRM and the data provider: one job, one row record per input row."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    class Source(models.TextChoices):
        CRM = "crm", _("CRM")
        PROVIDER = "provider", _("Data provider")

    class Status(models.TextChoices):
        READING = "reading", _("Reading the file")
        UPLOADED = "uploaded", _("Uploaded")
        CHECKING = "checking", _("Checking (dry run)")
        PREVIEWED = "previewed", _("Checked (dry run)")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    # A workbook's rows as first read (CSV, UTF-8): the dry run and the run read this instead
    # of parsing the workbook again.
    table = models.FileField(
        _("rows as read"), upload_to="imports/%Y/%m/", max_length=300, blank=True
    )
    encoding = models.CharField(_("encoding"), max_length=32, blank=True)
    headers = models.JSONField(_("columns in the file"), default=list)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.READING
    )
    read_rows = models.PositiveIntegerField(_("rows read"), default=0)
    preview = models.JSONField(_("dry run"), default=dict, blank=True)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("processed"), default=0)
    counts = models.JSONField(_("outcome counts"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_source_display()}: {self.original_name}"

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, round(100 * self.processed_rows / self.total_rows))

    @property
    def is_reading(self) -> bool:
        """The file is being read in a task (after the upload or for a dry run)."""
        return self.status in (self.Status.READING, self.Status.CHECKING)

    @property
    def is_working(self) -> bool:
        """A task is reading, checking or importing the file: the page polls the job."""
        return self.is_reading or self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def read_failed(self) -> bool:
        """The file itself was refused (a limit, a broken file): nothing was imported."""
        return self.status == self.Status.FAILED and self.started_at is None

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class ImportRow(models.Model):
    class Outcome(models.TextChoices):
        CREATED = "created", _("Created")
        UPDATED = "updated", _("Updated")
        MERGED = "merged", _("Merged into existing")
        SKIPPED = "skipped", _("Skipped")
        FAILED = "failed", _("Failed")

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="rows")
    row_number = models.PositiveIntegerField(_("row"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    column = models.CharField(_("column"), max_length=100, blank=True)
    message = models.TextField(_("message"), blank=True)
    data = models.JSONField(_("data"), default=dict)
    expert = models.ForeignKey(
        "experts.Expert", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    duplicate_of = models.ForeignKey(
        "experts.Expert", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("import row")
        verbose_name_plural = _("import rows")
        ordering = ["job", "row_number"]
        indexes = [models.Index(fields=["job", "outcome", "row_number"])]

    def __str__(self):
        return f"{self.job_id}#{self.row_number}: {self.outcome}"
