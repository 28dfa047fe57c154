"""Downloading stored documents; who may is decided by the owner's view permission."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from kolplatform.core.documents import document_get_for_user
from kolplatform.core.downloads import file_download


@login_required
@require_GET
def document_download(request, pk):
    document = document_get_for_user(user=request.user, pk=pk)
    return file_download(
        document.file.open("rb"),
        filename=document.original_name or document.file.name.rsplit("/", 1)[-1],
        content_type=document.content_type_header or "application/octet-stream",
    )
