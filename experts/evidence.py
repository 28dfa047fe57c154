"""The evidence pack of an expert and a calendar year (compliance's file on one KOL).

Assembled here, in the lowest module the subject belongs to, from the contributions to
`hooks.EVIDENCE_EXPERT_YEAR`: contracts (10: the contract, order, act and invoice documents
issued in the year, as signed copies), events (20: talks and participation), feedback (30: the
speaker's ratings), payments (40: the payouts paid in the year with receipts and invoices).
Experts itself adds the card (0). kolplatform/core/evidence.py writes the ZIP and its index.
"""

from django.utils.translation import gettext as _

from experts.models import Expert
from kolplatform.core import hooks
from kolplatform.core.evidence import csv_file, evidence_response


def expert_card(*, expert: Expert, year: int):
    """EVIDENCE_EXPERT_YEAR of experts: who the pack is about (no contact or bank details)."""
    rows = [
        [_("Full name"), expert.full_name],
        [_("Year"), year],
        [_("Institution"), str(expert.institution or "")],
        [_("Position"), expert.position],
        [_("Tier"), expert.get_tier_display()],
        [_("Tax status"), expert.get_tax_status_display()],
    ]
    yield csv_file("expert/card.csv", _("Expert"), [_("Field"), _("Value")], rows)


def expert_year_files(*, expert: Expert, year: int):
    for provider in hooks.contributions(hooks.EVIDENCE_EXPERT_YEAR):
        yield from provider(expert=expert, year=year)


def expert_year_pack_response(*, expert: Expert, year: int):
    return evidence_response(
        files=expert_year_files(expert=expert, year=year),
        heading=_("Evidence pack: %(expert)s, %(year)s")
        % {"expert": expert.full_name, "year": year},  # fmt: skip
        filename=f"evidence-{expert.full_name[:60]}-{year}.zip",
        fallback=f"evidence-expert-{expert.pk}-{year}.zip",
    )
