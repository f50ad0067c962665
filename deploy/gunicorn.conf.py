"""Gunicorn settings for Social Dynamo (an example: copy and adjust).

Start from the repository root, with the environment of deploy/env.example loaded:

    .venv/bin/gunicorn -c deploy/gunicorn.conf.py

Each process is stateless: run as many as the machine allows, on as many machines as needed,
once the database is PostgreSQL (DATABASE_URL) and the cache and sessions are in Redis
(REDIS_URL). The variables read here are for gunicorn only; the application's own settings
are documented in README.md.
"""

import multiprocessing
import os

wsgi_app = "socialdynamo.wsgi:application"

# Behind a reverse proxy on the same machine. Use a unix socket if you prefer:
# GUNICORN_BIND=unix:/run/socialdynamo/gunicorn.sock
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Synchronous workers; pages do no slow work in the request (e-mail goes through the task queue).
workers = int(os.environ.get("WEB_CONCURRENCY", str(multiprocessing.cpu_count() * 2 + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))

# A request that takes longer than this is killed and logged.
timeout = 30
graceful_timeout = 30
keepalive = 5

# Recycle workers now and then so that slow memory growth never matters.
max_requests = 2000
max_requests_jitter = 200

# The proxy on this machine may set X-Forwarded-* headers. Django itself trusts only
# X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER, when DEBUG is false).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Heartbeat files in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - heartbeats only

# Logs to standard output/error (journald under systemd).
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
