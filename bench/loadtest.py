"""`make loadtest`: locust, headless, against gunicorn on loopback with the seed_scale data.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/kol_scale python -m bench.loadtest

The mix is bench/locustfile.py: LOADTEST_USERS staff (default 20) browsing lists, pages (their
own events, profiles of a fixed sample of the experts) and the dashboard, an approver deciding
pending approvals, a KOL signing documents with the mailed one-time code (documents prepared here:
rendered PDFs, sent for signature), and LOADTEST_PARTICIPANTS (default 200) participants answering
one open survey within the first minute; LOADTEST_TIME (default 90s). Afterwards the database is
checked: every participant's response stored exactly once. Prints p50/p95/p99 and errors per
request, appends the figures to docs/performance.md, exits 1 on any error or a p95 over 150 ms
(LOADTEST_GATE=0: report only).
"""

import csv
import json
import os
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench import run as bench

TARGET_MS = 150.0


EXPERT_SAMPLE = 200


def expert_sample(first: int, size: int = EXPERT_SAMPLE) -> list[int]:
    """The profiles staff open: the bench's expert (with contracts and payouts) and a fixed
    sample of the whole base (a seeded draw over the ids), so the pages are not read from one
    expert's rows kept hot in the caches."""
    import random

    from django.db.models import Max, Min

    from experts.models import Expert

    bounds = Expert.objects.aggregate(lo=Min("pk"), hi=Max("pk"))
    ids = range(bounds["lo"], bounds["hi"] + 1)
    drawn = random.Random(15).sample(ids, min(size * 2, len(ids)))
    found = Expert.objects.filter(pk__in=drawn, merged_into__isnull=True).exclude(pk=first)
    return [first, *found.order_by("pk").values_list("pk", flat=True)[: size - 1]]


def prepare(workdir: Path, port: int) -> dict:
    """The plan of the locust users: who signs in, which objects they open, what they sign."""
    from django.db import transaction
    from django.db.models import Count
    from django.utils import timezone

    from bench.pages import targets
    from contracts.generation import document_generate
    from contracts.models import ServiceOrder
    from contracts.services import document_send
    from events.models import Event
    from feedback.models import Survey
    from feedback.selectors import survey_items
    from kolplatform.core.models import ApprovalRequest, User
    from seed.scale.core import ADMIN, PASSWORD

    t = targets()
    admin = User.objects.get(username=ADMIN)
    # An active KOL who may sign (identity confirmed), with five orders that have no document yet
    # (each run uses up five); the documents are rendered into this run's media folder.
    kol = User.objects.get(
        pk=ServiceOrder.objects.filter(
            contract__status="active", documents__isnull=True, contract__expert__user__isnull=False,
            contract__expert__is_active=True,
            contract__expert__cabinet_access__identity_confirmed_at__isnull=False,
        ).values("contract__expert__user").annotate(n=Count("pk")).filter(n__gte=5)
        .order_by("contract__expert__user").values_list("contract__expert__user", flat=True)[0]
    )  # fmt: skip
    documents = []
    orders = ServiceOrder.objects.filter(
        contract__expert__user=kol, contract__status="active", documents__isnull=True
    ).order_by("pk")[:5]
    for order in orders:
        with transaction.atomic():
            doc = document_generate(kind="order", contract=order.contract, order=order, actor=admin)
        doc.refresh_from_db()  # rendered by the (eager) task on commit
        with transaction.atomic():
            document_send(document=doc, actor=admin)
        documents.append(doc.pk)
    pending = ApprovalRequest.objects.filter(
        status=ApprovalRequest.Status.PENDING, current_step__role="approver"
    ).order_by("pk")[:500]
    now = timezone.now()
    survey = Survey.objects.filter(opens_at__lt=now, closes_at__gt=now + timedelta(hours=1))
    survey = survey.select_related("event", "template").order_by("-closes_at").first()
    if survey is None:
        raise SystemExit("loadtest: no open survey in the data (seed_scale makes some)")
    managers = User.objects.filter(
        groups__name="marketing_manager", username__regex=r"^scale[0-9]{6}$"
    ).order_by("pk")[:50]
    own = {
        m.username: list(
            Event.objects.filter(owner=m).order_by("-pk").values_list("pk", flat=True)[:20]
        )
        for m in managers
    }
    return {
        "port": port,
        "password": PASSWORD,
        "staff": own,
        "approver": t.users["approver"],
        "pending": [[r.pk, r.current_step_id] for r in pending],
        "kol": kol.username,
        "kol_email": kol.expert.cabinet_access.confirmed_email or kol.email,
        "documents": documents,
        "mail_dir": str(workdir / "mail"),
        "experts": expert_sample(t.expert),
        "year": t.year,
        "survey": {
            "id": survey.pk,
            "token": survey.token,
            "items": [[item.key, item.question.kind] for item in survey_items(survey)],
        },
    }


def sign_in_before(port: int, usernames: list[str]) -> dict:
    """{username: session cookies}, signed in through the form before the run (the bench's own
    sign-in, bench/sessions.py): the locust users start with them, as people at work are signed
    in already."""
    from bench.sessions import sign_in_all

    sessions = sign_in_all(port, {name: name for name in usernames})
    return {name: dict(sessions[name].cookies) for name in usernames}


