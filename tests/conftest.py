import os

import pytest

os.environ.setdefault("SOCIALDYNAMO_TESTING", "1")


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media"), "base_url": "/nowhere/"},
        },
    }
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.ACCOUNT_RATE_LIMITS = False
    settings.LANGUAGE_CODE = "el"


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def totp_staff(db):
    """A staff member with an authenticator app set up (staff without one are sent to set it up)."""
    from allauth.mfa.totp.internal.auth import TOTP

    from tests.factories import StaffFactory

    user = StaffFactory()
    TOTP.activate(user, "JBSWY3DPEHPK3PXPMFRGGZDFMZTWQ2LK")
    return user


@pytest.fixture
def staff_client(client, totp_staff):
    client.force_login(totp_staff)
    return client


def pytest_configure(config):
    """Remove a test database left by an interrupted run, with its WAL files.

    Django deletes the old test database file but not ``-wal``/``-shm`` next to it; SQLite
    would then replay a stale log into the new database ("disk I/O error").
    """
    from pathlib import Path

    from django.conf import settings

    database = settings.DATABASES["default"]
    if not database["ENGINE"].endswith("sqlite3"):
        return
    name = database.get("TEST", {}).get("NAME")
    if not name:
        return
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    base = Path(f"{name}_{worker}" if worker else name)
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{base}{suffix}").unlink(missing_ok=True)
