"""The API keys page (administrators): list, create (the key is shown once), revoke."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from api.forms import ApiKeyForm
from api.models import ApiKey
from api.services.keys import api_key_create, api_key_revoke
from kolplatform.core.actions import run_service
from kolplatform.core.permissions import role_required
from kolplatform.core.roles import Role

PAGE_SIZE = 50


@login_required
@role_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def key_list(request):
    form = ApiKeyForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = {}

        def create():
            result["key"] = api_key_create(
                integration=data["integration"],
                role=data["role"],
                scopes=data["scopes"],
                expires_at=data["expires_at"],
                actor=request.user,
            )

        if run_service(request, create, success=None):
            created = result["key"]
            form = ApiKeyForm()
    keys = ApiKey.objects.select_related("user", "created_by").order_by("-created", "prefix")
    page_obj = Paginator(keys, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "api/keys.html",
        {
            "form": form,
            "page_obj": page_obj,
            "created": created[0] if created else None,
            "created_key": created[1] if created else None,
            "breadcrumbs": [(_("API keys"), None)],
        },
        status=201 if created else 200,
    )


@login_required
@role_required(Role.ADMIN)
@require_POST
def key_revoke(request, prefix):
    api_key = get_object_or_404(ApiKey, prefix=prefix)
    run_service(
        request,
        lambda: api_key_revoke(api_key=api_key, actor=request.user),
        success=_("The key of “%(name)s” is revoked.") % {"name": api_key.integration},
    )
    return redirect("api_keys:list")
