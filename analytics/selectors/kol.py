"""One KOL's engagements, payouts and ratings by month."""

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth

from analytics.metrics import ratio
from analytics.models import (
    PayoutFact,
)
from events.models import ProgramItem
from experts.models import Expert
from feedback.models import Answer, Question


def kol_engagements(expert: Expert):
    return (
        ProgramItem.objects.filter(speaker=expert)
        .select_related("event", "event__event_type", "event__region")
        .order_by("-event__starts_at", "-id")
    )


def kol_payouts(expert: Expert):
    return (
        PayoutFact.objects.filter(expert=expert)
        .select_related("expert", "event__event")
        .order_by("-due_date", "-payout_id")
    )


def kol_ratings_by_month(expert: Expert) -> list[dict]:
    """Average rating (1-5) of the expert as a speaker, per month of the event."""
    rows = (
        Answer.objects.filter(
            speaker=expert, question__kind=Question.Kind.RATING, value_int__isnull=False
        )
        .annotate(month=TruncMonth("response__survey__event__starts_at"))
        .values("month")
        .annotate(total=Sum("value_int"), answers=Count("id"))
        .order_by("month")
    )
    return [
        {"month": r["month"], "score": ratio(r["total"], r["answers"]), "answers": r["answers"]}
        for r in rows
    ]
