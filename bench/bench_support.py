"""Benchmarks of the support app (run by bench/run.py).

Data: ``manage.py generate_support_load_data --requests 5000 --experts 1000``.
"""

import time

GENERATE = [["generate_support_load_data", "--requests", "5000", "--experts", "1000"]]

# Staff pages: measured as signed-in hub staff (never cached).
PAGES = [
    ("support: staff dashboard (staff)", "/en/support/staff/", "staff"),
    ("support: open requests (staff)", "/en/support/staff/requests/?state=open", "staff"),
]


def extra(stdout):
    """Time the optimal matching of every open request with every approved expert."""
    from socialdynamo.support import matching, selectors

    started = time.perf_counter()
    requests = selectors.open_request_values(selectors.matchable_requests())
    experts = selectors.expert_values()
    loaded = time.perf_counter()
    cpu = time.process_time()
    plan = matching.optimal_plan(requests, experts)
    solved = time.perf_counter()
    cpu = time.process_time() - cpu
    stdout.write(
        f"support matching: {len(requests)} open requests, {len(experts)} experts, "
        f"{len(plan)} matched; reading {loaded - started:.2f} s, "
        f"solving {solved - loaded:.2f} s ({cpu:.2f} s CPU) (goal: solving under 5 s)\n"
    )
