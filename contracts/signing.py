"""Simple electronic signature with a one-time code and signed copies (the public check of a
document is contracts.verification).

Validity (DESIGN.md §5): the signer accepted the e-signature agreement, identity was confirmed, the
code went to the signer's confirmed channel, was entered within its lifetime and attempt limit, and
the Signature binds the SHA-256 of the exact PDF bytes (re-hashed from storage at signing).
"""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from contracts import otp
from contracts.errors import SealUnavailable, SigningError
from contracts.models import (
    CabinetAccess,
    ContractDocument,
    OtpChallenge,
    Signature,
    SignerRole,
)
from contracts.seal import append_page_and_seal, seal_unavailable_reason
from contracts.selectors import company_signatories
from contracts.services import contract_url, on_company_signed, on_expert_signed
from kolplatform.core.audit import audit_log, audit_transition
from kolplatform.core.documents import document_store
from kolplatform.core.emails import send_templated_email
from kolplatform.core.models import AuditLog, Document
from kolplatform.core.notifications import notify
from kolplatform.core.pdf import html_to_pdf
from kolplatform.core.sms import send_sms

AWAITING = {
    SignerRole.EXPERT: ContractDocument.Status.AWAITING_EXPERT,
    SignerRole.COMPANY: ContractDocument.Status.AWAITING_COMPANY,
}


def is_company_signatory(user) -> bool:
    return user.is_authenticated and any(u.pk == user.pk for u in company_signatories())


def signing_blocker(*, document: ContractDocument, user, role: str) -> str | None:
    """Why `user` cannot sign `document` as `role` now, or None."""
    if document.status != AWAITING[role]:
        return _("The document is not awaiting this signature.")
    if role == SignerRole.EXPERT:
        if document.expert.user_id != user.pk:
            return _("Only the expert named in the document can sign it.")
        access = CabinetAccess.objects.filter(expert_id=document.expert_id).first()
        if access is None or not access.identity_confirmed:
            return _("Your identity has not been confirmed by our staff yet.")
        if not access.agreements_accepted:
            return _("Accept the e-signature agreement and the personal-data consent first.")
        if not access.confirmed_email:
            return _("Your e-mail address is not confirmed.")
        return None
    if not is_company_signatory(user):
        return _("Only an authorised signatory can sign for the company.")
    return None


def _channel_address(*, user, role) -> str:
    if role == SignerRole.EXPERT:
        return CabinetAccess.objects.get(expert=user.expert).confirmed_email
    return user.email


