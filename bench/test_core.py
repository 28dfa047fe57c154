"""The platform pages at scale: home and reference data."""

from django.urls import reverse


def test_home(bench, staff_user):
    result = bench.measure(reverse("home"), user=staff_user, name="core: home")
    assert result.queries <= 8
    assert result.p95_ms < 300


def test_reference_products_search(bench, field_user):
    url = reverse("reference_data") + "?kind=products&q=S-00"
    result = bench.measure(url, user=field_user, name="core: reference products search")
    assert result.queries <= 8
    assert result.p95_ms < 300


def test_reference_regions_last_page(bench, field_user):
    url = reverse("reference_data") + "?kind=regions&page=last"
    result = bench.measure(url, user=field_user, name="core: reference regions last page")
    assert result.queries <= 8
