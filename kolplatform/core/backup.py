"""Backups that restore: a PostgreSQL dump, the media files and a manifest of SHA-256 hashes.

A backup is a directory holding `database.dump` (pg_dump custom format), `media.tar` (MEDIA_ROOT)
and `manifest.json`: the SHA-256 of both files, the SHA-256 of every media file and the row count
of every table, counted in the very snapshot pg_dump reads. A restore checks all of that before it
touches anything, restores only into an empty database and an empty media directory, and compares
the row counts afterwards. Restores run as the owner role; grants for the application role follow
when DATABASE_APP_ROLE is set (kolplatform/core/dbroles.py).
"""

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

import environ
import psycopg
from django.conf import settings
from django.utils import timezone
from psycopg import sql

from kolplatform.core.dbroles import app_role_setup

FORMAT = "kolplatform-backup/1"
DUMP, MEDIA, MANIFEST = "database.dump", "media.tar", "manifest.json"
CHUNK = 1024 * 1024


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class Database:
    """Connection parameters of one PostgreSQL database (from a Django settings dict)."""

    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""

    @classmethod
    def from_settings(cls, db: dict) -> "Database":
        if not db["ENGINE"].endswith("postgresql"):
            raise BackupError(
                "Backups and restores need PostgreSQL (DATABASE_URL=postgres://...). With the "
                "development SQLite database, stop the server and copy var/db.sqlite3 instead."
            )
        name, user, password, host, port = (
            str(db.get(key) or "") for key in ("NAME", "USER", "PASSWORD", "HOST", "PORT")
        )
        return cls(name, user, password, host, port)

    @classmethod
    def from_url(cls, url: str) -> "Database":
        return cls.from_settings(environ.Env.db_url_config(url))

    def libpq_env(self) -> dict:
        """Environment for pg_dump/pg_restore: no password on a command line."""
        pairs = {"PGDATABASE": self.name, "PGUSER": self.user, "PGPASSWORD": self.password}
        pairs |= {"PGHOST": self.host, "PGPORT": self.port}
        return os.environ | {key: value for key, value in pairs.items() if value}

    def connect(self, **kwargs) -> psycopg.Connection:
        params = {"dbname": self.name, "user": self.user, "password": self.password}
        params |= {"host": self.host, "port": self.port}
        return psycopg.connect(**{k: v for k, v in params.items() if v}, **kwargs)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def table_counts(cursor) -> dict[str, int]:
    """Row count of every table of the public schema."""
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
    counts = {}
    for (table,) in cursor.fetchall():
        cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
        counts[table] = cursor.fetchone()[0]
    return counts


def _run(command: list[str], *, env: dict) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise BackupError(f"{command[0]} is not installed (package postgresql-client)") from exc
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


# --- Backup -------------------------------------------------------------------------------------


def backup_create(*, dest: Path, database: Database, media_root: Path) -> Path:
    """Write a new backup directory under `dest` and return it."""
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S-%f")
    target = Path(dest) / f"kolplatform-{stamp}"
    target.mkdir(parents=True, exist_ok=False)
    try:
        counts = _dump(database, target / DUMP)
        media = _media_archive(Path(media_root), target / MEDIA)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database": {"name": database.name, "tables": counts},
            "files": {name: file_sha256(target / name) for name in (DUMP, MEDIA)},
            "media": media,
        }
        (target / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    return target


def _dump(database: Database, path: Path) -> dict[str, int]:
    """pg_dump of one exported snapshot; the row counts are taken in the same snapshot."""
    with database.connect() as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = table_counts(cursor)
            _run(
                ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={path}"],
                env=database.libpq_env(),
            )
    return counts


def _media_archive(media_root: Path, path: Path) -> dict[str, str]:
    """Tar every regular file under `media_root`; returns {relative path: SHA-256}."""
    hashes = {}
    with tarfile.open(path, "w") as tar:
        if media_root.is_dir():
            for file in sorted(p for p in media_root.rglob("*") if p.is_file()):
                if file.is_symlink():
                    continue
                name = file.relative_to(media_root).as_posix()
                hashes[name] = file_sha256(file)
                tar.add(file, arcname=name, recursive=False)
    return hashes


# --- Verify and restore -------------------------------------------------------------------------


def backup_verify(*, path: Path) -> dict:
    """The manifest of the backup at `path`, once the dump and the archive match it."""
    path = Path(path)
    try:
        manifest = json.loads((path / MANIFEST).read_text())
    except FileNotFoundError as exc:
        raise BackupError(f"{path} is not a backup: {MANIFEST} is missing") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(f"{path / MANIFEST} is damaged: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path / MANIFEST} is not a {FORMAT} manifest")
    for name in (DUMP, MEDIA):
        if not (path / name).is_file():
            raise BackupError(f"The backup is incomplete: {name} is missing")
        if file_sha256(path / name) != manifest["files"].get(name):
            raise BackupError(
                f"The backup was altered or damaged: the SHA-256 of {name} differs from the "
                "manifest. Nothing was restored."
            )
    return manifest


def _media_extract(path: Path, manifest: dict, into: Path) -> None:
    """Unpack media.tar into `into` and check every file against the manifest."""
    into.mkdir()
    with tarfile.open(path / MEDIA) as tar:
        for member in tar.getmembers():
            if not (member.isfile() or member.isdir()):
                raise BackupError(f"media.tar holds {member.name}, which is not a plain file.")
        try:
            tar.extractall(into, filter="data")
        except tarfile.FilterError as exc:
            raise BackupError(f"media.tar holds an unsafe entry: {exc}") from exc
    found = {p.relative_to(into).as_posix(): p for p in into.rglob("*") if p.is_file()}
    expected = manifest["media"]
    for name in sorted(found.keys() ^ expected.keys()):
        where = "not in the manifest" if name in found else "missing from media.tar"
        raise BackupError(f"The backup was altered: media file {name} is {where}.")
    for name, file in sorted(found.items()):
        if file_sha256(file) != expected[name]:
            raise BackupError(
                f"The backup was altered or damaged: media file {name} does not match its "
                "SHA-256 in the manifest. Nothing was restored."
            )


def backup_restore(*, path: Path, database: Database, media_root: Path) -> dict:
    """Restore the backup at `path` into the empty `database` and the empty `media_root`."""
    path, media_root = Path(path), Path(media_root)
    manifest = backup_verify(path=path)
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"The media directory {media_root} is not empty; restore into a new one.")
    media_root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".restore-") as tmp:
        _media_extract(path, manifest, Path(tmp) / "media")
        _database_restore(path / DUMP, database, manifest["database"]["tables"])
        if media_root.exists():
            media_root.rmdir()
        (Path(tmp) / "media").rename(media_root)
    return manifest


def _database_restore(dump: Path, database: Database, expected: dict[str, int]) -> None:
    with database.connect(autocommit=True) as conn:
        with conn.cursor() as cursor:
            tables = table_counts(cursor)
        if tables:
            raise BackupError(
                f"The database {database.name} already has {len(tables)} tables; restore into "
                "a new, empty database (createdb)."
            )
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={database.name}",
                str(dump),
            ],
            env=database.libpq_env(),
        )
        with conn.cursor() as cursor:
            restored = table_counts(cursor)
        if restored != expected:
            differ = sorted(
                t for t in expected.keys() | restored.keys() if expected.get(t) != restored.get(t)
            )
            raise BackupError(f"Row counts differ from the manifest after the restore: {differ}")
        if settings.DATABASE_APP_ROLE:
            app_role_setup(
                connection=conn,
                app_role=settings.DATABASE_APP_ROLE,
                password=settings.DATABASE_APP_PASSWORD or None,
            )
