"""`make loadtest`'s verdict (bench/loadtest.report): errors, a p95 over target, responses not
stored once, and signatures sent that did not land each fail the run."""

import pytest

from bench.loadtest import report


def _stats(sign_requests=5, p95=40.0):
    rows = [
        {"name": "GET /experts/", "requests": 100, "failures": 0, "p50": 20, "p95": p95,
         "p99": p95},
        {"name": "POST /feedback/s/[token]/ (send)", "requests": 200, "failures": 0, "p50": 20,
         "p95": 40, "p99": 60},
        {"name": "POST /contracts/documents/[id]/sign/", "requests": sign_requests,
         "failures": 0, "p50": 30, "p95": 60, "p99": 60},
    ]  # fmt: skip
    total = {"name": "Aggregated", "requests": 305, "failures": 0, "p50": 20, "p95": p95,
             "p99": p95}  # fmt: skip
    return [*rows, total]


def _run(monkeypatch, stats, *, stored=200, signed=(5, 5)):
    monkeypatch.setenv("LOADTEST_PARTICIPANTS", "200")
    monkeypatch.delenv("LOADTEST_GATE", raising=False)
    problems = []
    code = report(
        stats, stored=stored, factor=1, started=None, signed=signed,
        append=lambda **kw: problems.extend(kw["problems"]),
    )  # fmt: skip
    return code, problems


def test_a_clean_run_passes(monkeypatch):
    assert _run(monkeypatch, _stats()) == (0, [])


@pytest.mark.parametrize(
    ("kwargs", "problem"),
    [
        ({"signed": (0, 5)}, "5 signatures sent but 0 landed"),
        ({"stored": 199}, "200 responses sent but 199 stored"),
    ],
)
def test_what_did_not_land_fails_the_run(monkeypatch, kwargs, problem):
    code, problems = _run(monkeypatch, _stats(), **kwargs)
    assert code == 1 and problems == [problem]


def test_a_slow_page_fails_the_run(monkeypatch):
    code, problems = _run(monkeypatch, _stats(p95=400.0))
    assert code == 1 and problems == ["p95 over 150 ms: GET /experts/"]


@pytest.mark.django_db
def test_the_profiles_opened_are_a_fixed_sample_of_the_base():
    """The load test opens the bench's expert and a seeded sample of the others, merged records
    left out (their page redirects)."""
    from bench.loadtest import expert_sample
    from tests.factories.experts import ExpertFactory

    experts = ExpertFactory.create_batch(30)
    merged = experts[5]
    merged.merged_into = experts[6]
    merged.save()
    first = experts[0].pk
    sample = expert_sample(first, size=10)
    assert sample[0] == first and len(sample) == len(set(sample)) <= 10
    assert len(sample) > 1 and merged.pk not in sample
    assert expert_sample(first, size=10) == sample
