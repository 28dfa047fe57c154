"""Reads for the webhook pages."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from webhooks.models import Delivery, Endpoint


def endpoint_list():
    """Endpoints with their failed and pending delivery counts (one query per page)."""
    return (
        Endpoint.objects.select_related("owner")
        .annotate(
            failed_count=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED)),
            pending_count=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.PENDING)),
        )
        .order_by("-created_at", "-id")
    )


def endpoint_get(*, pk: int) -> Endpoint:
    return get_object_or_404(Endpoint.objects.select_related("owner"), pk=pk)


def delivery_log(*, endpoint: Endpoint, status: str = ""):
    deliveries = Delivery.objects.filter(endpoint=endpoint).select_related("message")
    if status:
        deliveries = deliveries.filter(status=status)
    return deliveries.order_by("-created_at", "-id")


def delivery_get(*, pk: int) -> Delivery:
    return get_object_or_404(Delivery.objects.select_related("message", "endpoint"), pk=pk)
