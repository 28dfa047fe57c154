"""The REST API in `make bench`: a key made for the run (a marketing manager's service account
with `experts:*`, the role a CRM's key has), the expert list endpoint measured with it as a page
(bench/pages.py), and the bulk upsert of 1,000 experts (`POST /api/v1/experts/bulk/`) through
HTTP to the bench's gunicorn, three times: all new, the same payload again (all unchanged), a
tenth of them changed. Target < 2 s for each. Afterwards the experts it wrote are removed and the
key revoked (the audit log is append-only: its records of the run stay, under the key).
"""

import json
import time

from api.models import ApiKey
from api.services.keys import api_key_create, api_key_revoke
from bench.http import Session
from bench.importing import experts_remove
from experts.models import Institution, Specialty
from kolplatform.core.models import Region, User
from kolplatform.core.roles import Role
from seed.demo.experts import FEMALE, MALE, POSITIONS
from seed.scale.core import ADMIN

TARGET_S = 2.0
SOURCE = "bench"  # the source system of the bench's external ids; nothing else uses it
PREFIX = "BENCH-API-"
INTEGRATION = "bench"


def key_create() -> tuple[ApiKey, str]:
    """A key for this run; key_delete() removes it."""
    actor = User.objects.get(username=ADMIN)
    return api_key_create(
        integration=INTEGRATION, role=Role.MARKETING_MANAGER, scopes=["experts:*"], actor=actor
    )


def items(count: int) -> list[dict]:
    """`count` experts of a CRM: real-looking people at the seed's institutions, each under its
    own surname so that the name-and-institution rule matches none of the seed's experts."""
    institutions = list(Institution.objects.order_by("pk").values_list("pk", flat=True)[:50])
    regions = list(Region.objects.order_by("pk").values_list("code", flat=True)[:20])
    specialties = list(Specialty.objects.order_by("pk").values_list("name", flat=True)[:6])
    out = []
    for n in range(count):
        people = MALE if n % 2 else FEMALE
        person = people[n % len(people)]
        out.append({
            "external_id": f"{PREFIX}{n:05d}",
            "last_name": f"{person[0]}-Бенч{n:05d}",
            "first_name": person[1],
            "middle_name": person[2],
            "institution": institutions[n % len(institutions)],
            "region": regions[n % len(regions)],
            "position": POSITIONS[n % len(POSITIONS)],
            "experience_years": 5 + n % 30,
            "email": f"bench.api{n}@example.org",
            "phone": f"+7 (9{n % 100:02d}) {n % 1000:03d}-{n % 100:02d}-11",
            "specialties": [specialties[n % len(specialties)]],
        })  # fmt: skip
    return out


def run_bulk(port: int, key: str, count: int = 1000, target_s: float = TARGET_S) -> list[dict]:
    """The three upserts of `count` experts; one row of figures each, each within `target_s`."""
    session = Session(port, headers={"Authorization": f"Api-Key {key}"})
    payload = {"source": SOURCE, "items": items(count)}
    runs = [("all new", {"created": count}), ("same again", {"unchanged": count})]
    runs.append(("a tenth changed", {"updated": count // 10, "unchanged": count - count // 10}))
    out = []
    for label, expected in runs:
        if label == "a tenth changed":
            for item in payload["items"][::10]:
                item["experience_years"] += 1
        reply = session.request("POST", "/api/v1/experts/bulk/", json=payload)
        if reply.status != 200:
            raise SystemExit(f"bench: bulk upsert answered {reply.status}: {reply.body[:300]!r}")
        counts = {k: v for k, v in json.loads(reply.body)["counts"].items() if v}
        out.append({
            "run": label,
            "items": count,
            "seconds": round(reply.seconds, 2),
            "cpu_ms": float(reply.headers.get("x-bench-cpu-ms", "nan")),
            "queries": int(reply.headers.get("x-bench-queries", "-1")),
            "counts": counts,
            "target_s": target_s,
            "ok": reply.seconds < target_s and counts == expected,
        })  # fmt: skip
        time.sleep(0.5)
    return out


def cleanup(api_key: ApiKey) -> None:
    """Remove the bench's experts (found by this source's ids) and revoke the key (its account is
    disabled). The audit log is append-only: the run's records stay, under the key's prefix."""
    experts_remove(
        "SELECT expert_id AS id FROM api_expertexternalid WHERE source = %(source)s",
        {"source": SOURCE},
        before=["DELETE FROM api_expertexternalid WHERE source = %(source)s"],
    )
    api_key_revoke(api_key=api_key, actor=User.objects.get(username=ADMIN))
