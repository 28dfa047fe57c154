from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import check_for_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language
from django_ratelimit.core import is_ratelimited

from kolplatform.core.models import CostCenter, Product, Region, TherapeuticArea, User
from kolplatform.core.navigation import nav_for_user
from kolplatform.core.permissions import staff_required
from kolplatform.core.pickers import SOURCES, picker_chosen, picker_matches


@never_cache
def healthz(request):
    """Liveness/readiness for load balancers and docker-compose: 200 when the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


@login_required
def home(request):
    """Staff see their start page with module tiles; a KOL goes to the cabinet."""
    if request.user.is_kol and not request.user.is_staff_member:
        try:
            return redirect(reverse("contracts:cabinet_home"))
        except NoReverseMatch:
            pass
    # The tiles are the user's menu without "Home" itself: modules appear as their URLs land.
    home_tiles = [i for i in nav_for_user(request.user) if i["url_name"] != "home"]
    return render(request, "core/home.html", {"home_tiles": home_tiles})


@require_POST
def set_language(request):
    """Django's set_language (cookie + redirect to `next`), also remembered on the signed-in user
    so that e-mails and PDFs reach them in the language they chose."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if (
        request.user.is_authenticated
        and language in dict(settings.LANGUAGES)
        and check_for_language(language)
    ):
        User.objects.filter(pk=request.user.pk).update(language=language)
    return response


def set_language_cookie(response, language: str) -> None:
    """Remember `language` in this browser with every LANGUAGE_COOKIE_* setting (Secure and
    HttpOnly in production), as Django's own set_language does."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


class LoginView(auth_views.LoginView):
    """Django's sign-in, plus the interface language: a language chosen in this browser (the
    cookie) is remembered on the user; without one, the user's saved language is applied."""

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        languages = dict(settings.LANGUAGES)
        chosen = self.request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen in languages:
            if chosen != user.language:
                User.objects.filter(pk=user.pk).update(language=chosen)
        elif user.language in languages:
            set_language_cookie(response, user.language)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, limited per client IP and per e-mail address (no mail bombing, no
    mass mailing through our server): over a limit the form comes back, input kept, with a 429."""

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        limits = [
            ("password-reset-ip", "ip", settings.RATELIMIT_PASSWORD_RESET),
            (
                "password-reset-email",
                lambda group, request: email,
                settings.RATELIMIT_PASSWORD_RESET_EMAIL,
            ),
        ]
        limited = [
            is_ratelimited(
                self.request, group=group, key=key, rate=rate, method="POST", increment=True
            )
            for group, key, rate in limits
        ]
        if any(limited):
            form.add_error(None, _("Too many password reset requests. Please try again later."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


def rate_limited(request, exception):
    """RATELIMIT_VIEW: a request over a rate limit gets a page saying so, with status 429."""
    return render(request, "429.html", status=429)


REFERENCE_KINDS = {
    "regions": (_("Regions"), Region.objects.all(), ("name", "code")),
    "products": (
        _("Products"),
        Product.objects.select_related("therapeutic_area"),
        ("name", "therapeutic_area__name"),
    ),
    "areas": (_("Therapeutic areas"), TherapeuticArea.objects.all(), ("name",)),
    "cost_centers": (_("Cost centers"), CostCenter.objects.all(), ("name", "code")),
}


@staff_required
def reference_data(request):
    """Read-only reference lists for staff, with search and pagination (admins edit them in the
    Django admin)."""
    kind = request.GET.get("kind", "regions")
    if kind not in REFERENCE_KINDS:
        raise Http404
    title, queryset, search_fields = REFERENCE_KINDS[kind]
    query = request.GET.get("q", "").strip()
    if query:
        condition = Q()
        for field in search_fields:
            condition |= Q(**{f"{field}__icontains": query})
        queryset = queryset.filter(condition)
    page = Paginator(queryset.order_by("name", "pk"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "core/reference_data.html",
        {
            "kind": kind,
            "kinds": [(key, value[0]) for key, value in REFERENCE_KINDS.items()],
            "title": title,
            "query": query,
            "page_obj": page,
            "breadcrumbs": [(_("Reference data"), reverse("reference_data")), (title, None)],
        },
    )


@staff_required
def picker_search(request, source):
    """<option>s for a server-side picker (kolplatform.core.pickers): a few matches."""
    if source not in SOURCES:
        raise Http404
    key = next((k for k in request.GET if k == "q" or k.endswith("_q")), "q")
    query = request.GET.get(key, "")
    # A multiple picker sends its chosen values along (its field name is the box's without _q).
    multiple = request.GET.get("multiple") == "1" and key != "q"
    chosen = picker_chosen(source, request.GET.getlist(key[:-2])) if multiple else []
    matches, more = picker_matches(source, query, chosen=[obj.pk for obj in chosen])
    context = {
        "chosen": chosen,
        "multiple": multiple,
        "matches": matches,
        "more": more,
        "too_short": len(query.strip()) < 2,
    }
    return render(request, "core/_picker_options.html", context)
