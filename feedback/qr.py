"""The survey's QR code (segno) as SVG/PNG, and the printable A4 landscape poster (WeasyPrint)."""

import io

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from feedback.models import Survey
from feedback.services import survey_public_url
from kolplatform.core.pdf import html_to_pdf


def _code(survey: Survey):
    return segno.make(survey_public_url(survey), error="m")


def qr_svg(survey: Survey, *, scale: int = 10) -> bytes:
    out = io.BytesIO()
    _code(survey).save(out, kind="svg", scale=scale, border=2, xmldecl=False)
    return out.getvalue()


def qr_png(survey: Survey, *, scale: int = 12) -> bytes:
    out = io.BytesIO()
    _code(survey).save(out, kind="png", scale=scale, border=2)
    return out.getvalue()


def short_url(survey: Survey) -> str:
    """The survey address as printed under the code: without the scheme."""
    return survey_public_url(survey).split("://", 1)[-1]


def poster_pdf(survey: Survey, *, language: str = "") -> bytes:
    """A4 landscape slide/poster: the event title, a big QR code and the short address."""
    with translation.override(language or settings.LANGUAGE_CODE):
        html = render_to_string(
            "feedback/poster.html",
            {
                "event": survey.event,
                "qr_data_uri": _code(survey).svg_data_uri(scale=10, border=2),
                "short_url": short_url(survey),
                "anonymous": survey.is_anonymous,
            },
        )
    return html_to_pdf(html)
