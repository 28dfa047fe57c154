"""The role gates of kolplatform.core.permissions, on throw-away views."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from django.views import View

from kolplatform.core.permissions import (
    KolRequiredMixin,
    RoleRequiredMixin,
    StaffRequiredMixin,
    kol_required,
    role_required,
    staff_required,
)
from kolplatform.core.roles import Role

pytestmark = pytest.mark.django_db


class FinanceView(RoleRequiredMixin, View):
    roles = (Role.FINANCE,)

    def get(self, request):
        return HttpResponse("ok")


class StaffView(StaffRequiredMixin, View):
    def get(self, request):
        return HttpResponse("ok")


class KolView(KolRequiredMixin, View):
    def get(self, request):
        return HttpResponse("ok")


@role_required(Role.FINANCE)
def finance_view(request):
    return HttpResponse("ok")


@staff_required
def staff_view(request):
    return HttpResponse("ok")


@kol_required
def kol_view(request):
    return HttpResponse("ok")


VIEWS = {
    "finance": (FinanceView.as_view(), finance_view),
    "staff": (StaffView.as_view(), staff_view),
    "kol": (KolView.as_view(), kol_view),
}

# persona -> the gates it passes
ALLOWED = {
    "field_staff": {"staff"},
    "marketing_manager": {"staff"},
    "approver": {"staff"},
    "legal": {"staff"},
    "compliance": {"staff"},
    "finance": {"staff", "finance"},
    "admin": {"staff", "finance"},  # a superuser passes staff gates, not the KOL gate
    "kol": {"kol"},
    "other_kol": {"kol"},
}


def call(view, user):
    request = RequestFactory().get("/some/page/?x=1")
    request.user = user
    return view(request)


@pytest.mark.parametrize("persona", sorted(ALLOWED))
@pytest.mark.parametrize("gate", sorted(VIEWS))
def test_gate_lets_in_its_roles_and_denies_the_rest(personas, persona, gate):
    for view in VIEWS[gate]:
        if gate in ALLOWED[persona]:
            assert call(view, personas[persona]).status_code == 200
        else:
            with pytest.raises(PermissionDenied):
                call(view, personas[persona])


@pytest.mark.parametrize("gate", sorted(VIEWS))
def test_anonymous_is_redirected_to_login_with_next(gate):
    for view in VIEWS[gate]:
        response = call(view, AnonymousUser())
        assert response.status_code == 302
        assert response["Location"] == "/login/?next=/some/page/%3Fx%3D1"


def test_user_without_any_role_is_denied_staff_pages(make_user):
    with pytest.raises(PermissionDenied):
        call(staff_view, make_user(None, username="nobody"))


def test_mixin_without_roles_is_a_configuration_error(field_staff):
    class Misconfigured(RoleRequiredMixin, View):
        pass

    with pytest.raises(ImproperlyConfigured):
        call(Misconfigured.as_view(), field_staff)


def test_decorator_without_roles_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured):
        role_required()


def test_decorator_keeps_the_view_name():
    assert finance_view.__name__ == "finance_view"
