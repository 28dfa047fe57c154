"""Deploy checks (`manage.py check --deploy`) of the platform's own secrets."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

MIN_FIELD_KEY_LENGTH = 32


@register(Tags.security, deploy=True)
def field_encryption_keys_check(app_configs=None, **kwargs):
    """Field keys are derived by HKDF, which adds no work factor: each must be a long random
    string, and none may be a SECRET_KEY (the two are rotated independently)."""
    keys = settings.FIELD_ENCRYPTION_KEYS
    keys = [keys] if isinstance(keys, str) else list(keys)
    secret_keys = {settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])}
    warnings = []
    if any(len(key) < MIN_FIELD_KEY_LENGTH for key in keys):
        warnings.append(
            Warning(
                f"A FIELD_ENCRYPTION_KEYS entry is shorter than {MIN_FIELD_KEY_LENGTH} characters.",
                hint="New key: python3 -c 'import secrets; print(secrets.token_urlsafe(32))'",
                id="core.W001",
            )
        )
    if secret_keys & set(keys):
        warnings.append(
            Warning(
                "A FIELD_ENCRYPTION_KEYS entry equals SECRET_KEY or one of SECRET_KEY_FALLBACKS.",
                hint="Use separate random keys; see docs/operations.md, Key rotation.",
                id="core.W002",
            )
        )
    return warnings
