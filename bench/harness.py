"""Serve the hub with gunicorn and measure pages under a bounded loopback load.

Every figure is taken in the same run, on the same server, with the same client, so that
pages are compared as ratios to a bare Django view (no template, no database), never as
absolute timings that depend on the machine.
"""

import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable


@dataclass
class Result:
    label: str
    path: str
    requests: int
    errors: int
    rps: float
    p50_ms: float
    p95_ms: float
    server_p95_ms: float | None = None
    latencies: list = field(default_factory=list, repr=False)
    server_times: list = field(default_factory=list, repr=False)
    seconds: float = 0.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, str(ROOT / "manage.py"), *args], env=env, check=True, cwd=ROOT)


@contextmanager
def server(env: dict, *, workers: int = 2):
    """gunicorn serving the project on a free loopback port; yields (base_url, access_log)."""
    port = free_port()
    log = Path(tempfile.mkstemp(prefix="bench-access-", suffix=".log")[1])
    command = [
        PYTHON,
        "-m",
        "gunicorn",
        "socialdynamo.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        str(log),
        # path?query status microseconds: parsed for the server-side time of each request.
        "--access-logformat",
        "%(U)s?%(q)s %(s)s %(D)s",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, env=env, cwd=ROOT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.2)
        yield f"127.0.0.1:{port}", log
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.unlink(missing_ok=True)


def _get(host: str, path: str) -> tuple[int, float]:
    started = time.perf_counter()
    connection = http.client.HTTPConnection(host, timeout=30)
    # What the reverse proxy in front of a real deployment says: the request came over HTTPS.
    connection.request("GET", path, headers={"X-Forwarded-Proto": "https"})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status, (time.perf_counter() - started) * 1000


def check(host: str, path: str) -> None:
    status, _ms = _get(host, path)
    if status != 200:
        raise RuntimeError(f"{path} answered {status}, not 200: fix the page before measuring")


def measure(
    host: str, label: str, path: str, *, seconds: float, concurrency: int, log: Path | None = None
) -> Result:
    """A closed loop: `concurrency` clients, each sending the next request when the last one
    is answered, for `seconds` after a short warm-up."""
    for _ in range(20):
        _get(host, path)
    log_start = log.stat().st_size if log else 0
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client():
        nonlocal errors
        mine, bad = [], 0
        while time.monotonic() < stop:
            status, ms = _get(host, path)
            if status == 200:
                mine.append(ms)
            else:
                bad += 1
        with lock:
            latencies.extend(mine)
            errors += bad

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    server_times = sorted(_server_times(log, log_start, path)) if log else []
    ordered = sorted(latencies) or [0.0]
    return Result(
        label=label,
        path=path,
        requests=len(latencies),
        errors=errors,
        rps=len(latencies) / elapsed,
        p50_ms=statistics.median(ordered),
        p95_ms=ordered[int(0.95 * (len(ordered) - 1))],
        server_p95_ms=server_times[int(0.95 * (len(server_times) - 1))] if server_times else None,
        latencies=ordered,
        server_times=server_times,
        seconds=elapsed,
    )


def merge(parts: list[Result]) -> Result:
    """One result from the rounds of the same page: total requests over total time."""
    latencies = sorted(ms for part in parts for ms in part.latencies) or [0.0]
    server = sorted(ms for part in parts for ms in part.server_times)
    seconds = sum(part.seconds for part in parts)
    first = parts[0]
    return Result(
        label=first.label,
        path=first.path,
        requests=sum(part.requests for part in parts),
        errors=sum(part.errors for part in parts),
        rps=sum(part.requests for part in parts) / seconds if seconds else 0.0,
        p50_ms=statistics.median(latencies),
        p95_ms=latencies[int(0.95 * (len(latencies) - 1))],
        server_p95_ms=server[int(0.95 * (len(server) - 1))] if server else None,
        latencies=latencies,
        server_times=server,
        seconds=seconds,
    )


def _server_times(log: Path, start: int, path: str) -> list[float]:
    time.sleep(0.3)  # let the workers flush their access log lines
    with log.open("rb") as handle:
        handle.seek(start)
        lines = handle.read().decode("utf-8", "replace").splitlines()
    wanted = path.split("?", 1)[0]
    times = []
    for line in lines:
        parts = line.rsplit(" ", 2)
        if len(parts) == 3 and parts[0].split("?", 1)[0] == wanted and parts[1] == "200":
            times.append(int(parts[2]) / 1000)
    return times


def bench_env(**extra: str) -> dict:
    """Production-like settings for the benchmark server (DEBUG off, no e-mail, bare view on)."""
    env = dict(os.environ)
    env.update(
        {
            "DEBUG": "false",
            "SECRET_KEY": env.get("SECRET_KEY", "bench-only-" + "x" * 50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "BENCH_VIEWS": "1",
            "LOG_LEVEL": "ERROR",
            "PYTHONPATH": str(ROOT / "src"),
            "DJANGO_SETTINGS_MODULE": "socialdynamo.settings",
        }
    )
    if not env.get("DATABASE_URL"):
        env["SQLITE_PATH"] = str(ROOT / "var" / "bench.sqlite3")
    env["STATIC_ROOT"] = str(ROOT / "var" / "bench-static")
    env.update(extra)
    return env
