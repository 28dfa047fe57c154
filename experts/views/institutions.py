"""Creating an institution from the expert form's picker (a modal loaded with htmx) or on its
own page: data stewards create it directly, after a warning about similar institutions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from experts.forms import InstitutionForm
from experts.services.institutions import institution_create, institutions_similar
from experts.views.common import require_perm

PICKER = "id_institution"
"""The id of the expert form's institution <select> that receives the new institution."""


@login_required
@require_http_methods(["GET", "POST"])
def institution_create_view(request):
    require_perm(request.user, "experts.add_institution")
    htmx = request.headers.get("HX-Request") == "true"
    if request.method == "GET":
        form = InstitutionForm(initial={"name": request.GET.get("institution_q", "").strip()})
        return _form(request, form, htmx=htmx)
    form = InstitutionForm(request.POST)
    if not form.is_valid():
        return _form(request, form, htmx=htmx)
    values = {k: v for k, v in form.cleaned_data.items() if v not in ("", None)}
    similar = institutions_similar(name=values["name"], city=values.get("city", ""))
    if similar and request.POST.get("confirm_duplicate") != "1":
        return _form(request, form, htmx=htmx, similar=similar)
    institution = institution_create(actor=request.user, **values)
    if not htmx:
        messages.success(request, _("Institution “%(name)s” created.") % {"name": institution})
        return redirect("experts:create")
    response = render(
        request,
        "experts/_institution_options.html",
        {"institutions": [institution], "q": institution.name},
    )
    response["HX-Retarget"] = f"#{PICKER}"
    response["HX-Reswap"] = "innerHTML"
    response["HX-Trigger"] = "institution-created"
    return response


def _form(request, form, *, htmx: bool, similar=()):
    context = {"form": form, "similar": similar, "htmx": htmx}
    template = "experts/_institution_form.html" if htmx else "experts/institution_new.html"
    return render(request, template, context)
