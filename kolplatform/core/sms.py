"""SMS delivery behind a pluggable backend (settings.OTP_SMS_BACKEND: a dotted class path, or
"email" for none). Production points it at a provider's backend with the same `send` method."""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class BaseSmsBackend:
    def send(self, *, phone: str, text: str) -> None:
        raise NotImplementedError


class ConsoleSmsBackend(BaseSmsBackend):
    """Development: writes the message to the log instead of sending it."""

    sent: list[tuple[str, str]] = []

    def send(self, *, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", phone, text)
        type(self).sent.append((phone, text))
        del type(self).sent[:-100]


def get_sms_backend() -> BaseSmsBackend | None:
    path = getattr(settings, "OTP_SMS_BACKEND", "") or "email"
    if path == "email":
        return None
    return import_string(path)()


def send_sms(*, phone: str, text: str) -> bool:
    """Send when a backend is configured and a phone is known; True when handed over."""
    backend = get_sms_backend()
    if backend is None or not phone:
        return False
    backend.send(phone=phone, text=text)
    return True
