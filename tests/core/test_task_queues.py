"""E-mail really travels through each task backend: the database queue and RQ on Redis."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db(transaction=True)
def test_database_queue_delivers_mail_when_the_worker_runs(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = "socialdynamo.core.mail.TaskQueueEmailBackend"
    mail.send_mail("Καλώς ήρθατε", "Κείμενο", None, ["someone@example.org"])
    assert mail.outbox == []  # queued, not sent
    call_command("db_worker", batch=True, queue_name="*", verbosity=0)
    assert [m.subject for m in mail.outbox] == ["Καλώς ήρθατε"]
    assert mail.outbox[0].to == ["someone@example.org"]


def redis_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(
    not redis_available() and os.environ.get("CI") != "true",
    reason="Redis is not running on 127.0.0.1:6379",
)
def test_rq_queue_delivers_mail_through_a_worker(tmp_path):
    env = {
        **os.environ,
        "REDIS_URL": "redis://127.0.0.1:6379/7",
        "VAR_DIR": str(tmp_path),
        "SOCIALDYNAMO_TESTING": "0",
        "DJANGO_SETTINGS_MODULE": "socialdynamo.settings",
        "PYTHONPATH": str(ROOT / "src"),
    }
    env.pop("DATABASE_URL", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v", "0"], env=env, check=True, timeout=120)
    subprocess.run(
        [
            *manage,
            "shell",
            "-c",
            "from django.core.mail import send_mail; send_mail('RQ works', 'Body', None, ['a@example.org'])",
        ],
        env=env,
        check=True,
        timeout=60,
    )
    worker = subprocess.run(
        [*manage, "rqworker", "--burst", "--job-class", "django_tasks_rq.Job", "default"],
        env=env,
        check=True,
        timeout=120,
        capture_output=True,
        text=True,
    )
    assert "Subject: RQ works" in worker.stdout + worker.stderr
    assert "Job OK" in worker.stdout + worker.stderr
