#!/usr/bin/env python3
"""`make scale`: drop and create the PostgreSQL database of a URL for seed_scale (it fills only an
empty database). Refuses the product's own database name."""

import sys
from urllib.parse import urlsplit

import psycopg
from psycopg import sql


def main(url: str) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if parts.scheme not in ("postgres", "postgresql", "pgsql") or not name:
        raise SystemExit(f"scale: {url!r} is not a PostgreSQL database URL")
    if name == "kolplatform":
        raise SystemExit("scale: refusing to drop the product's database `kolplatform`")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    print(f"scale: database {name} made empty")


if __name__ == "__main__":
    main(sys.argv[1])
