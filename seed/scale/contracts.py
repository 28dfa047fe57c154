"""Performance data of the contracts: three in five experts under a framework contract (factor
100: 99,000), mostly active, some in approval, sent for signature, expired or terminated; verified
bank details (encrypted, as the product stores them) for each of them; 6,000 service orders per
unit of factor on the active contracts, an act signed by both sides for 5,000 of them (the
payouts' acts); a contract document per contract; and a cabinet account (group kol, accepted
e-signature terms) for every fifth contracted expert. INSERT ... SELECT only; the owner is the
scale administrator made by the core module."""

from django.contrib.auth.models import Group
from django.db import connection

from contracts.models import (
    Act,
    CabinetAccess,
    Contract,
    ContractDocument,
    DocumentTemplate,
    ServiceOrder,
)
from experts.models import Expert, ExpertBankDetails, ServiceType
from kolplatform.core.models import User
from kolplatform.core.roles import Role
from seed.demo.payments import BANK
from seed.scale.core import ADMIN
from seed.scale.sql import Run, constants, execute, insert_select, share_case, table

ORDERS_PER_FACTOR = 6000
ACTS_PER_FACTOR = 5000
CONTRACT_MIX = [  # percent of contracts by status
    ("active", 80), ("in_approval", 4), ("sent_to_expert", 4), ("draft", 2), ("expired", 7),
    ("terminated", 3),
]  # fmt: skip
STATUS_SQL = share_case("mod(x.id, 100)", CONTRACT_MIX)


def missing() -> list[str]:
    """The contract document template (made by the migrations), when absent."""
    if DocumentTemplate.objects.filter(kind="contract").exists():
        return []
    return ["a contract document template"]


def seed_contracts(run: Run, owner: int) -> None:
    made = insert_select(
        Contract,
        {
            "number": "'SC-' || lpad(x.id::text, 8, '0')",
            "expert": "x.id",
            "status": STATUS_SQL,
            "starts_on": f"date_trunc('year', {run.now})::date",
            "ends_on": f"(date_trunc('year', {run.now}) + interval '2 years - 1 day')::date",
            "tax_regime": "x.tax_status",
            "cap_amount": "900000",
            "services": f'\'["{ServiceType.LECTURE}", "{ServiceType.ADVISORY_BOARD}"]\'::jsonb',
            "owner": str(owner),
            "signed_at": f"CASE WHEN {STATUS_SQL} IN ('active', 'expired', 'terminated') "
            f"THEN {run.now} - make_interval(days => mod(x.id, 200)::int) END",
        },
        f"{table(Expert)} x WHERE x.crm_id LIKE 'SCALE-%%' AND mod(x.id, 5) < 3",
        [],
    )
    run.done("contracts", made)
    names = [name for name in BANK if name != "verified"]
    fields = [ExpertBankDetails._meta.get_field(name) for name in names]
    tokens = [f.get_db_prep_save(BANK[f.name], connection) for f in fields]
    source, params = constants(t=tokens)
    values = {f.name: f"k.t[{i + 1}]" for i, f in enumerate(fields)}
    made = insert_select(
        ExpertBankDetails,
        {**values, "expert": "c.expert_id", "verified_at": f"{run.now} - interval '400 days'"},
        f"{table(Contract)} c CROSS JOIN {source} WHERE c.number LIKE 'SC-%%'",
        params,
    )
    run.done("bank details", made)


