"""kolplatform/settings.py reads the environment: each case runs Django in a fresh interpreter
with exactly the given variables."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
PROBE = """
import json
from django.conf import settings as s
db = s.DATABASES["default"]
print(json.dumps({
    "DEBUG": s.DEBUG, "db_engine": db["ENGINE"], "db_name": str(db["NAME"]),
    "db_host": db.get("HOST", ""), "eager": s.CELERY_TASK_ALWAYS_EAGER,
    "broker": s.CELERY_BROKER_URL, "cache": s.CACHES["default"]["BACKEND"],
    "email": s.EMAIL_BACKEND, "email_host": getattr(s, "EMAIL_HOST", ""),
    "language": s.LANGUAGE_CODE, "languages": [code for code, _ in s.LANGUAGES],
    "time_zone": s.TIME_ZONE, "allowed_hosts": s.ALLOWED_HOSTS, "secret": s.SECRET_KEY,
    "media_root": str(s.MEDIA_ROOT), "static_root": str(s.STATIC_ROOT),
    "ssl_redirect": getattr(s, "SECURE_SSL_REDIRECT", False),
}))
"""


def django_env(tmp_path, **variables) -> dict:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "kolplatform.settings",
        "TESTING": "0",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "HOME": str(tmp_path),
    }
    env.update(variables)
    return env


def run_python(code: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )


def probe(tmp_path, **variables) -> dict:
    result = run_python(PROBE, django_env(tmp_path, **variables))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def check_deploy(tmp_path, env: dict) -> subprocess.CompletedProcess:
    """`manage.py check --deploy` (warnings fail) in a fresh interpreter with `env`."""
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=django_env(tmp_path, **env),
        capture_output=True,
        text=True,
    )


def production_env(tmp_path) -> dict:
    return {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "kol.example.com",
        "FIELD_ENCRYPTION_KEYS": secrets.token_urlsafe(32),
        "DATABASE_URL": "postgres://kol:secret@db.internal:5432/kolplatform",
    }


def test_defaults_without_environment(tmp_path):
    s = probe(tmp_path, DEBUG="1")
    assert s["db_engine"] == "django.db.backends.sqlite3"
    assert s["db_name"] == str(BASE_DIR / "var" / "db.sqlite3")
    assert s["eager"] is True and s["broker"] == "memory://"
    assert s["cache"].endswith("LocMemCache")
    assert s["email"] == "django.core.mail.backends.console.EmailBackend"
    assert s["language"] == "ru" and s["languages"] == ["ru", "en"]
    assert s["time_zone"] == "Europe/Moscow"
    assert s["allowed_hosts"] == ["127.0.0.1", "localhost", "[::1]"]


def test_environment_overrides_every_default(tmp_path):
    s = probe(
        tmp_path,
        DEBUG="1",
        DATABASE_URL="postgres://kol:pw@db.internal:5432/kol",
        REDIS_URL="redis://cache.internal:6379/2",
        EMAIL_URL="smtp://mailer.internal:25",
        LANGUAGE_CODE="en",
        TIME_ZONE="Asia/Yekaterinburg",
        ALLOWED_HOSTS="a.example.com,b.example.com",
        MEDIA_ROOT=str(tmp_path / "m"),
    )
    assert s["db_engine"] == "django.db.backends.postgresql"
    assert (s["db_name"], s["db_host"]) == ("kol", "db.internal")
    assert s["eager"] is False and s["broker"] == "redis://cache.internal:6379/2"
    assert s["cache"].endswith("RedisCache")
    assert s["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert s["email_host"] == "mailer.internal"
    assert s["language"] == "en" and s["time_zone"] == "Asia/Yekaterinburg"
    assert s["allowed_hosts"] == ["a.example.com", "b.example.com"]
    assert s["media_root"] == str(tmp_path / "m")


def test_secret_from_a_file(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text("from-a-file-" + "x" * 50 + "\n")
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    s = probe(tmp_path, SECRET_KEY_FILE=str(key_file), **env)
    assert s["secret"] == "from-a-file-" + "x" * 50
    assert s["DEBUG"] is False and s["ssl_redirect"] is True


@pytest.mark.parametrize("missing", ["SECRET_KEY", "FIELD_ENCRYPTION_KEYS"])
def test_production_refuses_to_start_without_secrets(tmp_path, missing):
    env = production_env(tmp_path)
    del env[missing]
    result = run_python(PROBE, django_env(tmp_path, **env))
    assert result.returncode != 0
    assert f"Set the {missing} environment variable" in result.stderr


def test_check_deploy_is_clean_with_production_variables(tmp_path):
    result = check_deploy(tmp_path, production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_check_deploy_notices_debug_left_on(tmp_path):
    """The check above can fail: with DEBUG on the same command reports a warning."""
    env = production_env(tmp_path) | {"DEBUG": "1"}
    result = check_deploy(tmp_path, env)
    assert result.returncode != 0
    assert "security.W018" in result.stdout + result.stderr


def test_every_environment_variable_is_documented_in_the_readme():
    source = "".join(
        (BASE_DIR / "kolplatform" / name).read_text()
        for name in ("settings.py", "settings_interfaces.py")
    )
    names = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', source))
    assert {"DATABASE_URL", "SECRET_KEY", "FIELD_ENCRYPTION_KEYS"} <= names
    readme = (BASE_DIR / "README.md").read_text()
    assert sorted(n for n in names if f"`{n}`" not in readme) == []


SCALE_OUT_PROBE = """
import json
from django.conf import settings as s
replica = s.DATABASES.get("replica", {})
print(json.dumps({
    "aliases": sorted(s.DATABASES), "routers": s.DATABASE_ROUTERS,
    "replica_host": replica.get("HOST", ""), "replica_mirror": replica.get("TEST", {}),
    "storage": s.STORAGES["default"]["BACKEND"],
    "storage_options": s.STORAGES["default"].get("OPTIONS", {}),
}))
"""


def scale_out_probe(tmp_path, **variables) -> dict:
    result = run_python(SCALE_OUT_PROBE, django_env(tmp_path, DEBUG="1", **variables))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_one_machine_without_replica_or_bucket(tmp_path):
    s = scale_out_probe(tmp_path)
    assert s["aliases"] == ["default"]
    assert s["routers"] == ["kolplatform.core.replica.ReplicaRouter"]
    assert s["storage"] == "django.core.files.storage.FileSystemStorage"


def test_replica_and_s3_media_from_the_environment(tmp_path):
    s = scale_out_probe(
        tmp_path,
        DATABASE_URL="postgres://kol:pw@db-primary.internal:5432/kol",
        DATABASE_REPLICA_URL="postgres://kol:pw@db-replica.internal:5432/kol",
        AWS_STORAGE_BUCKET_NAME="kol-media",
        AWS_S3_ENDPOINT_URL="https://storage.example.net",
        AWS_ACCESS_KEY_ID="key-id",
        AWS_SECRET_ACCESS_KEY="key-secret",
    )
    assert s["aliases"] == ["default", "replica"]
    assert s["replica_host"] == "db-replica.internal"
    assert s["replica_mirror"] == {"MIRROR": "default"}
    assert s["storage"] == "storages.backends.s3.S3Storage"
    options = s["storage_options"]
    assert options["bucket_name"] == "kol-media"
    assert options["endpoint_url"] == "https://storage.example.net"
    assert options["default_acl"] is None and options["querystring_auth"] is True
