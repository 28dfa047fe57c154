"""Backups restore: the demo data backed up, restored into a new database and compared table by
table and document by document; an altered backup is refused before anything is restored."""

import hashlib
import io
import json
import tarfile
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from kolplatform.core.backup import MANIFEST, MEDIA, Database, table_counts
from kolplatform.core.documents import document_store
from kolplatform.core.models import Document

needs_postgres = pytest.mark.skipif(not settings.IS_POSTGRES, reason="needs PostgreSQL")


def url_of(name: str) -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{name}"


def backup(dest: Path) -> Path:
    out = StringIO()
    call_command("backup", "--dest", str(dest), stdout=out)
    return Path(out.getvalue().strip())


def restore(path: Path, *, database_url: str, media_root: Path) -> str:
    out = StringIO()
    call_command(
        "restore",
        str(path),
        "--database-url",
        database_url,
        "--media-root",
        str(media_root),
        stdout=out,
    )
    return out.getvalue()


@pytest.fixture
def scratch_database():
    """An empty database beside the test database, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restore"
    database = Database.from_url(url_of("postgres"))
    with database.connect(autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield name
    with database.connect(autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.postgres
@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_demo_data_backed_up_and_restored_match_row_for_row(tmp_path, scratch_database):
    call_command("seed_demo", stdout=StringIO())
    documents = {d.pk: (d.file.name, d.sha256) for d in Document.objects.all()}
    assert len(documents) >= 5
    with connection.cursor() as cursor:
        source_counts = table_counts(cursor)
    path = backup(tmp_path / "backups")
    manifest = json.loads((path / MANIFEST).read_text())
    assert manifest["database"]["tables"] == source_counts
    assert manifest["database"]["name"] == connection.settings_dict["NAME"]

    media = tmp_path / "restored-media"
    output = restore(path, database_url=url_of(scratch_database), media_root=media)

    assert "Restored" in output
    with psycopg.connect(url_of(scratch_database)) as conn, conn.cursor() as cursor:
        assert table_counts(cursor) == source_counts
        cursor.execute("SELECT id, file, sha256 FROM core_document")
        restored = {pk: (name, digest) for pk, name, digest in cursor.fetchall()}
    assert restored == documents
    for name, digest in restored.values():
        assert sha256(media / name) == digest  # the file is the one the database vouches for
    assert sorted(p.relative_to(media).as_posix() for p in media.rglob("*") if p.is_file()) == (
        sorted(manifest["media"])
    )


@pytest.fixture
def stored_backup(db, tmp_path):
    document_store(data=b"%PDF-1.7 signed contract", name="contract.pdf")
    return backup(tmp_path / "backups")


def rewrite_media(path: Path, name_part: str, data: bytes, *, fix_archive_hash: bool) -> str:
    """Replace the content of one file inside media.tar, as someone altering a backup would."""
    archive = path / MEDIA
    with tarfile.open(archive) as tar:
        members = [(m, tar.extractfile(m).read() if m.isfile() else None) for m in tar]
    altered = ""
    with tarfile.open(archive, "w") as tar:
        for member, content in members:
            if content is not None and name_part in member.name:
                content, altered = data, member.name
                member.size = len(data)
            tar.addfile(member, io.BytesIO(content) if content is not None else None)
    if fix_archive_hash:
        manifest = json.loads((path / MANIFEST).read_text())
        manifest["files"][MEDIA] = sha256(archive)
        (path / MANIFEST).write_text(json.dumps(manifest))
    return altered


@pytest.mark.postgres
@needs_postgres
@pytest.mark.parametrize(
    ("fix_archive_hash", "message"),
    [
        (False, "SHA-256 of media.tar differs from the manifest"),
        (True, r"media file documents/.*/contract\.pdf does not match its SHA-256"),
    ],
)
def test_restore_refuses_an_altered_media_file(stored_backup, tmp_path, fix_archive_hash, message):
    forged = b"%PDF-1.7 forged"
    assert rewrite_media(stored_backup, "contract.pdf", forged, fix_archive_hash=fix_archive_hash)
    media = tmp_path / "restored-media"
    with pytest.raises(CommandError, match=message):
        restore(stored_backup, database_url=url_of("never_created"), media_root=media)
    assert not media.exists()


@pytest.mark.postgres
@needs_postgres
def test_restore_refuses_an_altered_dump(stored_backup, tmp_path):
    with (stored_backup / "database.dump").open("ab") as f:
        f.write(b"\0")
    with pytest.raises(CommandError, match="SHA-256 of database.dump differs"):
        restore(stored_backup, database_url=url_of("never_created"), media_root=tmp_path / "m")


@pytest.mark.postgres
@needs_postgres
def test_restore_refuses_a_database_that_has_tables(stored_backup, tmp_path):
    media = tmp_path / "restored-media"
    with pytest.raises(CommandError, match="already has .* tables; restore into a new"):
        restore(
            stored_backup, database_url=url_of(connection.settings_dict["NAME"]), media_root=media
        )
    assert not media.exists()


@pytest.mark.skipif(settings.IS_POSTGRES, reason="the SQLite message")
def test_backup_on_sqlite_says_what_to_do_instead(tmp_path):
    with pytest.raises(CommandError, match="need PostgreSQL.*copy var/db.sqlite3"):
        call_command("backup", "--dest", str(tmp_path), stdout=StringIO())
