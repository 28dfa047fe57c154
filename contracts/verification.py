"""The public check of a document (/verify/): which document a PDF or a SHA-256 hash is, whether
it is intact (hash, and the seal of a signed copy), who signed it when; documents the platform
issues unsigned (attendance certificates) are recognised by their hash."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from contracts.errors import SigningError
from contracts.models import ContractDocument
from contracts.seal import SealCheck, seal_check
from kolplatform.core.models import Document

# Documents the platform issues unsigned whose hash /verify/ also recognises.
VERIFIABLE_ISSUED_KINDS = (Document.Kind.ATTENDANCE,)


@dataclass
class Verification:
    sha256: str
    document: ContractDocument | None = None
    is_signed_copy: bool = False
    seal: SealCheck | None = None
    signatures: list = field(default_factory=list)
    issued: Document | None = None  # a certificate issued by the platform (not a contract PDF)

    @property
    def found(self) -> bool:
        return self.document is not None

    @property
    def seal_unverifiable(self) -> bool:
        """A signed copy whose seal cannot be checked now (our certificate is unavailable)."""
        return bool(self.is_signed_copy and self.seal and self.seal.unverifiable)

    @property
    def intact(self) -> bool:
        """The hash matches a document we issued and, for a signed copy, the seal holds."""
        if not self.found:
            return False
        return (self.seal.ok if self.seal else True) if self.is_signed_copy else True


def _lookup(sha256: str) -> Verification:
    result = Verification(sha256=sha256)
    docs = ContractDocument.objects.select_related("pdf", "signed_copy", "expert")
    doc = docs.filter(signed_copy__sha256=sha256).first()
    if doc is not None:
        result.document, result.is_signed_copy = doc, True
    else:
        result.document = docs.filter(pdf__sha256=sha256).first()
    if result.document is not None:
        result.signatures = list(result.document.signatures.order_by("signed_at"))
    else:  # documents the platform issues without signatures (attendance certificates)
        result.issued = (
            Document.objects.filter(sha256=sha256, kind__in=VERIFIABLE_ISSUED_KINDS)
            .order_by("pk")
            .first()
        )
    return result


def verify_hash(value: str) -> Verification:
    value = value.strip().lower()
    if len(value) != 64 or any(c not in "0123456789abcdef" for c in value):
        raise SigningError(_("A SHA-256 hash is 64 hexadecimal characters."))
    return _lookup(value)


def verify_pdf(data: bytes) -> Verification:
    """Which document these bytes are, and whether they are intact (hash, and the seal)."""
    result = _lookup(Document.hash_bytes(data))
    check = seal_check(data)
    if check.present:
        result.seal = check
    return result
