"""Classification of transfers of value: EFPIA category and Open Payments nature (table)."""

import pytest

from events.models import BudgetCategory as B
from experts.models import ServiceType as T
from payments.transparency import (
    Efpia,
    Nature,
    Source,
    UnclassifiedError,
    classify,
    person_cost_categories,
)

SPEAKER = (
    "Compensation for services other than consulting, including serving as faculty or as a "
    "speaker at a venue other than a continuing education program"
)


@pytest.mark.parametrize(
    ("source", "kwargs", "efpia", "nature"),
    [
        (Source.FEE, {"service_type": T.LECTURE}, Efpia.FEES, SPEAKER),
        (Source.FEE, {"service_type": T.TRAINING}, Efpia.FEES, SPEAKER),
        (Source.FEE, {"service_type": T.ADVISORY_BOARD}, Efpia.FEES, "Consulting fee"),
        (Source.FEE, {"service_type": T.CONSULTING}, Efpia.FEES, "Consulting fee"),
        (Source.FEE, {"service_type": T.PUBLICATION}, Efpia.FEES, "Honoraria"),
        (Source.FEE, {"service_type": ""}, Efpia.FEES, "Consulting fee"),
        (
            Source.EVENT_COST,
            {"budget_category": B.ACCOMMODATION},
            Efpia.EVENT_TRAVEL,
            "Travel and lodging",
        ),
        (
            Source.EVENT_COST,
            {"budget_category": B.TRAVEL},
            Efpia.EVENT_TRAVEL,
            "Travel and lodging",
        ),
        (
            Source.EVENT_COST,
            {"budget_category": B.TRANSFERS},
            Efpia.EVENT_TRAVEL,
            "Travel and lodging",
        ),
        (
            Source.EVENT_COST,
            {"budget_category": B.REGISTRATION},
            Efpia.EVENT_REGISTRATION,
            "Education",
        ),
        (Source.EVENT_COST, {"budget_category": B.CATERING}, Efpia.MEALS, "Food and beverage"),
        (
            Source.CONTRACT_EXPENSE,
            {"budget_category": B.ACCOMMODATION},
            Efpia.RELATED_EXPENSES,
            "Travel and lodging",
        ),
        (
            Source.CONTRACT_EXPENSE,
            {"budget_category": B.REGISTRATION},
            Efpia.RELATED_EXPENSES,
            "Education",
        ),
        (
            Source.CONTRACT_EXPENSE,
            {"budget_category": B.CATERING},
            Efpia.MEALS,
            "Food and beverage",
        ),
        (Source.DONATION_GRANT, {}, Efpia.DONATIONS_GRANTS, "Grant"),
    ],
)
def test_classify(source, kwargs, efpia, nature):
    result = classify(source, **kwargs)
    assert (result.efpia, str(result.nature)) == (efpia, nature)


@pytest.mark.parametrize(
    "category", [B.VENUE, B.AV, B.PRINTING, B.AGENCY_FEE, B.SPEAKER_FEES, B.OTHER]
)
@pytest.mark.parametrize("source", [Source.EVENT_COST, Source.CONTRACT_EXPENSE])
def test_costs_of_the_event_are_not_transfers_to_a_person(source, category):
    assert category not in person_cost_categories()
    with pytest.raises(UnclassifiedError):
        classify(source, budget_category=category)


def test_every_nature_is_an_open_payments_value():
    assert Nature.TRAVEL == "Travel and lodging" and Nature.CHARITY == "Charitable contribution"
