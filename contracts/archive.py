"""The digital archive export: a ZIP with an index (CSV) and the signed copies (or the originals
of documents not signed yet), for an auditor."""

import io
import zipfile

from django.utils import timezone

from kolplatform.core.exports import csv_writer

INDEX_COLUMNS = [
    "number",
    "kind",
    "version",
    "status",
    "expert",
    "contract",
    "created_at",
    "original_sha256",
    "signed_copy_sha256",
    "signatures",
    "file",
]


def archive_zip(documents) -> bytes:
    """ZIP bytes: index.csv (UTF-8 with BOM for spreadsheet programs) + one PDF per document."""
    buffer = io.BytesIO()
    index = io.StringIO()
    writer = csv_writer(index, delimiter=";")
    writer.writerow(INDEX_COLUMNS)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for doc in documents.prefetch_related("signatures"):
            stored = doc.signed_copy or doc.pdf
            name = ""
            if stored is not None:
                suffix = "signed" if doc.signed_copy_id else "original"
                name = f"{doc.kind}/{doc.number}-v{doc.version}-{suffix}.pdf".replace(" ", "_")
                with stored.file.open("rb") as fh:
                    archive.writestr(name, fh.read())
            signatures = "; ".join(
                f"{s.signer_name} ({s.get_role_display()}) "
                f"{timezone.localtime(s.signed_at):%d.%m.%Y %H:%M}"
                for s in doc.signatures.all()
            )
            writer.writerow(
                [
                    doc.number,
                    doc.get_kind_display(),
                    doc.version,
                    doc.get_status_display(),
                    doc.expert.full_name,
                    doc.contract.number,
                    timezone.localtime(doc.created_at).strftime("%d.%m.%Y %H:%M"),
                    doc.pdf.sha256 if doc.pdf_id else "",
                    doc.signed_copy.sha256 if doc.signed_copy_id else "",
                    signatures,
                    name,
                ]
            )
        archive.writestr("index.csv", "\ufeff" + index.getvalue())
    return buffer.getvalue()
