"""The co-working space in `make bench` (see bench/run.py): a call with 2,000 reviewed
applications and 20 reviewers; public pages and the staff's review dashboard and ranking
measured over HTTP (the staff pages as a signed-in staff member), and the ranking and
dashboard computations timed in process with their query counts."""

import statistics
import time

GENERATE = [["generate_space_load_data", "--applications", "2000", "--reviewers", "20"]]

PAGES = [
    ("space: home with open and past calls", "/space/"),
    ("space: results of a 2,000-application call", "/space/calls/bench-space/results/"),
    ("space: staff review dashboard (staff)", "/space/staff/calls/bench-space/", "staff"),
    ("space: staff ranking (staff)", "/space/staff/calls/bench-space/ranking/", "staff"),
]


def extra(stdout) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from socialdynamo.space import selectors
    from socialdynamo.space.models import Call

    call = Call.objects.get(slug="bench-space")
    rows_count = call.applications.count()
    stdout.write(f"Space: ranking and review dashboard of a call with {rows_count} applications\n")
    for label, compute in (
        ("ranking (weighted mean, disagreement, tie-break)", lambda: selectors.ranking(call)),
        ("review dashboard (progress by reviewer)", lambda: selectors.dashboard(call)),
    ):
        times = []
        for _ in range(5):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                compute()
                times.append((time.perf_counter() - started) * 1000)
        stdout.write(
            f"  {label:52} median {statistics.median(times):7.1f} ms, "
            f"best {min(times):7.1f} ms, {len(queries.captured_queries)} queries\n"
        )
