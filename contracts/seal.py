"""The organisation's seal: PAdES signatures by pyHanko over signed copies, and their validation.

The certificate and key come from settings.SIGNING_CERT_FILE / SIGNING_KEY_FILE (PEM). When they are
missing outside production (DEBUG or TESTING), a self-signed certificate is generated there for the
demo — but only while no sealed copy exists: seals are checked against the organisation's
certificate, so a new one would make every earlier seal read "broken". Then, as in production, a
missing certificate is refused (SealUnavailable) until the files are restored. The signed copy is
the original PDF bytes followed by an incremental update (the certificate page and the seal), so
the original is a byte-for-byte prefix of the signed copy and any later change breaks the seal in
every PDF reader.
"""

import datetime
import logging
import threading
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from django.conf import settings

from contracts.errors import SealUnavailable
from kolplatform.core.models import Document

logger = logging.getLogger(__name__)
_LOCK = threading.Lock()
SEAL_FIELD = "OrganisationSeal"


def _paths() -> tuple[Path, Path]:
    return Path(settings.SIGNING_CERT_FILE), Path(settings.SIGNING_KEY_FILE)


def sealed_copies_exist() -> bool:
    return Document.objects.filter(kind=Document.Kind.SIGNED_COPY).exists()


def seal_unavailable_reason() -> str | None:
    """Why no seal can be applied now (for the operators' log and checks), or None. Never makes a
    certificate itself."""
    cert_path, key_path = _paths()
    if cert_path.exists() and key_path.exists():
        return None
    missing = f"The signing certificate {cert_path} or key {key_path} is missing"
    if not (settings.DEBUG or getattr(settings, "TESTING", False)):
        return f"{missing}. Set SIGNING_CERT_FILE and SIGNING_KEY_FILE."
    if sealed_copies_exist():
        return (
            f"{missing} while sealed signed copies exist: a new certificate would make their "
            "seals unverifiable, so none was made. Restore var/signing/ (the certificate and "
            "key) from the backup, or set SIGNING_CERT_FILE and SIGNING_KEY_FILE to them."
        )
    return None


def ensure_signing_certificate() -> tuple[Path, Path]:
    """Return (cert, key) paths, generating a self-signed pair for development if missing and
    nothing was sealed yet; otherwise SealUnavailable with the reason."""
    cert_path, key_path = _paths()
    if cert_path.exists() and key_path.exists():
        return cert_path, key_path
    with _LOCK:
        if not (cert_path.exists() and key_path.exists()):
            reason = seal_unavailable_reason()
            if reason:
                logger.error("Seal unavailable: %s", reason)
                raise SealUnavailable(reason)
            _generate_self_signed(cert_path, key_path)
    return cert_path, key_path


def _generate_self_signed(cert_path: Path, key_path: Path) -> None:
    # cryptography loads at call time: only to make the demo certificate.
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    org = settings.ORGANISATION
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "RU"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, org["name"][:64]),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{org['name']} (демо-печать)"[:64]),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path.parent.mkdir(parents=True, exist_ok=True)
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o600)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def _signer():
    # pyHanko loads at call time: a heavy library needed only to seal or check a seal.
    from pyhanko.sign import signers

    cert_path, key_path = ensure_signing_certificate()
    return signers.SimpleSigner.load(str(key_path), str(cert_path))


def append_page_and_seal(*, original: bytes, page_pdf: bytes, reason: str) -> bytes:
    """Original bytes + an incremental update: the first page of `page_pdf` and a PAdES seal."""
    # pyHanko loads at call time: a heavy library needed only to seal or check a seal.
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(BytesIO(original))
    page_reader = PdfFileReader(BytesIO(page_pdf))
    xobject = writer.import_page_as_xobject(page_reader, page_ix=0)
    media_box = page_reader.root["/Pages"]["/Kids"][0].get_object()["/MediaBox"]
    contents = writer.add_object(generic.StreamObject(stream_data=b"q /CertPage Do Q"))
    page = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Page"),
            generic.NameObject("/MediaBox"): generic.ArrayObject(
                [generic.FloatObject(float(v)) for v in media_box]
            ),
            generic.NameObject("/Resources"): generic.DictionaryObject(
                {
                    generic.NameObject("/XObject"): generic.DictionaryObject(
                        {generic.NameObject("/CertPage"): xobject}
                    )
                }
            ),
            generic.NameObject("/Contents"): contents,
        }
    )
    writer.insert_page(page)
    meta = signers.PdfSignatureMetadata(
        field_name=SEAL_FIELD,
        reason=reason,
        location=settings.ORGANISATION["address"],
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    out = signers.sign_pdf(writer, meta, signer=_signer())
    return out.getvalue()


@dataclass(frozen=True)
class SealCheck:
    present: bool
    intact: bool = False
    trusted: bool = False
    covers_whole_file: bool = False
    signer: str = ""
    signed_at: datetime.datetime | None = None
    error: str = ""
    unverifiable: bool = False  # the organisation's certificate is not available to check against

    @property
    def ok(self) -> bool:
        return self.present and self.intact and self.trusted and self.covers_whole_file


def _trust_root():
    """The organisation's certificate as found now, or None; never generated here."""
    # pyHanko loads at call time: a heavy library needed only to seal or check a seal.
    from asn1crypto import pem, x509

    cert_path, _ = _paths()
    if not cert_path.exists():
        return None
    _, _, der = pem.unarmor(cert_path.read_bytes())
    return x509.Certificate.load(der)


def seal_check(data: bytes) -> SealCheck:
    """Validate the organisation's seal on `data`: intact, by our certificate, covering the file.
    The certificate embedded in the seal must chain to the organisation's certificate file; when
    that file is missing the seal is reported as not checkable, never as broken."""
    # pyHanko loads at call time: a heavy library needed only to seal or check a seal.
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        sigs = reader.embedded_signatures
    except Exception as exc:  # not a PDF, or a damaged one
        return SealCheck(present=False, error=str(exc)[:200])
    seals = [s for s in sigs if s.field_name == SEAL_FIELD]
    if not seals:
        return SealCheck(present=False)
    root = _trust_root()
    if root is None:
        logger.error("Seal not checkable: the signing certificate file is missing")
        return SealCheck(present=True, unverifiable=True, error="certificate unavailable")
    context = ValidationContext(trust_roots=[root])
    try:
        status = validate_pdf_signature(seals[-1], context)
    except Exception as exc:
        return SealCheck(present=True, error=str(exc)[:200])
    # pyHanko loads at call time: a heavy library needed only to seal or check a seal.
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    return SealCheck(
        present=True,
        intact=bool(status.intact and status.valid),
        trusted=bool(status.trusted),
        covers_whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        signer=status.signing_cert.subject.human_friendly,
        signed_at=status.signer_reported_dt,
    )
