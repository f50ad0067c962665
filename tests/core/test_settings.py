"""Settings come from the environment: check what a deployment gets for each variable."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"],
    "db_options": {k: str(v) for k, v in db.get("OPTIONS", {}).items()},
    "cache": settings.CACHES["default"]["BACKEND"],
    "session": settings.SESSION_ENGINE,
    "tasks": settings.TASKS["default"]["BACKEND"],
    "debug": settings.DEBUG,
    "hsts": getattr(settings, "SECURE_HSTS_SECONDS", 0),
    "secure_cookie": getattr(settings, "SESSION_COOKIE_SECURE", False),
    "email": settings.EMAIL_DELIVERY_BACKEND,
    "email_host": settings.EMAIL_HOST,
}))
"""


def probe(tmp_path, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "DEBUG",
            "SECRET_KEY",
            "TASK_BACKEND",
            "EMAIL_URL",
            "SOCIALDYNAMO_TESTING",
        }
    }
    clean.update(
        {
            "DJANGO_SETTINGS_MODULE": "socialdynamo.settings",
            "PYTHONPATH": str(ROOT / "src"),
            "VAR_DIR": str(tmp_path),
            "SOCIALDYNAMO_TESTING": "0",
        }
    )
    clean.update(env)
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_default_is_embedded_sqlite_with_wal_and_immediate_transactions(tmp_path):
    config = probe(tmp_path)
    assert config["engine"] == "django.db.backends.sqlite3"
    assert config["db_options"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in config["db_options"]["init_command"]
    assert config["cache"].endswith("LocMemCache")
    assert config["tasks"] == "django_tasks_db.DatabaseBackend"
    assert config["email"].endswith("console.EmailBackend")
    assert config["debug"] is True


def test_database_and_redis_urls_switch_to_postgresql_redis_and_rq(tmp_path):
    config = probe(
        tmp_path,
        DATABASE_URL="postgres://hub:secret@db.internal:5432/hub",
        REDIS_URL="redis://cache.internal:6379/1",
    )
    assert config["engine"] == "django.db.backends.postgresql"
    assert config["cache"].endswith("RedisCache")
    assert config["session"] == "django.contrib.sessions.backends.cached_db"
    assert config["tasks"] == "django_tasks_rq.RQBackend"


def test_production_mode_is_secure_and_needs_a_secret_key(tmp_path):
    config = probe(
        tmp_path,
        DEBUG="false",
        SECRET_KEY="x" * 60,
        EMAIL_URL="smtp://user:pw@mail.example.org:587/?tls=True",
    )
    assert config["debug"] is False
    assert config["hsts"] >= 31536000
    assert config["secure_cookie"] is True
    assert config["email"].endswith("smtp.EmailBackend")
    assert config["email_host"] == "mail.example.org"


def test_production_without_secret_key_refuses_to_start(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY"}}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "socialdynamo.settings",
            "PYTHONPATH": str(ROOT / "src"),
            "VAR_DIR": str(tmp_path),
            "DEBUG": "false",
            "SOCIALDYNAMO_TESTING": "0",
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
