"""The public survey form at /feedback/s/<token>/: no login, one response per device, or per
checked-in participant on a survey restricted to them (feedback.access)."""

import secrets

from django.conf import settings
from django.core import signing
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from feedback import access
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


@require_http_methods(["GET", "POST"])
def survey_form(request, token: str):
    """The survey by its QR link; a survey for checked-in participants asks for the badge code."""
    return _survey_page(request, token, badge=None)


@require_http_methods(["GET", "POST"])
def survey_personal(request, token: str, badge):
    """The survey by a participant's personal link (shown on the badge page after check-in)."""
    return _survey_page(request, token, badge=badge)


def _survey_page(request, token: str, badge):
    language = _language(request)
    survey = survey_get_public(token=token)
    if survey is None:
        return _page(request, "feedback/public/unavailable.html", {}, language, status=404)
    now = timezone.now()
    if not survey.is_open_at(now):
        ctx = {"survey": survey, "not_yet": now < survey.opens_at}
        return _page(request, "feedback/public/closed.html", ctx, language, status=410)
    participant = None
    if badge is not None and survey.for_checked_in_only:
        participant = access.checked_in_participant(survey=survey, badge_token=badge)
        if participant is None:
            ctx = {"survey": survey}
            return _page(request, "feedback/public/checkin_first.html", ctx, language, status=403)
    device_id, is_new = _device_id(request)
    key = _response_key(survey, participant, device_id if not is_new else None)
    if key and Response.objects.filter(survey=survey, device_id=key).exists():
        return _page(request, "feedback/public/already.html", {"survey": survey}, language)
    form = PublicSurveyForm(
        request.POST or None,
        items=survey_items(survey),
        language=language,
        with_contact=not survey.is_anonymous,
        with_badge_code=survey.for_checked_in_only and participant is None,
    )
    ctx = {"survey": survey, "form": form, "participant": participant}
    if request.method == "POST":
        device = None if is_new else device_id
        if access.submission_limited(request, survey=survey, device_id=device):
            ctx["limited"] = True  # the form comes back with everything typed
            return _page(request, "feedback/public/form.html", ctx, language, status=429)
        if form.is_valid():
            done = _submit(request, survey, form, participant, device_id, language, now)
            if done is not None:
                return _with_device(done, request, device_id, is_new)
    status = 400 if request.method == "POST" else 200
    page = _page(request, "feedback/public/form.html", ctx, language, status=status)
    return _with_device(page, request, device_id, is_new)


def _response_key(survey, participant, device_id: str | None) -> str | None:
    """What makes a response unique: the participant on a survey for checked-in participants,
    else the device (None while the device is not known yet)."""
    if participant is not None:
        return access.participant_response_key(survey=survey, participant=participant)
    return None if survey.for_checked_in_only else device_id


def _submit(request, survey, form, participant, device_id, language, now):
    """Store the response; the page to answer with, or None to show the form with its errors."""
    if survey.for_checked_in_only and participant is None:
        code = form.cleaned_data.get("badge_code", "")
        participant = access.checked_in_participant(survey=survey, code=code)
        if participant is None:
            form.add_error(
                "badge_code",
                _(
                    "No participant checked in at this event has this code. Check the code on "
                    "your badge, or check in at the registration desk first."
                ),
            )
            return None
    try:
        response_submit(
            survey=survey,
            device_id=_response_key(survey, participant, device_id),
            answers=form.answers(),
            contact_name=form.cleaned_data.get("contact_name", ""),
            contact_email=form.cleaned_data.get("contact_email", ""),
            language=language,
            now=now,
        )
    except AlreadyAnswered:
        return _page(request, "feedback/public/already.html", {"survey": survey}, language)
    except SurveyClosed:
        ctx = {"survey": survey, "not_yet": False}
        return _page(request, "feedback/public/closed.html", ctx, language, status=410)
    return redirect("feedback:thanks", token=survey.token)


def survey_thanks(request, token: str):
    language = _language(request)
    survey = survey_get_public(token=token)
    if survey is None:
        return _page(request, "feedback/public/unavailable.html", {}, language, status=404)
    return _page(request, "feedback/public/thanks.html", {"survey": survey}, language)
