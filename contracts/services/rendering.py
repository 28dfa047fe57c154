"""Rendering a generated document's PDF (the `render_document_pdf` task), once; an expert's own
invoice is offered to the expert for signing as soon as it is rendered."""

from django.db import transaction

from contracts.context import document_context
from contracts.errors import ContractError
from contracts.generation import KIND_TO_CORE, template_mark_used
from contracts.models import ContractDocument
from contracts.pdf import render_pdf
from contracts.services.documents import document_send
from kolplatform.core.audit import audit_transition
from kolplatform.core.documents import document_store


def document_render(*, document_id: int) -> str:
    """Render and store the PDF of a document once (idempotent: a rendered one is skipped)."""
    document = ContractDocument.objects.select_related(
        "contract__expert", "order", "act", "template"
    ).get(pk=document_id)
    if document.pdf_id is not None or document.status != ContractDocument.Status.RENDERING:
        return "skipped"
    context = document_context(
        kind=document.kind,
        contract=document.contract,
        order=document.order,
        act=document.act,
        number=document.number,
        version=document.version,
    )
    data = render_pdf(body=document.template.body, context=context)
    with transaction.atomic():
        document = ContractDocument.objects.select_for_update(of=("self",)).get(pk=document_id)
        if document.pdf_id is not None:
            return "skipped"
        document.pdf = document_store(
            data=data,
            name=f"{document.kind}-{document.number}-v{document.version}.pdf",
            kind=KIND_TO_CORE[document.kind],
            owner=document,
            title=str(document),
        )
        if document.status == ContractDocument.Status.RENDERING:
            document.mark_rendered()
        document.save(update_fields=["pdf", "status"])
        template_mark_used(document.template)
        audit_transition(actor=None, obj=document, from_state=ContractDocument.Status.RENDERING)
        if document.is_issued_by_expert():
            _offer_to_expert(document)
    return "rendered"


def _offer_to_expert(document: ContractDocument) -> None:
    """An invoice goes to the expert for signing as soon as it is rendered: nobody at the company
    needs to review the expert's own bill. If it cannot be sent (e.g. the consent was withdrawn)
    it stays ready and the owner sends it from the contract page."""
    try:
        with transaction.atomic():
            document_send(document=document, actor=None)
    except ContractError:
        pass
