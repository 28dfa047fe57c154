"""Storing files as Documents: bytes + SHA-256, never changed afterwards."""

import mimetypes

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile

from kolplatform.core.models import Document


def document_store(
    *,
    data: bytes,
    name: str,
    kind: str = Document.Kind.OTHER,
    owner=None,
    uploaded_by=None,
    title: str = "",
) -> Document:
    """Save `data` as a new Document attached to `owner`; the SHA-256 is of exactly these bytes."""
    sha256 = Document.hash_bytes(data)
    document = Document(
        kind=kind,
        title=title or name,
        original_name=name,
        content_type_header=mimetypes.guess_type(name)[0] or "application/octet-stream",
        size=len(data),
        sha256=sha256,
        uploaded_by=uploaded_by,
    )
    if owner is not None:
        document.owner_type = ContentType.objects.get_for_model(owner)
        document.owner_id = str(owner.pk)
    document.file.save(name, ContentFile(data), save=False)
    document.save()
    return document


def documents_of(owner):
    return Document.objects.filter(
        owner_type=ContentType.objects.get_for_model(owner), owner_id=str(owner.pk)
    ).select_related("uploaded_by")
