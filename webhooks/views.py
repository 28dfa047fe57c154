"""Webhook endpoints and their delivery log, for administrators."""

import copy

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kolplatform.core.actions import run_service
from kolplatform.core.permissions import role_required
from kolplatform.core.roles import Role
from webhooks import selectors
from webhooks.forms import DeliveryFilterForm, EndpointForm
from webhooks.models import Endpoint
from webhooks.services import endpoints as services

PAGE_SIZE = 25
admin_required = role_required(Role.ADMIN)


def _secret_key(pk: int) -> str:
    return f"webhooks_secret_{pk}"


def _endpoints_crumb():
    return (_("Webhooks"), reverse("webhooks:endpoints"))


@admin_required
@require_GET
def endpoint_list_view(request):
    page_obj = Paginator(selectors.endpoint_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "webhooks/endpoint_list.html",
        {"page_obj": page_obj, "breadcrumbs": [(_("Webhooks"), None)]},
    )


@admin_required
@require_http_methods(["GET", "POST"])
def endpoint_create_view(request):
    form = EndpointForm(request.POST or None, initial={"owner": request.user})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        endpoint = services.endpoint_create(
            actor=request.user,
            url=data["url"],
            event_types=data["event_types"],
            description=data["description"],
            owner=data["owner"],
        )
        request.session[_secret_key(endpoint.pk)] = endpoint.secret  # shown once
        messages.success(request, _("Endpoint created. Copy its signing secret now."))
        return redirect("webhooks:endpoint", pk=endpoint.pk)
    crumbs = [_endpoints_crumb(), (_("New endpoint"), None)]
    return render(request, "webhooks/endpoint_form.html", {"form": form, "breadcrumbs": crumbs})


@admin_required
@require_http_methods(["GET", "POST"])
def endpoint_update_view(request, pk: int):
    endpoint = selectors.endpoint_get(pk=pk)
    # The form validates a copy (a ModelForm writes the cleaned values into its instance); the
    # service compares them with the stored endpoint, writes and audits the changes.
    form = EndpointForm(request.POST or None, instance=copy.copy(endpoint))
    if request.method == "POST" and form.is_valid():
        data = {field: form.cleaned_data[field] for field in services.EDITABLE}
        services.endpoint_update(endpoint=endpoint, actor=request.user, **data)
        messages.success(request, _("Endpoint saved."))
        return redirect("webhooks:endpoint", pk=pk)
    crumbs = [
        _endpoints_crumb(),
        (str(endpoint), reverse("webhooks:endpoint", args=[pk])),
        (_("Edit"), None),
    ]
    return render(
        request,
        "webhooks/endpoint_form.html",
        {"form": form, "endpoint": endpoint, "breadcrumbs": crumbs},
    )


@admin_required
@require_GET
def endpoint_detail_view(request, pk: int):
    """The endpoint and its delivery log (newest first, filtered by status)."""
    endpoint = selectors.endpoint_get(pk=pk)
    filter_form = DeliveryFilterForm(request.GET or None)
    status = filter_form.cleaned_data["status"] if filter_form.is_valid() else ""
    deliveries = selectors.delivery_log(endpoint=endpoint, status=status)
    page_obj = Paginator(deliveries, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "endpoint": endpoint,
        "secret": request.session.pop(_secret_key(pk), None),
        "filter_form": filter_form,
        "page_obj": page_obj,
        "breadcrumbs": [_endpoints_crumb(), (str(endpoint), None)],
    }
    return render(request, "webhooks/endpoint_detail.html", context)


@admin_required
@require_POST
def endpoint_rotate_view(request, pk: int):
    endpoint = selectors.endpoint_get(pk=pk)
    secret = services.endpoint_rotate_secret(endpoint=endpoint, actor=request.user)
    request.session[_secret_key(pk)] = secret
    messages.success(
        request,
        _("New signing secret made. The previous one keeps signing for the overlap window."),
    )
    return redirect("webhooks:endpoint", pk=pk)


@admin_required
@require_POST
def endpoint_toggle_view(request, pk: int):
    endpoint = selectors.endpoint_get(pk=pk)
    if endpoint.status == Endpoint.Status.ENABLED:
        services.endpoint_disable(
            endpoint=endpoint, reason=Endpoint.DisabledReason.MANUAL, actor=request.user
        )
        messages.success(request, _("Endpoint disabled."))
    else:
        run_service(
            request,
            lambda: services.endpoint_enable(endpoint=endpoint, actor=request.user),
            success=_("Endpoint enabled."),
        )
    return redirect("webhooks:endpoint", pk=pk)


@admin_required
@require_POST
def endpoint_resend_failed_view(request, pk: int):
    endpoint = selectors.endpoint_get(pk=pk)
    count = services.deliveries_resend_failed(endpoint=endpoint, actor=request.user)
    messages.success(request, _("Failed deliveries sent again: %(count)s.") % {"count": count})
    return redirect("webhooks:endpoint", pk=pk)


@admin_required
@require_GET
def delivery_detail_view(request, pk: int):
    delivery = selectors.delivery_get(pk=pk)
    endpoint = delivery.endpoint
    context = {
        "delivery": delivery,
        "attempts": delivery.attempt_log.order_by("-attempted_at", "-id")[:50],
        "breadcrumbs": [
            _endpoints_crumb(),
            (str(endpoint), reverse("webhooks:endpoint", args=[endpoint.pk])),
            (delivery.message.msg_id, None),
        ],
    }
    return render(request, "webhooks/delivery_detail.html", context)


@admin_required
@require_POST
def delivery_resend_view(request, pk: int):
    delivery = selectors.delivery_get(pk=pk)
    services.delivery_resend(delivery=delivery, actor=request.user)
    messages.success(request, _("The delivery is sent again."))
    return redirect("webhooks:delivery", pk=pk)