def run_locust(plan_path: Path, workdir: Path, port: int) -> Path:
    participants = int(os.environ.get("LOADTEST_PARTICIPANTS", "200"))
    users = int(os.environ.get("LOADTEST_USERS", "20")) + participants + 2
    prefix = workdir / "locust"
    env = dict(os.environ, LOADTEST_PLAN=str(plan_path), LOADTEST_PARTICIPANTS=str(participants))
    subprocess.run(
        [str(Path(sys.executable).parent / "locust"), "-f", str(bench.BASE_DIR / "bench" /
         "locustfile.py"), "--headless", "--users", str(users), "--spawn-rate", "50",
         "--run-time", os.environ.get("LOADTEST_TIME", "90s"), "--host",
         f"http://127.0.0.1:{port}", "--csv", str(prefix), "--only-summary", "--loglevel",
         "WARNING", "--exit-code-on-error", "0"],
        cwd=bench.BASE_DIR, env=env, check=True,
    )  # fmt: skip
    return Path(f"{prefix}_stats.csv")


def read_stats(path: Path) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            rows.append({
                "name": f"{r['Type']} {r['Name']}".strip(),
                "requests": int(r["Request Count"]),
                "failures": int(r["Failure Count"]),
                "p50": float(r["50%"] or 0), "p95": float(r["95%"] or 0),
                "p99": float(r["99%"] or 0),
            })  # fmt: skip
    return rows


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="kol-load-"))
    (workdir / "mail").mkdir()
    os.environ["MEDIA_ROOT"] = str(workdir / "media")  # the PDFs prepared here, served there
    bench.setup_django()
    from bench.report import append_loadtest
    from contracts.models import ContractDocument
    from feedback.models import Response

    factor = bench.scale_factor()
    port = bench.free_port()
    plan = prepare(workdir, port)
    plan_path = workdir / "plan.json"
    plan_path.write_text(json.dumps(plan), encoding="utf-8")
    before = Response.objects.filter(survey_id=plan["survey"]["id"]).count()
    env = bench.web_env(port, workdir) | {
        # django-environ drops the first "/" of the URL's path: four slashes for an absolute one.
        "EMAIL_URL": f"filemail:///{workdir / 'mail'}",
        "TRUSTED_PROXY_COUNT": "1",  # each participant's phone has its own address
    }
    env.pop("RATELIMIT_ENABLE")
    process = bench.start_gunicorn(env, port, workers=int(os.environ.get("LOADTEST_WORKERS", 4)))
    started = datetime.now(UTC)
    try:
        plan["cookies"] = sign_in_before(port, [*plan["staff"], plan["approver"], plan["kol"]])
        plan_path.write_text(json.dumps(plan), encoding="utf-8")
        stats = read_stats(run_locust(plan_path, workdir, port))
    finally:
        bench.stop(process)
    stored = Response.objects.filter(survey_id=plan["survey"]["id"]).count() - before
    signed = ContractDocument.objects.filter(
        pk__in=plan["documents"], status__in=["awaiting_company", "signed"]
    ).count()
    print(f"KOL signing: {signed} of {len(plan['documents'])} prepared documents signed")
    return report(
        stats, stored=stored, factor=factor, started=started, append=append_loadtest,
        signed=(signed, len(plan["documents"])),
    )  # fmt: skip


def report(stats, *, stored: int, factor: int, started, append, signed=(0, 0)) -> int:
    participants = int(os.environ.get("LOADTEST_PARTICIPANTS", "200"))
    for r in stats:
        print(
            f"{r['name']:<48} {r['requests']:>6} req {r['failures']:>4} errors  "
            f"p50 {r['p50']:>6.0f}  p95 {r['p95']:>6.0f}  p99 {r['p99']:>6.0f} ms"
        )
    total = next(r for r in stats if r["name"] == "Aggregated")
    sent = next((r for r in stats if r["name"].endswith("(send)")), {"requests": 0})
    ok = sent["requests"] - sent.get("failures", 0)
    print(f"feedback: {ok} sent, {stored} stored (participants {participants})")
    problems = [f"{total['failures']} errors"] if total["failures"] else []
    # Sign-in hashes the password on purpose (PBKDF2): it is a one-off, not a page.
    slow = [r["name"] for r in stats if r["p95"] > TARGET_MS and r["name"] != "Aggregated"
            and not r["name"].endswith("sign-in")]  # fmt: skip
    if slow:
        problems.append(f"p95 over {TARGET_MS:.0f} ms: {', '.join(slow)}")
    if not ok <= stored <= participants:  # a send cut off by the end of the run may be stored
        problems.append(f"{ok} responses sent but {stored} stored")
    sign_posts = next((r for r in stats if r["name"].endswith("/sign/")), {"requests": 0})
    if signed[0] < min(signed[1], sign_posts["requests"]):  # every signature sent has landed
        problems.append(f"{sign_posts['requests']} signatures sent but {signed[0]} landed")
    append(stats=stats, stored=stored, factor=factor, started=started, problems=problems)
    if problems:
        print("loadtest: " + "; ".join(problems))
    return 1 if problems and os.environ.get("LOADTEST_GATE", "1") != "0" else 0


if __name__ == "__main__":
    raise SystemExit(main())
