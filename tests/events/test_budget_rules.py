from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from events import budget_rules as br

MONEY = st.decimals(min_value=Decimal("1.00"), max_value=Decimal("100000000"), places=2)
PERCENT = st.decimals(min_value=Decimal("0"), max_value=Decimal("50"), places=2)


@given(approved=MONEY, tolerance=PERCENT)
def test_at_the_tolerance_limit_no_reapproval(approved, tolerance):
    limit = br.tolerance_limit(approved, tolerance)
    assert not br.exceeds_tolerance(
        approved_total=approved, current_total=limit, tolerance_percent=tolerance
    )


@given(approved=MONEY, tolerance=PERCENT)
def test_one_kopeck_under_the_limit_no_reapproval(approved, tolerance):
    limit = br.tolerance_limit(approved, tolerance)
    assert not br.exceeds_tolerance(
        approved_total=approved,
        current_total=limit - Decimal("0.01"),
        tolerance_percent=tolerance,
    )


@given(approved=MONEY, tolerance=PERCENT)
def test_one_kopeck_over_the_limit_needs_reapproval(approved, tolerance):
    limit = br.tolerance_limit(approved, tolerance)
    assert br.exceeds_tolerance(
        approved_total=approved,
        current_total=limit + Decimal("0.01"),
        tolerance_percent=tolerance,
    )


@pytest.mark.parametrize(
    ("approved", "tolerance", "limit"),
    [
        (Decimal("100000"), Decimal("10"), Decimal("110000.00")),
        (Decimal("333.33"), Decimal("5"), Decimal("350.00")),  # 349.9965 rounds half up
        (Decimal("100"), Decimal("0"), Decimal("100.00")),
        (Decimal("0.10"), Decimal("5"), Decimal("0.11")),  # 0.105 -> 0.11 (half up)
    ],
)
def test_tolerance_limit_table(approved, tolerance, limit):
    assert br.tolerance_limit(approved, tolerance) == limit


def facts(**kw):
    base = {
        "total": Decimal("400000"),
        "catering": Decimal("100000"),
        "participants": 40,
        "speakers": 2,
        "entertainment_lines": (),
    }
    return br.BudgetFacts(**{**base, **kw})


def test_no_flags_within_limits():
    assert br.evaluate(facts(), br.DEFAULTS) == []


@pytest.mark.parametrize(
    ("changes", "code", "level"),
    [
        ({"total": Decimal("2000001")}, br.COST_PER_PARTICIPANT, "warn"),
        ({"catering": Decimal("200001")}, br.CATERING_PER_PERSON, "block"),
        ({"speakers": 9}, br.PARTICIPANTS_PER_SPEAKER, "warn"),
        ({"entertainment_lines": ("Концерт",)}, br.NO_ENTERTAINMENT, "block"),
    ],
)
def test_each_rule_flags(changes, code, level):
    flags = br.evaluate(facts(**changes), br.DEFAULTS)
    assert [(f.code, f.level) for f in flags] == [(code, level)]


def test_rule_switched_off_does_not_flag():
    settings = {**br.DEFAULTS, br.NO_ENTERTAINMENT: ("off", None)}
    assert br.evaluate(facts(entertainment_lines=("Концерт",)), settings) == []


def test_catering_exactly_at_limit_is_fine():
    assert br.evaluate(facts(catering=Decimal("200000")), br.DEFAULTS) == []


@pytest.mark.parametrize(
    ("text", "entertainment"),
    [
        ("Банкет и концерт", True),
        ("Экскурсия по городу", True),
        ("Кофе-брейк", False),
        ("Аренда зала", False),
    ],
)
def test_entertainment_detection(text, entertainment):
    assert br.looks_like_entertainment(text) is entertainment
