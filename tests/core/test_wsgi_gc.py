"""The WSGI entry point sets garbage collection for a web worker (kolplatform/wsgi.py): the
URLconf is loaded before the start-up objects are frozen, and the youngest generation is
collected after 20,000 new objects. Checked in a fresh interpreter, as a worker loads it."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import gc, json, sys
import kolplatform.wsgi
from django.urls import get_resolver
print(json.dumps({
    "threshold": gc.get_threshold(),
    "frozen": gc.get_freeze_count(),
    "urlconf_loaded": "url_patterns" in get_resolver().__dict__,
    "views_loaded": "experts.views" in sys.modules,
}))
"""


def test_a_worker_loads_the_urlconf_freezes_and_collects_young_objects_less_often():
    env = {**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "kolplatform.settings"}
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120, check=True,
    )  # fmt: skip
    state = json.loads(out.stdout.strip().splitlines()[-1])
    assert state["threshold"] == [20_000, 20, 20]
    assert state["frozen"] > 100_000
    assert state["urlconf_loaded"] and state["views_loaded"]
