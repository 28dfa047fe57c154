"""The import format: target fields, header synonyms for automatic mapping, row checks."""

import re
from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from experts.models import TaxStatus, normalize_name


@dataclass(frozen=True)
class Target:
    name: str
    label: str
    required: bool = False
    synonyms: tuple[str, ...] = ()
    max_length: int = 200


TARGETS = (
    Target(
        "external_id",
        gettext_lazy("External id"),
        True,
        ("id", "crm id", "provider id", "ид", "код", "external id", "внешний id"),
    ),
    Target("last_name", gettext_lazy("Last name"), True, ("фамилия", "surname", "last name"), 100),
    Target(
        "first_name", gettext_lazy("First name"), True, ("имя", "first name", "given name"), 100
    ),
    Target(
        "middle_name",
        gettext_lazy("Middle name"),
        False,
        ("отчество", "middle name", "patronymic"),
        100,
    ),
    Target(
        "specialties",
        gettext_lazy("Specialties (separated by ;)"),
        False,
        ("специальность", "специальности", "specialty", "specialties"),
        500,
    ),
    Target(
        "institution",
        gettext_lazy("Institution"),
        False,
        ("учреждение", "лпу", "организация", "institution", "hospital"),
        300,
    ),
    Target(
        "institution_external_id",
        gettext_lazy("Institution external id"),
        False,
        ("id учреждения", "institution id"),
        64,
    ),
    Target("city", gettext_lazy("City"), False, ("город", "city"), 120),
    Target(
        "region", gettext_lazy("Region (name or code)"), False, ("регион", "region", "субъект"), 200
    ),
    Target("position", gettext_lazy("Position"), False, ("должность", "position"), 200),
    Target(
        "academic_degree",
        gettext_lazy("Academic degree"),
        False,
        ("степень", "учёная степень", "ученая степень", "degree"),
        100,
    ),
    Target(
        "academic_title",
        gettext_lazy("Academic title"),
        False,
        ("звание", "учёное звание", "ученое звание", "title"),
        100,
    ),
    Target(
        "experience_years", gettext_lazy("Years of experience"), False, ("стаж", "experience"), 3
    ),
    Target("email", gettext_lazy("E-mail"), False, ("email", "e-mail", "почта", "эл. почта"), 254),
    Target("phone", gettext_lazy("Phone"), False, ("телефон", "phone", "тел."), 32),
    Target("tax_status", gettext_lazy("Tax status"), False, ("налоговый статус", "tax status"), 16),
)
TARGET_NAMES = [t.name for t in TARGETS]
# (name, required, the longest value allowed or None): what clean_row checks of each target.
CHECKS = tuple(
    (t.name, t.required, None if t.name == "experience_years" else t.max_length) for t in TARGETS
)
REQUIRED = [t.name for t in TARGETS if t.required]
PHONE_RE = re.compile(r"^[+\d][\d\s()\-]{5,31}$")
TAX_ALIASES = {
    "физлицо": TaxStatus.INDIVIDUAL,
    "физ. лицо": TaxStatus.INDIVIDUAL,
    "нерезидент": TaxStatus.NON_RESIDENT,
    "самозанятый": TaxStatus.SELF_EMPLOYED,
    "нпд": TaxStatus.SELF_EMPLOYED,
    "ип": TaxStatus.ENTREPRENEUR,
} | {t.value: t.value for t in TaxStatus}


def _key(header: str) -> str:
    return normalize_name(header).replace("_", " ").strip(" :")


def auto_mapping(headers: list[str]) -> dict[str, str]:
    """target -> header, by the header's name or a known synonym (case/ё-insensitive)."""
    by_key = {_key(h): h for h in headers if h}
    mapping = {}
    for target in TARGETS:
        for candidate in (target.name, str(target.label), *target.synonyms):
            header = by_key.get(_key(candidate))
            if header is not None and header not in mapping.values():
                mapping[target.name] = header
                break
    return mapping


def check_mapping(mapping: dict[str, str], headers: list[str]) -> list[str]:
    """Messages for required fields left unmapped or mapped to a column the file lacks."""
    errors = []
    for target in TARGETS:
        header = mapping.get(target.name)
        if target.required and not header:
            errors.append(
                _("Map a column to the required field “%(field)s”.") % {"field": target.label}
            )
        elif header and header not in headers:
            errors.append(_("The file has no column “%(column)s”.") % {"column": header})
    return errors


@dataclass
class CleanRow:
    number: int
    values: dict = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)

    @cached_property
    def search_name(self) -> str:
        v = self.values
        return normalize_name(
            " ".join(p for p in (v["last_name"], v["first_name"], v.get("middle_name", "")) if p)
        )


def clean_row(number: int, raw: list[str], index: dict[str, int]) -> CleanRow:
    """Check one row; errors are (column header or field, message) pairs."""
    row = CleanRow(number)
    values, errors = row.values, row.errors
    for name, required, max_length in CHECKS:
        position = index.get(name)
        value = raw[position].strip() if position is not None else ""
        if not value:
            if required:
                errors.append((name, _("Required value is empty.")))
        elif max_length is not None and len(value) > max_length:
            errors.append((name, _("Longer than %(n)s characters.") % {"n": max_length}))
        values[name] = value
    _check_formats(row)
    return row


class _EmailCheck(EmailValidator):
    """Django's e-mail check with its patterns compiled once: a lazily compiled pattern costs a
    proxy call on each use, four per row of an import."""

    user_regex = re.compile(EmailValidator.user_regex.pattern, EmailValidator.user_regex.flags)
    domain_regex = re.compile(
        EmailValidator.domain_regex.pattern, EmailValidator.domain_regex.flags
    )
    literal_regex = re.compile(
        EmailValidator.literal_regex.pattern, EmailValidator.literal_regex.flags
    )


validate_email = _EmailCheck()


def _check_formats(row: CleanRow) -> None:
    v = row.values
    if v["email"]:
        try:
            validate_email(v["email"])
        except ValidationError:
            row.errors.append(("email", _("Not a valid e-mail address.")))
    if v["phone"] and not PHONE_RE.match(v["phone"]):
        row.errors.append(("phone", _("Not a valid phone number.")))
    if v["experience_years"]:
        value = v["experience_years"].replace(",", ".")
        if not value.split(".")[0].isdigit() or int(value.split(".")[0]) > 80:
            row.errors.append(("experience_years", _("Years of experience must be a number 0–80.")))
        else:
            v["experience_years"] = int(value.split(".")[0])
    else:
        v["experience_years"] = None
    if v["tax_status"]:
        status = TAX_ALIASES.get(v["tax_status"].lower())
        if status is None:
            row.errors.append(("tax_status", _("Unknown tax status.")))
        v["tax_status"] = status or ""