def seed_orders(run: Run, owner: int) -> None:
    active = (
        f"SELECT row_number() OVER (ORDER BY id) AS n, id FROM {table(Contract)} "
        "WHERE number LIKE 'SC-%%' AND status = 'active'"
    )
    amount = "(2 + mod(g, 4)) * 15000"
    count = f"(SELECT count(*) FROM ({active}) a)"
    source, params = constants(kind=[ServiceType.LECTURE, ServiceType.ADVISORY_BOARD])
    made = insert_select(
        ServiceOrder,
        {
            "number": "'SO-' || lpad(g::text, 8, '0')",
            "contract": "c.id",
            "status": f"CASE WHEN g <= {ACTS_PER_FACTOR * run.factor} THEN 'signed' "
            "WHEN mod(g, 2) = 0 THEN 'approved' ELSE 'draft' END",
            "service_type": "k.kind[1 + mod(g, 2)]",
            "order_date": f"({run.now} - make_interval(days => mod(g, 270)::int))::date",
            "hours": "2",
            "rate": f"{amount} / 2",
            "amount": amount,
            "created_by": str(owner),
        },
        f"generate_series(1, %s) g CROSS JOIN {source} "
        f"JOIN ({active}) c ON c.n = 1 + {run.pick('g', 51, count)}",
        [ORDERS_PER_FACTOR * run.factor, *params],
    )
    run.done("service orders", made)
    made = insert_select(
        Act,
        {
            "number": "'SA-' || substr(o.number, 4)",
            "order": "o.id",
            "status": "'signed_by_company'",
            "act_date": "o.order_date + 7",
            "actual_hours": "o.hours",
            "amount": "o.amount",
            "signed_at": "(o.order_date + 8)::timestamptz",
        },
        f"{table(ServiceOrder)} o WHERE o.number LIKE 'SO-%%' AND o.status = 'signed'",
        [],
    )
    run.done("acts", made)


def seed_documents(run: Run, owner: int) -> None:
    template = DocumentTemplate.objects.filter(kind="contract").order_by("-version").first()
    made = insert_select(
        ContractDocument,
        {
            "kind": "'contract'",
            "contract": "c.id",
            "expert": "c.expert_id",
            "number": "c.number",
            "template": str(template.pk),
            "status": "CASE WHEN c.status IN ('active', 'expired', 'terminated') THEN 'signed' "
            "WHEN c.status = 'sent_to_expert' THEN 'awaiting_expert' ELSE 'ready' END",
            "created_by": str(owner),
            "sent_at": "c.signed_at",
        },
        f"{table(Contract)} c WHERE c.number LIKE 'SC-%%'",
        [],
    )
    run.done("contract documents", made)


def seed_accounts(run: Run, owner: int) -> None:
    """A KOL account (kol-<expert id>, password scale12345) for every fifth contracted expert,
    who accepted the e-signature agreement and whose identity the administrator confirmed (their
    contracts are signed in the cabinet, which refuses an unconfirmed identity)."""
    password = User.objects.get(username=ADMIN).password
    contracted = (
        f"SELECT c.expert_id FROM {table(Contract)} c WHERE c.number LIKE 'SC-%%' "
        "AND mod(c.expert_id, 25) = 0"
    )
    made = insert_select(
        User,
        {
            "username": "'kol-' || x.id",
            "password": "p.pw",
            "last_name": "x.last_name",
            "first_name": "x.first_name",
            "middle_name": "x.middle_name",
            "email": "x.email",
        },
        f"{table(Expert)} x CROSS JOIN (SELECT %s::text AS pw) p WHERE x.id IN ({contracted})",
        [password],
    )
    kol = Group.objects.get(name=Role.KOL).pk
    execute(
        f"INSERT INTO {table(User.groups.through)} (user_id, group_id) "  # nosec B608
        f"SELECT u.id, {kol} FROM {table(User)} u WHERE u.username LIKE 'kol-%%' "
        "ON CONFLICT DO NOTHING",
        [],
        analyze=table(User.groups.through),
    )
    execute(
        f"UPDATE {table(Expert)} x SET user_id = u.id FROM {table(User)} u "  # nosec B608
        "WHERE u.username = 'kol-' || x.id AND x.user_id IS NULL",
        [],
        analyze=table(Expert),
    )
    insert_select(
        CabinetAccess,
        {
            "expert": "x.id",
            "confirmed_email": "x.email",
            "esign_accepted_at": f"{run.now} - interval '300 days'",
            "consent_accepted_at": f"{run.now} - interval '300 days'",
            "identity_confirmed_at": f"{run.now} - interval '300 days'",
            "identity_confirmed_by": str(int(owner)),
            "identity_note": "'passport'",
        },
        f"{table(Expert)} x WHERE x.user_id IS NOT NULL AND x.crm_id LIKE 'SCALE-%%'",
        [],
    )
    run.done("KOL accounts", made)


def seed_scale(*, run: Run) -> None:
    owner = User.objects.get(username=ADMIN).pk
    run.begin("contracts", 6)
    seed_contracts(run, owner)
    seed_orders(run, owner)
    seed_documents(run, owner)
    seed_accounts(run, owner)
