"""Values written into and read from 1C's text files.

Writing: a value is one line of `Key=Value`, in Windows-1251. A CR, LF, tab or any other control
or format character becomes a space (a hostile name cannot start a line such as `КонецДокумента`
or a key of its own); `=` becomes `-` (banks' parsers split at every `=`); a letter outside
Windows-1251 is written without its diacritic when it has one (Müller -> Muller, Łódź is refused
only for «Ł»); any other such character refuses the export, naming the payout and the field, so
that nothing is silently changed into «?».

Reading: UTF-8 (with or without a BOM) when the bytes are valid UTF-8, else Windows-1251.
"""

import re
import unicodedata

from django.utils.translation import gettext as _

from kolplatform.core.errors import DomainError

ENCODING = "cp1251"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\ufeff]")
_SPACES = re.compile(r"\s+")


class OnecFormatError(DomainError):
    """A 1C file cannot be written or read; the message says why."""


def _fold(char: str) -> str | None:
    """`char` as Windows-1251 can hold it, or None."""
    try:
        char.encode(ENCODING)
        return char
    except UnicodeEncodeError:
        pass
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    try:
        base.encode(ENCODING)
    except UnicodeEncodeError:
        return None
    return base or None


def clean(value, *, ref: str = "", field: str = "", max_length: int | None = None) -> str:
    """One value safe for a `Key=Value` line of a Windows-1251 file (rules in the docstring)."""
    text = _CONTROL.sub(" ", str(value or "")).replace("=", "-")
    text = _SPACES.sub(" ", text).strip()
    out = []
    for char in text:
        folded = _fold(char)
        if folded is None:
            raise OnecFormatError(
                _(
                    "%(ref)s: the %(field)s contains «%(char)s» (U+%(code)04X), which the "
                    "Windows-1251 file of 1C cannot hold. Correct the value and export again."
                )
                % {"ref": ref, "field": field, "char": char, "code": ord(char)}
            )
        out.append(folded)
    text = "".join(out)
    return text[:max_length] if max_length else text


def decode(data: bytes) -> str:
    """The text of an uploaded 1C file: UTF-8 when valid, else Windows-1251."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode(ENCODING)
    except UnicodeDecodeError as exc:
        raise OnecFormatError(_("The file is neither UTF-8 nor Windows-1251 text.")) from exc
