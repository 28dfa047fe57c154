"""Signed-in HTTP sessions of the bench users. Finance and administrators need two-factor sign-in
under production settings: the bench gives each of them a confirmed authenticator (made once, with
a key it keeps) and enters the current code as the user's app would."""

from django.conf import settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from bench.http import Session
from kolplatform.core.models import User
from seed.scale.core import PASSWORD

DEVICE = "bench"


def code_for(username: str):
    """A function giving the current code of the user's authenticator, made for the users whose
    role requires one; None for the others."""
    user = User.objects.get(username=username)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    required = set(settings.TWO_FACTOR_REQUIRED_ROLES)
    if device is None and user.groups.filter(name__in=required).exists() or user.is_superuser:
        device = device or TOTPDevice.objects.create(user=user, name=DEVICE, confirmed=True)
    if device is None:
        return None

    def code() -> str:
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        return f"{totp.token():0{device.digits}d}"

    return code


def sign_in_all(port: int, users: dict) -> dict:
    """{role: signed-in Session} for `users` ({role: username}), plus "" for an anonymous one."""
    sessions = {"": Session(port)}
    for role, username in users.items():
        session = Session(port)
        session.sign_in(username, PASSWORD, code=code_for(username))
        sessions[role] = session
    return sessions
