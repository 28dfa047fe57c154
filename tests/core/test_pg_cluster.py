"""The benches' PostgreSQL parameters have one source, docker-compose.yml, and the documentation
lists exactly those (bin/pg_cluster.py starts the bench cluster with them)."""

import re
from pathlib import Path

import pytest
from django.db import connection

from bench import report
from bin.pg_cluster import shipped_parameters

BASE_DIR = Path(__file__).resolve().parents[2]


def test_the_shipped_parameters_come_from_docker_compose():
    options = dict(option.split("=", 1) for option in shipped_parameters())
    assert options["shared_buffers"] == "2GB"
    assert options["random_page_cost"] == "1.1"
    assert "pg_stat_statements" in options["shared_preload_libraries"]


def test_the_documentation_lists_the_shipped_parameters():
    doc = (BASE_DIR / "docs" / "performance.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| (\w+) \| ([^ |]+) \|", doc, flags=re.M))
    options = dict(option.split("=", 1) for option in shipped_parameters())
    documented = {k: v for k, v in table.items() if k in options}
    assert documented == {k: v for k, v in options.items() if k != "max_connections"}


def test_a_compose_file_without_parameters_is_refused(tmp_path):
    compose = tmp_path / "docker-compose.yml"
    compose.write_text("services:\n  db:\n    command: postgres\n")
    with pytest.raises(SystemExit, match="sets no -c parameter"):
        shipped_parameters(compose)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="reads the server's settings")
def test_a_server_at_its_defaults_is_benched_against_twice_the_target():
    # The test server runs at PostgreSQL's defaults (shared_buffers 128MB), not the shipped ones.
    assert report.profile() == "defaults"
