#!/usr/bin/env python3
"""`make pg-bench`: a private PostgreSQL cluster for the benches, on loopback.

    python bin/pg_cluster.py start shipped    # the server parameters docker-compose.yml ships
    python bin/pg_cluster.py start defaults   # PostgreSQL's own defaults
    python bin/pg_cluster.py stop | status

The targets of docs/performance.md are about PostgreSQL with the parameters the product ships
(the `-c` options of the `db` service in docker-compose.yml, read from that file so that there is
one source), and they must also hold within 2x at PostgreSQL's defaults. A development machine's
own PostgreSQL is at its defaults and is not ours to reconfigure, so the benches get a cluster of
their own: created with initdb on first use (data in $BENCH_PG_DATA, default
/var/tmp/kolplatform-pgdata; port $BENCH_PG_PORT, default 5433; trust authentication on 127.0.0.1
only), and restarted with or without the shipped parameters. The same data directory serves both
profiles, so seed_scale fills it once.

Then: BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5433/kol_scale make scale bench
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

BASE_DIR = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("BENCH_PG_DATA", "/var/tmp/kolplatform-pgdata"))
PORT = os.environ.get("BENCH_PG_PORT", "5433")
PROFILES = ("shipped", "defaults")


def shipped_parameters(compose: Path = BASE_DIR / "docker-compose.yml") -> list[str]:
    """The `-c name=value` options of docker-compose's `db` service, in order."""
    command = yaml.safe_load(compose.read_text(encoding="utf-8"))["services"]["db"]["command"]
    if isinstance(command, str):
        command = command.split()
    options = [value for flag, value in zip(command, command[1:], strict=False) if flag == "-c"]
    if not options:
        raise SystemExit("pg_cluster: docker-compose.yml's db service sets no -c parameter")
    return options


def bindir() -> Path:
    try:
        found = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        path = Path(found.stdout.strip())
        if (path / "pg_ctl").exists():
            return path
    except FileNotFoundError:
        pass
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "pg_ctl").exists():
            return candidate
    raise SystemExit("pg_cluster: PostgreSQL's server programs (pg_ctl, initdb) are not installed")


def as_owner(argv: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its programs as the `postgres` user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *argv]
    return argv


def run(argv: list[str], check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(as_owner(argv), check=check, capture_output=True, text=True)


def initdb() -> None:
    if (DATA / "PG_VERSION").exists():
        return
    DATA.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(DATA, "postgres", "postgres")
    DATA.chmod(0o700)
    run([str(bindir() / "initdb"), "-D", str(DATA), "-U", "postgres", "--auth=trust",
         "--encoding=UTF8", "--locale=C.UTF-8"])  # fmt: skip
    print(f"pg_cluster: new cluster in {DATA}")


def running() -> bool:
    return run([str(bindir() / "pg_ctl"), "-D", str(DATA), "status"], check=False).returncode == 0


def stop() -> None:
    if (DATA / "PG_VERSION").exists() and running():
        run([str(bindir() / "pg_ctl"), "-D", str(DATA), "-m", "fast", "-w", "stop"])
        print("pg_cluster: stopped")


def start(profile: str) -> None:
    if profile not in PROFILES:
        raise SystemExit(f"pg_cluster: profile is one of {', '.join(PROFILES)}, not {profile!r}")
    initdb()
    stop()
    options = [f"-c listen_addresses=127.0.0.1 -c port={PORT} -c unix_socket_directories={DATA}"]
    if profile == "shipped":
        options += [f"-c {option}" for option in shipped_parameters()]
    started = run(
        [str(bindir() / "pg_ctl"), "-D", str(DATA), "-l", str(DATA / "server.log"), "-w",
         "-t", "120", "-o", " ".join(options), "start"],
        check=False,
    )  # fmt: skip
    if started.returncode:
        log = (DATA / "server.log").read_text(errors="replace")[-2000:]
        raise SystemExit(f"pg_cluster: the server did not start:\n{started.stderr}\n{log}")
    print(f"pg_cluster: running with the {profile} parameters on 127.0.0.1:{PORT}")
    print(f"  BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:{PORT}/kol_scale")


def main(argv: list[str]) -> None:
    if argv[:1] == ["start"]:
        start(argv[1] if len(argv) > 1 else "shipped")
    elif argv[:1] == ["stop"]:
        stop()
    elif argv[:1] == ["status"]:
        print("running" if (DATA / "PG_VERSION").exists() and running() else "stopped")
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
