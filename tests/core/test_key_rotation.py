"""Rotating SECRET_KEY as production does it: a new process with a new SECRET_KEY (the old one in
SECRET_KEY_FALLBACKS) on the same database. Sessions and signed values made with the old key still
verify, and bank details stay readable whatever SECRET_KEY is."""

import datetime
import json
import secrets
import sqlite3
import subprocess
import sys

import pytest
from django.conf import settings
from django.core import signing
from django.db import connection
from django.urls import reverse

from tests.core.test_settings import (
    BASE_DIR,
    check_deploy,
    django_env,
    production_env,
    run_python,
)
from tests.factories.experts import BankDetailsFactory

INN = "770987654321"
PASSPORT_NUMBER = "654321"
ACCOUNT = "40817810099910004312"
SIGNED_SALT = "key-rotation-test"

# Runs in a fresh interpreter on the test database: the test client with the given session cookie
# (or a fresh login of `login_pk`), then the signed value.
VISIT = """
import json, sys
import django
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
from django.contrib.auth import get_user_model
from django.core import signing
from django.test import Client
args = json.loads(sys.argv[1])
client = Client(raise_request_exception=False)
if args.get("session"):
    client.cookies["sessionid"] = args["session"]
else:
    client.force_login(get_user_model().objects.get(pk=args["login_pk"]))
response = client.get(args["url"])
try:
    signed = signing.loads(args["signed"], salt=args["salt"])
except signing.BadSignature:
    signed = None
print(json.dumps({"status": response.status_code, "body": response.content.decode(),
                  "signed": signed}))
"""


@pytest.fixture
def database_url(transactional_db, tmp_path):
    """A DATABASE_URL another process can open, holding what the test has written so far."""

    def url() -> str:
        db = connection.settings_dict
        if connection.vendor == "sqlite":
            path = tmp_path / "shared.sqlite3"
            connection.ensure_connection()
            with sqlite3.connect(path) as target:
                connection.connection.backup(target)
            return f"sqlite:///{path}"
        port = f":{db['PORT']}" if db.get("PORT") else ""
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        return f"postgres://{db['USER']}{password}@{db['HOST'] or 'localhost'}{port}/{db['NAME']}"

    return url


def visit(tmp_path, database_url: str, args: dict, **variables) -> dict:
    """Run VISIT in a new process with the given environment (plus this test's field keys)."""
    env = django_env(
        tmp_path,
        TESTING="1",
        DATABASE_URL=database_url,
        FIELD_ENCRYPTION_KEYS=",".join(settings.FIELD_ENCRYPTION_KEYS),
        **variables,
    )
    result = subprocess.run(
        [sys.executable, "-c", VISIT, json.dumps({"salt": SIGNED_SALT, **args})],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def signed_in(client, finance):
    """Bank details on file, a finance user signed in and a signed value, all under today's key."""
    details = BankDetailsFactory(
        inn=INN,
        passport_number=PASSPORT_NUMBER,
        passport_issued_on=datetime.date(2015, 3, 4),
        account=ACCOUNT,
    )
    client.force_login(finance)
    return {
        "user_pk": finance.pk,
        "expert_pk": details.expert_id,
        "url": reverse("experts:bank_details", args=[details.expert_id]),
        "session": client.cookies["sessionid"].value,
        "signed": signing.dumps({"expert": details.expert_id}, salt=SIGNED_SALT),
    }


def test_settings_read_secret_key_fallbacks_from_the_environment(tmp_path):
    code = "from django.conf import settings as s; print(s.SECRET_KEY_FALLBACKS)"
    env = django_env(tmp_path, DEBUG="1", SECRET_KEY_FALLBACKS="old-key-1,old-key-2")
    assert run_python(code, env).stdout.strip() == "['old-key-1', 'old-key-2']"
    (tmp_path / "fallbacks").write_text("old-key-3\n")
    env = django_env(tmp_path, DEBUG="1", SECRET_KEY_FALLBACKS_FILE=str(tmp_path / "fallbacks"))
    assert run_python(code, env).stdout.strip() == "['old-key-3']"


def test_after_secret_key_rotation_old_sessions_and_signatures_still_verify(
    tmp_path, signed_in, database_url
):
    new_key = secrets.token_urlsafe(64)
    seen = visit(
        tmp_path,
        database_url(),
        signed_in,
        SECRET_KEY=new_key,
        SECRET_KEY_FALLBACKS=settings.SECRET_KEY,
    )
    assert seen["status"] == 200  # the session made with the old key still signs the user in
    assert INN in seen["body"] and ACCOUNT in seen["body"]
    assert seen["signed"] == {"expert": signed_in["expert_pk"]}

    without_fallback = visit(
        tmp_path,
        database_url(),
        signed_in,
        SECRET_KEY=new_key,
    )
    assert without_fallback["status"] == 302  # the fallback is what keeps the old session
    assert without_fallback["signed"] is None


def test_a_new_secret_key_leaves_bank_details_readable(tmp_path, signed_in, database_url):
    seen = visit(
        tmp_path,
        database_url(),
        {**signed_in, "session": None, "login_pk": signed_in["user_pk"]},
        SECRET_KEY=secrets.token_urlsafe(64),
    )
    assert seen["status"] == 200
    for value in (INN, PASSPORT_NUMBER, ACCOUNT):
        assert value in seen["body"]
    assert "2015-03-04" in seen["body"] or "04.03.2015" in seen["body"]


@pytest.mark.parametrize(
    ("keys", "warning"),
    [("short-key", "core.W001"), ("{secret}", "core.W002"), ("{fallback}", "core.W002")],
)
def test_check_deploy_refuses_weak_or_shared_field_keys(tmp_path, keys, warning):
    env = production_env(tmp_path)
    fallback = secrets.token_urlsafe(64)
    env["SECRET_KEY_FALLBACKS"] = fallback
    env["FIELD_ENCRYPTION_KEYS"] = (
        secrets.token_urlsafe(32) + "," + keys.format(secret=env["SECRET_KEY"], fallback=fallback)
    )
    result = check_deploy(tmp_path, env)
    assert result.returncode != 0
    assert warning in result.stdout + result.stderr
