"""Generated test data is reproducible: every test draws its fakes from a seed of its node id
(tests/conftest.py), so a failure seen once (on SQLite or PostgreSQL) is seen again."""

import zlib

import factory.random
from faker import Faker

from tests.factories.experts import ExpertFactory


def draw() -> list[str]:
    return [ExpertFactory.build().full_name for _ in range(3)]


def test_fakes_start_from_the_seed_of_the_test(request):
    first = draw()
    seed = zlib.crc32(request.node.nodeid.encode())
    factory.random.reseed_random(seed)
    Faker.seed(seed)
    assert draw() == first


def test_another_test_draws_other_fakes(request):
    mine = draw()
    seed = zlib.crc32(b"tests/core/test_fakes.py::test_fakes_start_from_the_seed_of_the_test")
    factory.random.reseed_random(seed)
    Faker.seed(seed)
    assert draw() != mine
