"""Document templates (versions) and generating documents from them.

A template version that has been used is never edited (`template_update` refuses); legal makes a
new version instead. A generated document is a ContractDocument whose PDF is rendered by the
`render_document_pdf` task (queue pdf) and stored as a core Document with its SHA-256.
"""

from django.db import transaction
from django.db.models import Max
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.utils import timezone
from django.utils.translation import gettext as _

from contracts.context import sample_context
from contracts.errors import ContractError
from contracts.models import ContractDocument, DocumentKind, DocumentTemplate
from contracts.pdf import render_html, render_pdf
from kolplatform.core.audit import audit_log, audit_transition
from kolplatform.core.models import AuditLog, Document

KIND_TO_CORE = {
    DocumentKind.CONTRACT: Document.Kind.CONTRACT,
    DocumentKind.ORDER: Document.Kind.ORDER,
    DocumentKind.ACT: Document.Kind.ACT,
    DocumentKind.INVOICE: Document.Kind.INVOICE,
    DocumentKind.ESIGN_AGREEMENT: Document.Kind.ESIGN_AGREEMENT,
    DocumentKind.CONSENT: Document.Kind.CONSENT,
}


def template_check_body(body: str, *, kind: str) -> None:
    """Render the body over sample data in the document engine (contracts.pdf), so that a tag,
    library or layout the engine does not offer is refused when the template is saved, not when
    a document is generated."""
    try:
        render_html(body=body, context=sample_context(kind))
    except (TemplateSyntaxError, TemplateDoesNotExist) as exc:
        raise ContractError(_("The template has an error: %(error)s") % {"error": exc}) from exc


def template_current(*, kind: str) -> DocumentTemplate:
    template = DocumentTemplate.objects.filter(kind=kind, is_active=True).order_by("-version")
    template = template.first()
    if template is None:
        raise ContractError(
            _("No active template of kind «%(kind)s».") % {"kind": DocumentKind(kind).label}
        )
    return template


@transaction.atomic
def template_create_version(*, kind: str, title: str, body: str, actor) -> DocumentTemplate:
    """A new version of `kind` (the highest number + 1); it becomes the current one."""
    template_check_body(body, kind=kind)
    last = DocumentTemplate.objects.filter(kind=kind).aggregate(v=Max("version"))["v"] or 0
    template = DocumentTemplate.objects.create(
        kind=kind, version=last + 1, title=title, body=body, created_by=actor
    )
    audit_log(actor=actor, action=AuditLog.Action.CREATE, obj=template)
    return template


@transaction.atomic
def template_update(*, template: DocumentTemplate, title: str, body: str, actor):
    """Edit an unused version; a used version is refused (make a new version instead)."""
    template = DocumentTemplate.objects.select_for_update(of=("self",)).get(pk=template.pk)
    if template.is_used:
        raise ContractError(
            _("This version has been used for documents and cannot be changed: make a new one.")
        )
    template_check_body(body, kind=template.kind)
    template.title, template.body = title, body
    template.save(update_fields=["title", "body"])
    audit_log(actor=actor, action=AuditLog.Action.UPDATE, obj=template)
    return template


def template_preview_pdf(*, kind: str, body: str) -> bytes:
    """Render `body` over sample data (nothing stored)."""
    template_check_body(body, kind=kind)
    return render_pdf(body=body, context=sample_context(kind))


def template_mark_used(template: DocumentTemplate) -> None:
    if template.used_at is None:
        DocumentTemplate.objects.filter(pk=template.pk, used_at__isnull=True).update(
            used_at=timezone.now()
        )


@transaction.atomic
def document_generate(
    *, kind: str, contract, actor, order=None, act=None, number: str = ""
) -> ContractDocument:
    """A new version of the document of `kind` for contract/order/act; earlier unsigned versions
    are superseded. The PDF is rendered by a task on commit. The number is that of the act, order
    or contract unless given (an invoice has its own)."""
    target = {"contract": contract, "order": order, "act": act}
    previous = ContractDocument.objects.select_for_update(of=("self",)).filter(kind=kind, **target)
    for old in previous.exclude(status__in=[ContractDocument.Status.SUPERSEDED]):
        if old.status in (ContractDocument.Status.AWAITING_COMPANY, ContractDocument.Status.SIGNED):
            raise ContractError(_("A signed document cannot be regenerated."))
        from_state = old.status
        old.supersede()
        old.save(update_fields=["status"])
        audit_transition(actor=actor, obj=old, from_state=from_state)
    number = number or (act or order or contract).number
    document = ContractDocument.objects.create(
        kind=kind,
        contract=contract,
        order=order,
        act=act,
        expert=contract.expert,
        number=number,
        version=previous.count() + 1,
        template=template_current(kind=kind),
        created_by=actor,
    )
    audit_log(actor=actor, action=AuditLog.Action.CREATE, obj=document)
    # The task module imports the services at its top (the task renders the document).
    from contracts.tasks import render_document_pdf

    transaction.on_commit(lambda: render_document_pdf.delay(document.pk))
    return document
