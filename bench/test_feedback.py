"""Benchmarks of feedback on PostgreSQL (issue 7); figures go to docs/performance/feedback.md.

DATABASE_URL=postgres://postgres@127.0.0.1:5432/kol_fbcontracts \
    .venv/bin/pytest bench/test_feedback.py -q -s --reuse-db -p no:xdist
"""

import contextlib
import os
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bench.conftest import percentile
from feedback.models import Answer, Response, Tally
from feedback.selectors import survey_items
from feedback.services import AnswerValue, response_submit
from feedback.tallies import tally_keys
from seed.scale.feedback import seed_survey_responses
from tests.db_fixtures import restore_migration_data
from tests.factories.core import UserFactory
from tests.factories.events import ParticipantFactory, ProgramItemFactory
from tests.factories.experts import ExpertFactory
from tests.factories.feedback import SurveyFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="needs PostgreSQL (set DATABASE_URL)",
    ),
]

SUBMISSIONS = 200
DUPLICATE_DEVICES = 20  # devices that post the same form twice at the same moment
CLIENTS = 50  # concurrent clients (each holds a database connection on the server side)
ANALYSIS_RESPONSES = 20_000
ANALYSIS_BUDGET_MS = 150
RUNS = 15


@pytest.fixture(autouse=True)
def _reference_rows(transactional_db):
    """A transactional test ends with a flush; put the migrations' reference rows back first, so
    a rerun with --reuse-db finds currencies, role groups and the default template."""
    restore_migration_data()


def _survey(speakers=3):
    survey = SurveyFactory(event__owner=UserFactory(role="marketing_manager"))
    for n in range(speakers):
        ProgramItemFactory(
            event=survey.event,
            speaker=ExpertFactory(),
            starts_at=survey.event.starts_at + timedelta(hours=n),
        )
    return survey


def _post_data(survey):
    data = {}
    for item in survey_items(survey):
        data[item.key] = {"rating": 5, "nps": 9}.get(item.question.kind, "Спасибо")
    return data


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_lose_none_and_double_none(settings):
    settings.FEEDBACK_SUBMIT_RATE = "100000/m"  # one IP here; the limit is tested elsewhere
    survey = _survey()
    url = reverse("feedback:form", args=[survey.token])
    data = _post_data(survey)
    per_response = len(data)

    clients = []
    for _ in range(SUBMISSIONS):
        client = Client()
        client.get(url)  # receives its signed device cookie
        clients.append(client)
    twins = []
    for original in clients[:DUPLICATE_DEVICES]:
        twin = Client()
        twin.cookies = original.cookies  # the same device, a second tab
        twins.append(twin)
    everyone = clients + twins
    start = threading.Barrier(min(CLIENTS, len(everyone)))
    statuses = []

    def submit(client):
        try:
            with contextlib.suppress(threading.BrokenBarrierError):
                start.wait(timeout=5)
            return client.post(url, data).status_code
        finally:
            connection.close()

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        statuses = list(pool.map(submit, everyone))
    elapsed = time.perf_counter() - began

    stored = Response.objects.filter(survey=survey).count()
    devices = Response.objects.filter(survey=survey).values("device_id").distinct().count()
    answers = Answer.objects.filter(survey=survey).count()
    print(
        f"\nfeedback concurrency: {len(everyone)} posts ({SUBMISSIONS} devices + "
        f"{DUPLICATE_DEVICES} duplicates) by {CLIENTS} concurrent clients in {elapsed:.2f} s; "
        f"stored {stored} responses, {answers} answers; statuses "
        f"{ {s: statuses.count(s) for s in set(statuses)} }"
    )
    assert stored == SUBMISSIONS == devices  # none lost, none doubled
    assert answers == SUBMISSIONS * per_response
    assert statuses.count(302) == SUBMISSIONS
    assert statuses.count(200) == DUPLICATE_DEVICES  # the "already answered" page
    # the running tallies the analysis reads: no increment lost or doubled under concurrency
    assert {
        (t.question_id, t.speaker_key, t.value): t.n for t in Tally.objects.filter(survey=survey)
    } == {
        (q, sp, v): n
        for (_, q, sp, v), n in tally_keys(
            survey_id=survey.pk, answers=Answer.objects.filter(survey=survey)
        ).items()
    }


def _answers(survey) -> list[AnswerValue]:
    values = []
    for item in survey_items(survey):
        value = {"rating": {"value_int": 4}, "nps": {"value_int": 8}}.get(
            item.question.kind, {"value_text": "Новый ответ"}
        )
        speaker = item.speaker.pk if item.speaker else None
        values.append(AnswerValue(question_id=item.question.pk, speaker_id=speaker, **value))
    return values


@pytest.mark.django_db(transaction=True)
def test_analysis_page_at_20000_responses():
    survey = _survey()
    manager = survey.event.owner
    now = timezone.now()
    ParticipantFactory.create_batch(50, event=survey.event, checked_in_at=now)
    began = time.perf_counter()
    seed_survey_responses(survey=survey, count=ANALYSIS_RESPONSES, seed=7)
    seeded = time.perf_counter() - began
    with connection.cursor() as cursor:  # as autovacuum would; no VACUUM (no visibility map)
        cursor.execute("ANALYZE feedback_answer; ANALYZE feedback_response;")
    answers = Answer.objects.filter(survey=survey).count()

    client = Client()
    client.force_login(manager)
    url = reverse("feedback:analysis", args=[survey.event_id])
    assert client.get(url).status_code == 200  # warm-up (templates, connections)
    new_answers = _answers(survey)
    load_before = os.getloadavg()

    def timed(before) -> tuple[list[float], list[float]]:
        timings, cpu = [], []
        for n in range(RUNS):
            before(n)
            t, c = time.perf_counter(), time.process_time()
            response = client.get(url)
            timings.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)  # the web process's own CPU
            assert response.status_code == 200
        return timings, cpu

    def new_response(n):  # a participant answers between two views of the page
        response_submit(survey=survey, device_id=f"bench-new-{n}", answers=new_answers)

    paths = {
        "after a new response": timed(new_response),
        "unchanged survey": timed(lambda n: None),
    }
    load_after = os.getloadavg()
    assert client.get(url).context["analysis"].responses == ANALYSIS_RESPONSES + RUNS
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    print(
        f"\nfeedback analysis: {ANALYSIS_RESPONSES} responses, {answers} answers (seeded in "
        f"{seeded:.1f} s); load average {load_before[0]:.2f} before, {load_after[0]:.2f} after, "
        f"{os.cpu_count()} cores; {RUNS} page requests per path, {len(queries)} queries each"
    )
    for name, (timings, cpu) in paths.items():
        print(
            f"  {name:<32} median {statistics.median(timings):6.1f} ms  p95 "
            f"{percentile(timings, 0.95):6.1f} ms  best {min(timings):6.1f} ms  CPU of the web "
            f"process {statistics.median(cpu):5.1f} ms"
        )
    for name, (timings, _) in paths.items():
        assert statistics.median(timings) < ANALYSIS_BUDGET_MS, name
    for alias in connections:
        connections[alias].close()
