"""Checking an expert's self-employed (НПД) status: an adapter over the tax service.

The company must make sure, before the contract and before each payment, that the payee is still
registered as self-employed (otherwise it is the tax agent, НК РФ ст. 226, and owes contributions).
The tax service answers at https://statusnpd.nalog.ru/api/v1/tracker/taxpayer_status; the checker
class is chosen by the PAYMENTS_NPD_CHECKER setting so that tests and offline installations never
call it. A manual confirmation (the accountant checked on the tax service's site) records who
checked and when.
"""

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils.module_loading import import_string


class NpdCheckError(Exception):
    """The tax service could not answer; the message says why."""


@dataclass(frozen=True)
class NpdStatus:
    is_self_employed: bool
    message: str
    response: dict


class NpdStatusChecker:
    """Interface: the NPD status of the taxpayer `inn` on `on`."""

    def check(self, *, inn: str, on: date) -> NpdStatus:
        raise NotImplementedError


class TaxServiceNpdChecker(NpdStatusChecker):
    """The Federal Tax Service's public status API (JSON over HTTPS)."""

    url = "https://statusnpd.nalog.ru/api/v1/tracker/taxpayer_status"
    timeout = 10

    def check(self, *, inn: str, on: date) -> NpdStatus:
        body = json.dumps({"inn": inn, "requestDate": on.isoformat()}).encode()
        request = urllib.request.Request(
            self.url, data=body, headers={"Content-Type": "application/json"}, method="POST"
        )
        try:
            # bandit B310: fixed https URL of the tax service.
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # nosec B310
                data = json.loads(response.read().decode())
        except (urllib.error.URLError, TimeoutError, ValueError) as exc:
            raise NpdCheckError(str(exc)) from exc
        return NpdStatus(bool(data.get("status")), str(data.get("message", "")), data)


class UnavailableNpdChecker(NpdStatusChecker):
    """No online check configured: the accountant confirms the status by hand."""

    def check(self, *, inn: str, on: date) -> NpdStatus:
        raise NpdCheckError("The online status check is not configured; confirm it manually.")


def npd_checker() -> NpdStatusChecker:
    path = getattr(settings, "PAYMENTS_NPD_CHECKER", "payments.npd.UnavailableNpdChecker")
    return import_string(path)()
