"""The public survey form at /feedback/s/<token>/: no login, one response per device (issue 7)."""

import secrets

from django.conf import settings
from django.core import signing
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from feedback.errors import AlreadyAnswered, SurveyClosed
from feedback.models import Response
from feedback.public_forms import PublicSurveyForm
from feedback.selectors import survey_get_public, survey_items
from feedback.services import response_submit
from kolplatform.core.views import set_language_cookie

DEVICE_COOKIE = "kol_fb_device"
DEVICE_SALT = "feedback.device"
DEVICE_MAX_AGE = 400 * 24 * 3600
LANGUAGES = {"ru", "en"}


def submit_rate(group, request) -> str:
    """Submissions per IP address; generous, since a whole hall may share one Wi-Fi address."""
    return getattr(settings, "FEEDBACK_SUBMIT_RATE", "120/m")


def _device_id(request) -> tuple[str, bool]:
    """(device id, whether it is new) from the signed cookie; a missing or forged one is new."""
    try:
        value = request.get_signed_cookie(DEVICE_COOKIE, salt=DEVICE_SALT)
    except (KeyError, signing.BadSignature):
        return secrets.token_urlsafe(16), True
    return value, False


def _with_device(response, request, device_id: str, is_new: bool):
    if is_new:
        response.set_signed_cookie(
            DEVICE_COOKIE,
            device_id,
            salt=DEVICE_SALT,
            max_age=DEVICE_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


def _language(request) -> str:
    chosen = request.GET.get("lang")
    if chosen in LANGUAGES:
        return chosen
    current = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    return current if current in LANGUAGES else "ru"


def _page(request, template, context, language, status=200):
    with translation.override(language):
        response = render(request, template, {"language": language, **context}, status=status)
    if request.GET.get("lang") in LANGUAGES:
        set_language_cookie(response, language)
    return response


@ratelimit(key="ip", rate=submit_rate, method="POST", block=False)
@require_http_methods(["GET", "POST"])
def survey_form(request, token: str):
    language = _language(request)
    survey = survey_get_public(token=token)
    if survey is None:
        return _page(request, "feedback/public/unavailable.html", {}, language, status=404)
    now = timezone.now()
    if not survey.is_open_at(now):
        ctx = {"survey": survey, "not_yet": now < survey.opens_at}
        return _page(request, "feedback/public/closed.html", ctx, language, status=410)
    device_id, is_new = _device_id(request)
    if not is_new and Response.objects.filter(survey=survey, device_id=device_id).exists():
        return _page(request, "feedback/public/already.html", {"survey": survey}, language)
    form = PublicSurveyForm(
        request.POST or None,
        items=survey_items(survey),
        language=language,
        with_contact=not survey.is_anonymous,
    )
    limited = request.method == "POST" and getattr(request, "limited", False)
    if limited:  # re-show the form with everything typed, and ask to send again in a minute
        ctx = {"survey": survey, "form": form, "limited": True}
        return _page(request, "feedback/public/form.html", ctx, language, status=429)
    if request.method == "POST" and form.is_valid():
        try:
            response_submit(
                survey=survey,
                device_id=device_id,
                answers=form.answers(),
                contact_name=form.cleaned_data.get("contact_name", ""),
                contact_email=form.cleaned_data.get("contact_email", ""),
                language=language,
                now=now,
            )
        except AlreadyAnswered:
            page = _page(request, "feedback/public/already.html", {"survey": survey}, language)
            return _with_device(page, request, device_id, is_new)
        except SurveyClosed:
            ctx = {"survey": survey, "not_yet": False}
            return _page(request, "feedback/public/closed.html", ctx, language, status=410)
        done = redirect("feedback:thanks", token=survey.token)
        return _with_device(done, request, device_id, is_new)
    status = 400 if request.method == "POST" else 200
    ctx = {"survey": survey, "form": form}
    page = _page(request, "feedback/public/form.html", ctx, language, status=status)
    return _with_device(page, request, device_id, is_new)


def survey_thanks(request, token: str):
    language = _language(request)
    survey = survey_get_public(token=token)
    if survey is None:
        return _page(request, "feedback/public/unavailable.html", {}, language, status=404)
    return _page(request, "feedback/public/thanks.html", {"survey": survey}, language)
