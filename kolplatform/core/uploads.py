"""Which uploaded files are accepted: the content (magic bytes) must be of an allowed type and
match the file name's extension, and the size is limited.

The extension alone proves nothing (an .exe renamed to .pdf), and the stored name decides the
MIME type a download is served with, so both are checked against one table of signatures.
"""

from django import forms
from django.utils.translation import gettext as _

MB = 1024 * 1024
MAX_BYTES = 10 * MB
HEAD = 16

# type: (label, leading bytes, extensions)
SIGNATURES = {
    "pdf": ("PDF", (b"%PDF-",), (".pdf",)),
    "png": ("PNG", (b"\x89PNG\r\n\x1a\n",), (".png",)),
    "jpeg": ("JPEG", (b"\xff\xd8\xff",), (".jpg", ".jpeg")),
    "office": ("DOCX/XLSX", (b"PK\x03\x04",), (".docx", ".xlsx")),
}
SCAN = ("pdf", "png", "jpeg")  # receipts, scans, screenshots
DOCUMENT = (*SCAN, "office")  # plus office documents (quotes, lists of participants)
PDF = ("pdf",)


def detect_type(head: bytes, name: str) -> str | None:
    """The type whose signature starts `head` and whose extension `name` has, or None."""
    lowered = name.lower()
    for kind, (_label, magics, extensions) in SIGNATURES.items():
        if head.startswith(magics) and lowered.endswith(extensions):
            return kind
    return None


def upload_problem(*, head: bytes, name: str, size: int, allowed, max_bytes=MAX_BYTES):
    """None if the file may be stored, otherwise the message for the user."""
    if size == 0:
        return _("The file is empty.")
    if size > max_bytes:
        return _("The file is larger than %(max)s MB.") % {"max": max_bytes // MB}
    if detect_type(head, name) not in allowed:
        types = ", ".join(SIGNATURES[k][0] for k in allowed)
        return _(
            "This file type is not accepted: upload %(types)s (the content is checked, "
            "not only the name)."
        ) % {"types": types}
    return None


def check_upload(upload, *, allowed, max_bytes=MAX_BYTES) -> None:
    """Raise a form ValidationError for an uploaded file that may not be stored."""
    upload.seek(0)
    head = upload.read(HEAD)
    upload.seek(0)
    problem = upload_problem(
        head=head, name=upload.name, size=upload.size, allowed=allowed, max_bytes=max_bytes
    )
    if problem:
        raise forms.ValidationError(problem, code="file_type")


class CheckedFileField(forms.FileField):
    """A FileField that accepts only the given types (by content) up to a size."""

    def __init__(self, *args, allowed=SCAN, max_bytes=MAX_BYTES, **kwargs):
        self.allowed, self.max_bytes = allowed, max_bytes
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            check_upload(upload, allowed=self.allowed, max_bytes=self.max_bytes)
        return upload
