"""WSGI entry point (gunicorn `kolplatform.wsgi`).

After the application is loaded, the objects made at start-up (modules, settings, URL and template
caches: a few hundred thousand) are moved out of the garbage collector's generations with
`gc.freeze()`. They live as long as the worker; left in the oldest generation they are traversed by
every full collection, which then adds 100-150 ms to whichever request triggers it (measured on the
analytics dashboard, docs/performance/analytics.md)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kolplatform.settings")

application = get_wsgi_application()
gc.collect()
gc.freeze()
