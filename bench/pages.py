"""The pages `make bench` measures, each as the user who opens it daily, on the seed_scale data.

`targets()` (run inside Django, against the bench database) picks the users and the objects: the
first scale user of each role, a KOL with contracts and payouts, the event whose survey has the most
responses, an expert, a payout, a representative of the field data and their manager. Every scale
user's password is seed.scale.core.PASSWORD."""

from dataclasses import dataclass
from urllib.parse import quote

from django.db.models import Count

from contracts.models import Contract
from events.models import Event
from experts.models import Expert
from feedback.models import Survey
from field.models import FieldRep
from kolplatform.core.models import Region, User
from kolplatform.core.roles import Role
from payments.models import Payout
from seed.scale.core import ADMIN


@dataclass(frozen=True)
class Page:
    name: str
    role: str  # a key of Targets.users ("" = anonymous, "api" = the run's API key)
    path: str


API = "api"  # the pages read with the key made for the run (bench/api.py), not a session


@dataclass
class Targets:
    users: dict  # role -> username
    expert: int
    event: int
    token: str
    payout: int
    contract: int
    product: int
    region: int
    manager: int
    kol_expert: int
    year: int


def _user(role: str) -> str:
    user = (
        User.objects.filter(groups__name=role, username__regex=r"^scale[0-9]{6}$")
        .order_by("pk")
        .first()
    )
    if user is None:
        raise SystemExit(f"bench: the database has no scale user with role {role}")
    return user.username


def _field_users() -> dict:
    """The first scale representative with visits, and their manager."""
    rep = (
        FieldRep.objects.filter(
            user__username__regex=r"^scale[0-9]{6}$", user__field_visits__isnull=False
        )
        .select_related("user", "manager")
        .order_by("pk")
        .first()
    )
    if rep is None:
        raise SystemExit("bench: the database has no field data (seed/scale/field.py)")
    return {"field_rep": rep.user.username, "field_manager": rep.manager.username}


def targets() -> Targets:
    kol = (
        Expert.objects.filter(user__isnull=False, payouts__isnull=False)
        .order_by("pk")
        .select_related("user")
        .first()
    )
    survey = (
        Survey.objects.annotate(n=Count("responses")).order_by("-n", "pk").only("pk", "token")
    ).first()
    event = Event.objects.get(survey=survey)
    roles = [Role.MARKETING_MANAGER, Role.FIELD_STAFF, Role.APPROVER, Role.LEGAL, Role.FINANCE]
    users = {role.value: _user(role) for role in roles}
    users[Role.ADMIN.value] = ADMIN
    users[Role.KOL.value] = kol.user.username
    users.update(_field_users())
    manager = User.objects.get(username=users[Role.MARKETING_MANAGER])
    return Targets(
        users=users,
        expert=Expert.objects.filter(contracts__isnull=False).order_by("pk").first().pk,
        event=event.pk,
        token=survey.token,
        payout=Payout.objects.order_by("-pk").first().pk,
        contract=Contract.objects.order_by("-pk").first().pk,
        product=event.products.order_by("pk").first().pk,
        region=event.region_id or Region.objects.order_by("pk").first().pk,
        manager=manager.pk,
        kol_expert=kol.pk,
        year=event.starts_at.year,
    )


def pages(t: Targets) -> list[Page]:
    m, f, a = "marketing_manager", "field_staff", "approver"
    dash = f"/analytics/?year={t.year}"
    city = quote("Москва")
    name = quote("Иванов")
    return [
        Page("home", m, "/"),
        Page("expert list", f, "/experts/"),
        Page("expert list: name", f, f"/experts/?q={name}"),
        Page("expert list: tier", f, "/experts/?tier=national"),
        Page("expert list: city", f, f"/experts/?city={city}"),
        Page("expert list: region", f, f"/experts/?region={t.region}"),
        Page("expert profile", f, f"/experts/{t.expert}/"),
        Page("events list", m, "/events/"),
        Page("events list: status", m, "/events/?status=approved"),
        Page("events list: product", m, f"/events/?product={t.product}"),
        Page("event page", m, f"/events/{t.event}/"),
        Page("calendar", m, "/events/calendar/"),
        Page("dashboard", m, dash),
        Page("dashboard: product+region", m, f"{dash}&product={t.product}&region={t.region}"),
        Page("dashboard: manager", m, f"{dash}&manager={t.manager}"),
        Page("KPI", m, "/analytics/kpi/"),
        Page("ROI", m, "/analytics/roi/"),
        Page("payout list", "finance", "/payments/"),
        Page("registry list", "finance", "/payments/registries/"),
        Page("contract list", "legal", "/contracts/"),
        Page("contract documents", "legal", f"/contracts/{t.contract}/"),
        Page("archive", "legal", "/contracts/archive/"),
        Page("approvals inbox", a, "/core/approvals/"),
        Page("notifications", m, "/core/notifications/"),
        Page("feedback analysis", m, f"/feedback/events/{t.event}/"),
        Page("field: rep's today", "field_rep", "/field/"),
        Page("field: manager's team", "field_manager", "/field/team/"),
        Page("public survey form", "", f"/feedback/s/{t.token}/"),
        Page("KOL cabinet home", "kol", "/contracts/cabinet/"),
        Page("KOL documents", "kol", "/contracts/cabinet/documents/"),
        Page("KOL payouts", "kol", "/payments/cabinet/"),
        Page("KOL events", "kol", "/events/cabinet/"),
        Page("admin: experts", "admin", "/admin/experts/expert/"),
        Page("admin: events", "admin", "/admin/events/event/"),
        Page("admin: budget lines", "admin", "/admin/events/budgetline/"),
        Page("admin: payouts", "admin", "/admin/payments/payout/"),
        Page("admin: contracts", "admin", "/admin/contracts/contract/"),
        Page("API: experts", API, "/api/v1/experts/"),
        Page("API: experts by name", API, f"/api/v1/experts/?q={name}"),
        Page("API: experts by tier+city", API, f"/api/v1/experts/?tier=national&city={city}"),
    ]
