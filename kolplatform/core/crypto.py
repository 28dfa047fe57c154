"""Keys for encryption at rest: Fernet keys derived from settings.FIELD_ENCRYPTION_KEYS alone.

Each entry of FIELD_ENCRYPTION_KEYS (a random string, e.g. `secrets.token_urlsafe(32)`) becomes one
Fernet key by HKDF-SHA256. The first key encrypts, every key decrypts (MultiFernet), so a new key
is put in front, `manage.py rotate_field_keys` re-encrypts every value with it, and the old key is
then removed. SECRET_KEY plays no part: rotating it never makes stored personal data unreadable.

`legacy_keyring` reproduces how django-fernet-encrypted-fields derived its keys (PBKDF2 of
SECRET_KEY, and each fallback, salted with each FIELD_ENCRYPTION_KEYS entry); data migrations use it
once to re-encrypt values written that way.
"""

import base64
import functools

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

HKDF_SALT = b"kolplatform field encryption"
HKDF_INFO = b"fernet v1"


class FieldDecryptionError(Exception):
    """A stored value that none of FIELD_ENCRYPTION_KEYS can decrypt (a key removed too early,
    or a value not written by this application)."""


def _fernet_key(secret: str) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=HKDF_SALT, info=HKDF_INFO)
    return base64.urlsafe_b64encode(hkdf.derive(secret.encode("utf-8")))


@functools.lru_cache(maxsize=8)
def _keyring(secrets: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(_fernet_key(secret)) for secret in secrets])


def field_keyring() -> MultiFernet:
    """The keys of settings.FIELD_ENCRYPTION_KEYS as they are now (first encrypts, all decrypt)."""
    secrets = settings.FIELD_ENCRYPTION_KEYS
    if isinstance(secrets, str):
        secrets = [secrets]
    secrets = tuple(s for s in secrets if s)
    if not secrets:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty: encrypted fields need a key.")
    return _keyring(secrets)


def encrypt_text(text: str) -> str:
    """A Fernet token (ASCII) of `text` under the first key."""
    return field_keyring().encrypt(text.encode("utf-8")).decode("ascii")


def decrypt_text(token: str, *, keyring: MultiFernet | None = None) -> str:
    """The text of `token`; FieldDecryptionError when no key opens it."""
    try:
        return (keyring or field_keyring()).decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError) as exc:
        raise FieldDecryptionError(
            "A stored value cannot be decrypted with FIELD_ENCRYPTION_KEYS; "
            "was a key removed before `manage.py rotate_field_keys` ran?"
        ) from exc


def legacy_keyring() -> MultiFernet:
    """The keys django-fernet-encrypted-fields derived from SECRET_KEY (+ SECRET_KEY_FALLBACKS)
    and each FIELD_ENCRYPTION_KEYS entry as salt; only for migrating values it wrote."""
    salts = settings.FIELD_ENCRYPTION_KEYS
    if isinstance(salts, str):
        salts = [salts]
    secrets = (settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", []))
    return _legacy_keyring(secrets, tuple(salts))


@functools.lru_cache(maxsize=4)
def _legacy_keyring(secrets: tuple[str, ...], salts: tuple[str, ...]) -> MultiFernet:
    keys = []
    for secret in secrets:
        for salt in salts:
            kdf = PBKDF2HMAC(
                algorithm=hashes.SHA256(), length=32, salt=salt.encode("utf-8"), iterations=100_000
            )
            keys.append(Fernet(base64.urlsafe_b64encode(kdf.derive(secret.encode("utf-8")))))
    return MultiFernet(keys)
