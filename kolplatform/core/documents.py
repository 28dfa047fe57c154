"""Storing files as Documents: bytes + SHA-256, never changed afterwards."""

import mimetypes

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.http import Http404
from django.shortcuts import get_object_or_404

from kolplatform.core.models import Document
from kolplatform.core.roles import Role


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


def document_get_for_user(*, user, pk: int) -> Document:
    """Load a document `user` may download, or raise 404/403.

    The rule: compliance and administrators may download any document; everyone else needs the
    view permission of the document's owner, `<app_label>.view_<model_name>` checked against the
    owner object (each module defines it in its rules.py). A document without an owner is for
    its uploader only.
    """
    document = get_object_or_404(Document.objects.select_related("owner_type"), pk=pk)
    if not user.is_authenticated:
        raise PermissionDenied
    if user.has_role(Role.COMPLIANCE, Role.ADMIN):
        return document
    if document.owner_type_id is None:
        if document.uploaded_by_id == user.pk:
            return document
        raise PermissionDenied
    owner = document.owner
    if owner is None:
        raise Http404("the owner of this document no longer exists")
    ct = document.owner_type
    if not user.has_perm(f"{ct.app_label}.view_{ct.model}", owner):
        raise PermissionDenied
    return document
