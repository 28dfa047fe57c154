"""One speaker rating window (feedback.selectors.rating_window_start): the expert profile and the
KOL's cabinet show the rating feedback computes, counting responses of the last 12 calendar
months (the profile used 12 x 30.44 days)."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from feedback import selectors
from feedback.models import Response
from tests.factories.experts import ExpertFactory
from tests.factories.feedback import AnswerFactory

pytestmark = pytest.mark.django_db


def _rating(expert, value, submitted_at):
    answer = AnswerFactory(speaker=expert, value_int=value)
    Response.objects.filter(pk=answer.response_id).update(submitted_at=submitted_at)


@pytest.mark.parametrize(
    ("offset", "counted"), [(timedelta(hours=-1), False), (timedelta(hours=1), True)]
)
def test_window_edge_is_the_same_for_profile_and_feedback(client, admin_user, offset, counted):
    expert = ExpertFactory()
    now = timezone.now()
    _rating(expert, 5, now - timedelta(days=3))
    _rating(expert, 1, selectors.rating_window_start(now) + offset)
    expected = (D("3.00"), 2) if counted else (D("5.00"), 1)
    assert selectors.speaker_rating(expert=expert) == expected
    client.force_login(admin_user)
    response = client.get(reverse("experts:detail", args=[expert.pk]))
    (rating,) = response.context["side_sections"]
    assert (rating.figure, rating.count) == (str(expected[0]), expected[1])


def test_kol_sees_the_same_rating_in_the_cabinet(client, kol):
    _rating(kol.expert, 4, timezone.now() - timedelta(days=1))
    client.force_login(kol)
    page = client.get(reverse("experts:cabinet_profile")).content.decode()
    assert "<strong>4.00</strong> (1)" in page or "<strong>4,00</strong> (1)" in page
