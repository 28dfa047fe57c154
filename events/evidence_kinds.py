"""The evidence an event type asks for at closing (issue 19, item 8), as pure rules.

An item of the closing checklist is a file of some kind — any document, a photo (an image), a
sign-in sheet (a scan: PDF or image) — or a typed value: a number (not negative, e.g. doctors
reached or cases collected), a text (e.g. the broadcast link or the topics discussed) or a date
(e.g. when the protocol was signed). Compliance reviews every item the same way.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from kolplatform.core.uploads import DOCUMENT, SCAN

KINDS = ("file", "photo", "sign_in_sheet", "number", "text", "date")
UPLOADS = {"file": DOCUMENT, "photo": ("png", "jpeg"), "sign_in_sheet": SCAN}
TEXT_MAX = 2000
NUMBER_MAX = Decimal("999999999999.99")


class EvidenceValueError(ValueError):
    """A typed value that does not fit its kind; the message is for the user."""


def uploads_allowed(kind: str) -> tuple:
    """The file types an item of `kind` accepts (empty for typed values)."""
    return UPLOADS.get(kind, ())


def parse_value(kind: str, raw: str) -> dict:
    """The model fields of a typed value (value_number, value_text or value_date) from the
    text typed, or EvidenceValueError."""
    raw = (raw or "").strip()
    if not raw:
        raise EvidenceValueError(_("Enter the value."))
    if kind == "number":
        try:
            number = Decimal(raw.replace(" ", "").replace("\u00a0", "").replace(",", "."))
        except InvalidOperation as exc:
            raise EvidenceValueError(_("Enter a number, such as 42 or 12.5.")) from exc
        if not number.is_finite() or number < 0 or number > NUMBER_MAX:
            raise EvidenceValueError(_("Enter a number from 0 up."))
        return {"value_number": number.quantize(Decimal("0.01"))}
    if kind == "text":
        if len(raw) > TEXT_MAX:
            raise EvidenceValueError(_("At most %(n)s characters, please.") % {"n": TEXT_MAX})
        return {"value_text": raw}
    if kind == "date":
        for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
            try:
                return {"value_date": datetime.datetime.strptime(raw, pattern).date()}
            except ValueError:
                continue
        raise EvidenceValueError(_("Enter a date such as 25.03.2026."))
    raise EvidenceValueError(_("This item takes a file, not a typed value."))
