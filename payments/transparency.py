"""Which disclosure category a transfer of value falls in (issue 6 §8): pure rules.

Every transfer to an expert (a healthcare professional) or an organisation is reported twice:

* in the EFPIA template (EFPIA Code of Practice, disclosure of transfers of value, Schedule 2
  template): to an HCP — "Contribution to costs of events" (b) registration fees, (c) travel &
  accommodation; "Fee for service and consultancy" (a) fees, (b) related expenses agreed in the
  fee-for-service or consultancy contract, including travel & accommodation relevant to the
  contract; to an organisation (HCO) also "Donations and grants". Meals and drinks are not
  disclosed under EFPIA (excluded like items of medical utility and samples), so a catering cost
  for an expert keeps its Open Payments nature and no EFPIA column;
* with the CMS Open Payments "nature of payment" (42 CFR 403.904(e)(2)).

Sources, as the platform records them:

* FEE — a payout for a service order, by its service type (payments.Payout, cash basis paid_at);
* CONTRACT_EXPENSE — a vendor cost for the expert on a budget line of the expert's own service
  order (the expense is part of the fee-for-service contract);
* EVENT_COST — a vendor cost for a speaker or participant not tied to their service order
  (hotel, tickets, transfers, congress registration), by the budget category of the request;
* DONATION_GRANT — a donation or grant to an organisation. The platform keeps no record of these
  yet: the category is reported, empty, with a note saying so.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from events.models import BudgetCategory
from experts.models import ServiceType


class Source(StrEnum):
    FEE = "fee"
    CONTRACT_EXPENSE = "contract_expense"
    EVENT_COST = "event_cost"
    DONATION_GRANT = "donation_grant"


class Efpia(StrEnum):
    """EFPIA template columns, in the template's order; MEALS is outside the template."""

    EVENT_REGISTRATION = "event_registration"
    EVENT_TRAVEL = "event_travel"
    FEES = "fees"
    RELATED_EXPENSES = "related_expenses"
    DONATIONS_GRANTS = "donations_grants"
    MEALS = "meals"


EFPIA_LABELS = {
    Efpia.EVENT_REGISTRATION: _("Contribution to costs of events: registration fees"),
    Efpia.EVENT_TRAVEL: _("Contribution to costs of events: travel and accommodation"),
    Efpia.FEES: _("Fee for service and consultancy: fees"),
    Efpia.RELATED_EXPENSES: _(
        "Fee for service and consultancy: related expenses agreed in the contract"
    ),
    Efpia.DONATIONS_GRANTS: _("Donations and grants"),
    Efpia.MEALS: _("Meals and drinks (not disclosed under EFPIA)"),
}
EXPERT_CATEGORIES = (
    Efpia.FEES,
    Efpia.RELATED_EXPENSES,
    Efpia.EVENT_REGISTRATION,
    Efpia.EVENT_TRAVEL,
    Efpia.MEALS,
)


class Nature(StrEnum):
    """Open Payments natures of payment used here (42 CFR 403.904(e)(2)); the official values,
    kept in English in every language (they are codes of the CMS data set)."""

    SPEAKER = (
        "Compensation for services other than consulting, including serving as faculty or as "
        "a speaker at a venue other than a continuing education program"
    )
    CONSULTING = "Consulting fee"
    HONORARIA = "Honoraria"
    TRAVEL = "Travel and lodging"
    FOOD = "Food and beverage"
    EDUCATION = "Education"
    GRANT = "Grant"
    CHARITY = "Charitable contribution"


FEE_NATURE = {
    ServiceType.LECTURE: Nature.SPEAKER,
    ServiceType.TRAINING: Nature.SPEAKER,  # the expert teaches: serving as faculty
    ServiceType.ADVISORY_BOARD: Nature.CONSULTING,
    ServiceType.CONSULTING: Nature.CONSULTING,
    ServiceType.PUBLICATION: Nature.HONORARIA,
}
COST_NATURE = {
    BudgetCategory.TRAVEL: Nature.TRAVEL,
    BudgetCategory.ACCOMMODATION: Nature.TRAVEL,
    BudgetCategory.TRANSFERS: Nature.TRAVEL,
    BudgetCategory.REGISTRATION: Nature.EDUCATION,  # conference registration paid for the HCP
    BudgetCategory.CATERING: Nature.FOOD,
}
"""Budget categories a cost for one person can have; venue, AV, printing and agency fees are
costs of the event, not transfers to a person."""


@dataclass(frozen=True)
class Classified:
    efpia: Efpia
    nature: Nature


class UnclassifiedError(ValueError):
    """A source or category that is not a transfer of value to a person."""


def classify(source: Source, *, service_type: str = "", budget_category: str = "") -> Classified:
    """The EFPIA category and Open Payments nature of one transfer.

    FEE: by service type (consulting and advisory boards are consulting fees; lectures and
    training are faculty/speaker compensation; publications honoraria; unknown: consulting).
    CONTRACT_EXPENSE: always EFPIA "related expenses"; nature by budget category. EVENT_COST:
    registration -> EFPIA registration fees; travel, accommodation, transfers -> EFPIA travel &
    accommodation; catering -> meals (outside EFPIA). DONATION_GRANT: a grant.
    """
    if source == Source.FEE:
        return Classified(Efpia.FEES, FEE_NATURE.get(service_type, Nature.CONSULTING))
    if source == Source.DONATION_GRANT:
        return Classified(Efpia.DONATIONS_GRANTS, Nature.GRANT)
    nature = COST_NATURE.get(budget_category)
    if nature is None:
        raise UnclassifiedError(budget_category)
    if nature == Nature.FOOD:
        return Classified(Efpia.MEALS, nature)
    if source == Source.CONTRACT_EXPENSE:
        return Classified(Efpia.RELATED_EXPENSES, nature)
    if budget_category == BudgetCategory.REGISTRATION:
        return Classified(Efpia.EVENT_REGISTRATION, nature)
    return Classified(Efpia.EVENT_TRAVEL, nature)


def person_cost_categories() -> list[str]:
    """Budget categories whose vendor costs for a speaker or participant are transfers."""
    return list(COST_NATURE)
