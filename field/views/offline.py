"""The service worker of the field pages (templates/field/sw.js), served from /field/ so that its
scope covers them; a template so that it names the static files as the storage serves them."""

import hashlib

from django.conf import settings
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

# The shell of the field pages: what base.html and the field templates load.
SHELL = (
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap-icons/bootstrap-icons.min.css",
    "vendor/bootstrap-icons/fonts/bootstrap-icons.woff2",
    "css/app.css",
    "img/favicon.svg",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "vendor/htmx/htmx.min.js",
    "js/app.js",
    "js/field-visits.js",
)
VERSION = "1"  # a new value (or new static file names) drops the files kept by the phones


@require_GET
@never_cache  # the browser checks for a new worker on every visit
def service_worker(request):
    assets = [static(path) for path in SHELL]
    return render(
        request,
        "field/sw.js",
        {
            "version": f"{VERSION}-{hashlib.sha256(' '.join(assets).encode()).hexdigest()[:12]}",
            "scope": reverse("field:today"),
            "static_url": settings.STATIC_URL
            if settings.STATIC_URL.startswith("/")
            else f"/{settings.STATIC_URL}",
            "login_url": reverse("login"),
            "assets": assets,
            "offline_text": _("No connection, and this page was not opened on this phone before."),
        },
        content_type="application/javascript; charset=utf-8",
    )
