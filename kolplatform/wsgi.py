"""WSGI entry point (gunicorn `kolplatform.wsgi`).

Garbage collection is set for a web worker:

- After the application is loaded, and with it the URLconf (every view module, DRF, the admin),
  the objects made at start-up (a few hundred thousand) are moved out of the collector's
  generations with `gc.freeze()`. They live as long as the worker; left in the oldest generation
  they are traversed by every full collection, which then adds 100-150 ms to whichever request
  triggers it (measured on the analytics dashboard, docs/performance/analytics.md). The URLconf is
  loaded here because Django loads it at the first request, after a freeze.
- The youngest generation is collected after 20,000 new objects instead of 700: a page of the
  expert API makes tens of thousands, and with the default every few requests paid a full
  collection (p95 three times the p50 on the API list at factor 100; with these settings the
  slowest of 40 requests is within 1.5x of the median, docs/performance.md).
"""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kolplatform.settings")

application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018 - loads every view module now, before the freeze
gc.collect()
gc.freeze()
gc.set_threshold(20_000, 20, 20)
