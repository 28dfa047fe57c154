"""Shared pieces of the contracts writes: the audited FSM transition under lock, the refusal, the
contract's URL and the current version of a document."""

from django.urls import reverse
from django.utils.translation import gettext as _

from contracts.errors import ContractError
from contracts.models import Contract, ContractDocument, DocumentKind
from kolplatform.core.audit import audit_transition
from kolplatform.core.refusals import transition_refusal


def _transition(obj, name: str, *, actor, comment: str = "", fields=("status",), **changes):
    """Run transition `name` on a locked `obj`, save, audit; refuse with a message otherwise."""
    method = getattr(obj, name)
    refused = transition_refusal(obj, name)
    if refused:
        raise ContractError(refused)
    from_state = obj.status
    method()
    obj.save(update_fields=list(fields))
    audit_transition(actor=actor, obj=obj, from_state=from_state, comment=comment, changes=changes)
    return obj


def _refuse_unless(allowed: bool, obj) -> None:
    """The refusal `_transition` gives, for a fact the service checks before the transition."""
    if not allowed:
        raise ContractError(
            _("«%(obj)s» cannot do this in the status «%(status)s».")
            % {"obj": obj, "status": obj.get_status_display()}
        )


def _has_ready_contract_pdf(contract: Contract) -> bool:
    """A rendered contract PDF exists that has not been superseded."""
    return contract.documents.filter(
        kind=DocumentKind.CONTRACT,
        order__isnull=True,
        act__isnull=True,
        status=ContractDocument.Status.READY,
    ).exists()


def _locked(model, pk):
    return model.objects.select_for_update(of=("self",)).get(pk=pk)


def contract_url(contract) -> str:
    return reverse("contracts:detail", args=[contract.pk])


def current_document(*, kind: str, contract, order=None, act=None) -> ContractDocument | None:
    return (
        ContractDocument.objects.filter(kind=kind, contract=contract, order=order, act=act)
        .exclude(status=ContractDocument.Status.SUPERSEDED)
        .select_related("pdf", "signed_copy")
        .order_by("-version")
        .first()
    )
