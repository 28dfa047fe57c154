"""Who may open each URL that takes an id or a token: the declarations of the URL sweep.

tests/core/test_url_sweep.py walks the URL conf, finds every pattern with a path converter
(`<int:pk>`, `<uuid:token>`, `<slug:...>`, `<str:...>`) and requests it as each persona in
PERSONAS, for objects that belong to KOL A (the `kol` persona) in the world built by
`build_world()`. A pattern without a declaration here fails the sweep.

Adding a view is one line in ACCESS::

    "experts:thing": A(lambda w: {"pk": w.thing.pk}, STAFF | OWNER),

- the lambda gives the URL kwargs from the world `w` (add the object to `build_world` if it is
  new; objects belong to KOL A, staff objects to the `marketing_manager` persona);
- the set names the personas that are let in; every other persona must be refused.

Allowed: a 2xx or 3xx answer that is not a redirect to the login page (an allowed POST with an
empty body may also answer 400). Refused: 403 or 404, or a redirect to the login page. The
sweep GETs each URL; a view that answers 405 to GET gets an empty POST instead, and a refused
POST must leave the database as it was.

A URL with a `token` in it also needs an entry in FORGED: the kwargs with a made-up token, which
every persona must be refused.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.utils import timezone

from kolplatform.core.roles import Role

STAFF_PERSONAS = {
    "field_staff": Role.FIELD_STAFF,
    "marketing_manager": Role.MARKETING_MANAGER,
    "approver": Role.APPROVER,
    "legal": Role.LEGAL,
    "compliance": Role.COMPLIANCE,
    "finance": Role.FINANCE,
    "admin": Role.ADMIN,
}
SIGNED_IN_PERSONAS = [*STAFF_PERSONAS, "kol", "other_kol"]
PERSONAS = [*SIGNED_IN_PERSONAS, "anonymous"]

STAFF = frozenset(STAFF_PERSONAS)
OWNER = frozenset({"kol"})
KOLS = frozenset({"kol", "other_kol"})
EVERYONE = frozenset(PERSONAS)


def roles(*names: str) -> frozenset:
    return frozenset(names)


@dataclass(frozen=True)
class A:
    """The URL kwargs for the world, and the personas let in."""

    kwargs: Callable[[SimpleNamespace], dict]
    allow: frozenset


def pk(attr: str, name: str = "pk") -> Callable[[SimpleNamespace], dict]:
    return lambda w: {name: getattr(w, attr).pk}


# Who works with what (the roles of DESIGN.md §3, as the rules modules grant them).
EXPERT_EDITORS = roles("field_staff", "marketing_manager", "admin")
DATA_STEWARDS = roles("marketing_manager", "admin")
PRIVACY = roles("compliance", "admin")
CONTRACT_MANAGERS = roles("field_staff", "marketing_manager", "legal", "admin")
LAWYERS = roles("legal", "admin")
EVENT_READERS = STAFF - {"field_staff"}  # field staff see the events they work on
EVENT_EDITORS = roles("marketing_manager", "admin")
COMPLIANCE = roles("compliance", "admin")
PAYOUT_STAFF = roles("finance", "admin")
PLANNERS = roles("marketing_manager", "admin")
FIELD_MANAGERS = roles("marketing_manager", "admin")  # the rep's manager, administrators
FIELD_TEAM = FIELD_MANAGERS | {"field_staff"}  # ... and the rep

# The Django admin: one declaration stands for all its object pages (its own staff gate).
ADMIN_SAMPLE = "admin:core_user_change"

ACCESS: dict[str, A] = {
    ADMIN_SAMPLE: A(lambda w: {"object_id": w.kol.pk}, roles("admin")),
    "password_reset_confirm": A(lambda w: {"uidb64": "MQ", "token": "set-password"}, EVERYONE),
    # core
    "core:approval_decide": A(pk("approval"), STAFF),
    "core:picker_search": A(lambda w: {"source": "staff"}, STAFF),
    "core:notification_read": A(pk("notification"), OWNER),
    "core:notification_open": A(pk("notification"), OWNER),
    "core:document_download": A(pk("contract_pdf"), STAFF | OWNER),
    # experts
    "experts:export": A(lambda w: {"fmt": "csv"}, STAFF),
    "experts:detail": A(pk("expert"), STAFF),
    "experts:update": A(pk("expert"), EXPERT_EDITORS),
    "experts:evidence_pack": A(
        lambda w: {"pk": w.expert.pk, "year": timezone.localdate().year}, COMPLIANCE
    ),
    "experts:bank_details": A(pk("expert"), roles("marketing_manager", "finance", "admin") | OWNER),
    "experts:consent_add": A(pk("expert"), EXPERT_EDITORS | COMPLIANCE),
    "experts:consent_withdraw": A(pk("consent"), EXPERT_EDITORS | COMPLIANCE | OWNER),
    "experts:activity_add": A(pk("expert"), EXPERT_EDITORS),
    "experts:competency_add": A(pk("expert"), EXPERT_EDITORS),
    "experts:export_data": A(pk("expert"), PRIVACY | OWNER),
    "experts:erase": A(pk("expert"), PRIVACY),
    "experts:merge": A(pk("expert"), DATA_STEWARDS),
    "experts:assessment_start": A(pk("expert"), EXPERT_EDITORS),
    "experts:assessment": A(pk("assessment"), STAFF),
    "experts:assessment_decide": A(
        lambda w: {"pk": w.assessment.pk, "decision": "approve"}, roles("approver", "admin")
    ),
    "experts:import": A(pk("import_job"), DATA_STEWARDS),
    "experts:import_start": A(pk("import_job"), DATA_STEWARDS),
    "experts:import_progress": A(pk("import_job"), DATA_STEWARDS),
    "experts:import_errors": A(pk("import_job"), DATA_STEWARDS),
    "experts:request_new": A(lambda w: {"kind": "new_expert"}, EXPERT_EDITORS),
    "experts:request": A(pk("data_request"), DATA_STEWARDS),
    "experts:request_decide": A(
        lambda w: {"pk": w.data_request.pk, "decision": "approve"}, roles("admin")
    ),
    # contracts
    "contracts:detail": A(pk("contract"), STAFF),
    "contracts:edit": A(pk("contract"), CONTRACT_MANAGERS),
    "contracts:decide": A(pk("contract"), LAWYERS),
    "contracts:identity_confirm": A(pk("contract"), CONTRACT_MANAGERS),
    "contracts:order_create": A(pk("contract"), CONTRACT_MANAGERS),
    "contracts:action": A(lambda w: {"pk": w.contract.pk, "action": "invite"}, CONTRACT_MANAGERS),
    "contracts:order_action": A(
        lambda w: {"pk": w.order.pk, "action": "cancel"}, CONTRACT_MANAGERS
    ),
    "contracts:document": A(pk("document"), STAFF | OWNER),
    "contracts:document_send": A(pk("document"), CONTRACT_MANAGERS),
    "contracts:otp_request": A(pk("document"), STAFF | OWNER),
    "contracts:sign": A(pk("document"), STAFF | OWNER),
    "contracts:decline": A(pk("document"), OWNER),
    "contracts:document_file": A(
        lambda w: {"pk": w.document.pk, "which": "original"}, STAFF | OWNER
    ),
    "contracts:template_edit": A(pk("template"), LAWYERS),
    "contracts:template_preview": A(pk("template"), STAFF),
    "contracts:cabinet_document": A(pk("document"), STAFF | OWNER),
    "contracts:agreement_pdf": A(lambda w: {"kind": "esign_agreement"}, KOLS),
    "contracts:invitation": A(lambda w: {"token": w.invitation_token}, EVERYONE),
    # events
    "events:detail": A(pk("event"), EVENT_READERS),
    "events:edit": A(pk("event"), EVENT_EDITORS),
    "events:program_add": A(pk("event"), EVENT_EDITORS),
    "events:expert_search": A(lambda w: {"pk": w.event.pk, "role": "speaker"}, EVENT_EDITORS),
    "events:speaker_order": A(pk("event"), EVENT_EDITORS),
    "events:budget_add": A(pk("event"), EVENT_EDITORS),
    "events:budget_edit": A(
        lambda w: {"pk": w.event.pk, "line_pk": w.budget_line.pk}, EVENT_EDITORS
    ),
    "events:participant_add": A(pk("event"), EVENT_EDITORS),
    "events:participant_action": A(
        lambda w: {"pk": w.event.pk, "participant_pk": w.participant.pk, "action": "checkin"},
        EVENT_EDITORS,
    ),
    "events:task_add": A(pk("event"), EVENT_EDITORS),
    "events:task_toggle": A(
        lambda w: {"pk": w.event.pk, "task_pk": w.task.pk}, EVENT_EDITORS | {"field_staff"}
    ),
    "events:vendor_request_add": A(pk("event"), EVENT_EDITORS),
    "events:vendor_request_action": A(
        lambda w: {"pk": w.event.pk, "request_pk": w.vendor_request.pk, "action": "cancel"},
        EVENT_EDITORS,
    ),
    "events:vendor_payment": A(
        lambda w: {"pk": w.event.pk, "request_pk": w.vendor_request.pk}, PAYOUT_STAFF
    ),
    "events:transition": A(lambda w: {"pk": w.event.pk, "action": "send"}, EVENT_EDITORS),
    "events:decide": A(pk("event"), EVENT_READERS),
    "events:notice_generate": A(pk("event"), COMPLIANCE),
    "events:notice_submit": A(lambda w: {"pk": w.event.pk, "notice_pk": w.notice.pk}, COMPLIANCE),
    "events:notice_override": A(pk("event"), COMPLIANCE),
    "events:notice_close_override": A(pk("event"), COMPLIANCE),
    "events:checklist_upload": A(lambda w: {"pk": w.event.pk, "item_pk": w.item.pk}, EVENT_EDITORS),
    "events:checklist_review": A(lambda w: {"pk": w.event.pk, "item_pk": w.item.pk}, COMPLIANCE),
    # The evidence pack holds one KOL's fees: compliance, admin and the owning manager.
    "events:archive": A(pk("event"), COMPLIANCE | {"marketing_manager"}),
    "events:checkin": A(lambda w: {"token": w.participant.badge_token}, EVENT_EDITORS),
    "events:badge": A(lambda w: {"token": w.participant.badge_token}, EVERYONE),
    "events:certificate": A(lambda w: {"token": w.attendee.badge_token}, EVERYONE),
    "events:vendor_page": A(lambda w: {"token": w.vendor_request.token}, EVERYONE),
    # payments
    "payments:detail": A(pk("payout"), PAYOUT_STAFF),
    "payments:check": A(pk("payout"), PAYOUT_STAFF),
    "payments:approve": A(pk("payout"), PAYOUT_STAFF),
    "payments:cancel": A(pk("payout"), PAYOUT_STAFF),
    "payments:retry": A(pk("payout"), PAYOUT_STAFF),
    "payments:exception": A(pk("payout"), PAYOUT_STAFF),
    "payments:npd_confirm": A(pk("payout"), PAYOUT_STAFF),
    "payments:invoice": A(pk("payout"), PAYOUT_STAFF),
    "payments:message": A(pk("payout"), PAYOUT_STAFF),
    "payments:document": A(
        lambda w: {"pk": w.payout.pk, "doc_pk": w.payout_doc.pk}, PAYOUT_STAFF | OWNER
    ),
    "payments:registry_detail": A(pk("registry"), PAYOUT_STAFF),
    "payments:registry_file": A(lambda w: {"pk": w.registry.pk, "kind": "csv"}, PAYOUT_STAFF),
    "payments:confirmation_detail": A(pk("confirmation"), PAYOUT_STAFF),
    "payments:cabinet_detail": A(pk("payout"), OWNER),
    "payments:cabinet_status": A(pk("payout"), OWNER),
    "payments:cabinet_receipt": A(pk("payout"), OWNER),
    "payments:cabinet_message": A(pk("payout"), OWNER),
    # feedback
    "feedback:form": A(lambda w: {"token": w.survey.token}, EVERYONE),
    "feedback:thanks": A(lambda w: {"token": w.survey.token}, EVERYONE),
    "feedback:personal": A(
        lambda w: {"token": w.survey.token, "badge": w.attendee.badge_token}, EVERYONE
    ),
    "feedback:template_edit": A(pk("survey_template"), PLANNERS),
    "feedback:template_make_default": A(pk("survey_template"), PLANNERS),
    "feedback:analysis": A(pk("survey_event", "event_pk"), EVENT_READERS),
    "feedback:analysis_xlsx": A(pk("survey_event", "event_pk"), EVENT_READERS),
    "feedback:survey_edit": A(pk("survey_event", "event_pk"), PLANNERS),
    "feedback:qr_svg": A(pk("survey_event", "event_pk"), EVENT_READERS),
    "feedback:qr_png": A(pk("survey_event", "event_pk"), EVENT_READERS),
    "feedback:poster": A(pk("survey_event", "event_pk"), EVENT_READERS),
    # field: the field_staff persona is a rep of the marketing_manager persona
    "field:visit": A(pk("field_visit"), FIELD_TEAM),
    "field:check_in": A(pk("field_visit"), roles("field_staff")),
    "field:check_out": A(pk("field_visit"), roles("field_staff")),
    "field:report": A(pk("field_visit"), roles("field_staff")),
    "field:review": A(pk("field_visit"), FIELD_MANAGERS),
    "field:unlock": A(pk("field_visit"), FIELD_MANAGERS),
    "field:plan": A(pk("field_plan"), FIELD_TEAM),
    "field:target_new": A(pk("field_plan"), FIELD_TEAM),
    "field:target_delete": A(
        lambda w: {"pk": w.field_plan.pk, "target_pk": w.field_target.pk}, FIELD_TEAM
    ),
    "field:target_schedule": A(
        lambda w: {"pk": w.field_plan.pk, "target_pk": w.field_target.pk}, FIELD_TEAM
    ),
    "field:lock": A(pk("field_plan"), FIELD_MANAGERS),
    "field:rep_targets": A(pk("field_rep"), FIELD_MANAGERS),
    "field:expert_segment": A(pk("expert"), FIELD_MANAGERS),
    "field:goal_change_new": A(pk("field_plan"), FIELD_TEAM),
    "field:goal_change_decide": A(pk("field_goal_change"), FIELD_MANAGERS),
    # analytics
    "analytics:kol": A(pk("expert"), STAFF),
    "analytics:plan_edit": A(pk("plan"), PLANNERS),
    "analytics:kpi_target_edit": A(pk("kpi_target"), PLANNERS),
    "analytics:data_import": A(pk("data_import"), PLANNERS),  # the uploader and admins
    "analytics:data_import_status": A(pk("data_import"), PLANNERS),
    "analytics:api": A(lambda w: {"dataset": "summary"}, STAFF),
    # webhooks (administrators only)
    "webhooks:endpoint": A(pk("webhook_endpoint"), roles("admin")),
    "webhooks:endpoint_update": A(pk("webhook_endpoint"), roles("admin")),
    "webhooks:endpoint_rotate": A(pk("webhook_endpoint"), roles("admin")),
    "webhooks:endpoint_toggle": A(pk("webhook_endpoint"), roles("admin")),
    "webhooks:resend_failed": A(pk("webhook_endpoint"), roles("admin")),
    "webhooks:delivery": A(pk("webhook_delivery"), roles("admin")),
    "webhooks:delivery_resend": A(pk("webhook_delivery"), roles("admin")),
    # integrations: the API keys page (the REST API itself: tests/api/test_scopes.py)
    "api_keys:revoke": A(lambda w: {"prefix": w.api_key.prefix}, roles("admin")),
}


# A one-page PDF that needs no rendering (the sweep checks who gets the file, not its looks).
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


# URLs opened by a secret token: a made-up token must be refused (404/410) to everyone. None:
# Django's own password-reset view, which shows its "invalid link" page instead.
FORGED_UUID = "00000000-0000-4000-8000-000000000000"
FORGED: dict[str, dict | None] = {
    "password_reset_confirm": None,
    "contracts:invitation": {"token": "forged-invitation-token"},
    "events:checkin": {"token": FORGED_UUID},
    "events:badge": {"token": FORGED_UUID},
    "events:certificate": {"token": FORGED_UUID},
    "events:vendor_page": {"token": "forged-vendor-token"},
    "feedback:form": {"token": "forged-survey-token"},
    "feedback:thanks": {"token": "forged-survey-token"},
    "feedback:personal": {"token": "forged-survey-token", "badge": FORGED_UUID},
}


def build_world() -> SimpleNamespace:
    """The personas and one object of each kind, belonging to KOL A (`w.kol`)."""
    from tests.factories.core import UserFactory
    from tests.factories.experts import KolUserFactory

    w = SimpleNamespace()
    w.users = {
        name: UserFactory(role=role, username=f"sweep-{name}")
        for name, role in STAFF_PERSONAS.items()
    }
    admin = w.users["admin"]
    admin.is_staff = admin.is_superuser = True
    admin.save(update_fields=["is_staff", "is_superuser"])
    w.kol = w.users["kol"] = KolUserFactory(username="sweep-kol")
    w.users["other_kol"] = KolUserFactory(username="sweep-kol2")
    w.users["anonymous"] = None
    w.expert = w.kol.expert
    w.manager = w.users["marketing_manager"]
    _experts(w)
    _contracts(w)
    _events(w)
    _payments(w)
    _feedback_and_analytics(w)
    _webhooks(w)
    _field(w)
    _api_keys(w)
    return w


def _field(w) -> None:
    from field.models import FieldRep, GoalChange
    from tests.factories.field import CyclePlanFactory, PlanTargetFactory, VisitFactory

    rep = w.users["field_staff"]
    w.field_rep = FieldRep.objects.create(user=rep, manager=w.manager)
    w.field_plan = CyclePlanFactory(rep=rep)
    w.field_target = PlanTargetFactory(plan=w.field_plan)
    w.field_visit = VisitFactory(rep=rep, plan=w.field_plan, target=w.field_target)
    w.field_goal_change = GoalChange.objects.create(
        plan=w.field_plan,
        institution=w.field_target.institution,
        planned_visits=2,
        reason="sweep",
        requested_by=rep,
    )


def _experts(w) -> None:
    from experts.models import ImportJob
    from experts.services.grading import assessment_start
    from experts.services.requests import data_request_create
    from tests.factories.core import NotificationFactory

    w.consent = w.expert.consents.first()
    w.assessment = assessment_start(expert=w.expert, actor=w.manager)
    w.import_job = ImportJob.objects.create(
        source="crm",
        file=ContentFile(b"last_name;first_name\n", name="experts.csv"),
        original_name="experts.csv",
        created_by=w.manager,
    )
    w.data_request = data_request_create(
        kind="change_expert", actor=w.manager, payload={"city": "Тверь"}, expert=w.expert
    )
    w.notification = NotificationFactory(recipient=w.kol)


def _contracts(w) -> None:
    from contracts.cabinet import _token_hash
    from contracts.models import CabinetInvitation, ContractDocument, DocumentTemplate
    from kolplatform.core.approvals import approval_request_start
    from kolplatform.core.documents import document_store
    from tests.factories.contracts import ContractFactory, ServiceOrderFactory, awaiting_document
    from tests.factories.experts import ExpertFactory

    w.contract = ContractFactory(expert=w.expert, owner=w.manager)
    w.order = ServiceOrderFactory(contract=w.contract)
    w.document = awaiting_document(
        contract__expert=w.expert, contract__owner=w.manager, rendered=False
    )
    w.contract_pdf = document_store(data=TINY_PDF, name="contract.pdf", owner=w.document)
    ContractDocument.objects.filter(pk=w.document.pk).update(pdf=w.contract_pdf)
    w.document.refresh_from_db()
    w.template = DocumentTemplate.objects.order_by("pk").first()
    w.approval = approval_request_start(target=w.contract, actor=w.manager)
    w.invitation_token = "sweep-invitation-token"
    CabinetInvitation.objects.create(
        expert=ExpertFactory(),
        email="invited@example.com",
        token_hash=_token_hash(w.invitation_token),
        created_by=w.manager,
        expires_at=timezone.now() + timedelta(days=7),
    )


def _events(w) -> None:
    from events import closing, logistics, notices
    from tests.factories.events import (
        BudgetLineFactory,
        EventFactory,
        ParticipantFactory,
        ProgramItemFactory,
        TaskFactory,
        VendorFactory,
    )

    w.event = EventFactory(owner=w.manager)
    ProgramItemFactory(event=w.event, speaker=w.expert)
    w.budget_line = BudgetLineFactory(event=w.event)
    w.participant = ParticipantFactory(event=w.event, expert=w.expert)
    w.task = TaskFactory(event=w.event, assignee=w.users["field_staff"])
    w.vendor_request = logistics.vendor_request_create(
        event=w.event, actor=w.manager, vendor=VendorFactory(), kind="hotel"
    )
    w.notice = notices.notice_generate(event=w.event, actor=w.users["compliance"])
    closing.checklist_create(event=w.event)
    w.item = w.event.checklist_items.first()


def _payments(w) -> None:
    from kolplatform.core.documents import document_store
    from payments import formats, services
    from tests.factories.payments import signed_act

    finance = w.users["finance"]
    w.payout = services.payout_create_from_act(act=signed_act(expert=w.expert), actor=finance)
    w.payout_doc = document_store(data=TINY_PDF, name="receipt.pdf", owner=w.payout)
    paid = services.payout_create_from_act(act=signed_act(expert=w.expert), actor=finance)
    paid = services.payout_approve(payout=paid, actor=finance)
    w.registry = services.registry_export(payout_ids=[paid.pk], actor=finance)
    line = w.registry.lines.get()
    row = {
        "registry_number": w.registry.number,
        "line_no": line.line_no,
        "payout_id": line.payout_id,
        "amount": str(line.amount),
        "status": "paid",
        "payment_order_number": "PO-1",
        "paid_on": "2026-03-25",
        "reason": "",
    }
    w.confirmation = services.confirmation_import(
        data=formats.confirmation_csv([row]), name="bank.csv", actor=finance
    )


def _feedback_and_analytics(w) -> None:
    from analytics.models import DataImport
    from tests.factories.analytics import KpiTargetFactory, PlanFactory
    from tests.factories.events import ParticipantFactory
    from tests.factories.feedback import SurveyFactory, SurveyTemplateFactory

    w.survey = SurveyFactory(event__owner=w.manager)
    w.survey_event = w.survey.event
    # A participant who checked in at the survey's event: the certificate, the personal link.
    w.attendee = ParticipantFactory(event=w.survey_event, checked_in_at=timezone.now())
    w.survey_template = SurveyTemplateFactory()
    w.plan = PlanFactory()
    w.kpi_target = KpiTargetFactory(manager=w.manager)
    w.data_import = DataImport.objects.create(
        kind=DataImport.Kind.PLANS,
        file=ContentFile(b"PK", name="plans.xlsx"),
        original_name="plans.xlsx",
        created_by=w.manager,
    )


def _webhooks(w) -> None:
    from kolplatform.core import hooks
    from webhooks.services.endpoints import endpoint_create

    # .invalid never resolves: a delivery the sweep triggers fails at once, nothing leaves.
    w.webhook_endpoint = endpoint_create(
        actor=w.users["admin"], url="https://crm.invalid/hooks", event_types=["expert.updated"]
    )
    hooks.emit("expert.updated", expert_id=w.expert.pk, actor_id=None, fields=["city"])
    w.webhook_delivery = w.webhook_endpoint.deliveries.get()


def _api_keys(w) -> None:
    from api.models import ApiKey

    w.api_key, _key = ApiKey.objects.create_key(
        name="CRM", integration="CRM", scopes=["experts:read"], user=w.manager
    )