def otp_request(*, document: ContractDocument, user, role: str, ip_address=None) -> OtpChallenge:
    """Send a new code for `document` to the signer's confirmed e-mail (and SMS when configured),
    after the back-off; earlier open codes of this signer for this document stop working."""
    with transaction.atomic():
        document = ContractDocument.objects.select_for_update(of=("self",)).get(pk=document.pk)
        blocker = signing_blocker(document=document, user=user, role=role)
        if blocker:
            raise SigningError(blocker)
        now = timezone.now()
        mine = OtpChallenge.objects.filter(document=document, user=user, role=role)
        wait = otp.resend_wait_seconds(
            sent_times=list(
                mine.filter(created_at__gte=now - otp.BACKOFF_WINDOW).values_list(
                    "created_at", flat=True
                )
            ),
            now=now,
        )
        if wait:
            raise SigningError(
                _("A new code can be requested in %(seconds)s s.") % {"seconds": wait}
            )
        mine.filter(used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
        address = _channel_address(user=user, role=role)
        if not address:
            raise SigningError(_("There is no confirmed e-mail to send the code to."))
        challenge, code = challenge_issue(
            document=document, user=user, role=role, address=address, ip_address=ip_address, now=now
        )
        audit_log(actor=user, action=AuditLog.Action.CREATE, obj=challenge, ip_address=ip_address)
        context = {"code": code, "document": str(document), "minutes": 10}
        phone = user.phone
        transaction.on_commit(lambda: _deliver(address=address, phone=phone, context=context))
    return challenge


def challenge_issue(*, document, user, role: str, address: str, ip_address=None, now=None):
    """A new code for `user` to sign `document` as `role`: the challenge (its keyed hash stored)
    and the code itself, for delivery to `address` only."""
    code = otp.generate_code()
    challenge = OtpChallenge.objects.create(
        document=document,
        user=user,
        role=role,
        code_hash="",
        channel=OtpChallenge.Channel.EMAIL,
        sent_to=address,
        expires_at=(now or timezone.now()) + otp.LIFETIME,
        ip_address=ip_address,
    )
    challenge.code_hash = otp.hash_code(code=code, scope=str(challenge.pk))
    challenge.save(update_fields=["code_hash"])
    return challenge, code


def _deliver(*, address: str, phone: str, context: dict) -> None:
    send_templated_email(to=[address], template="contracts_otp", context=context)
    send_sms(
        phone=phone,
        text=_("Code %(code)s to sign %(document)s") % context,
    )


def _check_code(challenge: OtpChallenge | None, code: str, now) -> str | None:
    """None when `code` is right; otherwise the reason (a wrong code uses an attempt)."""
    if challenge is None:
        return _("Request a code first.")
    if challenge.used_at:
        return _("This code has already been used. Request a new one.")
    if challenge.expires_at <= now:
        return _("The code has expired. Request a new one.")
    if challenge.attempts >= otp.MAX_ATTEMPTS:
        return _("Too many wrong attempts. Request a new code.")
    challenge.attempts += 1
    if otp.code_matches(code=code, scope=str(challenge.pk), code_hash=challenge.code_hash):
        challenge.used_at = now
        challenge.save(update_fields=["attempts", "used_at"])
        return None
    challenge.save(update_fields=["attempts"])
    left = otp.MAX_ATTEMPTS - challenge.attempts
    if left <= 0:
        return _("Wrong code. No attempts left: request a new code.")
    return _("Wrong code. Attempts left: %(left)s.") % {"left": left}


def signer_name(*, document: ContractDocument, user, role: str) -> str:
    """The name the signature is given under: for the expert, the expert as identified by our
    staff (the account's display name can differ and is not what was checked); for the company,
    the authorised signatory's own name."""
    if role == SignerRole.EXPERT:
        return document.expert.full_name
    return user.get_full_name() or user.username


def _apply_signature(document: ContractDocument, role: str) -> None:
    if role == SignerRole.COMPANY:
        document.sign_by_company()
    elif document.is_issued_by_expert():
        document.sign_as_issuer()
    else:
        document.sign_by_expert()


def document_sign(
    *, document: ContractDocument, user, role: str, code: str, ip_address=None, user_agent=""
) -> Signature:
    """Sign `document` as `role` with the latest code sent to `user` for this document."""
    error = None
    with transaction.atomic():
        document = (
            ContractDocument.objects.select_for_update(of=("self",))
            .select_related("pdf")
            .get(pk=document.pk)
        )
        blocker = signing_blocker(document=document, user=user, role=role)
        if blocker:
            raise SigningError(blocker)
        now = timezone.now()
        challenge = (
            OtpChallenge.objects.select_for_update(of=("self",))
            .filter(document=document, user=user, role=role)
            .order_by("-created_at", "-pk")
            .first()
        )
        error = _check_code(challenge, code, now)
        if error is None:
            data = document.pdf.file.open("rb").read()
            document.pdf.file.close()
            if Document.hash_bytes(data) != document.pdf.sha256:
                raise SigningError(_("The stored PDF does not match its hash: signing refused."))
            signature = Signature.objects.create(
                document=document,
                role=role,
                signer=user,
                signer_name=signer_name(document=document, user=user, role=role),
                sha256=document.pdf.sha256,
                signed_at=now,
                ip_address=ip_address,
                user_agent=(user_agent or "")[:500],
                challenge=challenge,
                channel_address=challenge.sent_to,
            )
            from_state = document.status
            _apply_signature(document, role)
            document.save(update_fields=["status"])
            audit_transition(actor=user, obj=document, from_state=from_state)
            if role == SignerRole.EXPERT:
                on_expert_signed(document=document, actor=user)
            else:
                on_company_signed(document=document, actor=user)
            if document.status == ContractDocument.Status.SIGNED:
                # The task module imports this one at its top (the task builds the signed copy).
                from contracts.tasks import render_signed_copy_pdf

                transaction.on_commit(lambda: render_signed_copy_pdf.delay(document.pk))
    if error:
        raise SigningError(error)
    return signature


@transaction.atomic
def document_decline(*, document: ContractDocument, user, reason: str) -> ContractDocument:
    """The expert declines with a required reason; the owner is notified."""
    if not reason.strip():
        raise SigningError(_("Please give the reason for declining."))
    document = ContractDocument.objects.select_for_update(of=("self",)).get(pk=document.pk)
    if document.expert.user_id != user.pk:
        raise SigningError(_("Only the expert named in the document can decline it."))
    if document.status != ContractDocument.Status.AWAITING_EXPERT:
        raise SigningError(_("The document is not awaiting your signature."))
    from_state = document.status
    document.decline()
    document.declined_reason = reason.strip()
    document.save(update_fields=["status", "declined_reason"])
    audit_transition(actor=user, obj=document, from_state=from_state, comment=reason)
    notify(
        recipients=[document.contract.owner],
        title=_("The expert declined to sign %(doc)s") % {"doc": document},
        body=reason.strip(),
        url=contract_url(document.contract),
        level="warning",
    )
    return document


def signed_copy_build(*, document_id: int) -> str:
    """Original + certificate page, sealed (PAdES); stored once (idempotent). Without the
    organisation's certificate the document stays signed but unsealed ("deferred"); the hourly
    signed_copies_build_pending makes the copy once the certificate is back."""
    document = ContractDocument.objects.select_related("pdf", "contract__expert").get(
        pk=document_id
    )
    if document.signed_copy_id or document.status != ContractDocument.Status.SIGNED:
        return "skipped"
    original = document.pdf.file.open("rb").read()
    document.pdf.file.close()
    signatures = list(document.signatures.select_related("challenge").order_by("signed_at"))
    page_html = render_to_string(
        "contracts/pdf/certificate.html",
        {
            "document": document,
            "signatures": signatures,
            "org": settings.ORGANISATION,
            "verify_url": settings.SITE_URL.rstrip("/") + "/verify/",
            "now": timezone.now(),
        },
    )
    try:
        sealed = append_page_and_seal(
            original=original,
            page_pdf=html_to_pdf(page_html),
            reason=f"{document} — {settings.ORGANISATION['name']}",
        )
    except SealUnavailable:
        return "deferred"  # logged by the seal; retried by signed_copies_build_pending
    with transaction.atomic():
        document = ContractDocument.objects.select_for_update(of=("self",)).get(pk=document_id)
        if document.signed_copy_id:
            return "skipped"
        document.signed_copy = document_store(
            data=sealed,
            name=f"{document.kind}-{document.number}-signed.pdf",
            kind=Document.Kind.SIGNED_COPY,
            owner=document,
            title=_("Signed copy: %(doc)s") % {"doc": document},
        )
        document.save(update_fields=["signed_copy"])
    return "built"


def signed_copies_build_pending() -> dict:
    """Seal the signed documents still without a signed copy (e.g. while the certificate was
    missing); stops at the first deferral, since the others would be deferred too."""
    results = {"built": 0, "deferred": 0}
    pending = ContractDocument.objects.filter(
        status=ContractDocument.Status.SIGNED, signed_copy__isnull=True
    ).values_list("pk", flat=True)
    for pk in pending:
        outcome = signed_copy_build(document_id=pk)
        if outcome in results:
            results[outcome] += 1
        if outcome == "deferred":
            break
    return results


def signed_copy_pending_notice(*, document: ContractDocument) -> str | None:
    """What to tell whoever completed `document` when its sealed copy cannot be made now."""
    document.refresh_from_db(fields=["status", "signed_copy"])
    if document.status != ContractDocument.Status.SIGNED or document.signed_copy_id:
        return None
    if seal_unavailable_reason() is None:
        return None
    return _(
        "The document is signed, but its sealed copy cannot be made now: the organisation's "
        "signing certificate is unavailable. The copy will be made automatically once an "
        "administrator restores the certificate."
    )
