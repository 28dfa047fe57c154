import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """The factories hash a password per user; a fast hasher keeps these tests quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
