"""The documents of contracts in an evidence pack (kolplatform/core/evidence.py).

For every document (framework contract, service order, act, an entrepreneur's invoice) the pack
holds the current version: its signed copy (the PDF with the signature sheet and the seal) when
it is signed, otherwise the original PDF, marked so in the title and in documents.csv.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from contracts.models import ContractDocument, DocumentKind, ServiceOrder
from kolplatform.core.evidence import EvidenceFile, csv_file, document_file, safe_part

PACK_KINDS = (DocumentKind.CONTRACT, DocumentKind.ORDER, DocumentKind.ACT, DocumentKind.INVOICE)
DOCUMENT_COLUMNS = ["expert", "kind", "number", "version", "status", "signed_copy", "file"]


def _current(documents) -> list[ContractDocument]:
    """The highest version per (kind, contract, order, act), superseded ones left out."""
    latest: dict[tuple, ContractDocument] = {}
    for doc in documents:
        key = (doc.kind, doc.contract_id, doc.order_id, doc.act_id)
        if key not in latest or doc.version > latest[key].version:
            latest[key] = doc
    return list(latest.values())


def _base_queryset():
    return (
        ContractDocument.objects.filter(kind__in=PACK_KINDS)
        .exclude(status=ContractDocument.Status.SUPERSEDED)
        .select_related("pdf", "signed_copy", "expert")
        .order_by("contract_id", "order_id", "kind", "version", "pk")
    )


def order_documents(orders: list[ServiceOrder]) -> list[ContractDocument]:
    """The current contract, order, act and invoice documents of `orders` (one query)."""
    if not orders:
        return []
    contract_ids = {o.contract_id for o in orders}
    query = Q(order__in=orders) | Q(
        kind=DocumentKind.CONTRACT, contract_id__in=contract_ids, order__isnull=True
    )
    return _current(_base_queryset().filter(query))


def expert_year_documents(*, expert, year: int) -> list[ContractDocument]:
    """The current documents of `expert` issued in `year`."""
    return _current(_base_queryset().filter(expert=expert, created_at__year=year))


def documents_evidence(documents: list[ContractDocument], *, folder: str) -> list[EvidenceFile]:
    """The files of `documents` under `folder` and their list (documents.csv)."""
    files, rows = [], []
    for doc in documents:
        signed = doc.signed_copy_id is not None
        stored = doc.signed_copy if signed else doc.pdf
        where = f"{folder}/{safe_part(doc.expert.full_name)}/{doc.kind}-{safe_part(doc.number)}"
        where += f"-v{doc.version}-{'signed' if signed else 'original'}"
        title = f"{doc} — " + (_("signed copy") if signed else _("not signed: the original"))
        part = document_file(where, title, stored)
        files += part
        rows.append(
            [
                doc.expert.full_name,
                doc.get_kind_display(),
                doc.number,
                doc.version,
                doc.get_status_display(),
                _("yes") if signed else _("no"),
                part[0].path if part else "",
            ]
        )
    listing = csv_file(f"{folder}/documents.csv", _("Contract documents"), DOCUMENT_COLUMNS, rows)
    return [listing, *files]


def expert_year_evidence(*, expert, year: int):
    """EVIDENCE_EXPERT_YEAR: the expert's contract documents of the year."""
    return documents_evidence(expert_year_documents(expert=expert, year=year), folder="contracts")
